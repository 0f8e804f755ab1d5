// Test certificates made with the local openssl (the nginx tests, the throwaway PostgreSQL server).

import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCert {
  dir: string;
  certPath: string;
  keyPath: string;
}

/**
 * Self-signed ECDSA P-256 certificate for `cn` (the shape of a Cloudflare Origin CA cert), valid 2 days, as
 * cert.pem/key.pem in `dir` (default: a new temp dir).
 */
export function makeEcdsaP256Cert(cn: string, dir = mkdtempSync(join(tmpdir(), "edge-nginx-"))): TestCert {
  const certPath = join(dir, "cert.pem");
  const keyPath = join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyPath,
      "-out",
      certPath,
      "-subj",
      `/CN=${cn}`,
      "-addext",
      `subjectAltName=DNS:${cn}`,
      "-days",
      "2",
    ],
    { stdio: "pipe" },
  );
  return { dir, certPath, keyPath };
}
