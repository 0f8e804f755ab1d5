/**
 * Pure diff of two input values, path by path, as the preview diff (graph-diff.ts) lists them: JSON documents held
 * in strings compare as documents, lists of named objects align by their name, and a "[secret]" on either side is
 * reported without its value.
 */
import { SECRET_PLACEHOLDER } from "../policies/lib/graph";

export interface PropertyChange {
  path: string;
  kind: "added" | "removed" | "changed";
  old?: unknown;
  new?: unknown;
  /** One side is "[secret]": the value is never shown. */
  secret?: boolean;
  /** Set when this change forces a replacement: where that is documented. */
  forcesReplacement?: { source: string; note?: string };
}

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isPrimitiveArray = (v: unknown): v is unknown[] =>
  Array.isArray(v) && v.every((x) => !isPlain(x) && !Array.isArray(x));
const key = (path: string, k: string) =>
  /^[A-Za-z_$][\w$]*$/.test(k) ? (path ? `${path}.${k}` : k) : `${path}[${JSON.stringify(k)}]`;

/** Strings holding JSON documents (IAM policies, dashboards, Helm values) are compared as documents. */
function asJson(v: unknown): unknown {
  if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

const IDENTITY_KEYS = ["name", "alert", "record", "key", "id", "Sid"];

/** A field that names every element of both lists uniquely, if there is one. */
function identityKey(a: unknown[], b: unknown[]): string | undefined {
  return IDENTITY_KEYS.find((k) =>
    [a, b].every(
      (xs) =>
        xs.every((x) => isPlain(x) && typeof x[k] === "string") &&
        new Set(xs.map((x) => (x as Record<string, unknown>)[k])).size === xs.length,
    ),
  );
}

/**
 * Lists without a naming field: elements equal on both sides are aligned first (longest common subsequence), so
 * inserting one alert rule lists one added rule instead of shifting every rule after it; the unmatched elements
 * between two aligned ones are compared pairwise, the surplus is added or removed. Paths use the head's index.
 */
function alignLists(path: string, a: unknown[], b: unknown[], out: PropertyChange[]): void {
  const [ka, kb] = [a.map((x) => JSON.stringify(x)), b.map((x) => JSON.stringify(x))];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = ka[i] === kb[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  let [i, j] = [0, 0];
  const gapA: number[] = [];
  const gapB: number[] = [];
  const flush = () => {
    for (let n = 0; n < Math.max(gapA.length, gapB.length); n++) {
      const [x, y] = [gapA[n], gapB[n]];
      diffValues(`${path}[${y ?? x}]`, x === undefined ? undefined : a[x], y === undefined ? undefined : b[y], out);
    }
    gapA.length = 0;
    gapB.length = 0;
  };
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && ka[i] === kb[j]) {
      flush();
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && lcs[i + 1][j] >= lcs[i][j + 1])) gapA.push(i++);
    else gapB.push(j++);
  }
  flush();
}

export function diffValues(path: string, a: unknown, b: unknown, out: PropertyChange[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (a === undefined) {
    out.push({ path, kind: "added", new: b, ...(b === SECRET_PLACEHOLDER ? { secret: true } : {}) });
    return;
  }
  if (b === undefined) {
    out.push({ path, kind: "removed", old: a, ...(a === SECRET_PLACEHOLDER ? { secret: true } : {}) });
    return;
  }
  if (a === SECRET_PLACEHOLDER || b === SECRET_PLACEHOLDER) {
    out.push({ path, kind: "changed", secret: true });
    return;
  }
  const [ja, jb] = [asJson(a), asJson(b)];
  if (ja !== undefined && jb !== undefined) return diffValues(`${path}|json`, ja, jb, out);
  if (isPlain(a) && isPlain(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
      diffValues(key(path, k), a[k], b[k], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && !(isPrimitiveArray(a) && isPrimitiveArray(b))) {
    const id = identityKey(a, b);
    if (id) {
      // Lists of named things (alert rules, containers, env vars): an insertion is one added item, not a shift.
      const index = (xs: unknown[]) => new Map(xs.map((x) => [String((x as Record<string, unknown>)[id]), x]));
      const [ia, ib] = [index(a), index(b)];
      for (const k of [...new Set([...ia.keys(), ...ib.keys()])])
        diffValues(`${path}[${id}=${JSON.stringify(k)}]`, ia.get(k), ib.get(k), out);
      return;
    }
    alignLists(path, a, b, out);
    return;
  }
  out.push({ path, kind: "changed", old: a, new: b });
}
