/**
 * What each Cloudflare plan allows, for the features the edge configures. Plan is data
 * (config), so a stack on the Free plan gets a valid, smaller configuration instead of an API
 * error at deploy time.
 *
 * Sources (cloudflare/cloudflare-docs, read 2026-11-23):
 * - Rate limiting: `src/content/partials/waf/rate-limiting-availability-by-plan.mdx` (commit 07acbb66)
 *   and `src/content/docs/waf/rate-limiting-rules/parameters.mdx` (commit 12dd7ce4) —
 *   https://developers.cloudflare.com/waf/rate-limiting-rules/#availability
 * - Custom rules: https://developers.cloudflare.com/waf/custom-rules/#availability
 *   (rules 5 / 20 / 100 / 1,000).
 * - Managed rules: Cloudflare Managed Ruleset and OWASP Core Ruleset on paid plans (Pro and up);
 *   the Free plan gets the Cloudflare Free Managed Ruleset
 *   (https://developers.cloudflare.com/waf/managed-rules/, `.../waf/reference/legacy/old-waf-managed-rules`).
 * - Minimum edge TTL in cache rules: 2 h / 1 h / 1 s / 1 s
 *   (https://developers.cloudflare.com/cache/how-to/edge-browser-cache-ttl/).
 */

export type CloudflarePlan = "free" | "pro" | "business" | "enterprise";
export const CLOUDFLARE_PLANS: readonly CloudflarePlan[] = Object.freeze(["free", "pro", "business", "enterprise"]);

/**
 * Period values (seconds) the rate-limiting API accepts, per the availability footnote; each plan
 * allows those up to its maximum. (parameters.mdx lists a shorter set — 10, 60, 120, 300, 600, 3600 —
 * every one of which is in this list.)
 */
const RATE_LIMIT_PERIOD_VALUES: readonly number[] = Object.freeze([
  10, 15, 20, 30, 40, 45, 60, 90, 120, 180, 240, 300, 480, 600, 900, 1200, 1800, 2400, 3600, 65535, 86400,
]);

export interface PlanFeatures {
  plan: CloudflarePlan;
  /** Cloudflare Managed Ruleset and OWASP Core Ruleset can be deployed. */
  managedWaf: boolean;
  /** Maximum rules in the `http_request_firewall_custom` phase of a zone. */
  maxCustomRules: number;
  /** Maximum rules in the `http_ratelimit` phase of a zone. */
  maxRateLimitRules: number;
  /** Allowed `period` values (seconds). */
  rateLimitPeriods: readonly number[];
  /** Allowed `mitigation_timeout` values (seconds) when the action applies for a duration (> 0). */
  rateLimitMitigationTimeouts: readonly number[];
  /** Fields a rate-limiting rule expression may use; `undefined` = no plan restriction. */
  rateLimitExpressionFields: readonly string[] | undefined;
  /** Only Enterprise may set a duration with challenge actions; others must send mitigation_timeout 0. */
  challengeNeedsZeroMitigationTimeout: boolean;
  /** Smallest edge TTL (seconds) a cache rule may set. */
  minEdgeTtlSeconds: number;
}

const upTo = (max: number): readonly number[] => Object.freeze(RATE_LIMIT_PERIOD_VALUES.filter((v) => v <= max));
const VERIFIED_BOT = ["cf.client.bot", "cf.bot_management.verified_bot"];
const PRO_RATE_LIMIT_FIELDS = [
  "http.host",
  "http.request.uri",
  "http.request.uri.path",
  "http.request.full_uri",
  "http.request.uri.query",
  ...VERIFIED_BOT,
];

export const PLAN_FEATURES: Readonly<Record<CloudflarePlan, Readonly<PlanFeatures>>> = Object.freeze({
  free: Object.freeze({
    plan: "free",
    managedWaf: false,
    maxCustomRules: 5,
    maxRateLimitRules: 1,
    rateLimitPeriods: Object.freeze([10]),
    rateLimitMitigationTimeouts: Object.freeze([10]),
    rateLimitExpressionFields: Object.freeze(["http.request.uri.path", ...VERIFIED_BOT]),
    challengeNeedsZeroMitigationTimeout: true,
    minEdgeTtlSeconds: 7200,
  }),
  pro: Object.freeze({
    plan: "pro",
    managedWaf: true,
    maxCustomRules: 20,
    maxRateLimitRules: 2,
    rateLimitPeriods: upTo(60),
    rateLimitMitigationTimeouts: upTo(3600),
    rateLimitExpressionFields: Object.freeze(PRO_RATE_LIMIT_FIELDS),
    challengeNeedsZeroMitigationTimeout: true,
    minEdgeTtlSeconds: 3600,
  }),
  business: Object.freeze({
    plan: "business",
    managedWaf: true,
    maxCustomRules: 100,
    maxRateLimitRules: 5,
    rateLimitPeriods: upTo(600),
    rateLimitMitigationTimeouts: upTo(86400),
    rateLimitExpressionFields: Object.freeze([
      ...PRO_RATE_LIMIT_FIELDS,
      "http.request.method",
      "ip.src",
      "http.user_agent",
    ]),
    challengeNeedsZeroMitigationTimeout: true,
    minEdgeTtlSeconds: 1,
  }),
  enterprise: Object.freeze({
    plan: "enterprise",
    managedWaf: true,
    maxCustomRules: 1000,
    // 100 with application security on the contract; the exact number depends on the contract.
    maxRateLimitRules: 100,
    rateLimitPeriods: upTo(65535),
    rateLimitMitigationTimeouts: upTo(86400),
    rateLimitExpressionFields: undefined,
    challengeNeedsZeroMitigationTimeout: false,
    minEdgeTtlSeconds: 1,
  }),
});

/** Feature matrix of a plan; throws naming the allowed plans for anything else. */
export function planFeatures(plan: string): Readonly<PlanFeatures> {
  if (!(CLOUDFLARE_PLANS as readonly string[]).includes(plan)) {
    throw new Error(
      `edge plan: expected one of ${CLOUDFLARE_PLANS.map((p) => `"${p}"`).join(", ")}, got ${JSON.stringify(plan)}`,
    );
  }
  return PLAN_FEATURES[plan as CloudflarePlan];
}
