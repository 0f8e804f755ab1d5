import * as assert from "assert";
import { edgeSchema } from "../../config/schema-edge";
import { coveredPrefixes, edgePlanIssues } from "../../components/edge/config-checks";
import { coveredHostnames, edgeLayout, EdgeLayoutConfig, stackHostnames } from "../../components/edge/layout";
import { originCertExpiryIso } from "../../components/edge/origin-ca";
import { PLAN_FEATURES } from "../../components/edge/plans";
import { rateLimitTimingProblem } from "../../components/edge/rate-limits";
import { ENV_DEFAULTS } from "../../config/env-defaults";

function cfg(stack: "dev" | "prod", overrides: Record<string, unknown> = {}): EdgeLayoutConfig {
  // The loader gives each stack its name as host prefix by default; prod serves the apex (Pulumi.prod.yaml).
  return edgeSchema.parse({
    ...(ENV_DEFAULTS[stack].edge as object),
    zone: "example.com",
    hostPrefix: stack === "prod" ? "" : stack,
    ...overrides,
  });
}

describe("edge layout", () => {
  it("publishes the stack's hosts in the configured style (what NGINX must serve)", () => {
    assert.deepStrictEqual(stackHostnames(cfg("dev")), {
      zone: "example.com",
      apex: "dev.example.com",
      www: "www-dev.example.com",
      api: "api-dev.example.com",
    });
    assert.strictEqual(stackHostnames(cfg("dev", { hostnameStyle: "nested" })).api, "api.dev.example.com");
    assert.strictEqual(stackHostnames(cfg("prod")).api, "api.example.com");
    assert.deepStrictEqual(coveredHostnames(cfg("dev"))[0], stackHostnames(cfg("dev")));
  });

  it("covers its own hosts first, then every other environment's (duplicates dropped)", () => {
    assert.deepStrictEqual(coveredPrefixes({ hostPrefix: "", environmentPrefixes: ["dev", "staging", "dev"] }), [
      "",
      "dev",
      "staging",
    ]);
    assert.deepStrictEqual(
      coveredHostnames(cfg("prod", { environmentPrefixes: ["dev", "staging"] })).map((h) => h.api),
      ["api.example.com", "api-dev.example.com", "api-staging.example.com"],
    );
  });

  it("the managing stack gets zone settings from its config and rulesets covering every environment", () => {
    const layout = edgeLayout(cfg("prod", { hstsMaxAgeSeconds: 63072000 }), "zone-1");
    const header = layout.zoneSettings!.find((s) => s.settingId === "security_header")!;
    assert.deepStrictEqual(header.value, {
      strict_transport_security: {
        enabled: true,
        max_age: 63072000,
        include_subdomains: true,
        preload: false,
        nosniff: true,
      },
    });
    assert.ok(
      layout.zoneSettings!.some((s) => s.settingId === "tls_client_auth" && s.value === "on"),
      "Authenticated Origin Pulls",
    );
    const apiBypass = layout.rulesets!.cache.rules[1].expression;
    assert.strictEqual(
      apiBypass,
      'http.host in {"api.example.com" "api-dev.example.com"} or starts_with(http.request.uri.path, "/api/")',
    );
    assert.deepStrictEqual(layout.certificateHostnames, ["example.com", "www.example.com", "api.example.com"]);
  });

  it("a stack that does not manage the zone gets neither, and a notice naming the key to set on the owner", () => {
    const layout = edgeLayout(cfg("dev"), "zone-1");
    assert.strictEqual(layout.zoneSettings, undefined);
    assert.strictEqual(layout.rulesets, undefined);
    assert.deepStrictEqual(layout.certificateHostnames, [
      "dev.example.com",
      "www-dev.example.com",
      "api-dev.example.com",
    ]);
    assert.strictEqual(layout.notices.length, 1);
    assert.match(layout.notices[0], /must list "dev" in edge\.environmentPrefixes/);
  });

  it("adds the managed WAF from the Pro plan on, and matches the login method from Business on", () => {
    const free = edgeLayout(cfg("prod"), "zone-1");
    assert.strictEqual(free.rulesets!.managedWaf, undefined);
    assert.ok(free.notices.some((n) => n.startsWith("Managed WAF not deployed")));
    const business = edgeLayout(cfg("prod", { plan: "business" }), "zone-1");
    assert.strictEqual(business.rulesets!.managedWaf!.phase, "http_request_firewall_managed");
    assert.strictEqual(
      business.rulesets!.rateLimit.rules[0].expression,
      'http.request.uri.path in {"/api/v1/auth/login" "/api/v1/auth/token"} and http.request.method in {"POST"}',
    );
    assert.deepStrictEqual(business.notices, []);
  });
});

describe("edge config plan checks", () => {
  it("report per key what the plan allows (empty when it fits)", () => {
    assert.deepStrictEqual(edgePlanIssues(cfg("prod")), []);
    const issues = edgePlanIssues({
      ...cfg("prod"),
      staticEdgeTtlSeconds: 60,
      loginRateLimit: { periodSeconds: 60, mitigationTimeoutSeconds: 10 },
    });
    assert.deepStrictEqual(
      issues.map((i) => [i.path.join("."), i.input]),
      [
        ["loginRateLimit.periodSeconds", 60],
        ["staticEdgeTtlSeconds", 60],
      ],
    );
  });

  it("rate-limit timing problems name the option and the allowed values", () => {
    assert.strictEqual(rateLimitTimingProblem(PLAN_FEATURES.free, 10, 10, "block"), undefined);
    assert.deepStrictEqual(rateLimitTimingProblem(PLAN_FEATURES.free, 10, 60, "block"), {
      key: "mitigationTimeoutSeconds",
      allowed: "one of 10",
      message: 'mitigation timeout 60 s is not allowed with action "block"; allowed: 10',
    });
    assert.strictEqual(rateLimitTimingProblem(PLAN_FEATURES.pro, 60, 5, "managed_challenge")?.allowed, "0");
    assert.match(rateLimitTimingProblem(PLAN_FEATURES.enterprise, 60, 5, "block")!.allowed, /, or 0 to throttle$/);
  });
});

describe("origin certificate expiry", () => {
  it("converts Cloudflare's Go time format to ISO 8601 UTC", () => {
    assert.strictEqual(originCertExpiryIso("2041-11-19 00:00:00 +0000 UTC"), "2041-11-19T00:00:00.000Z");
    assert.strictEqual(originCertExpiryIso("2027-03-01 17:30:00 +0200 +0200"), "2027-03-01T15:30:00.000Z");
    assert.strictEqual(originCertExpiryIso("2027-03-01T15:30:00Z"), "2027-03-01T15:30:00.000Z");
  });

  it("passes anything unparseable through unchanged instead of failing a deployment", () => {
    assert.strictEqual(originCertExpiryIso("soon"), "soon");
  });
});
