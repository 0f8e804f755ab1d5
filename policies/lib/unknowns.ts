/**
 * Values the engine does not know yet during a preview (an output of a resource still to be
 * created). Policy props reach rules wrapped in a proxy that throws when a rule reads such a
 * value, which turns the whole rule into an advisory "can't run during preview" note. Rules
 * that only need a best effort over the whole stack (the budget) instead take a plain copy
 * with unknown values dropped.
 *
 * Both proxies answer two special keys with which the plain target can be read: the
 * @pulumi/policy proxy (`__isSpecialProxy`, `__getSpecialProxyTarget` in its proxy.js) and
 * the offline runner's (policies/policy-resources.ts), which mirrors it.
 */
import { isRecord } from "./values";

export const IS_SPECIAL_PROXY = "__isSpecialProxy";
export const SPECIAL_PROXY_TARGET = "__getSpecialProxyTarget";

/** The offline graph's marker for an unknown value (policies/lib/graph.ts UNKNOWN_PLACEHOLDER). */
export const OFFLINE_UNKNOWN = "[unknown]";

/**
 * The SDK's unknown sentinels (exported at runtime by @pulumi/policy/proxy.js but not typed).
 * Read defensively so a future SDK that renames them only degrades to "not detected".
 */
function sdkSentinels(): Set<unknown> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional, untyped module read at run time
    const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
    return new Set(
      Object.entries(proxy)
        .filter(([k]) => /^unknown\w+Value$/.test(k))
        .map(([, v]) => v),
    );
  } catch {
    return new Set();
  }
}

const SENTINELS = sdkSentinels();

function isUnknownValue(v: unknown): boolean {
  return v === OFFLINE_UNKNOWN || SENTINELS.has(v);
}

function unwrap(v: unknown): unknown {
  if (typeof v === "object" && v !== null && (v as Record<string, unknown>)[IS_SPECIAL_PROXY] === true) {
    return (v as Record<string, unknown>)[SPECIAL_PROXY_TARGET];
  }
  return v;
}

/** A deep plain copy of `v` with every unknown value replaced by undefined. */
export function withoutUnknowns(v: unknown): unknown {
  const raw = unwrap(v);
  if (isUnknownValue(raw)) return undefined;
  if (Array.isArray(raw)) return raw.map(withoutUnknowns);
  if (isRecord(raw)) return Object.fromEntries(Object.entries(raw).map(([k, x]) => [k, withoutUnknowns(x)]));
  return raw;
}
