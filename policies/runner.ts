/**
 * The offline policy engine: runs the pack's rules over a graph captured by the mock harness
 * (policies/lib/graph.ts) the way `pulumi preview --policy-pack policies` would, with no CLI and no
 * gRPC server. Used by the offline preview and by the tests.
 *
 * What it emulates (checked against pulumi/pulumi pkg/resource/deploy/step_generator.go and
 * @pulumi/policy 1.21 server.js):
 *  - every registered resource is sent to resource policies, components and providers
 *    included (the engine does not filter on `custom`); `validateResourceOfType` then skips
 *    other types through its `__pulumiType` token (fast path) or `isType` (`notApplicable`);
 *  - a rule with several validations runs each one; "not applicable" in one does not stop
 *    the others;
 *  - config is resolved like the CLI (runner-config.ts): schema defaults, "all", per-policy;
 *    `args.getConfig()` returns the properties; "disabled" skips the rule; "remediate" is
 *    reported as "mandatory" (our rules do not remediate); violations are mandatory or advisory;
 *  - props are wrapped in a proxy: reading an unknown value ("[unknown]" in the graph) turns
 *    that rule's run into an advisory "can't run ... during preview" verdict, as the SDK does;
 *  - stack policies see every resource with `parent`, `dependencies`, `provider` resolved to
 *    resource objects; `args.provider` carries the provider's inputs (e.g. `defaultTags`);
 *  - any other exception fails the run (the engine fails the preview).
 * Differences: stack policies see inputs, not outputs (the graph has no outputs), and
 * `propertyDependencies` is empty (the graph records dependencies per resource only).
 */
