/**
 * Argument objects for `cloudflare.Ruleset` (provider 6.x) — cache rules, custom firewall rules and
 * the managed WAF — computed from plain options and the zone's plan. Rule objects are written as
 * literals typed with the provider's own `RulesetRule` input type, so tsc rejects a misspelt or
 * misplaced argument. Rate limits live in rate-limits.ts.
 *
 * Phase entry-point rulesets at zone level: `kind: "zone"`, one ruleset per phase and zone. So if
 * several stacks (dev, prod) share one zone, only one stack may own each phase's ruleset; pass it
 * every environment's hosts (the host options take lists) instead of creating one per stack.
 * Action and phase names are the API's snake_case strings (the provider docs render `_` as `*`).
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as cloudflare from "@pulumi/cloudflare";
import {
  apiRequestsExpression,
  asnsExpression,
  countriesExpression,
  disallowedMethodsExpression,
  staticAssetsExpression,
} from "./expressions";
import { CloudflarePlan, planFeatures } from "./plans";

export type RulesetRule = cloudflare.types.input.RulesetRule;

/** RulesetArgs with the fields these builders always set made required (tests and callers read them). */
export interface EdgeRulesetArgs extends cloudflare.RulesetArgs {
  name: string;
  description: string;
  kind: "zone";
  phase: string;
  rules: RulesetRule[];
}

/**
 * Managed ruleset IDs, from https://developers.cloudflare.com/waf/managed-rules/ (read 2026-11-23;
 * `src/content/docs/waf/managed-rules/index.mdx` in cloudflare/cloudflare-docs, commit 07acbb66).
 */
export const MANAGED_RULESET_IDS = Object.freeze({
  cloudflareManaged: "efb7b8c949ac4650a09736fc376e9aee",
  owaspCore: "4814384a9e5d4991b9815dcfc25d2f1f",
  /** Available on every plan, including Free. */
  cloudflareFreeManaged: "77454fe2d30c4220b5701f6fdfb893ba",
});

function zoneRuleset(
  zoneId: pulumi.Input<string>,
  phase: string,
  name: string,
  description: string,
  rules: RulesetRule[],
): EdgeRulesetArgs {
  return { zoneId, kind: "zone", phase, name, description, rules };
}

interface CacheRulesOptions {
  zoneId: pulumi.Input<string>;
  plan: CloudflarePlan;
  /** Site hosts whose static files are cached (apex, www). */
  siteHosts: readonly string[];
  /** API hosts: never cached. */
  apiHosts: readonly string[];
  /** Extensions cached on the site hosts, e.g. ["css", "js", "png", "woff2"]. */
  staticExtensions: readonly string[];
  /** Path prefixes cached on the site hosts regardless of extension, e.g. ["/static/"]. */
  staticPathPrefixes?: readonly string[];
  /** API path prefixes never cached on any host, e.g. ["/api/"]. */
  apiPathPrefixes?: readonly string[];
  /** Edge TTL for static files, seconds; at least the plan's minimum (Free 7200, Pro 3600). */
  staticEdgeTtlSeconds: number;
}

/**
 * `http_request_cache_settings`: cache static files at the edge for a fixed TTL (browser TTL left
 * to the origin's Cache-Control), bypass the cache for the API. Cache rules stack and the last
 * matching rule wins (https://developers.cloudflare.com/cache/how-to/cache-rules/order/), so the
 * bypass comes last: an API path can never become cacheable through the static rule.
 */
export function cacheRulesRuleset(options: CacheRulesOptions): EdgeRulesetArgs {
  const plan = planFeatures(options.plan);
  const ttl = options.staticEdgeTtlSeconds;
  if (!Number.isInteger(ttl) || ttl < plan.minEdgeTtlSeconds) {
    throw new Error(
      `edge cache rules: staticEdgeTtlSeconds must be an integer ≥ ${plan.minEdgeTtlSeconds} on the ${plan.plan} plan ` +
        `(Cloudflare's minimum edge TTL), got ${JSON.stringify(ttl)}`,
    );
  }
  const rules: RulesetRule[] = [
    {
      ref: "edgestack_static_cache",
      description: "Cache static assets on the site hosts",
      expression: staticAssetsExpression({
        hosts: options.siteHosts,
        extensions: options.staticExtensions,
        pathPrefixes: options.staticPathPrefixes,
      }),
      action: "set_cache_settings",
      actionParameters: {
        cache: true,
        edgeTtl: { mode: "override_origin", default: ttl },
        browserTtl: { mode: "respect_origin" },
      },
      enabled: true,
    },
    {
      ref: "edgestack_api_bypass",
      description: "Never cache API requests (last rule: it wins over any earlier match)",
      expression: apiRequestsExpression({ apiHosts: options.apiHosts, apiPathPrefixes: options.apiPathPrefixes }),
      action: "set_cache_settings",
      actionParameters: { cache: false },
      enabled: true,
    },
  ];
  return zoneRuleset(
    options.zoneId,
    "http_request_cache_settings",
    "edgestack cache rules",
    "Static assets cached, API bypassed",
    rules,
  );
}

