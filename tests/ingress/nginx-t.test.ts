// `nginx -t` on the exact nginx.conf the Ingress component puts in its ConfigMap for the prod stack. Only what a
// laptop cannot provide is swapped, each swap asserted to have matched once at least: the pod's mount paths
// (certificate, AOP CA, /tmp) become a temp dir, and the cluster DNS names nginx resolves while loading become
// 127.0.0.1. When the local nginx is older than the pinned image, the version-gated syntax the renderer chose for
// the image (`http2 on;` from 1.25.1, upstream `resolve` from 1.27.3) is mapped to the older form, and the test
// says so. Needs the Debian packages nginx and openssl.

import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { CLUSTER_DNS } from "../../components/ingress";
import { compareVersions } from "../../components/shared/versions";
import { AOP_DIR, TLS_DIR } from "../../components/ingress/nginx-workload";
import { NGINX_IMAGE } from "../../components/ingress/pins";
import { KONG_PEERS_SERVICE } from "../../components/ingress/kong";
import { one, stackRun } from "../harness";
import { TestCert, localNginxVersion, makeEcdsaP256Cert, requireBinary } from "./external-binaries";

function swap(text: string, from: string | RegExp, to: string, what: string): string {
  const re = typeof from === "string" ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g") : from;
  assert.match(text, re, `expected the prod nginx.conf to contain ${what}`);
  return text.replace(re, to);
}

describe("ingress: nginx -t on the prod stack's rendered nginx.conf", function () {
  let cert: TestCert | undefined;
  after(() => {
    if (cert) rmSync(cert.dir, { recursive: true, force: true });
  });

  it("is accepted by nginx", async function () {
    requireBinary(this, "nginx", "nginx");
    requireBinary(this, "openssl", "openssl");
    const run = await stackRun("prod");
    const exact = one(run, "kubernetes:core/v1:ConfigMap", "ingress-nginx-conf").inputs.data as Record<string, string>;
    let conf = exact["nginx.conf"];
    assert.match(conf, /ssl_client_certificate /, "prod verifies Cloudflare's origin-pull client certificate");

    cert = makeEcdsaP256Cert("api.example.com");
    const dir = cert.dir;
    for (const d of ["tls", "aop", "tmp"]) mkdirSync(join(dir, d));
    spawnSync("cp", [cert.certPath, join(dir, "tls/tls.crt")]);
    spawnSync("cp", [cert.keyPath, join(dir, "tls/tls.key")]);
    spawnSync("cp", [cert.certPath, join(dir, "aop/ca.crt")]);

    // /tmp first: the temp dir itself lives under /tmp.
    conf = swap(conf, / \/tmp\//g, ` ${dir}/tmp/`, "the /tmp emptyDir");
    conf = swap(conf, `${TLS_DIR}/`, `${dir}/tls/`, "the TLS Secret mount");
    conf = swap(conf, `${AOP_DIR}/`, `${dir}/aop/`, "the AOP CA mount");
    conf = swap(conf, CLUSTER_DNS, "127.0.0.1", "the cluster DNS resolver");
    conf = swap(
      conf,
      /kong-proxy-peers\.kong\.svc\.cluster\.local/g,
      "127.0.0.1",
      `the ${KONG_PEERS_SERVICE} headless Service`,
    );

    const local = localNginxVersion();
    const adjusted: string[] = [];
    if (compareVersions(local, "1.27.3") < 0) {
      conf = swap(conf, / resolve max_fails=/g, " max_fails=", "the upstream resolve parameter");
      adjusted.push("upstream resolve");
    }
    if (compareVersions(local, "1.25.1") < 0) {
      conf = swap(conf, /\n\s*http2 on;/g, "", "the http2 directive");
      conf = swap(conf, /listen (\d+) ssl;/g, "listen $1 ssl http2;", "the TLS listener");
      adjusted.push("http2 syntax");
    }
    if (adjusted.length > 0) {
      console.log(
        `      note: local nginx ${local} < pinned ${NGINX_IMAGE.nginxVersion}; mapped ${adjusted.join(", ")} to the older syntax`,
      );
    }

    const file = join(dir, "nginx.conf");
    writeFileSync(file, conf);
    // stdout to a file: nginx opens /dev/stdout (access_log), which fails on the socket node gives a child.
    const out = openSync(join(dir, "stdout.log"), "w");
    const r = spawnSync("nginx", ["-t", "-c", file, "-p", `${dir}/`], {
      encoding: "utf8",
      stdio: ["ignore", out, "pipe"],
    });
    closeSync(out);
    assert.equal(r.status, 0, `nginx -t failed:\n${r.stderr}`);
    assert.match(r.stderr, /syntax is ok/);
    assert.match(r.stderr, /test is successful/);
  });
});
