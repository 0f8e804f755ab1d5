/**
 * Everything the Edge component creates, computed from the validated edge config: this stack's hosts,
 * the origin certificate's names, and — only on the stack that manages the zone — the zone settings and
 * one ruleset per phase, plus the notices the preview shows. Pure (no resources), so it is tested on its
 * own; edge.ts only turns the result into resources.
 *
 * Zone settings and phase entry-point rulesets exist once per zone. When several stacks share a zone
 * (dev and prod in the default config) exactly one of them sets `edge.manageZone`, and its rules cover
 * the hosts of every prefix in `edge.environmentPrefixes` as well as its own.
 */
import type * as pulumi from "@pulumi/pulumi";
import { coveredPrefixes } from "./config-checks";
import { EdgeHostnames, environmentHostnames, HostnameStyle, servedHosts, universalSslGaps } from "./hostnames";
import { CloudflarePlan } from "./plans";
import { loginRateLimitRuleset } from "./rate-limits";
import { cacheRulesRuleset, customFirewallRuleset, EdgeRulesetArgs, managedWafRuleset } from "./rulesets";
import { ZoneSettingEntry, zoneSettings } from "./zone-settings";

/** Extensions cached at the edge on the site hosts (fingerprinted build output, fonts, images). */
const STATIC_EXTENSIONS: readonly string[] = Object.freeze([
  "css",
  "js",
  "mjs",
  "map",
  "png",
  "jpg",
  "jpeg",
  "gif",
  "svg",
  "webp",
  "avif",
  "ico",
  "woff",
  "woff2",
  "ttf",
]);
/** Path prefixes cached on the site hosts whatever the extension. */
const STATIC_PATH_PREFIXES: readonly string[] = Object.freeze(["/static/", "/assets/"]);
/** Kong serves every service under /api/ (services[].paths); never cached on any host. */
const API_PATH_PREFIXES: readonly string[] = Object.freeze(["/api/"]);
/** The login rule only counts POSTs where the plan can match on the method (Business+); see rate-limits.ts. */
const LOGIN_METHODS: readonly string[] = Object.freeze(["POST"]);

/** The edge config keys the layout reads (a structural subset of EdgeConfig from config.ts). */
export interface EdgeLayoutConfig {
  zone: string;
  hostPrefix: string;
  hostnameStyle: HostnameStyle;
  manageZone: boolean;
  environmentPrefixes: readonly string[];
  plan: CloudflarePlan;
  hstsMaxAgeSeconds: number;
  hstsPreload: boolean;
  staticEdgeTtlSeconds: number;
  allowedApiMethods: readonly string[];
  blockedCountries: readonly string[];
  blockedAsns: readonly number[];
  loginRateLimit: {
    paths: readonly string[];
    requestsPerPeriod: number;
    periodSeconds: number;
    mitigationTimeoutSeconds: number;
  };
}

export interface EdgeZoneRulesets {
  cache: EdgeRulesetArgs;
  customFirewall: EdgeRulesetArgs;
  rateLimit: EdgeRulesetArgs;
  /** Absent when the plan has no managed WAF (a notice says so). */
  managedWaf?: EdgeRulesetArgs;
}

export interface EdgeLayout {
  /** This stack's hosts. */
  hosts: EdgeHostnames;
  /** Subject alternative names of this stack's origin certificate. */
  certificateHostnames: string[];
  /** Present only when this stack manages the zone. */
  zoneSettings?: ZoneSettingEntry[];
  rulesets?: EdgeZoneRulesets;
  /** Human-readable notes for the preview: what was skipped or adjusted and why. */
  notices: string[];
}

/**
 * This stack's hosts as the edge publishes them (honours hostnameStyle). Other tiers that need the public
 * hostnames (NGINX server_name, CORS origins, probes) must use this, not environmentHostnames' default style.
 */
export function stackHostnames(cfg: Pick<EdgeLayoutConfig, "zone" | "hostPrefix" | "hostnameStyle">): EdgeHostnames {
  return environmentHostnames(cfg.zone, cfg.hostPrefix, cfg.hostnameStyle);
}

/** Subject alternative names of this stack's origin certificate (EdgeOrigin signs it before the Edge tier exists). */
export function originCertificateHostnames(hosts: EdgeHostnames): string[] {
  return servedHosts(hosts);
}

