/**
 * Pulumi's wire format as the mock runtime sees it (the SDK's runtime/rpc.ts, whose sentinels are used here): what
 * the harness records from a registration request.
 */
import {
  specialArchiveSig,
  specialAssetSig,
  specialResourceSig,
  specialSecretSig,
  specialSigKey,
  unknownValue,
} from "@pulumi/pulumi/runtime/rpc";
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../policies/lib/graph";

/**
 * Turns a wire-format value into plain JSON with secrets redacted, or with their (mock) plaintext when `reveal` is set:
 * only the schema test asks for that ("[secret]" in place of a map or a base64 field is not a valid Kubernetes object).
 */
export function redactWireValue(v: unknown, reveal = false): unknown {
  if (v === unknownValue) return UNKNOWN_PLACEHOLDER;
  if (Array.isArray(v)) return v.map((x) => redactWireValue(x, reveal));
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    switch (o[specialSigKey]) {
      case specialSecretSig:
        return reveal ? redactWireValue(o.value, reveal) : SECRET_PLACEHOLDER;
      case specialResourceSig:
        return o.urn;
      case specialAssetSig:
        return { asset: o.path ?? o.uri ?? "[text]" };
      case specialArchiveSig:
        return { archive: o.path ?? o.uri ?? "[assets]" };
      default:
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, redactWireValue(x, reveal)]));
    }
  }
  return v;
}
