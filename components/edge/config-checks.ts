/**
 * Cross-key checks of the `edgestack:edge` config that depend on Cloudflare's plan matrix or on the
 * hostname layout. They run inside the zod schema (config/schema-edge.ts), so a value the plan
 * does not allow fails `pulumi preview` with one line naming the key, instead of an API error in the
 * middle of `pulumi up`:
 *
 *   edgestack:edge.loginRateLimit.periodSeconds: expected one of 10 on the free plan (...), got 60
 */
import { EdgeHostnames, environmentHostnames, HostnameStyle, servedHosts } from "./hostnames";
import { CLOUDFLARE_PLANS, CloudflarePlan, planFeatures } from "./plans";
import { rateLimitTimingProblem } from "./rate-limits";

export const HOSTNAME_STYLES = ["flat", "nested"] as const satisfies readonly HostnameStyle[];

/** The validities Cloudflare's Origin CA issues (OriginCaCertificateArgs.requestedValidity). */
export const ORIGIN_CERT_VALIDITY_DAYS = [7, 30, 90, 365, 730, 1095, 5475] as const;

/** The edge config keys these checks read (structural: the schema that calls them defines the full type). */
interface EdgePlanCheckInput {
  zone: string;
  hostPrefix: string;
  hostnameStyle: HostnameStyle;
  environmentPrefixes: readonly string[];
  plan: CloudflarePlan;
  staticEdgeTtlSeconds: number;
  loginRateLimit: { periodSeconds: number; mitigationTimeoutSeconds: number };
}

interface EdgeConfigIssue {
  /** Path below `edge`, e.g. ["loginRateLimit", "periodSeconds"]. */
  path: (string | number)[];
  input: unknown;
  /** Schema style: what is expected (the config reader appends ", got <value>"). */
  message: string;
}

/** Every prefix whose hosts the managing stack's zone-wide rules must cover: its own first, then the others. */
export function coveredPrefixes(cfg: Pick<EdgePlanCheckInput, "hostPrefix" | "environmentPrefixes">): string[] {
  return [...new Set([cfg.hostPrefix, ...cfg.environmentPrefixes])];
}

function hostCollisions(cfg: EdgePlanCheckInput): EdgeConfigIssue[] {
  const owner = new Map<string, string>();
  const issues: EdgeConfigIssue[] = [];
  for (const prefix of coveredPrefixes(cfg)) {
    let hosts: EdgeHostnames;
    try {
      hosts = environmentHostnames(cfg.zone, prefix, cfg.hostnameStyle);
    } catch {
      // zod runs this refinement even when a prefix already failed its own check, which reported it by key.
      return [];
    }
    const label = prefix === "" ? "the unprefixed environment" : `prefix "${prefix}"`;
    for (const host of servedHosts(hosts)) {
      const other = owner.get(host);
      if (other !== undefined && other !== label) {
        issues.push({
          path: ["environmentPrefixes"],
          input: cfg.environmentPrefixes,
          message: `expected prefixes whose hosts do not collide (${host} would belong to both ${other} and ${label})`,
        });
      }
      owner.set(host, label);
    }
  }
  return issues;
}

/** Problems with the edge config on its Cloudflare plan, one per key (empty when the config fits). */
export function edgePlanIssues(cfg: EdgePlanCheckInput): EdgeConfigIssue[] {
  if (!(CLOUDFLARE_PLANS as readonly string[]).includes(cfg.plan)) return []; // reported on edge.plan itself
  const plan = planFeatures(cfg.plan);
  const issues: EdgeConfigIssue[] = [];
  const { periodSeconds, mitigationTimeoutSeconds } = cfg.loginRateLimit;
  // The login rule's action is "block" (rate-limits.ts default); challenge actions would need timeout 0.
  const timing = rateLimitTimingProblem(plan, periodSeconds, mitigationTimeoutSeconds, "block");
  if (timing) {
    issues.push({
      path: ["loginRateLimit", timing.key],
      input: cfg.loginRateLimit[timing.key],
      message: `expected ${timing.allowed} on the ${plan.plan} plan (Cloudflare rate-limiting rules; see components/edge/plans.ts)`,
    });
  }
  if (cfg.staticEdgeTtlSeconds < plan.minEdgeTtlSeconds) {
    issues.push({
      path: ["staticEdgeTtlSeconds"],
      input: cfg.staticEdgeTtlSeconds,
      message: `expected at least ${plan.minEdgeTtlSeconds} on the ${plan.plan} plan (Cloudflare's minimum edge TTL for cache rules)`,
    });
  }
  return [...issues, ...hostCollisions(cfg)];
}
