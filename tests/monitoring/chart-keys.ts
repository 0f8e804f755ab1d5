/**
 * Dotted key paths of a Helm values object, as the chart-values fixture lists them. Descends into plain objects;
 * arrays, scalars and the `opaque` subtrees (passed verbatim to another schema: a CRD field, the Alertmanager or
 * blackbox config, ResourceRequirements) are leaves.
 */
/** `*.x` matches a key `x` at any depth (top level included); anything else matches exactly. */
export function matchesOpaque(path: string, opaque: string): boolean {
  if (!opaque.startsWith("*.")) return path === opaque;
  const key = opaque.slice(2);
  return path === key || path.endsWith(`.${key}`);
}

export function valueKeyPaths(values: Record<string, unknown>, opaque: readonly string[], prefix = ""): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const isObject =
      typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;
    if (!isObject || opaque.some((o) => matchesOpaque(path, o))) return [path];
    return valueKeyPaths(value as Record<string, unknown>, opaque, path);
  });
}

export interface ChartKeysFixture {
  version: string;
  /** Where and when the keys were checked. */
  checked: string;
  /** Subtrees not descended into, with the schema they follow. `*.x` matches a key `x` at any depth. */
  opaque: Record<string, string>;
  /** Every key path the program sets → where it was found. */
  keys: Record<string, string>;
}
