// Helpers for the tests that run the real nginx and openssl (the skip/fail rule: tests/support/external.ts).

import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";

export { requireBinary } from "../support/external";
export { makeEcdsaP256Cert, type TestCert } from "../support/certs";

/** Version of the local nginx, e.g. "1.22.1" (`nginx -v` prints it on stderr). */
export function localNginxVersion(): string {
  const r = spawnSync("nginx", ["-v"], { encoding: "utf8" });
  const m = /nginx\/(\d+\.\d+\.\d+)/.exec(`${r.stderr}${r.stdout}`);
  if (!m) throw new Error(`cannot read the nginx version from: ${r.stderr}${r.stdout}`);
  return m[1];
}

export interface TestClientCa {
  caPath: string;
  clientCertPath: string;
  clientKeyPath: string;
}

/** A CA (like Cloudflare's origin-pull CA) and a client certificate it signed, in `dir`. */
export function makeClientCa(dir: string): TestClientCa {
  const p = (f: string) => join(dir, f);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      ...ec,
      "-keyout",
      p("ca.key"),
      "-out",
      p("ca.pem"),
      "-subj",
      "/CN=test origin-pull CA",
      "-days",
      "2",
    ],
    { stdio: "pipe" },
  );
  execFileSync(
    "openssl",
    ["req", "-new", ...ec, "-keyout", p("client.key"), "-out", p("client.csr"), "-subj", "/CN=test edge client"],
    { stdio: "pipe" },
  );
  execFileSync(
    "openssl",
    [
      "x509",
      "-req",
      "-in",
      p("client.csr"),
      "-CA",
      p("ca.pem"),
      "-CAkey",
      p("ca.key"),
      "-CAcreateserial",
      "-out",
      p("client.pem"),
      "-days",
      "2",
    ],
    { stdio: "pipe" },
  );
  return { caPath: p("ca.pem"), clientCertPath: p("client.pem"), clientKeyPath: p("client.key") };
}
