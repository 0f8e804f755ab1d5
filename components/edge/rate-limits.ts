/**
 * `http_ratelimit` ruleset arguments: rate limits on the authentication endpoints, checked against
 * what the zone's plan allows (periods, mitigation timeouts, expression fields, number of rules).
 * Sources: plans.ts; parameter semantics from
 * https://developers.cloudflare.com/waf/rate-limiting-rules/parameters/ (read 2026-11-23).
 */
import type * as pulumi from "@pulumi/pulumi";
import { loginPathsExpression } from "./expressions";
import { CloudflarePlan, planFeatures, PlanFeatures } from "./plans";
import type { EdgeRulesetArgs, RulesetRule } from "./rulesets";

/** Actions a rate-limiting rule may take (parameters.mdx, "Then take action"). */
export type RateLimitAction = "block" | "managed_challenge" | "js_challenge" | "challenge" | "log";
const CHALLENGE_ACTIONS: readonly RateLimitAction[] = ["managed_challenge", "js_challenge", "challenge"];
const ACTIONS: readonly RateLimitAction[] = ["block", ...CHALLENGE_ACTIONS, "log"];

/**
 * Counting characteristics. `cf.colo.id` is mandatory in the API (counters are per data center);
 * `ip.src` counts per client IP and is available on every plan.
 */
const LOGIN_RATE_LIMIT_CHARACTERISTICS: readonly string[] = Object.freeze(["ip.src", "cf.colo.id"]);

export interface LoginRateLimitOptions {
  zoneId: pulumi.Input<string>;
  plan: CloudflarePlan;
  /** Exact paths of the authentication endpoints, e.g. ["/auth/login"]. */
  loginPaths: readonly string[];
  /** Limit to these hosts; dropped (with a notice) on Free, whose rate limits may only match the path. */
  hosts?: readonly string[];
  /** Limit to these methods, e.g. ["POST"]; dropped (with a notice) below Business. */
  methods?: readonly string[];
  requestsPerPeriod: number;
  /** Counting window, seconds (Free: 10 only). */
  periodSeconds: number;
  /**
   * How long the action applies once triggered, seconds (Free: 10 only). With a challenge action
   * on Free/Pro/Business it must be 0 (Cloudflare then throttles: the challenge resets the counter).
   */
  mitigationTimeoutSeconds: number;
  /** Default "block" (HTTP 429 by default). */
  action?: RateLimitAction;
}

interface LoginRateLimitResult {
  args: EdgeRulesetArgs;
  /** What was adjusted to fit the plan, for the preview output. */
  notices: string[];
}

function allowedList(values: readonly number[]): string {
  return values.join(", ");
}

/** Why a period / mitigation timeout is not allowed on a plan (config validation reports it per key). */
interface RateLimitTimingProblem {
  /** The option at fault. */
  key: "periodSeconds" | "mitigationTimeoutSeconds";
  /** What the plan allows instead, e.g. "one of 10" or "0". */
  allowed: string;
  /** The complete sentence (without the plan prefix). */
  message: string;
}

/** The first timing problem on the plan, or undefined when period and timeout are both allowed. */
export function rateLimitTimingProblem(
  plan: Readonly<PlanFeatures>,
  periodSeconds: number,
  mitigationTimeoutSeconds: number,
  action: RateLimitAction,
): RateLimitTimingProblem | undefined {
  if (!plan.rateLimitPeriods.includes(periodSeconds)) {
    const allowed = allowedList(plan.rateLimitPeriods);
    return {
      key: "periodSeconds",
      allowed: `one of ${allowed}`,
      message: `period ${JSON.stringify(periodSeconds)} s is not allowed; allowed: ${allowed}`,
    };
  }
  if (CHALLENGE_ACTIONS.includes(action) && plan.challengeNeedsZeroMitigationTimeout) {
    if (mitigationTimeoutSeconds === 0) return undefined;
    return {
      key: "mitigationTimeoutSeconds",
      allowed: "0",
      message:
        `with action "${action}" the mitigation timeout must be 0 below Enterprise ` +
        `(Cloudflare throttles instead of applying a duration), got ${JSON.stringify(mitigationTimeoutSeconds)}`,
    };
  }
  const throttleAllowed = !plan.challengeNeedsZeroMitigationTimeout; // Enterprise may throttle with any action
  if (mitigationTimeoutSeconds === 0 && throttleAllowed) return undefined;
  if (plan.rateLimitMitigationTimeouts.includes(mitigationTimeoutSeconds)) return undefined;
  const allowed = `${allowedList(plan.rateLimitMitigationTimeouts)}${throttleAllowed ? ", or 0 to throttle" : ""}`;
  return {
    key: "mitigationTimeoutSeconds",
    allowed: `one of ${allowed}`,
    message: `mitigation timeout ${JSON.stringify(mitigationTimeoutSeconds)} s is not allowed with action "${action}"; allowed: ${allowed}`,
  };
}

