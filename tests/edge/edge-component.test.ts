import * as assert from "assert";
import { MANAGED_RULESET_IDS } from "../../components/edge/rulesets";
import { EDGE_AOP_CA, EDGE_TLS_SECRET, NAMESPACES } from "../../components/shared/names";
import { CapturedResource, input, ofType, one, runProgram, RunResult, stackRun } from "../harness";

const CF = {
  setting: "cloudflare:index/zoneSetting:ZoneSetting",
  ruleset: "cloudflare:index/ruleset:Ruleset",
  originCert: "cloudflare:index/originCaCertificate:OriginCaCertificate",
  record: "cloudflare:index/dnsRecord:DnsRecord",
};

function settings(run: RunResult): Map<string, unknown> {
  return new Map(ofType(run, CF.setting).map((s) => [s.inputs.settingId as string, s.inputs.value]));
}

function ruleset(run: RunResult, phase: string): CapturedResource {
  const found = ofType(run, CF.ruleset).filter((r) => r.inputs.phase === phase);
  assert.strictEqual(found.length, 1, `one ${phase} ruleset`);
  return found[0];
}

function rules(r: CapturedResource): Array<Record<string, any>> {
  return r.inputs.rules as Array<Record<string, any>>;
}

function edgeOutput(run: RunResult): Record<string, any> {
  return run.outputs.edge as Record<string, any>;
}

/** Runs a stack variant; `logs` are the program's pulumi.log messages (captured by the harness). */
async function runLogged(options: Parameters<typeof runProgram>[0]): Promise<{ run: RunResult; logs: string[] }> {
  const run = await runProgram(options);
  if (run.error) throw run.error;
  return { run, logs: run.logs.map((l) => `${l.severity}: ${l.message}`) };
}

/** One prod variant for the non-default switches (cached: several tests read it). */
let pro: Promise<{ run: RunResult; logs: string[] }> | undefined;
function proVariant(): Promise<{ run: RunResult; logs: string[] }> {
  pro ??= runLogged({
    stack: "prod",
    config: {
      "edgestack:edge": {
        plan: "pro",
        staticEdgeTtlSeconds: 3600,
        hstsMaxAgeSeconds: 63072000,
        hstsPreload: true,
        blockedCountries: ["KP"],
        blockedAsns: [64496],
      },
    },
  });
  return pro;
}

