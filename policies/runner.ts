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
 *    here a typed validation is skipped with that same verdict without being called;
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
import type { EnforcementLevel, ResourceValidation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import type { CapturedResource, CapturedStack } from "./lib/graph";
import { policyResources, pulumiTypeOf, resourceView, UnknownValueError } from "./policy-resources";
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

interface NotApplicable {
  policy: string;
  urn?: string;
  reason: string;
}

interface RunResult {
  verdicts: Verdict[];
  mandatoryViolations: number;
  advisoryViolations: number;
  notApplicable: NotApplicable[];
  configWarnings: string[];
}

interface RunOptions {
  /** The pack's default enforcement level (policies/index.ts uses "mandatory"). */
  packEnforcementLevel?: EnforcementLevel;
}

class NotApplicableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Thrown once per (rule, resource of another type) — tens of thousands per preview — and only its reason is read,
 * so it is built without a stack trace (capturing one was ~5 % of a prod preview's CPU).
 */
const throwNotApplicable = (reason?: string): never => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    throw new NotApplicableError(reason ?? "Policy does not apply");
  } finally {
    Error.stackTraceLimit = limit;
  }
};

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

/** A resource rule's validations, each with the one type it applies to (validateResourceOfType's token), if any. */
interface ResourceRule {
  policy: EdgestackPolicy;
  cfg: ResolvedPolicyConfig;
  validations: { validate: ResourceValidation; type?: string; skip?: string }[];
}

function resourceRule(p: EdgestackPolicy, cfg: ResolvedPolicyConfig): ResourceRule | undefined {
  if (isStackPolicy(p)) return undefined;
  const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource];
  return {
    policy: p,
    cfg,
    validations: validations.map((validate) => {
      const type = pulumiTypeOf(validate);
      // What validateResourceOfType reports for another type (@pulumi/policy policy.js notApplicableType).
      return { validate, type, skip: type && `Policy only applies to resources of type '${type}'` };
    }),
  };
}

type Validation = ResourceRule["validations"][number];
const applies = (v: Validation, r: CapturedResource) => !v.type || v.type === r.type;
const skip = (out: Collector, rule: ResourceRule, v: Validation, r: CapturedResource) =>
  out.notApplicable.push({ policy: rule.policy.name, urn: r.urn, reason: v.skip! });

/**
 * One rule on one resource. A validation typed for another resource type is recorded as not applicable without being
 * called: the engine's fast path for a single validation (@pulumi/policy server.js), and for one of several the
 * verdict validateResourceOfType would give. A preview has ~30,000 of these; calling each was 3/4 of the runner's time.
 */
async function analyzeResource(r: CapturedResource, rule: ResourceRule, out: Collector) {
  for (const v of rule.validations) {
    if (!applies(v, r)) {
      skip(out, rule, v, r);
      continue;
    }
    const view = resourceView(r, out.byUrn);
    const args: ResourceValidationArgs = {
      ...view,
      // The same function; the SDK types it differently for resource and stack policies.
      asType: view.asType as unknown as ResourceValidationArgs["asType"],
      stackTags: new Map(),
      getConfig: <T extends object>() => structuredClone(rule.cfg.properties) as T,
      notApplicable: throwNotApplicable,
    };
    await runOne(rule.policy, rule.cfg, out, r, (report) => v.validate(args, report));
  }
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
  const rules = enabled.flatMap((p) => resourceRule(p, config.get(p.name)!) ?? []);
  for (const r of stack.resources) {
    for (const rule of rules) {
      // Most rules apply to no validation of most resources: recorded without an await.
      if (rule.validations.some((v) => applies(v, r))) await analyzeResource(r, rule, out);
      else rule.validations.forEach((v) => skip(out, rule, v, r));
    }
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
