import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ConfigError, parseConfig } from "../../config";
import { ROOT } from "../harness";

/** Raw config as the CLI passes it for a stack, with edge overrides. */
function problemsFor(stack: "dev" | "prod", edge: Record<string, unknown>): string[] {
  const raw = {
    environment: stack,
    edge: JSON.stringify({ zone: "example.com", ...edge }),
    monitoring: JSON.stringify({ alertEmail: "ops@example.com" }),
  };
  try {
    parseConfig("edgestack", stack, raw, "us-east-1");
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
    return (e as ConfigError).problems;
  }
  return [];
}

function assertProblem(stack: "dev" | "prod", edge: Record<string, unknown>, expected: string): void {
  const problems = problemsFor(stack, edge);
  assert.ok(
    problems.some((p) => p.startsWith(expected)),
    `expected a problem starting with\n  ${expected}\ngot\n  ${problems.join("\n  ")}`,
  );
}

describe("edge config validation", () => {
  it("accepts the committed defaults for both environments", () => {
    assert.deepStrictEqual(problemsFor("dev", {}), []);
    assert.deepStrictEqual(problemsFor("prod", {}), []);
  });

  it("rejects an invalid zone or host prefix, naming the key", () => {
    assertProblem(
      "prod",
      { zone: "exa_mple.com" },
      'edgestack:edge.zone: expected a DNS zone name such as example.com, got "exa_mple.com"',
    );
    assertProblem(
      "prod",
      { zone: "example" },
      'edgestack:edge.zone: expected a DNS zone name such as example.com, got "example"',
    );
    assert.deepStrictEqual(problemsFor("dev", { hostPrefix: "Dev!" }), [
      "edgestack:edge.hostPrefix: expected a DNS label: lowercase letters, digits and '-', 1-32 chars, starting with a letter, got \"Dev!\"",
    ]);
    assertProblem("dev", { hostPrefix: "api" }, "edgestack:edge.hostPrefix:");
    assertProblem(
      "prod",
      { environmentPrefixes: ["www"] },
      'edgestack:edge.environmentPrefixes[0]: expected a prefix other than "www" and "api"',
    );
  });

  it("rejects prefixes whose flat hostnames collide", () => {
    assertProblem(
      "prod",
      { environmentPrefixes: ["dev", "www-dev"] },
      'edgestack:edge.environmentPrefixes: expected prefixes whose hosts do not collide (www-dev.example.com would belong to both prefix "dev" and prefix "www-dev")',
    );
    assert.deepStrictEqual(
      problemsFor("prod", { environmentPrefixes: ["dev", "www-dev"], hostnameStyle: "nested" }),
      [],
      "nested: www.dev vs www-dev",
    );
  });

  it("rejects a negative or too long HSTS max-age, and preload without a year", () => {
    assertProblem(
      "prod",
      { hstsMaxAgeSeconds: -1 },
      "edgestack:edge.hstsMaxAgeSeconds: expected an integer between 0 and 63072000, got -1",
    );
    assertProblem(
      "prod",
      { hstsMaxAgeSeconds: 1e9 },
      "edgestack:edge.hstsMaxAgeSeconds: expected an integer between 0 and 63072000",
    );
    assertProblem(
      "prod",
      { hstsPreload: true, hstsMaxAgeSeconds: 86400 },
      "edgestack:edge.hstsMaxAgeSeconds: expected at least 31536000 (one year) when hstsPreload is true, got 86400",
    );
  });

  it("rejects an unknown plan, style, method or certificate validity with the allowed values", () => {
    assertProblem(
      "prod",
      { plan: "premium" },
      'edgestack:edge.plan: expected one of "free", "pro", "business", "enterprise", got "premium"',
    );
    assertProblem(
      "prod",
      { hostnameStyle: "deep" },
      'edgestack:edge.hostnameStyle: expected one of "flat", "nested", got "deep"',
    );
    assertProblem(
      "prod",
      { allowedApiMethods: ["GET", "FETCH"] },
      'edgestack:edge.allowedApiMethods[1]: expected one of "GET", "HEAD"',
    );
    assertProblem(
      "prod",
      { allowedApiMethods: [] },
      "edgestack:edge.allowedApiMethods: expected at least one HTTP method",
    );
    assertProblem(
      "prod",
      { originCertValidityDays: 100 },
      "edgestack:edge.originCertValidityDays: expected one of 7, 30, 90, 365, 730, 1095, 5475 (days",
    );
    assertProblem(
      "prod",
      { originCertValidityDays: "5475" },
      "edgestack:edge.originCertValidityDays: expected one of 7, 30, 90, 365, 730, 1095, 5475",
    );
    assertProblem(
      "prod",
      { blockedCountries: ["kp"] },
      "edgestack:edge.blockedCountries[0]: expected ISO 3166-1 alpha-2 country codes",
    );
    assertProblem(
      "prod",
      { zoneId: "not-an-id" },
      "edgestack:edge.zoneId: expected a 32-character hex Cloudflare zone id",
    );
    assertProblem("prod", { wafMode: "on" }, "edgestack:edge.wafMode: unknown key (allowed: enabled, ");
  });

  it("checks rate-limit thresholds against the plan, naming the key and the allowed values", () => {
    assertProblem(
      "prod",
      { loginRateLimit: { periodSeconds: 60 } },
      "edgestack:edge.loginRateLimit.periodSeconds: expected one of 10 on the free plan (Cloudflare rate-limiting rules; see components/edge/plans.ts), got 60",
    );
    assertProblem(
      "prod",
      { loginRateLimit: { mitigationTimeoutSeconds: 0 } },
      "edgestack:edge.loginRateLimit.mitigationTimeoutSeconds: expected one of 10 on the free plan",
    );
    assertProblem(
      "prod",
      { plan: "pro", loginRateLimit: { periodSeconds: 120 } },
      "edgestack:edge.loginRateLimit.periodSeconds: expected one of 10, 15, 20, 30, 40, 45, 60 on the pro plan",
    );
    assert.deepStrictEqual(
      problemsFor("prod", { plan: "business", loginRateLimit: { periodSeconds: 600, mitigationTimeoutSeconds: 3600 } }),
      [],
    );
    assertProblem(
      "prod",
      { loginRateLimit: { paths: ["login"] } },
      "edgestack:edge.loginRateLimit.paths[0]: expected a URL path starting with '/'",
    );
    assertProblem(
      "prod",
      { loginRateLimit: { requestsPerPeriod: 0 } },
      "edgestack:edge.loginRateLimit.requestsPerPeriod: expected an integer between 1 and 100000, got 0",
    );
  });

  it("checks the static edge TTL against the plan's minimum", () => {
    assertProblem(
      "prod",
      { staticEdgeTtlSeconds: 3600 },
      "edgestack:edge.staticEdgeTtlSeconds: expected at least 7200 on the free plan (Cloudflare's minimum edge TTL for cache rules), got 3600",
    );
    assert.deepStrictEqual(problemsFor("prod", { plan: "pro", staticEdgeTtlSeconds: 3600 }), []);
  });

  it("stack files never hold the Cloudflare API token in clear", () => {
    const stackFiles = fs.readdirSync(ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
    assert.ok(stackFiles.length >= 2);
    for (const file of stackFiles) {
      const doc = (yaml.load(fs.readFileSync(path.join(ROOT, file), "utf8")) ?? {}) as {
        config?: Record<string, unknown>;
      };
      for (const [key, value] of Object.entries(doc.config ?? {})) {
        if (key.toLowerCase().startsWith("cloudflare:")) {
          assert.ok(
            typeof value === "object" && value !== null && "secure" in value,
            `${file}: ${key} must be set with \`pulumi config set --secret ${key}\` (or use CLOUDFLARE_API_TOKEN)`,
          );
        }
      }
    }
  });
});
