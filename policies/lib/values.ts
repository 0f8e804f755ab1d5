/**
 * Small readers for resource properties. Policy props are untyped JSON (inputs as the engine
 * saw them), so rules read them through these instead of sprinkling casts around.
 */

type Json = unknown;

export function isRecord(v: Json): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function asRecord(v: Json): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

export function asArray(v: Json): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

export function asString(v: Json): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function asStrings(v: Json): string[] {
  return asArray(v).filter((x): x is string => typeof x === "string");
}

export function asNumber(v: Json): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/**
 * True for booleans `true` and the string "true": some Terraform-bridged fields are strings
 * (e.g. a launch template's `blockDeviceMappings[].ebs.encrypted`).
 */
export function isTrue(v: Json): boolean {
  return v === true || v === "true";
}

/** A value counts as set when it is a non-empty string (a "[secret]" placeholder counts), number or object. */
export function isSet(v: Json): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "string") return v.trim().length > 0;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** Reads a dotted path (`spec.template.spec`) from a JSON value. */
export function at(v: Json, path: string): unknown {
  let cur: unknown = v;
  for (const key of path.split(".")) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}