/** Throws a clear error when the timing parameters are not allowed on the plan. */
export function checkRateLimitTiming(
  plan: Readonly<PlanFeatures>,
  periodSeconds: number,
  mitigationTimeoutSeconds: number,
  action: RateLimitAction,
): void {
  const problem = rateLimitTimingProblem(plan, periodSeconds, mitigationTimeoutSeconds, action);
  if (problem) throw new Error(`edge rate limit (${plan.plan} plan): ${problem.message}`);
}

/** Rate limit on the login endpoints, per client IP (and data center), shaped to the plan. */
export function loginRateLimitRuleset(options: LoginRateLimitOptions): LoginRateLimitResult {
  const plan = planFeatures(options.plan);
  const action = options.action ?? "block";
  if (!ACTIONS.includes(action)) {
    throw new Error(`edge rate limit: action ${JSON.stringify(action)} is not one of ${ACTIONS.join(", ")}`);
  }
  if (action === "log" && plan.plan !== "enterprise") {
    throw new Error(`edge rate limit: action "log" needs the Enterprise plan; this zone is on ${plan.plan}`);
  }
  if (!Number.isInteger(options.requestsPerPeriod) || options.requestsPerPeriod < 1) {
    throw new Error(
      `edge rate limit: requestsPerPeriod must be a positive integer, got ${JSON.stringify(options.requestsPerPeriod)}`,
    );
  }
  checkRateLimitTiming(plan, options.periodSeconds, options.mitigationTimeoutSeconds, action);

  const notices: string[] = [];
  const allowed = plan.rateLimitExpressionFields;
  const fieldAllowed = (field: string): boolean => allowed === undefined || allowed.includes(field);
  let hosts = options.hosts;
  if (hosts && hosts.length > 0 && !fieldAllowed("http.host")) {
    notices.push(
      `Rate limit applies to the login paths on every host: the ${plan.plan} plan's rate-limit rules can only match the URI path.`,
    );
    hosts = undefined;
  }
  let methods = options.methods;
  if (methods && methods.length > 0 && !fieldAllowed("http.request.method")) {
    notices.push(
      `Rate limit counts every method on the login paths: matching on the method needs the Business plan or higher (zone is on ${plan.plan}).`,
    );
    methods = undefined;
  }
  const expression = loginPathsExpression({ paths: options.loginPaths, hosts, methods });
  const rules: RulesetRule[] = [
    {
      ref: "edgestack_login_rate_limit",
      description: "Rate limit the authentication endpoints per client IP",
      expression,
      action,
      ratelimit: {
        characteristics: [...LOGIN_RATE_LIMIT_CHARACTERISTICS],
        period: options.periodSeconds,
        requestsPerPeriod: options.requestsPerPeriod,
        mitigationTimeout: options.mitigationTimeoutSeconds,
      },
      enabled: true,
    },
  ];
  if (rules.length > plan.maxRateLimitRules) {
    throw new Error(
      `edge rate limits: ${rules.length} rules exceed the ${plan.plan} plan's limit of ${plan.maxRateLimitRules}`,
    );
  }
  return {
    args: {
      zoneId: options.zoneId,
      kind: "zone",
      phase: "http_ratelimit",
      name: "edgestack rate limits",
      description: "Login endpoints rate limited per client IP",
      rules,
    },
    notices,
  };
}
