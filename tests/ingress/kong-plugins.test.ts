import { strict as assert } from "node:assert";

import { aclGroupSecret, jwtCredentialSecret, kongConsumer } from "../../components/ingress/kong-consumers";
import {
  PluginScope,
  RateLimitingOptions,
  aclPlugin,
  configPatchSecretValue,
  corsPlugin,
  jwtPlugin,
  prometheusPlugin,
  rateLimitingPlugin,
  securityHeadersPlugin,
} from "../../components/ingress/kong-plugins";

const cluster: PluginScope = { kind: "KongClusterPlugin", global: true };
const ns: PluginScope = { kind: "KongPlugin", namespace: "apps" };
const REDIS_HOST = "master.edgestack-prod-cache.abc123.use1.cache.amazonaws.com";

const rl = (over: Partial<RateLimitingOptions> = {}): RateLimitingOptions => ({
  minute: 600,
  hour: 20000,
  limitBy: "consumer",
  redis: { host: REDIS_HOST, port: 6379, ssl: true, sslVerify: true, database: 0, timeoutMs: 2000 },
  redisPasswordSecret: { name: "kong-redis-auth", key: "password", namespace: "kong" },
  ...over,
});

describe("ingress/kong-plugins: rate-limiting", () => {
  it("counts in ElastiCache (policy redis) with TLS verified and the Kong 3.6+ config.redis.* fields", () => {
    const p = rateLimitingPlugin("rate-limit", cluster, rl());
    assert.equal(p.apiVersion, "configuration.konghq.com/v1");
    assert.equal(p.kind, "KongClusterPlugin");
    assert.equal(p.plugin, "rate-limiting");
    assert.deepEqual(p.metadata, {
      name: "rate-limit",
      annotations: { "kubernetes.io/ingress.class": "kong" },
      labels: { global: "true" },
    });
    assert.deepEqual(p.config, {
      minute: 600,
      hour: 20000,
      limit_by: "consumer",
      policy: "redis",
      fault_tolerant: true,
      hide_client_headers: false,
      redis: {
        host: REDIS_HOST,
        port: 6379,
        ssl: true,
        ssl_verify: true,
        server_name: REDIS_HOST,
        database: 0,
        timeout: 2000,
      },
    });
  });

  it("takes the AUTH token from a Secret through configPatches and never puts it in config", () => {
    const p = rateLimitingPlugin("rate-limit", cluster, rl());
    assert.deepEqual(p.configPatches, [
      {
        path: "/redis/password",
        valueFrom: { secretKeyRef: { name: "kong-redis-auth", key: "password", namespace: "kong" } },
      },
    ]);
    const json = JSON.stringify(p.config);
    assert.ok(!/password/i.test(json), "no password field in config");
    // No deprecated flat redis_* fields either (removed in Kong 4.0).
    assert.ok(!json.includes("redis_"));
    // KIC splices the Secret value as raw JSON: strings must be stored quoted.
    assert.equal(configPatchSecretValue('p@ss"word'), '"p@ss\\"word"');
  });

  it("a KongPlugin lives in its namespace and limits by the given key", () => {
    const local = rateLimitingPlugin(
      "rl",
      ns,
      rl({ limitBy: "ip", redisPasswordSecret: { name: "kong-redis-auth", key: "password" } }),
    );
    assert.equal(local.metadata.namespace, "apps");
    assert.equal(local.config.limit_by, "ip");
  });
});