import type {
  EnforcementLevel,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidation,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import type { CapturedResource, CapturedStack } from "./lib/graph";
import { IS_SPECIAL_PROXY, OFFLINE_UNKNOWN, SPECIAL_PROXY_TARGET } from "./lib/unknowns";
import { allPolicies } from "./rules";
import { reconcilePolicyConfig, type ResolvedPolicyConfig } from "./runner-config";
import { isStackPolicy, PACK_ENFORCEMENT_LEVEL, type EdgestackPolicy, type Severity } from "./types";

export interface Verdict {
  policy: string;
  severity: Severity;
  /** As the engine reports it: "remediate" shows as "mandatory". */
  enforcementLevel: "advisory" | "mandatory";
  urn?: string;
  type?: string;
  name?: string;
  message: string;
  description: string;
  remediation: string;
}

export interface NotApplicable {
  policy: string;
  urn?: string;
  reason: string;
}

export interface RunResult {
  verdicts: Verdict[];
  mandatoryViolations: number;
  advisoryViolations: number;
  notApplicable: NotApplicable[];
  configWarnings: string[];
}

export interface RunOptions {
  /** The pack's default enforcement level (policies/index.ts uses "mandatory"). */
  packEnforcementLevel?: EnforcementLevel;
}

class NotApplicableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

class UnknownValueError extends Error {}

const throwNotApplicable = (reason?: string): never => {
  throw new NotApplicableError(reason ?? "Policy does not apply");
};

/** Mirrors @pulumi/policy's unknownCheckingProxy, with "[unknown]" as the unknown marker. */
function unknownCheckingProxy<T>(value: T, path: string[] = []): T {
  if (!(value instanceof Object)) return value;
  return new Proxy(value as object, {
    get: (obj, prop) => {
      if (prop === IS_SPECIAL_PROXY) return true;
      if (prop === SPECIAL_PROXY_TARGET) return obj;
      const field = (obj as Record<string | symbol, unknown>)[prop];
      const next = [...path, String(prop)];
      if (field === OFFLINE_UNKNOWN)
        throw new UnknownValueError(`value at .${next.join(".")} can't be known during preview`);
      const desc = Object.getOwnPropertyDescriptor(obj, prop);
      if (desc && "value" in desc && desc.configurable === false && desc.writable === false) return field;
      return unknownCheckingProxy(field, next);
    },
  }) as T;
}

function isTypeOf(type: string, cls: unknown): boolean {
  const c = cls as { __pulumiType?: unknown; isInstance?: (o: unknown) => boolean };
  if (typeof c.__pulumiType === "string" && c.__pulumiType.length > 0) return type === c.__pulumiType;
  return typeof c.isInstance === "function" && c.isInstance({ __pulumiType: type }) === true;
}

const pulumiTypeOf = (fn: unknown): string | undefined => {
  const t = (fn as { __pulumiType?: unknown }).__pulumiType;
  return typeof t === "string" && t.length > 0 ? t : undefined;
};

function optionsOf(r: CapturedResource): PolicyResourceOptions {
  return {
    protect: r.protect,
    ignoreChanges: r.ignoreChanges,
    deleteBeforeReplace: r.deleteBeforeReplace,
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(r.parent ? { parent: r.parent } : {}),
  };
}

/** `<provider urn>::<id>` → the captured provider resource, as the engine passes it to policies. */
function providerOf(r: CapturedResource, byUrn: Map<string, CapturedResource>): PolicyProviderResource | undefined {
  if (!r.provider) return undefined;
  const cut = r.provider.lastIndexOf("::");
  const p = byUrn.get(cut > 0 ? r.provider.slice(0, cut) : r.provider);
  return p ? { type: p.type, urn: p.urn, name: p.name, props: unknownCheckingProxy(p.inputs) } : undefined;
}

interface Collector {
  verdicts: Verdict[];
  notApplicable: NotApplicable[];
  byUrn: Map<string, CapturedResource>;
}

function level(cfg: ResolvedPolicyConfig): "advisory" | "mandatory" {
  return cfg.enforcementLevel === "advisory" ? "advisory" : "mandatory";
}

/** Runs one validation; records violations, "not applicable", or the preview-unknown advisory. */
async function runOne(
  p: EdgestackPolicy,
  cfg: ResolvedPolicyConfig,
  out: Collector,
  subject: Partial<CapturedResource>,
  run: (report: (message: string, urn?: string) => void) => unknown,
) {
  const report = (message: string, urn?: string) => {
    // Resource rules always report on their resource (the engine ignores `urn` there).
    const target = subject.urn ?? urn;
    const resource = target ? out.byUrn.get(target) : undefined;
    out.verdicts.push({
      policy: p.name,
      severity: p.severity,
      enforcementLevel: level(cfg),
      ...(target ? { urn: target } : {}),
      ...(resource ? { type: resource.type, name: resource.name } : {}),
      message,
      description: p.description,
      remediation: p.remediation,
    });
  };
  try {
    await run(report);
  } catch (e) {
    if (e instanceof NotApplicableError)
      out.notApplicable.push({ policy: p.name, ...(subject.urn ? { urn: subject.urn } : {}), reason: e.reason });
    else if (e instanceof UnknownValueError) {
      out.verdicts.push({
        policy: p.name,
        severity: p.severity,
        enforcementLevel: "advisory",
        ...(subject.urn ? { urn: subject.urn, type: subject.type, name: subject.name } : {}),
        message: `can't run policy '${p.name}' during preview: ${e.message}`,
        description: p.description,
        remediation: p.remediation,
      });
    } else {
      throw new Error(
        `policy '${p.name}' failed on ${subject.urn ?? "the stack"}: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
  }
}

async function analyzeResource(
  r: CapturedResource,
  byUrn: Map<string, CapturedResource>,
  p: EdgestackPolicy,
  cfg: ResolvedPolicyConfig,
  out: Collector,
) {
  if (isStackPolicy(p)) return;
  const validations: ResourceValidation[] = Array.isArray(p.validateResource)
    ? p.validateResource
    : [p.validateResource];
  if (validations.length === 1) {
    const t = pulumiTypeOf(validations[0]);
    if (t && t !== r.type)
      return void out.notApplicable.push({
        policy: p.name,
        urn: r.urn,
        reason: `Policy only applies to resources of type '${t}'`,
      });
  }
  for (const validate of validations) {
    const props = unknownCheckingProxy(r.inputs);
    const provider = providerOf(r, byUrn);
    const args: ResourceValidationArgs = {
      type: r.type,
      props,
      urn: r.urn,
      name: r.name,
      opts: optionsOf(r),
      stackTags: new Map(),
      isType: (cls) => isTypeOf(r.type, cls),
      asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as ResourceValidationArgs["asType"],
      getConfig: <T extends object>() => structuredClone(cfg.properties) as T,
      notApplicable: throwNotApplicable,
      ...(provider ? { provider } : {}),
    };
    await runOne(p, cfg, out, r, (report) => validate(args, report));
  }
}

function policyResources(stack: CapturedStack, byUrn: Map<string, CapturedResource>): PolicyResource[] {
  const built = new Map<string, PolicyResource>();
  for (const r of stack.resources) {
    const props = unknownCheckingProxy(r.inputs);
    const provider = providerOf(r, byUrn);
    built.set(r.urn, {
      type: r.type,
      props,
      urn: r.urn,
      name: r.name,
      opts: optionsOf(r),
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => isTypeOf(r.type, cls),
      asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as PolicyResource["asType"],
      ...(provider ? { provider } : {}),
    });
  }
  for (const r of stack.resources) {
    const pr = built.get(r.urn)!;
    const parent = r.parent ? built.get(r.parent) : undefined;
    if (parent) pr.parent = parent;
    pr.dependencies = r.dependencies.map((d) => built.get(d)).filter((d): d is PolicyResource => !!d);
  }
  return [...built.values()];
}

/**
 * Runs `policies` over `stack` with `policyConfig` (the parsed JSON of
 * policies/config/<env>.json). Throws on invalid config or a rule that crashes.
 */
export async function runPolicies(
  stack: CapturedStack,
  policyConfig: object = {},
  policies: EdgestackPolicy[] = allPolicies,
  options: RunOptions = {},
): Promise<RunResult> {
  const { config, warnings } = reconcilePolicyConfig(
    policies,
    policyConfig,
    options.packEnforcementLevel ?? PACK_ENFORCEMENT_LEVEL,
  );
  const enabled = policies.filter((p) => config.get(p.name)!.enforcementLevel !== "disabled");
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  const out: Collector = { verdicts: [], notApplicable: [], byUrn };
  for (const r of stack.resources) {
    for (const p of enabled) await analyzeResource(r, byUrn, p, config.get(p.name)!, out);
  }
  const resources = policyResources(stack, byUrn);
  for (const p of enabled.filter(isStackPolicy)) {
    const cfg = config.get(p.name)!;
    const t = pulumiTypeOf(p.validateStack);
    if (t && !stack.resources.some((r) => r.type === t)) {
      out.notApplicable.push({ policy: p.name, reason: `Policy only applies to resources of type '${t}'` });
      continue;
    }
    const args: StackValidationArgs = {
      resources,
      stackTags: new Map(),
      getConfig: <T extends object>() => structuredClone(cfg.properties) as T,
      notApplicable: throwNotApplicable,
    };
    await runOne(p, cfg, out, {}, (report) => p.validateStack(args, report));
  }
  const mandatory = out.verdicts.filter((v) => v.enforcementLevel === "mandatory").length;
  return {
    verdicts: out.verdicts,
    mandatoryViolations: mandatory,
    advisoryViolations: out.verdicts.length - mandatory,
    notApplicable: out.notApplicable,
    configWarnings: warnings,
  };
}
