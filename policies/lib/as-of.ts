/**
 * The as-of date of a policy evaluation. Rules never read the clock: every rule that depends on a date declares
 * `asOfDate` in its config schema and reads it here. The offline preview passes `--as-of` (default: the day it
 * runs), tests pin their dates, and the real pack (policies/index.ts) gives the schema the day the CLI starts
 * the analyzer as default.
 */
import type { EnforcementLevel, PolicyConfigSchema } from "@pulumi/policy";
import { assertIsoDay } from "./support-calendar";

export const AS_OF_PROPERTY = "asOfDate";

export const asOfSchema: PolicyConfigSchema["properties"] = {
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
export function datedRules(rules: readonly DatedRule[]): string[] {
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
