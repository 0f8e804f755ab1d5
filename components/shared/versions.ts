import { coerce, compare } from "semver";

/** Compares dotted versions ("1.35", "17.7", "1.25.1") like a sort comparator, as semver after `coerce`. */
export function compareVersions(a: string, b: string): number {
  return compare(asSemver(a), asSemver(b));
}

function asSemver(v: string) {
  const parsed = coerce(v);
  if (!parsed) throw new Error(`not a version: ${JSON.stringify(v)}`);
  return parsed;
}
