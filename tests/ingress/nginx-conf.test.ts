import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { chmodSync, closeSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { CLOUDFLARE_IP_RANGES } from "../../components/ingress/cloudflare-ips";
import { NginxEdgeOptions, TLS12_ECDSA_CIPHERS, renderNginxConf } from "../../components/ingress/nginx-conf";
import { localNginxVersion, makeEcdsaP256Cert, requireBinary } from "./external-binaries";

const base = (over: Partial<NginxEdgeOptions> = {}): NginxEdgeOptions => ({
  nginxVersion: "1.30.6",
  serverNames: ["api.example.com", "www.example.com"],
  upstreamServers: ["kong-gateway-proxy.kong.svc.cluster.local:80"],
  tlsCertificatePath: "/etc/nginx/tls/tls.crt",
  tlsKeyPath: "/etc/nginx/tls/tls.key",
  clientCaPath: "/etc/nginx/aop/origin-pull-ca.pem",
  ...over,
});

/** Lines of the text between `server {` ... matching `}` whose body contains `marker`. */
function serverBlock(conf: string, marker: string): string {
  const blocks = conf
    .split(/\n {4}server \{\n/)
    .slice(1)
    .map((b) => b.split(/\n {4}\}\n/)[0]);
  const found = blocks.find((b) => b.includes(marker));
  assert.ok(found, `no server block containing ${marker}`);
  return found;
}

const directives = (conf: string, name: string): string[] =>
  conf
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith(`${name} `) || l === `${name};`);

