/**
 * Pulumi's wire format as the mock runtime sees it (sdk/nodejs/runtime/rpc.ts): what the harness records from a
 * registration request and what it answers with.
 */
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../policies/lib/graph";

// Sentinels of Pulumi's wire format (sdk/nodejs/runtime/rpc.ts).
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SIG_SECRET = "1b47061264138c4ac30d75fd1eb44270";
const SIG_RESOURCE_REF = "5cf8f73096256a8f31e491e813e4eb8e";
const SIG_ASSET = "c44067f5952c0a294b673a41bacd8c17";
const SIG_ARCHIVE = "0def7320c3a5731c473e5ecbe6d01bc7";
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Turns a wire-format value into plain JSON with secrets redacted, or with their (mock) plaintext when `reveal` is set:
 * only the schema test asks for that ("[secret]" in place of a map or a base64 field is not a valid Kubernetes object).
 */
export function redactWireValue(v: unknown, reveal = false): unknown {
  if (v === UNKNOWN_VALUE) return UNKNOWN_PLACEHOLDER;
  if (Array.isArray(v)) return v.map((x) => redactWireValue(x, reveal));
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    switch (o[SIG_KEY]) {
      case SIG_SECRET:
        return reveal ? redactWireValue(o.value, reveal) : SECRET_PLACEHOLDER;
      case SIG_RESOURCE_REF:
        return o.urn;
      case SIG_ASSET:
        return { asset: o.path ?? o.uri ?? "[text]" };
      case SIG_ARCHIVE:
        return { archive: o.path ?? o.uri ?? "[assets]" };
      default:
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, redactWireValue(x, reveal)]));
    }
  }
  return v;
}

/**
 * `v` with every object's keys sorted (JavaScript's default order), as a protobuf Struct hands them back: the engine's
 * answers and MockMonitor's both pass through one, so a program that stringifies an output sees the same text.
 */
export function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, sortedKeys(o[k])]),
  );
}
