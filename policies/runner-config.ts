/**
 * Policy pack configuration, resolved the way the Pulumi CLI does before it configures the
 * analyzer (pkg/resource/analyzer/config.go, ReconcilePolicyPackConfig):
 *  1. every policy starts with its enforcement level (the rule's own, else the pack default)
 *     and the `default` of each property of its `configSchema`;
 *  2. an `"all"` entry sets the enforcement level of every policy;
 *  3. each policy's own entry overrides its level and, property by property, its config;
 *  4. the result is validated against each `configSchema`; any error fails the run.
 * The file format is the one `pulumi preview --policy-pack-config <file>` takes:
 *   { "all": "mandatory", "<policy>": "advisory", "<policy>": { "enforcementLevel": "...", "<prop>": value } }
 */
import type { EnforcementLevel, PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { EdgestackPolicy } from "./types";
import { isRecord } from "./lib/values";

const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export interface ResolvedPolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

interface Entry {
  enforcementLevel?: EnforcementLevel;
  properties: Record<string, unknown>;
}

function parseLevel(key: string, v: unknown): EnforcementLevel {
  if (typeof v === "string" && (ENFORCEMENT_LEVELS as string[]).includes(v)) return v as EnforcementLevel;
  throw new Error(
    `policy config "${key}": enforcementLevel must be one of ${ENFORCEMENT_LEVELS.join(", ")}, got ${JSON.stringify(v)}`,
  );
}

function parseEntry(key: string, v: unknown): Entry {
  if (typeof v === "string") return { enforcementLevel: parseLevel(key, v), properties: {} };
  if (!isRecord(v))
    throw new Error(
      `policy config "${key}": expected an enforcement level string or an object, got ${JSON.stringify(v)}`,
    );
  const { enforcementLevel, ...properties } = v;
  return {
    ...(enforcementLevel !== undefined ? { enforcementLevel: parseLevel(key, enforcementLevel) } : {}),
    properties,
  };
}

const TYPE_CHECKS: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === "string",
  number: (v) => typeof v === "number" && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === "boolean",
  array: Array.isArray,
  object: isRecord,
  null: (v) => v === null,
};

/** The subset of JSON Schema our rules use: type, enum, const, bounds, lengths, pattern, items. */
function schemaErrors(schema: PolicyConfigJSONSchema, v: unknown, path: string): string[] {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length && !types.some((t) => TYPE_CHECKS[t](v)))
    return [`${path}: expected ${types.join(" or ")}, got ${JSON.stringify(v)}`];
  const errors: string[] = [];
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(v)))
    errors.push(`${path}: expected one of ${JSON.stringify(schema.enum)}, got ${JSON.stringify(v)}`);
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(v))
    errors.push(`${path}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(v)}`);
  if (typeof v === "number") {
    if (schema.minimum !== undefined && v < schema.minimum)
      errors.push(`${path}: expected >= ${schema.minimum}, got ${v}`);
    if (schema.maximum !== undefined && v > schema.maximum)
      errors.push(`${path}: expected <= ${schema.maximum}, got ${v}`);
  }
  if (typeof v === "string") {
    if (schema.minLength !== undefined && v.length < schema.minLength)
      errors.push(`${path}: expected at least ${schema.minLength} characters, got ${JSON.stringify(v)}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(v))
      errors.push(`${path}: expected to match ${schema.pattern}, got ${JSON.stringify(v)}`);
  }
  if (Array.isArray(v)) {
    if (schema.minItems !== undefined && v.length < schema.minItems)
      errors.push(`${path}: expected at least ${schema.minItems} item(s), got ${v.length}`);
    const items = schema.items;
    if (isRecord(items))
      v.forEach((x, i) => errors.push(...schemaErrors(items as PolicyConfigJSONSchema, x, `${path}[${i}]`)));
  }
  return errors;
}

function validate(policy: string, schema: PolicyConfigSchema | undefined, props: Record<string, unknown>): string[] {
  if (!schema) return [];
  const errors = (schema.required ?? [])
    .filter((k) => props[k] === undefined)
    .map((k) => `${policy}: ${k}: is required`);
  for (const [k, v] of Object.entries(props)) {
    const s = schema.properties[k];
    if (s === undefined) continue; // the CLI's schema allows additional properties
    errors.push(...schemaErrors(s, v, `${policy}: ${k}`));
  }
  return errors;
}

/**
 * Resolves `policyConfig` (the parsed JSON of a --policy-pack-config file) for `policies`.
 * Throws one error listing every invalid value; returns warnings for entries naming no policy.
 */
export function reconcilePolicyConfig(
  policies: EdgestackPolicy[],
  policyConfig: unknown,
  packEnforcementLevel: EnforcementLevel,
): { config: Map<string, ResolvedPolicyConfig>; warnings: string[] } {
  if (!isRecord(policyConfig))
    throw new Error(`policy config must be a JSON object, got ${JSON.stringify(policyConfig)}`);
  const given = new Map(Object.entries(policyConfig).map(([k, v]) => [k, parseEntry(k, v)]));
  const all = given.get("all")?.enforcementLevel;
  const config = new Map<string, ResolvedPolicyConfig>();
  const errors: string[] = [];
  for (const p of policies) {
    const defaults = Object.fromEntries(
      Object.entries(p.configSchema?.properties ?? {})
        .filter(([, s]) => s.default !== undefined)
        .map(([k, s]) => [k, structuredClone(s.default)]),
    );
    const own = given.get(p.name);
    const resolved: ResolvedPolicyConfig = {
      enforcementLevel: own?.enforcementLevel ?? all ?? p.enforcementLevel ?? packEnforcementLevel,
      properties: { ...defaults, ...own?.properties },
    };
    errors.push(...validate(p.name, p.configSchema, resolved.properties));
    config.set(p.name, resolved);
  }
  if (errors.length) throw new Error(`invalid policy config:\n  ${errors.join("\n  ")}`);
  const names = new Set(policies.map((p) => p.name));
  const warnings = [...given.keys()]
    .filter((k) => k !== "all" && !names.has(k))
    .map((k) => `policy config names "${k}", which is not a policy of this pack`);
  return { config, warnings };
}