/** Hosts of this stack and of every other environment listed in `environmentPrefixes`. */
export function coveredHostnames(
  cfg: Pick<EdgeLayoutConfig, "zone" | "hostPrefix" | "hostnameStyle" | "environmentPrefixes">,
): EdgeHostnames[] {
  return coveredPrefixes(cfg).map((prefix) => environmentHostnames(cfg.zone, prefix, cfg.hostnameStyle));
}

/** The four zone-level rulesets (three when the plan has no managed WAF), with their notices. */
function zoneRulesets(
  cfg: EdgeLayoutConfig,
  zoneId: pulumi.Input<string>,
  covered: EdgeHostnames[],
): { rulesets: EdgeZoneRulesets; notices: string[] } {
  const siteHosts = covered.flatMap((h) => [h.apex, h.www]);
  const apiHosts = covered.map((h) => h.api);
  const cache = cacheRulesRuleset({
    zoneId,
    plan: cfg.plan,
    siteHosts,
    apiHosts,
    staticExtensions: STATIC_EXTENSIONS,
    staticPathPrefixes: STATIC_PATH_PREFIXES,
    apiPathPrefixes: API_PATH_PREFIXES,
    staticEdgeTtlSeconds: cfg.staticEdgeTtlSeconds,
  });
  const customFirewall = customFirewallRuleset({
    zoneId,
    plan: cfg.plan,
    apiHosts,
    allowedApiMethods: cfg.allowedApiMethods,
    blockedCountries: cfg.blockedCountries,
    blockedAsns: cfg.blockedAsns,
  });
  // Login paths are matched on every host of the zone: the same API is reachable through each
  // environment's hosts, and the Free plan's rate-limit rules cannot match the host anyway.
  const rateLimit = loginRateLimitRuleset({
    zoneId,
    plan: cfg.plan,
    loginPaths: cfg.loginRateLimit.paths,
    methods: LOGIN_METHODS,
    requestsPerPeriod: cfg.loginRateLimit.requestsPerPeriod,
    periodSeconds: cfg.loginRateLimit.periodSeconds,
    mitigationTimeoutSeconds: cfg.loginRateLimit.mitigationTimeoutSeconds,
  });
  const waf = managedWafRuleset({ zoneId, plan: cfg.plan });
  const notices = [...rateLimit.notices];
  if (waf.kind === "skipped") notices.unshift(waf.notice);
  return {
    rulesets: {
      cache,
      customFirewall,
      rateLimit: rateLimit.args,
      ...(waf.kind === "ruleset" ? { managedWaf: waf.args } : {}),
    },
    notices,
  };
}

/** The complete edge layout of one stack. Throws (naming the setting) on values config validation cannot see. */
export function edgeLayout(cfg: EdgeLayoutConfig, zoneId: pulumi.Input<string>): EdgeLayout {
  const covered = coveredHostnames(cfg);
  const hosts = covered[0];
  const notices: string[] = [];
  const gaps = universalSslGaps(hosts);
  if (gaps.length > 0) {
    notices.push(
      `Hosts ${gaps.join(", ")} are two labels below ${hosts.zone}: Cloudflare's free Universal SSL certificate ` +
        `(${hosts.zone}, *.${hosts.zone}) does not cover them. Order an Advanced certificate for them, or set edge.hostnameStyle to "flat".`,
    );
  }
  const layout: EdgeLayout = {
    hosts,
    certificateHostnames: originCertificateHostnames(hosts),
    notices,
  };
  if (!cfg.manageZone) {
    notices.push(
      `Zone settings and rulesets of ${hosts.zone} are not managed by this stack (edge.manageZone is false): ` +
        `the stack that manages the zone must list "${cfg.hostPrefix}" in edge.environmentPrefixes so its rules cover ${hosts.apex}, ${hosts.www} and ${hosts.api}.`,
    );
    return layout;
  }
  layout.zoneSettings = zoneSettings({
    minTlsVersion: "1.2",
    hsts: {
      enabled: true,
      maxAgeSeconds: cfg.hstsMaxAgeSeconds,
      includeSubdomains: true,
      preload: cfg.hstsPreload,
      nosniff: true,
    },
    authenticatedOriginPulls: true,
    http3: true,
  });
  const { rulesets, notices: ruleNotices } = zoneRulesets(cfg, zoneId, covered);
  layout.rulesets = rulesets;
  notices.push(...ruleNotices);
  return layout;
}