describe("ingress/nginx-conf: rendered edge configuration", () => {
  const conf = renderNginxConf(base());

  it("allows only TLS 1.2 and 1.3 with ECDHE-ECDSA AEAD suites for the P-256 certificate", () => {
    assert.deepEqual(directives(conf, "ssl_protocols"), ["ssl_protocols TLSv1.2 TLSv1.3;"]);
    const [ciphers] = directives(conf, "ssl_ciphers");
    const suites = ciphers.replace(/^ssl_ciphers |;$/g, "").split(":");
    assert.deepEqual(suites, [...TLS12_ECDSA_CIPHERS]);
    for (const s of suites) assert.match(s, /^ECDHE-ECDSA-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/);
    assert.deepEqual(directives(conf, "ssl_ecdh_curve"), ["ssl_ecdh_curve X25519:prime256v1:secp384r1;"]);
    assert.deepEqual(directives(conf, "ssl_session_tickets"), ["ssl_session_tickets off;"]);
  });

  it("staples OCSP only when switched on, and then verifies it", () => {
    assert.deepEqual(directives(conf, "ssl_stapling"), []);
    assert.deepEqual(directives(conf, "ssl_stapling_verify"), []);
    const on = renderNginxConf(
      base({ ocspStapling: true, ocspTrustedCertificatePath: "/etc/nginx/tls/chain.pem", resolvers: ["172.20.0.10"] }),
    );
    assert.deepEqual(directives(on, "ssl_stapling"), ["ssl_stapling on;"]);
    assert.deepEqual(directives(on, "ssl_stapling_verify"), ["ssl_stapling_verify on;"]);
    assert.deepEqual(directives(on, "ssl_trusted_certificate"), ["ssl_trusted_certificate /etc/nginx/tls/chain.pem;"]);
    assert.deepEqual(directives(on, "resolver"), ["resolver 172.20.0.10 valid=30s ipv6=off;"]);
  });

  it("requires a Cloudflare client certificate only when the AOP CA is given", () => {
    const tls = serverBlock(conf, "ssl_certificate ");
    assert.match(tls, /ssl_client_certificate \/etc\/nginx\/aop\/origin-pull-ca\.pem;/);
    assert.match(tls, /ssl_verify_client on;/);
    const off = renderNginxConf(base({ clientCaPath: undefined }));
    assert.deepEqual(directives(off, "ssl_verify_client"), []);
  });

  it("sends HSTS and the security headers on every response, set once at server level", () => {
    const tls = serverBlock(conf, "ssl_certificate ");
    for (const h of [
      'Strict-Transport-Security "max-age=31536000; includeSubDomains"',
      'X-Content-Type-Options "nosniff"',
      'X-Frame-Options "DENY"',
      'Referrer-Policy "no-referrer"',
      `Content-Security-Policy "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"`,
    ]) {
      assert.ok(tls.includes(`\n        add_header ${h} always;`), `missing server-level add_header ${h}`);
      assert.ok(tls.includes(`proxy_hide_header ${h.split(" ")[0]};`), `upstream copy of ${h} not hidden`);
    }
    // add_header inside a location would drop every inherited header for that location.
    assert.ok(!/\n {12,}add_header/.test(conf), "add_header found inside a location");
    const preload = renderNginxConf(base({ hstsMaxAgeSeconds: 63072000, hstsPreload: true }));
    assert.match(preload, /Strict-Transport-Security "max-age=63072000; includeSubDomains; preload" always;/);
  });

  it("proxies to Kong with keepalive, passive health checks and bounded idempotent-only retries", () => {
    const two = renderNginxConf(
      base({
        upstreamServers: ["10.0.1.10:8000", "10.0.2.10:8000"],
        upstreamMaxFails: 2,
        upstreamFailTimeoutSeconds: 20,
        retryTries: 2,
        retryTimeoutSeconds: 9,
        upstreamKeepalive: 32,
      }),
    );
    assert.deepEqual(
      directives(two, "server").filter((s) => s.includes(":8000")),
      ["server 10.0.1.10:8000 max_fails=2 fail_timeout=20s;", "server 10.0.2.10:8000 max_fails=2 fail_timeout=20s;"],
    );
    assert.deepEqual(directives(two, "keepalive"), ["keepalive 32;"]);
    assert.deepEqual(directives(two, "zone"), ["zone kong_proxy 256k;"]);
    assert.deepEqual(directives(two, "proxy_next_upstream"), [
      "proxy_next_upstream error timeout http_502 http_503 http_504;",
    ]);
    const active = two.split("\n").filter((l) => !l.trim().startsWith("#"));
    assert.ok(!active.some((l) => l.includes("non_idempotent")), "POST/PATCH must never be retried");
    assert.deepEqual(directives(two, "proxy_next_upstream_tries"), ["proxy_next_upstream_tries 2;"]);
    assert.deepEqual(directives(two, "proxy_next_upstream_timeout"), ["proxy_next_upstream_timeout 9s;"]);
    assert.deepEqual(directives(two, "proxy_http_version"), ["proxy_http_version 1.1;"]);
    assert.deepEqual(
      directives(two, "proxy_set_header").filter((d) => d.includes("Connection")),
      ['proxy_set_header Connection "";'],
    );
    assert.deepEqual(directives(conf, "proxy_pass"), ["proxy_pass http://kong_proxy;"]);
    // A lone static peer cannot be circuit-broken; the config says so.
    assert.match(conf, /One static peer: nginx never marks a lone server down/);
    assert.ok(!two.includes("One static peer"));
  });

  it("re-resolves upstream names per pod when upstreamResolve is on (nginx >= 1.27.3)", () => {
    const r = renderNginxConf(
      base({
        upstreamResolve: true,
        resolvers: ["172.20.0.10"],
        upstreamServers: ["kong-proxy-headless.kong.svc.cluster.local:8000"],
      }),
    );
    assert.deepEqual(
      directives(r, "server").filter((s) => s.includes(":8000")),
      ["server kong-proxy-headless.kong.svc.cluster.local:8000 resolve max_fails=3 fail_timeout=10s;"],
    );
  });

  it("takes the client IP from CF-Connecting-IP only from Cloudflare ranges, in public servers only", () => {
    for (const marker of ["listen 8080", "listen 8443 ssl;"]) {
      const block = serverBlock(conf, marker);
      assert.deepEqual(
        directives(block, "set_real_ip_from"),
        CLOUDFLARE_IP_RANGES.map((c) => `set_real_ip_from ${c};`),
      );
      assert.deepEqual(directives(block, "real_ip_header"), ["real_ip_header CF-Connecting-IP;"]);
    }
    assert.deepEqual(directives(serverBlock(conf, "stub_status;"), "set_real_ip_from"), []);
    const proxied = directives(conf, "proxy_set_header");
    for (const h of [
      "X-Real-IP $remote_addr",
      "X-Forwarded-For $remote_addr",
      "X-Forwarded-Proto $scheme",
      "X-Request-ID $edge_request_id",
      "Host $host",
    ]) {
      assert.ok(proxied.includes(`proxy_set_header ${h};`), `missing proxy_set_header ${h}`);
    }
  });

  it("redirects plain HTTP to HTTPS for known names only and keeps /nginx-health on it", () => {
    const plain = serverBlock(conf, "listen 8080");
    assert.match(plain, /return 301 https:\/\/\$edge_redirect_host\$request_uri;/);
    assert.match(plain, /return 444;/);
    assert.match(
      plain,
      /location = \/nginx-health \{\n\s+access_log off;\n\s+default_type text\/plain;\n\s+return 200 "ok\\n";/,
    );
    assert.match(
      conf,
      /map \$host \$edge_redirect_host \{\n\s+hostnames;\n\s+default "";\n\s+api\.example\.com \$host;\n\s+www\.example\.com \$host;/,
    );
    assert.deepEqual(directives(conf, "ssl_reject_handshake"), ["ssl_reject_handshake on;"]);
  });

  it("runs as non-root on a read-only root filesystem", () => {
    const r = renderNginxConf(base({ tempDir: "/var/run/edge" }));
    assert.deepEqual(directives(r, "pid"), ["pid /var/run/edge/nginx.pid;"]);
    const temps = r
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => /^\w+_temp_path /.test(l));
    assert.equal(temps.length, 5);
    for (const t of temps) assert.match(t, /^\w+_temp_path \/var\/run\/edge\/\w+;$/);
    assert.deepEqual(directives(r, "user"), []);
    for (const l of directives(r, "listen")) assert.ok(Number(/(\d+)/.exec(l)![1]) >= 1024, l);
  });

  it("serves stub_status on the internal port to the sidecar only", () => {
    const status = serverBlock(conf, "stub_status;");
    assert.match(status, /listen 8081 default_server;/);
    assert.match(
      status,
      /location = \/stub_status \{\n\s+stub_status;\n\s+allow 127\.0\.0\.1\/32;\n\s+allow ::1\/128;\n\s+deny all;/,
    );
    assert.match(status, /location = \/nginx-health/);
    assert.equal((conf.match(/stub_status;/g) ?? []).length, 1);
  });

  it("picks the HTTP/2 syntax of the nginx version", () => {
    assert.deepEqual(directives(conf, "http2"), ["http2 on;"]);
    assert.ok(!conf.includes("ssl http2"));
    const old = renderNginxConf(base({ nginxVersion: "1.24.0" }));
    assert.deepEqual(directives(old, "http2"), []);
    assert.deepEqual(
      directives(old, "listen").filter((l) => l.includes("8443")),
      ["listen 8443 ssl http2 default_server;", "listen 8443 ssl http2;"],
    );
  });

  it("limits per client IP, body size and timeouts from options", () => {
    const r = renderNginxConf(
      base({ rateLimitPerSecond: 20, rateLimitBurst: 40, clientMaxBodySizeMb: 4, clientBodyTimeoutSeconds: 7 }),
    );
    assert.deepEqual(directives(r, "limit_req_zone"), [
      "limit_req_zone $binary_remote_addr zone=edge_per_ip:10m rate=20r/s;",
    ]);
    assert.deepEqual(directives(r, "limit_req"), Array(2).fill("limit_req zone=edge_per_ip burst=40 nodelay;"));
    assert.deepEqual(directives(r, "client_max_body_size"), ["client_max_body_size 4m;"]);
    assert.deepEqual(directives(r, "client_body_timeout"), ["client_body_timeout 7s;"]);
  });

  it("logs JSON that parses once nginx fills in the variables, without query strings", () => {
    const start = conf.indexOf("log_format edge_json escape=json");
    const body = conf.slice(start, conf.indexOf(";", conf.indexOf("}'", start)));
    const template = [...body.matchAll(/'([^']*)'/g)].map((m) => m[1]).join("");
    const numeric = new Set(["status", "body_bytes_sent", "request_time"]);
    const filled = template.replace(/\$(\w+)/g, (_, v: string) => (numeric.has(v) ? "1" : `x-${v}`));
    const entry = JSON.parse(filled) as Record<string, unknown>;
    assert.equal(entry.status, 1);
    assert.equal(entry.path, "x-uri");
    assert.equal(entry.upstream_response_time, "x-upstream_response_time");
    assert.ok(!template.includes("$request_uri") && !template.includes("$args"));
    assert.deepEqual(directives(conf, "access_log")[0], "access_log /dev/stdout edge_json;");
  });

  it("compresses text types with gzip", () => {
    assert.deepEqual(directives(conf, "gzip"), ["gzip on;"]);
    const [types] = directives(conf, "gzip_types");
    assert.ok(types.includes("application/json") && !types.includes("text/html"));
  });
});

describe("ingress/nginx-conf: option defaults", () => {
  it("treats an unset (undefined) optional key as its default", () => {
    const r = renderNginxConf(base({ hstsMaxAgeSeconds: undefined, retryTries: undefined }));
    assert.match(r, /max-age=31536000; includeSubDomains"/);
    assert.deepEqual(directives(r, "proxy_next_upstream_tries"), ["proxy_next_upstream_tries 3;"]);
  });
});

describe("ingress/nginx-conf: nginx -t accepts the rendered config", function () {
  let version = "";
  let cert: ReturnType<typeof makeEcdsaP256Cert>;

  before(function () {
    requireBinary(this, "nginx", "nginx");
    requireBinary(this, "openssl", "openssl");
    version = localNginxVersion();
    cert = makeEcdsaP256Cert("api.example.test");
    chmodSync(cert.dir, 0o755); // workers may run as another user when the test runs as root
  });

  after(() => {
    if (cert) rmSync(cert.dir, { recursive: true, force: true });
  });

  function nginxTest(name: string, over: Partial<NginxEdgeOptions>, mutate: (c: string) => string = (c) => c) {
    const conf = mutate(
      renderNginxConf({
        nginxVersion: version,
        serverNames: ["api.example.test"],
        upstreamServers: ["127.0.0.1:18000"],
        tlsCertificatePath: cert.certPath,
        tlsKeyPath: cert.keyPath,
        tempDir: cert.dir,
        ...over,
      }),
    );
    const file = join(cert.dir, `${name}.conf`);
    writeFileSync(file, conf);
    // nginx opens /dev/stdout for the access log: give it a regular file, as a container runtime would
    // (Node's own stdio pipes are sockets, which /dev/stdout cannot reopen).
    const out = join(cert.dir, `${name}.out`);
    const fd = openSync(out, "w");
    const r = spawnSync("nginx", ["-t", "-c", file, "-p", `${cert.dir}/`], { stdio: ["ignore", fd, fd] });
    closeSync(fd);
    return { ok: r.status === 0, output: readFileSync(out, "utf8") };
  }

  it("with Authenticated Origin Pulls and no stapling (Cloudflare Origin CA defaults)", () => {
    const r = nginxTest("aop", { clientCaPath: cert.certPath });
    assert.ok(r.ok, r.output);
    assert.match(r.output, /syntax is ok/);
  });

  it("with OCSP stapling on, several upstreams, IPv6 listeners and no session cache", () => {
    const r = nginxTest("stapling", {
      ocspStapling: true,
      ocspTrustedCertificatePath: cert.certPath,
      resolvers: ["127.0.0.1"],
      upstreamServers: ["127.0.0.1:18000", "127.0.0.1:18001"],
      listenIpv6: true,
      tlsSessionCacheMb: 0,
      workerProcesses: 2,
    });
    assert.ok(r.ok, r.output);
  });

  it("with upstream re-resolution (the upstream `resolve` parameter needs nginx 1.27.3; the pinned image has it)", function () {
    const [maj, min, patch] = version.split(".").map(Number);
    if (maj * 1e6 + min * 1e3 + patch < 1027003) this.skip();
    const r = nginxTest("resolve", {
      upstreamResolve: true,
      resolvers: ["127.0.0.1"],
      upstreamServers: ["localhost:18000"],
    });
    assert.ok(r.ok, r.output);
  });

  it("and the harness notices a broken config", () => {
    const r = nginxTest("broken", {}, (c) => c.replace("ssl_session_tickets off;", "ssl_session_tickets maybe;"));
    assert.ok(!r.ok);
    assert.match(r.output, /ssl_session_tickets/);
  });
});
