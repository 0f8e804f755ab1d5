// Small, dependency-free validators shared by the ingress renderers. Every failure throws one Error whose
// message names the full key, what is allowed and what was given, e.g.
//   ingress.nginx.hstsMaxAgeSeconds: expected an integer >= 0, got -1
// so a bad value in Pulumi.<stack>.yaml points straight at the line to fix.

/** Render a received value for an error message (strings quoted, objects as JSON). */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function invalid(key: string, expected: string, got: unknown): never {
  throw new Error(`${key}: expected ${expected}, got ${describeValue(got)}`);
}

export function expectInteger(key: string, value: unknown, min: number, max?: number): number {
  const range = max === undefined ? `>= ${min}` : `between ${min} and ${max}`;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    invalid(key, `an integer ${range}`, value);
  }
  return value;
}

export function expectBoolean(key: string, value: unknown): boolean {
  if (typeof value !== "boolean") invalid(key, "true or false", value);
  return value;
}

export function expectOneOf<T extends string>(key: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    invalid(key, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`, value);
  }
  return value as T;
}

/**
 * A string matching `pattern`. `what` describes the allowed shape in words for the message.
 */
export function expectString(key: string, value: unknown, pattern: RegExp, what: string): string {
  if (typeof value !== "string" || !pattern.test(value)) invalid(key, what, value);
  return value;
}

export function expectArray(key: string, value: unknown, minItems: number): unknown[] {
  if (!Array.isArray(value) || value.length < minItems) {
    invalid(key, minItems > 0 ? `a list with at least ${minItems} item(s)` : "a list", value);
  }
  return value;
}

export function expectUnique(key: string, values: readonly string[]): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) invalid(key, "a list without duplicates", v);
    seen.add(v);
  }
}

/** Throws when `input` carries keys that are not in `allowed` (catches typos such as `hstsMaxAge`). */
export function rejectUnknownKeys(prefix: string, input: object, allowed: readonly string[]): void {
  for (const k of Object.keys(input)) {
    if (!allowed.includes(k)) {
      throw new Error(`${prefix}.${k}: unknown option; allowed options are ${[...allowed].sort().join(", ")}`);
    }
  }
}

// DNS hostname (RFC 1123 labels, lower case). Used for server names, upstream hosts, Redis hosts.
export const HOSTNAME_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

// Kubernetes object names (RFC 1123 subdomain) and Secret data keys.
export const K8S_NAME_RE = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const K8S_SECRET_KEY_RE = /^[-._a-zA-Z0-9]{1,253}$/;

export function expectK8sName(key: string, value: unknown): string {
  return expectString(key, value, K8S_NAME_RE, "a Kubernetes object name (lower-case RFC 1123 subdomain)");
}