interface CustomFirewallOptions {
  zoneId: pulumi.Input<string>;
  plan: CloudflarePlan;
  apiHosts: readonly string[];
  /** Methods the API accepts; every other method is blocked on the API hosts. */
  allowedApiMethods: readonly string[];
  /** ISO 3166-1 alpha-2 codes to block (empty or absent: no rule). */
  blockedCountries?: readonly string[];
  /** AS numbers to block (empty or absent: no rule). */
  blockedAsns?: readonly number[];
}

/**
 * `http_request_firewall_custom`: block non-allowlisted methods on the API hosts, and optionally
 * countries and ASNs. (No rule on `cf.threat_score`: Cloudflare now documents it as always 0.)
 */
export function customFirewallRuleset(options: CustomFirewallOptions): EdgeRulesetArgs {
  const plan = planFeatures(options.plan);
  const rules: RulesetRule[] = [
    {
      ref: "edgestack_api_method_allowlist",
      description: "Block HTTP methods the API does not serve",
      expression: disallowedMethodsExpression(options.apiHosts, options.allowedApiMethods),
      action: "block",
      enabled: true,
    },
  ];
  if (options.blockedCountries && options.blockedCountries.length > 0) {
    rules.push({
      ref: "edgestack_block_countries",
      description: "Block requests from configured countries",
      expression: countriesExpression(options.blockedCountries),
      action: "block",
      enabled: true,
    });
  }
  if (options.blockedAsns && options.blockedAsns.length > 0) {
    rules.push({
      ref: "edgestack_block_asns",
      description: "Block requests from configured autonomous systems",
      expression: asnsExpression(options.blockedAsns),
      action: "block",
      enabled: true,
    });
  }
  if (rules.length > plan.maxCustomRules) {
    throw new Error(
      `edge custom rules: ${rules.length} rules exceed the ${plan.plan} plan's limit of ${plan.maxCustomRules}`,
    );
  }
  return zoneRuleset(
    options.zoneId,
    "http_request_firewall_custom",
    "edgestack custom rules",
    "Method allowlist and geo/ASN blocks",
    rules,
  );
}

type ManagedWafResult = { kind: "ruleset"; args: EdgeRulesetArgs } | { kind: "skipped"; notice: string };

/**
 * `http_request_firewall_managed`: execute the Cloudflare Managed Ruleset and the OWASP Core Ruleset
 * on every request, with their default configuration. Those need a paid plan; on Free this returns
 * a notice instead (the Free Managed Ruleset is what Free zones get).
 */
export function managedWafRuleset(options: { zoneId: pulumi.Input<string>; plan: CloudflarePlan }): ManagedWafResult {
  const plan = planFeatures(options.plan);
  if (!plan.managedWaf) {
    return {
      kind: "skipped",
      notice:
        `Managed WAF not deployed: the Cloudflare Managed Ruleset (${MANAGED_RULESET_IDS.cloudflareManaged}) and ` +
        `OWASP Core Ruleset (${MANAGED_RULESET_IDS.owaspCore}) need the Pro plan or higher; this zone is on ${plan.plan}. ` +
        `Free zones are covered by the Cloudflare Free Managed Ruleset (${MANAGED_RULESET_IDS.cloudflareFreeManaged}) only.`,
    };
  }
  const rules: RulesetRule[] = [
    {
      ref: "edgestack_cloudflare_managed",
      description: "Execute the Cloudflare Managed Ruleset",
      expression: "true",
      action: "execute",
      actionParameters: { id: MANAGED_RULESET_IDS.cloudflareManaged },
      enabled: true,
    },
    {
      ref: "edgestack_owasp_core",
      description: "Execute the Cloudflare OWASP Core Ruleset",
      expression: "true",
      action: "execute",
      actionParameters: { id: MANAGED_RULESET_IDS.owaspCore },
      enabled: true,
    },
  ];
  return {
    kind: "ruleset",
    args: zoneRuleset(
      options.zoneId,
      "http_request_firewall_managed",
      "edgestack managed WAF",
      "Cloudflare Managed + OWASP Core",
      rules,
    ),
  };
}
