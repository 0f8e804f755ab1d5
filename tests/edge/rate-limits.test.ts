import { strict as assert } from "node:assert";
import type * as cloudflare from "@pulumi/cloudflare";
import { CLOUDFLARE_PLANS, PLAN_FEATURES } from "../../components/edge/plans";
import { checkRateLimitTiming, loginRateLimitRuleset, LoginRateLimitOptions } from "../../components/edge/rate-limits";

type Ratelimit = cloudflare.types.input.RulesetRuleRatelimit;

/** The request fields the login expression may name, in the order the builder writes them. */
const fieldsIn = (expr: string) =>
  ["http.host", "http.request.uri.path", "http.request.method"].filter((f) => expr.includes(`${f} in `));

const free: LoginRateLimitOptions = {
  zoneId: "zone-123",
  plan: "free",
  loginPaths: ["/auth/login", "/auth/token"],
  hosts: ["api.example.com"],
  methods: ["POST"],
  requestsPerPeriod: 5,
  periodSeconds: 10,
  mitigationTimeoutSeconds: 10,
};

function onlyRule(options: LoginRateLimitOptions) {
  const result = loginRateLimitRuleset(options);
  assert.equal(result.args.rules.length, 1);
  return { ...result, rule: result.args.rules[0], ratelimit: result.args.rules[0].ratelimit as Ratelimit };
}

describe("edge login rate limit", () => {
  it("counts per client IP and data center with the requested numbers", () => {
    const { args, rule, ratelimit } = onlyRule(free);
    assert.equal(args.phase, "http_ratelimit");
    assert.equal(rule.action, "block");
    assert.deepEqual(ratelimit, {
      characteristics: ["ip.src", "cf.colo.id"],
      period: 10,
      requestsPerPeriod: 5,
      mitigationTimeout: 10,
    });
  });

  it("on Free matches only the URI path, and says what it dropped", () => {
    const { rule, notices } = onlyRule(free);
    const expr = rule.expression as string;
    assert.equal(expr, 'http.request.uri.path in {"/auth/login" "/auth/token"}');
    assert.equal(notices.length, 2);
    assert.match(notices[0], /every host/);
    assert.match(notices[1], /needs the Business plan/);
  });

  it("on Pro keeps the host but not the method; on Business keeps both", () => {
    const pro = onlyRule({ ...free, plan: "pro", periodSeconds: 60, mitigationTimeoutSeconds: 600 });
    assert.equal(
      pro.rule.expression,
      'http.host in {"api.example.com"} and http.request.uri.path in {"/auth/login" "/auth/token"}',
    );
    assert.equal(pro.notices.length, 1);
    const business = onlyRule({ ...free, plan: "business", periodSeconds: 60, mitigationTimeoutSeconds: 600 });
    assert.deepEqual(fieldsIn(business.rule.expression as string), [
      "http.host",
      "http.request.uri.path",
      "http.request.method",
    ]);
    assert.deepEqual(business.notices, []);
  });

  it("every plan's expression uses only fields that plan allows", () => {
    for (const plan of CLOUDFLARE_PLANS) {
      const features = PLAN_FEATURES[plan];
      const { rule } = onlyRule({ ...free, plan, periodSeconds: 10, mitigationTimeoutSeconds: 10 });
      const allowed = features.rateLimitExpressionFields;
      for (const field of fieldsIn(rule.expression as string)) {
        assert.ok(allowed === undefined || allowed.includes(field), `${plan}: ${field}`);
      }
    }
  });

  it("allows on Free only a 10 s period and a 10 s mitigation timeout", () => {
    assert.throws(
      () => loginRateLimitRuleset({ ...free, periodSeconds: 60 }),
      /free plan\): period 60 s is not allowed; allowed: 10$/,
    );
    assert.throws(
      () => loginRateLimitRuleset({ ...free, mitigationTimeoutSeconds: 60 }),
      /mitigation timeout 60 s is not allowed with action "block"; allowed: 10$/,
    );
    assert.throws(
      () => loginRateLimitRuleset({ ...free, mitigationTimeoutSeconds: 0 }),
      /mitigation timeout 0 s is not allowed/,
    );
  });

  it("follows each plan's documented maximum period and timeout", () => {
    const cases: Array<[(typeof CLOUDFLARE_PLANS)[number], number, number, boolean]> = [
      ["pro", 60, 3600, true],
      ["pro", 120, 60, false],
      ["pro", 60, 86400, false],
      ["business", 600, 86400, true],
      ["business", 3600, 60, false],
      ["enterprise", 3600, 86400, true],
      ["enterprise", 65535, 0, true],
      ["business", 60, 0, false],
      ["pro", 25, 60, false],
    ];
    for (const [plan, period, timeout, ok] of cases) {
      const run = (): void => checkRateLimitTiming(PLAN_FEATURES[plan], period, timeout, "block");
      if (ok) assert.doesNotThrow(run, `${plan} ${period}/${timeout}`);
      else assert.throws(run, /is not allowed/, `${plan} ${period}/${timeout}`);
    }
  });

  it("requires mitigation timeout 0 with challenge actions below Enterprise", () => {
    assert.throws(
      () => loginRateLimitRuleset({ ...free, action: "managed_challenge" }),
      /mitigation timeout must be 0 below Enterprise/,
    );
    const { rule, ratelimit } = onlyRule({ ...free, action: "managed_challenge", mitigationTimeoutSeconds: 0 });
    assert.equal(rule.action, "managed_challenge");
    assert.equal(ratelimit.mitigationTimeout, 0);
    assert.doesNotThrow(() =>
      loginRateLimitRuleset({
        ...free,
        plan: "enterprise",
        action: "managed_challenge",
        mitigationTimeoutSeconds: 600,
      }),
    );
  });

  it("rejects bad options with clear messages", () => {
    assert.throws(
      () => loginRateLimitRuleset({ ...free, requestsPerPeriod: 0 }),
      /requestsPerPeriod must be a positive integer, got 0/,
    );
    assert.throws(() => loginRateLimitRuleset({ ...free, action: "log" }), /"log" needs the Enterprise plan/);
    assert.throws(
      () => loginRateLimitRuleset({ ...free, action: "drop" as never }),
      /action "drop" is not one of block/,
    );
    assert.throws(() => loginRateLimitRuleset({ ...free, loginPaths: ["login"] }), /must start with "\/"/);
  });
});