describe("Edge component (prod manages the shared zone)", () => {
  it("enforces strict TLS to the origin, TLS 1.2+, TLS 1.3 without 0-RTT, HTTPS only, HTTP/3", async () => {
    const s = settings(await stackRun("prod"));
    assert.strictEqual(s.get("ssl"), "strict");
    assert.strictEqual(s.get("min_tls_version"), "1.2");
    assert.strictEqual(s.get("tls_1_3"), "on");
    assert.strictEqual(s.get("0rtt"), "off", "early data is replayable");
    assert.strictEqual(s.get("always_use_https"), "on");
    assert.strictEqual(s.get("automatic_https_rewrites"), "on");
    assert.strictEqual(s.get("http3"), "on");
    assert.ok(!s.has("brotli"), "brotli is retired by Cloudflare (always on)");
  });

  it("sends HSTS with the configured max-age, includeSubDomains and the preload switch (snake_case keys)", async () => {
    const s = settings(await stackRun("prod"));
    assert.deepStrictEqual(s.get("security_header"), {
      strict_transport_security: {
        enabled: true,
        max_age: 31536000,
        include_subdomains: true,
        preload: false,
        nosniff: true,
      },
    });
    const { run } = await proVariant();
    assert.deepStrictEqual(
      input(
        ofType(run, CF.setting).find((r) => r.inputs.settingId === "security_header")!,
        "value.strict_transport_security",
      ),
      { enabled: true, max_age: 63072000, include_subdomains: true, preload: true, nosniff: true },
    );
  });

  it("turns on Authenticated Origin Pulls and gives nginx Cloudflare's origin-pull CA as a Secret", async () => {
    const run = await stackRun("prod");
    assert.strictEqual(settings(run).get("tls_client_auth"), "on");
    const ca = one(run, "kubernetes:core/v1:Secret", "ingress-nginx-aop-ca");
    assert.strictEqual(input(ca, "metadata.name"), EDGE_AOP_CA);
    assert.strictEqual(input(ca, "metadata.namespace"), NAMESPACES.edge);
    assert.strictEqual(ca.inputs.type, "Opaque");
    // The PEM itself is checked in edge-direct.test.ts (the k8s SDK marks stringData secret, so the capture hides it).
  });

  it("issues an ECDSA P-256 Origin CA certificate (origin-ecc) for the stack's hosts", async () => {
    const run = await stackRun("prod");
    const key = one(run, "tls:index/privateKey:PrivateKey");
    assert.deepStrictEqual([key.inputs.algorithm, key.inputs.ecdsaCurve], ["ECDSA", "P256"]);
    const csr = one(run, "tls:index/certRequest:CertRequest");
    assert.deepStrictEqual(csr.inputs.dnsNames, ["example.com", "www.example.com", "api.example.com"]);
    assert.strictEqual(csr.inputs.privateKeyPem, "[secret]");
    assert.ok(csr.dependencies.includes(key.urn));
    const cert = one(run, CF.originCert);
    assert.strictEqual(cert.inputs.requestType, "origin-ecc");
    assert.strictEqual(cert.inputs.requestedValidity, 5475);
    assert.deepStrictEqual(cert.inputs.hostnames, csr.inputs.dnsNames);
    assert.ok(cert.dependencies.includes(csr.urn), "the certificate is signed from this CSR");
    // Cloudflare reports Go's time format; the program exports ISO 8601 for monitoring.
    assert.match(
      String(edgeOutput(run).originCertExpiresOn),
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
      "ISO expiry exported for monitoring",
    );
  });

  it("writes certificate and key into the TLS Secret the NGINX edge mounts, through the cluster's k8s provider", async () => {
    const run = await stackRun("prod");
    const secret = one(run, "kubernetes:core/v1:Secret", "ingress-nginx-origin-tls");
    assert.strictEqual(input(secret, "metadata.name"), EDGE_TLS_SECRET);
    assert.strictEqual(input(secret, "metadata.namespace"), NAMESPACES.edge);
    assert.strictEqual(secret.inputs.type, "kubernetes.io/tls");
    assert.strictEqual(secret.inputs.stringData, "[secret]", "key material only as a secret");
    assert.strictEqual(
      input(secret, "metadata.annotations")["edgestack.io/origin-cert-expires-on"],
      edgeOutput(run).originCertExpiresOn,
      "the Secret carries the exported expiry",
    );
    assert.ok(secret.dependencies.includes(one(run, CF.originCert).urn));
    const k8sProvider = one(run, "pulumi:providers:kubernetes");
    for (const r of [secret, one(run, "kubernetes:core/v1:Secret", "ingress-nginx-aop-ca")]) {
      assert.ok(r.provider?.startsWith(`${k8sProvider.urn}::`), `${r.name} uses the cluster provider`);
      assert.strictEqual(r.deleteBeforeReplace, true, `${r.name} has a fixed name`);
    }
    assert.ok(
      one(run, CF.setting, "edge-setting-ssl").dependencies.includes(secret.urn),
      "strict mode waits for the origin certificate",
    );
    assert.deepStrictEqual([edgeOutput(run).tlsSecret, edgeOutput(run).aopCaSecret], [EDGE_TLS_SECRET, EDGE_AOP_CA]);
  });

  it("caches static files and bypasses the API for every environment's hosts in the zone", async () => {
    const cache = ruleset(await stackRun("prod"), "http_request_cache_settings");
    const [statics, bypass] = rules(cache);
    assert.strictEqual(statics.action, "set_cache_settings");
    assert.deepStrictEqual(statics.actionParameters.edgeTtl, { mode: "override_origin", default: 86400 });
    assert.match(
      statics.expression,
      /^\(http\.host in \{"example\.com" "www\.example\.com" "dev\.example\.com" "www-dev\.example\.com"\}\) and \(http\.request\.uri\.path\.extension in \{"css" "js" /,
    );
    assert.deepStrictEqual(bypass.actionParameters, { cache: false });
    assert.strictEqual(
      bypass.expression,
      'http.host in {"api.example.com" "api-dev.example.com"} or starts_with(http.request.uri.path, "/api/")',
    );
  });

  it("blocks methods the API does not serve on the API hosts, and configured countries and ASNs", async () => {
    const prod = await stackRun("prod");
    const methods = rules(ruleset(prod, "http_request_firewall_custom"));
    assert.deepStrictEqual(
      methods.map((r) => r.action),
      ["block"],
    );
    assert.strictEqual(
      methods[0].expression,
      'http.host in {"api.example.com" "api-dev.example.com"} and not http.request.method in {"GET" "HEAD" "POST" "PUT" "PATCH" "DELETE" "OPTIONS"}',
    );
    const { run } = await proVariant();
    assert.deepStrictEqual(
      rules(ruleset(run, "http_request_firewall_custom"))
        .map((r) => r.expression)
        .slice(1),
      ['ip.src.country in {"KP"}', "ip.src.asnum in {64496}"],
    );
  });

  it("rate-limits the login paths per client IP with the configured thresholds", async () => {
    const [rule] = rules(ruleset(await stackRun("prod"), "http_ratelimit"));
    assert.strictEqual(
      rule.expression,
      'http.request.uri.path in {"/api/v1/auth/login" "/api/v1/auth/token"}',
      "Free: path only",
    );
    assert.strictEqual(rule.action, "block");
    assert.deepStrictEqual(rule.ratelimit, {
      characteristics: ["ip.src", "cf.colo.id"],
      period: 10,
      requestsPerPeriod: 10,
      mitigationTimeout: 10,
    });
  });

  it("Free plan: three rulesets, the managed WAF skipped with a notice in the outputs", async () => {
    const run = await stackRun("prod");
    assert.deepStrictEqual(
      ofType(run, CF.ruleset)
        .map((r) => r.inputs.phase)
        .sort(),
      ["http_ratelimit", "http_request_cache_settings", "http_request_firewall_custom"],
    );
    assert.ok(
      (edgeOutput(run).notices as string[]).some(
        (n) => n.startsWith("Managed WAF not deployed") && n.includes("Pro plan or higher"),
      ),
    );
  });

  it("Pro plan: Cloudflare Managed and OWASP Core rulesets executed; warns when the zone's real plan differs", async () => {
    const { run, logs } = await proVariant();
    const waf = rules(ruleset(run, "http_request_firewall_managed"));
    assert.deepStrictEqual(
      waf.map((r) => [r.action, r.actionParameters.id, r.expression]),
      [
        ["execute", MANAGED_RULESET_IDS.cloudflareManaged, "true"],
        ["execute", MANAGED_RULESET_IDS.owaspCore, "true"],
      ],
    );
    assert.strictEqual(ofType(run, CF.ruleset).length, 4);
    assert.ok(!(edgeOutput(run).notices as string[]).some((n) => n.startsWith("Managed WAF")));
    // The mock zone lookup reports the Free plan.
    assert.ok(
      logs.some((l) => /edge\.plan is "pro" but Cloudflare reports zone example\.com on the "free" plan/.test(l)),
      logs.join("\n"),
    );
  });
});

describe("Edge component (dev shares prod's zone)", () => {
  it("creates its own flat hostnames' certificate and Secrets, but no zone settings or rulesets", async () => {
    const run = await stackRun("dev");
    assert.deepStrictEqual(one(run, CF.originCert).inputs.hostnames, [
      "dev.example.com",
      "www-dev.example.com",
      "api-dev.example.com",
    ]);
    assert.strictEqual(ofType(run, CF.setting).length, 0);
    assert.strictEqual(ofType(run, CF.ruleset).length, 0);
    assert.ok(one(run, "kubernetes:core/v1:Secret", "ingress-nginx-origin-tls"));
    const out = edgeOutput(run);
    assert.strictEqual(out.managesZone, false);
    assert.deepStrictEqual(out.urls, [
      "https://dev.example.com",
      "https://www-dev.example.com",
      "https://api-dev.example.com",
    ]);
    assert.ok(
      (out.notices as string[]).some(
        (n) => n.includes("edge.manageZone is false") && n.includes('list "dev" in edge.environmentPrefixes'),
      ),
    );
  });
});

describe("Edge component disabled", () => {
  it("creates nothing on Cloudflare and says so in the log and the outputs", async () => {
    // prod, which manages the zone (its settings and rulesets are among what must not be created).
    const { run, logs } = await runLogged({ stack: "prod", config: { "edgestack:edge": { enabled: false } } });
    // The Ingress tier's own self-signed fallback (tls:*, named ingress-*) is allowed; nothing of Edge's is.
    const edgeTypes = run.resources.filter(
      (r) => r.type.startsWith("cloudflare:") || r.type === "edgestack:platform:Edge" || r.name.startsWith("edge-"),
    );
    assert.deepStrictEqual(
      edgeTypes.map((r) => `${r.type} ${r.name}`),
      [],
    );
    const out = edgeOutput(run);
    assert.strictEqual(out.enabled, false);
    assert.match(out.notices[0], /^Edge disabled \(edge\.enabled is false\)/);
    assert.ok(logs.some((l) => l.includes(out.notices[0])));
  });
});
