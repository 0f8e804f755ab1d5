/**
 * The shape every edgestack rule takes.
 *
 * Rules are plain objects typed with @pulumi/policy's own policy types, so the real
 * `PolicyPack` (policies/index.ts) and the offline runner (policies/runner.ts) run the very
 * same objects. We add two fields the SDK keeps optional or lacks, and make them required
 * so that no rule ships without them:
 *  - `severity`: how bad a violation is (the SDK's `Severity` union),
 *  - `remediation`: the concrete fix, shown next to every violation (the pack also passes it
 *    to the SDK as `remediationSteps`, see rules.ts).
 * `enforcementLevel` is required too: every rule states its own default, and per-environment
 * overrides live in policies/config/<env>.json.
 */
import type {
  EnforcementLevel,
  ResourceValidation,
  ResourceValidationPolicy,
  Severity,
  StackValidation,
  StackValidationPolicy,
} from "@pulumi/policy";

export type { Severity };

interface EdgestackFields {
  severity: Severity;
  remediation: string;
  enforcementLevel: EnforcementLevel;
}

/** A rule that looks at one resource at a time (the engine's `Analyze` call). */
export type EdgestackResourcePolicy = ResourceValidationPolicy &
  EdgestackFields & { validateResource: ResourceValidation | ResourceValidation[] };

/** A rule that looks at the whole stack at once (the engine's `AnalyzeStack` call). */
export type EdgestackStackPolicy = StackValidationPolicy & EdgestackFields & { validateStack: StackValidation };

export type EdgestackPolicy = EdgestackResourcePolicy | EdgestackStackPolicy;

/** The pack-wide default enforcement level (policies/index.ts and the offline runner share it). */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

export function isStackPolicy(p: EdgestackPolicy): p is EdgestackStackPolicy {
  return typeof (p as EdgestackStackPolicy).validateStack === "function";
}
