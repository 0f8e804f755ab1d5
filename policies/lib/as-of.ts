/**
 * The as-of date of a policy evaluation. Rules never read the clock: every rule that depends on a date declares
 * `asOfDate` in its config schema and reads it here. The offline preview passes `--as-of` (default: the day it
 * runs), tests pin their dates, and the real pack (policies/index.ts) gives the schema the day the CLI starts
 * the analyzer as default.
 */
import type { EnforcementLevel, PolicyConfigSchema, ResourceValidation, Severity } from "@pulumi/policy";
import type { EdgestackResourcePolicy } from "../types";
import { assertIsoDay } from "./support-calendar";

export const AS_OF_PROPERTY = "asOfDate";

const asOfSchema: PolicyConfigSchema["properties"] = {
  [AS_OF_PROPERTY]: {
    type: "string",
    pattern: "^\\d{4}-\\d{2}-\\d{2}$",
    description: "ISO date the rule evaluates on (YYYY-MM-DD).",
  },
};

/** The configured as-of day; throws a one-line error when the caller forgot to pass one. */
export function asOfDay(config: { asOfDate?: unknown }, rule: string): string {
  if (config.asOfDate === undefined)
    throw new Error(`policy ${rule}: no asOfDate in its config (pass --as-of or set it in the policy config)`);
  return assertIsoDay(config.asOfDate, `policy ${rule} asOfDate`);
}

interface DatedRule {
  name: string;
  configSchema?: PolicyConfigSchema;
}

/** Names of the rules whose config takes an as-of date. */
function datedRules(rules: readonly DatedRule[]): string[] {
  return rules.filter((r) => r.configSchema?.properties?.[AS_OF_PROPERTY] !== undefined).map((r) => r.name);
}

/** A policy config (the `--policy-pack-config` file format) with `asOfDate` set on every dated rule. */
export function withAsOfDate<T extends Record<string, unknown>>(
  config: T,
  rules: readonly DatedRule[],
  day: string,
): T {
  assertIsoDay(day);
  const out: Record<string, unknown> = { ...config };
  for (const name of datedRules(rules)) {
    const entry = out[name];
    out[name] =
      typeof entry === "string"
        ? { enforcementLevel: entry as EnforcementLevel, asOfDate: day }
        : { ...(entry as object), asOfDate: day };
  }
  return out as T;
}

/** `ended`: the dated thing is past its date (mandatory rule); `ending`: within its warning window (advisory rule). */
export type DatedWhen = "ended" | "ending";

interface DatedRulePairSpec {
  names: Record<DatedWhen, string>;
  descriptions: Record<DatedWhen, string>;
  severities: Record<DatedWhen, Severity>;
  remediation: string;
  validate: (name: string, when: DatedWhen) => ResourceValidation;
}

/** The mandatory (`ended`) and advisory (`ending`) rule of one dated check, both taking `asOfDate` from config. */
export function datedRulePair(spec: DatedRulePairSpec): EdgestackResourcePolicy[] {
  return (["ended", "ending"] as const).map((when) => ({
    name: spec.names[when],
    description: spec.descriptions[when],
    severity: spec.severities[when],
    enforcementLevel: when === "ended" ? "mandatory" : "advisory",
    remediation: spec.remediation,
    configSchema: { properties: asOfSchema },
    validateResource: spec.validate(spec.names[when], when),
  }));
}
