// One non-default prod run shared by the ingress component tests (each program run costs about a second):
// a longer HSTS max-age (config change → new checksum), two Cloudflare ranges, and an RS256 key for "readers".

import { capture, RunResult } from "../harness";

export const VARIANT_RANGES = ["173.245.48.0/20", "103.21.244.0/22"];
const VARIANT_PEM =
  "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexample0000000000000000000000000000==\n-----END PUBLIC KEY-----\n";

export function prodVariant(): Promise<RunResult> {
  return capture({
    stack: "prod",
    config: {
      "edgestack:ingress": {
        nginx: { hstsMaxAgeSeconds: 63072000 },
        cloudflareIpRanges: VARIANT_RANGES,
        jwt: { publicKeys: { readers: VARIANT_PEM } },
      },
    },
  }).then((r) => {
    if (r.error) throw r.error;
    return r;
  });
}
