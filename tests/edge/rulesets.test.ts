import { strict as assert } from "node:assert";
import type * as cloudflare from "@pulumi/cloudflare";
import { CLOUDFLARE_PLANS, PLAN_FEATURES, planFeatures } from "../../components/edge/plans";
import {
  cacheRulesRuleset,
  customFirewallRuleset,
  EdgeRulesetArgs,
  MANAGED_RULESET_IDS,
  managedWafRuleset,
} from "../../components/edge/rulesets";

type ActionParameters = cloudflare.types.input.RulesetRuleActionParameters;

/** Builders return plain values; this narrows a pulumi.Input<T> back to T for assertions. */
function plain<T>(value: unknown): T {
  assert.ok(
    value === undefined || typeof (value as { then?: unknown }).then !== "function",
    "expected a plain value, got a promise",
  );
  return value as T;
}

const cacheOptions = {
  zoneId: "zone-123",
  plan: "free" as const,
  siteHosts: ["example.com", "www.example.com"],
  apiHosts: ["api.example.com"],
  staticExtensions: ["css", "js", "png", "woff2"],
  staticPathPrefixes: ["/static/"],
  apiPathPrefixes: ["/api/"],
  staticEdgeTtlSeconds: 86400,
};

function allExpressions(args: EdgeRulesetArgs): string[] {
  return args.rules.map((r) => plain<string>(r.expression));
}

describe("edge plan feature matrix", () => {
  it("covers every plan and rejects unknown ones", () => {
    for (const plan of CLOUDFLARE_PLANS) assert.equal(planFeatures(plan).plan, plan);
    assert.throws(
      () => planFeatures("premium"),
      /expected one of "free", "pro", "business", "enterprise", got "premium"/,
    );
  });

  it("grows monotonically from free to enterprise", () => {
    const order = CLOUDFLARE_PLANS.map((p) => PLAN_FEATURES[p]);
    for (let i = 1; i < order.length; i++) {
      const [lower, higher] = [order[i - 1], order[i]];
      assert.ok(higher.maxCustomRules >= lower.maxCustomRules, higher.plan);
      assert.ok(higher.maxRateLimitRules >= lower.maxRateLimitRules, higher.plan);
      assert.ok(Math.max(...higher.rateLimitPeriods) >= Math.max(...lower.rateLimitPeriods), higher.plan);
      assert.ok(higher.minEdgeTtlSeconds <= lower.minEdgeTtlSeconds, higher.plan);
    }
    assert.deepEqual(PLAN_FEATURES.free.rateLimitPeriods, [10]);
    assert.deepEqual(PLAN_FEATURES.free.rateLimitMitigationTimeouts, [10]);
    assert.equal(PLAN_FEATURES.free.managedWaf, false);
    assert.equal(PLAN_FEATURES.pro.managedWaf, true);
  });
});

describe("edge cache rules ruleset", () => {
  it("targets the zone cache-settings phase with static caching first and API bypass last", () => {
    const args = cacheRulesRuleset(cacheOptions);
    assert.equal(args.kind, "zone");
    assert.equal(args.phase, "http_request_cache_settings");
    assert.equal(args.zoneId, "zone-123");
    assert.deepEqual(
      args.rules.map((r) => r.ref),
      ["edgestack_static_cache", "edgestack_api_bypass"],
    );
    const [cache, bypass] = args.rules.map((r) => plain<ActionParameters>(r.actionParameters));
    assert.equal(cache.cache, true);
    assert.deepEqual(cache.edgeTtl, { mode: "override_origin", default: 86400 });
    assert.deepEqual(cache.browserTtl, { mode: "respect_origin" });
    assert.deepEqual(bypass, { cache: false });
    for (const rule of args.rules) assert.equal(rule.action, "set_cache_settings");
  });

  it("enforces the plan's minimum edge TTL", () => {
    assert.throws(
      () => cacheRulesRuleset({ ...cacheOptions, staticEdgeTtlSeconds: 3600 }),
      /integer ≥ 7200 on the free plan/,
    );
    assert.doesNotThrow(() => cacheRulesRuleset({ ...cacheOptions, plan: "pro", staticEdgeTtlSeconds: 3600 }));
    assert.throws(
      () => cacheRulesRuleset({ ...cacheOptions, plan: "business", staticEdgeTtlSeconds: 0.5 }),
      /integer ≥ 1/,
    );
  });
});

describe("edge custom firewall ruleset", () => {
  const base = {
    zoneId: "zone-123",
    plan: "free" as const,
    apiHosts: ["api.example.com"],
    allowedApiMethods: ["GET", "POST"],
  };

  it("always blocks non-allowlisted API methods; geo and ASN rules only when configured", () => {
    const minimal = customFirewallRuleset(base);
    assert.equal(minimal.phase, "http_request_firewall_custom");
    assert.deepEqual(
      minimal.rules.map((r) => r.ref),
      ["edgestack_api_method_allowlist"],
    );
    const full = customFirewallRuleset({ ...base, blockedCountries: ["KP"], blockedAsns: [64496] });
    assert.deepEqual(
      full.rules.map((r) => r.ref),
      ["edgestack_api_method_allowlist", "edgestack_block_countries", "edgestack_block_asns"],
    );
    for (const rule of full.rules) assert.equal(rule.action, "block");
    assert.ok(!allExpressions(full).some((e) => e.includes("cf.threat_score")));
  });

  it("passes bad options through as clear errors", () => {
    assert.throws(
      () => customFirewallRuleset({ ...base, blockedCountries: ["Germany"] }),
      /"Germany" is not a two-letter ISO 3166-1 country code/,
    );
    assert.throws(() => customFirewallRuleset({ ...base, plan: "gold" as never }), /edge plan: expected one of/);
  });
});

describe("edge managed WAF ruleset", () => {
  it("is skipped on the Free plan with a notice naming the plan requirement", () => {
    const result = managedWafRuleset({ zoneId: "zone-123", plan: "free" });
    assert.equal(result.kind, "skipped");
    if (result.kind !== "skipped") return;
    assert.match(result.notice, /need the Pro plan or higher; this zone is on free/);
    assert.match(result.notice, new RegExp(MANAGED_RULESET_IDS.cloudflareFreeManaged));
  });

  for (const plan of ["pro", "business", "enterprise"] as const) {
    it(`executes the Cloudflare Managed and OWASP Core rulesets on ${plan}`, () => {
      const result = managedWafRuleset({ zoneId: "zone-123", plan });
      assert.equal(result.kind, "ruleset");
      if (result.kind !== "ruleset") return;
      assert.equal(result.args.phase, "http_request_firewall_managed");
      const executed = result.args.rules.map((r) => {
        assert.equal(r.action, "execute");
        assert.equal(r.expression, "true");
        return plain<ActionParameters>(r.actionParameters).id;
      });
      assert.deepEqual(executed, ["efb7b8c949ac4650a09736fc376e9aee", "4814384a9e5d4991b9815dcfc25d2f1f"]);
    });
  }
});