describe("ingress/kong-plugins: jwt, acl, cors, headers, prometheus", () => {
  it("jwt verifies exp, identifies the key by iss and lets CORS preflights through", () => {
    const p = jwtPlugin("jwt", ns);
    assert.deepEqual(p.config.claims_to_verify, ["exp"]);
    assert.equal(p.config.key_claim_name, "iss");
    assert.equal(p.config.run_on_preflight, false);
    assert.deepEqual(p.config.uri_param_names, [], "tokens must not be accepted from query strings");
    assert.equal(p.config.maximum_expiration, 3600);
  });

  it("acl allows the route's groups and hides the groups header", () => {
    const p = aclPlugin("orders-acl", ns, { allow: ["orders-read", "admins"] });
    assert.deepEqual(p.config, { allow: ["orders-read", "admins"], hide_groups_header: true });
    assert.equal(p.metadata.namespace, "apps");
    assert.equal(p.metadata.annotations, undefined);
  });

  it("cors lists the given origins, methods and headers", () => {
    const p = corsPlugin("cors", cluster, {
      origins: ["https://app.example.com", "http://localhost:3000"],
      credentials: true,
      maxAgeSeconds: 300,
    });
    assert.deepEqual(p.config.origins, ["https://app.example.com", "http://localhost:3000"]);
    assert.equal(p.config.credentials, true);
    assert.equal(p.config.max_age, 300);
    assert.ok((p.config.methods as string[]).includes("OPTIONS"));
    assert.ok((p.config.headers as string[]).includes("Authorization"));
    assert.deepEqual(corsPlugin("cors", cluster, { origins: ["*"], credentials: false }).config.origins, ["*"]);
  });

  it("response-transformer sets the security headers whether or not the service sent them", () => {
    const p = securityHeadersPlugin("security-headers", cluster, { "Cache-Control": "private, max-age=60" });
    const cfg = p.config as {
      replace: { headers: string[] };
      add: { headers: string[] };
      remove: { headers: string[] };
    };
    assert.deepEqual(cfg.replace.headers, cfg.add.headers);
    for (const h of [
      "X-Content-Type-Options:nosniff",
      "X-Frame-Options:DENY",
      "Referrer-Policy:no-referrer",
      "Cache-Control:private, max-age=60",
    ]) {
      assert.ok(cfg.add.headers.includes(h), h);
    }
    for (const h of cfg.add.headers) assert.match(h, /^[^:]+:.*$/); // Kong's schema pattern for add/replace
    assert.ok(cfg.remove.headers.includes("X-Powered-By"));
  });

  it("prometheus exports status, latency, bandwidth and upstream health without per-consumer labels", () => {
    const p = prometheusPlugin("prometheus", cluster);
    assert.deepEqual(p.config, {
      per_consumer: false,
      status_code_metrics: true,
      latency_metrics: true,
      bandwidth_metrics: true,
      upstream_health_metrics: true,
    });
    assert.equal(p.metadata.labels?.global, "true");
  });
});

describe("ingress/kong-consumers: consumers and credential Secrets", () => {
  it("KongConsumer carries the ingress class and references credential Secrets by name", () => {
    const c = kongConsumer({
      name: "mobile-app",
      namespace: "apps",
      username: "mobile-app",
      credentialSecretNames: ["mobile-app-jwt", "mobile-app-acl"],
    });
    assert.deepEqual(c, {
      apiVersion: "configuration.konghq.com/v1",
      kind: "KongConsumer",
      metadata: { name: "mobile-app", namespace: "apps", annotations: { "kubernetes.io/ingress.class": "kong" } },
      username: "mobile-app",
      credentials: ["mobile-app-jwt", "mobile-app-acl"],
    });
  });

  it("jwt credential Secret has the credential label and key/algorithm/rsa_public_key", () => {
    const s = jwtCredentialSecret({
      name: "mobile-app-jwt",
      namespace: "apps",
      algorithm: "ES256",
      key: "https://issuer.example.com",
      publicKeyPem: "<pem>",
    });
    assert.deepEqual(s.metadata.labels, { "konghq.com/credential": "jwt" });
    assert.deepEqual(s.stringData, { key: "https://issuer.example.com", algorithm: "ES256", rsa_public_key: "<pem>" });
    const hs = jwtCredentialSecret({
      name: "svc-jwt",
      namespace: "apps",
      algorithm: "HS256",
      key: "svc",
      secret: "<secret>",
    });
    assert.deepEqual(Object.keys(hs.stringData).sort(), ["algorithm", "key", "secret"]);
  });

  it("works with opaque values (Pulumi outputs) without reading them", () => {
    const opaque = {
      toString: () => {
        throw new Error("value was read");
      },
    };
    const s = jwtCredentialSecret<object>({
      name: "app-jwt",
      namespace: "apps",
      algorithm: "ES256",
      key: opaque,
      publicKeyPem: opaque,
    });
    assert.equal(s.stringData.rsa_public_key, opaque);
  });

  it("acl group Secret holds one group", () => {
    assert.deepEqual(aclGroupSecret({ name: "mobile-app-acl", namespace: "apps", group: "orders-read" }).stringData, {
      group: "orders-read",
    });
  });
});
