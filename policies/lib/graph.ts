/**
 * The resource graph captured from one run of the program under the mock runtime.
 * Shared by the offline preview, the policy runner, the cost estimator and the tests.
 *
 * Secrets never reach this structure in clear: every value the program marked secret
 * (pulumi.secret, secret config, additionalSecretOutputs) is replaced by SECRET_PLACEHOLDER,
 * so a graph can be printed, written as JSON or posted as a PR comment safely.
 */
export const SECRET_PLACEHOLDER = "[secret]";
/** A value the engine would only know after the resource is created (`pulumi preview` shows "output<...>"). */
export const UNKNOWN_PLACEHOLDER = "[unknown]";

export interface CapturedResource {
  /** Full URN as the engine would build it (`urn:pulumi:<stack>::<project>::<parent types$type>::<name>`). */
  urn: string;
  /** Pulumi type token, e.g. `aws:ec2/vpc:Vpc`, `edgestack:platform:Network`. */
  type: string;
  /** Logical name given in the program. */
  name: string;
  /** `true` for provider-backed (custom) resources, `false` for ComponentResources. */
  custom: boolean;
  /** URN of the parent resource, if any. */
  parent?: string;
  /** Inputs as sent to the engine (plain JSON; secrets replaced by SECRET_PLACEHOLDER). */
  inputs: Record<string, unknown>;
  /** Resource options that matter for review and policy. */
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  ignoreChanges: string[];
  /** URNs this resource depends on (explicit dependsOn plus input dependencies). */
  dependencies: string[];
  /** Provider reference (`<provider urn>::<id>`) when a non-default provider is used. */
  provider?: string;
  /** The `import` resource option: the id of an existing cloud resource this one adopts. */
  importId?: string;
}

export interface CapturedStack {
  project: string;
  stack: string;
  resources: CapturedResource[];
  /** Stack outputs exported by index.ts; secret outputs replaced by SECRET_PLACEHOLDER. */
  outputs: Record<string, unknown>;
}
