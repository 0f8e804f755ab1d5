/**
 * Cloudflare edge: visitors reach us only over TLS 1.2+ with HTTP redirected to HTTPS,
 * Cloudflare verifies the origin certificate ("Full (strict)"), origin addresses stay hidden
 * behind the proxy, and the WAF managed rules run.
 * Setting ids and values are the Cloudflare API's (provider 6.x `cloudflare.ZoneSetting`
 * `settingId` + `value`): `ssl` takes "off" | "flexible" | "full" | "strict"
 * ("strict" is the dashboard's "Full (strict)"), `min_tls_version` "1.0".."1.3",
 * `always_use_https` "on" | "off".
 */
import * as cloudflare from "@pulumi/cloudflare";
import { validateResourceOfType, type PolicyResource, type StackValidation } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { ofType } from "../lib/stack";
import { asArray, asString } from "../lib/values";

interface RequiredSetting {
  id: string;
  accepts: string[];
  why: string;
}

const REQUIRED_SETTINGS: RequiredSetting[] = [
  { id: "ssl", accepts: ["strict"], why: "Cloudflare must validate the origin certificate" },
  { id: "min_tls_version", accepts: ["1.2", "1.3"], why: "TLS 1.0/1.1 are deprecated" },
  { id: "always_use_https", accepts: ["on"], why: "plain HTTP must redirect to HTTPS" },
];

/** "min_tls_version" and "minTlsVersion" name the same setting. */
const normalizeId = (id: string) => id.replace(/_/g, "").toLowerCase();

/** Zones in play: the zoneIds DNS records and settings point at ("*" when none is known). */
function zonesOf(resources: PolicyResource[]): string[] {
  const ids = [...ofType(resources, cloudflare.DnsRecord), ...ofType(resources, cloudflare.ZoneSetting)]
    .map((r) => asString(r.props.zoneId))
    .filter((z): z is string => !!z);
  return ids.length ? [...new Set(ids)] : ["*"];
}

/**
 * Zone-wide settings and rulesets exist once per zone. When several stacks share a zone (dev records in the
 * prod zone), only the owning stack manages them (config edge.manageZone); the others set
 * `zoneManagedByStack: "<owner>"` in their policy config and these zone rules do not apply to them.
 */
const zoneOwnerSchema = {
  properties: {
    zoneManagedByStack: {
      type: "string" as const,
      description: "Stack that manages this zone's settings and rulesets (empty: this one).",
    },
  },
};

/** A zone rule: not applicable where `zoneManagedByStack` names another stack, `validate` otherwise. */
function zoneRule(validate: StackValidation): { configSchema: typeof zoneOwnerSchema; validateStack: StackValidation } {
  return {
    configSchema: zoneOwnerSchema,
    validateStack: (args, report) => {
      const owner = args.getConfig<{ zoneManagedByStack?: string }>().zoneManagedByStack;
      if (owner) return args.notApplicable(`zone-wide settings and rulesets are managed by stack "${owner}"`);
      return validate(args, report);
    },
  };
}

/**
 * Whenever the stack manages a Cloudflare zone or DNS record, that zone must carry the TLS
 * settings above as `cloudflare.ZoneSetting` resources (settings left to the dashboard drift).
 */
export const zoneTlsSettings: EdgestackPolicy = {
  name: "cloudflare-zone-require-strict-tls-settings",
  description: "Cloudflare zones must set SSL strict, minimum TLS 1.2 and Always Use HTTPS.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    'Add cloudflare.ZoneSetting resources: settingId "ssl" value "strict", "min_tls_version" "1.2", "always_use_https" "on".',
  ...zoneRule((args, report) => {
    const hasZone =
      ofType(args.resources, cloudflare.Zone).length + ofType(args.resources, cloudflare.DnsRecord).length > 0;
    if (!hasZone) return args.notApplicable("no Cloudflare zone or DNS record in this stack");
    const settings = ofType(args.resources, cloudflare.ZoneSetting);
    for (const zone of zonesOf(args.resources)) {
      const inZone = settings.filter((s) => zone === "*" || s.props.zoneId === zone);
      for (const req of REQUIRED_SETTINGS) {
        const found = inZone.find((s) => normalizeId(String(s.props.settingId ?? "")) === normalizeId(req.id));
        const value = found ? String(found.props.value) : undefined;
        if (!found || !req.accepts.includes(value!)) {
          const now = found ? `is "${value}"` : "is not managed";
          report(
            `Cloudflare zone ${zone === "*" ? "" : `${zone} `}setting "${req.id}" should be ${req.accepts.map((a) => `"${a}"`).join(" or ")} (${req.why}); it ${now}.`,
            found?.urn,
          );
        }
      }
    }
  }),
};

/** Cloudflare's managed WAF rulesets must be deployed on the zone's managed-firewall phase. */
export const zoneWafManagedRules: EdgestackPolicy = {
  name: "cloudflare-zone-require-waf-managed-rules",
  description: "Cloudflare zones must deploy the WAF managed rules.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    'Add a cloudflare.Ruleset with `kind: "zone"`, `phase: "http_request_firewall_managed"` and an `execute` rule for the Cloudflare Managed Ruleset.',
  ...zoneRule((args, report) => {
    if (ofType(args.resources, cloudflare.DnsRecord).length === 0)
      return args.notApplicable("no Cloudflare DNS record in this stack");
    const managed = ofType(args.resources, cloudflare.Ruleset).filter(
      (r) => r.props.phase === "http_request_firewall_managed" && asArray(r.props.rules).length > 0,
    );
    if (managed.length === 0)
      report(
        'Cloudflare zone should run the WAF managed rules: no Ruleset in phase "http_request_firewall_managed" with rules.',
      );
  }),
};

/**
 * Proxied records hide the origin (the NLB admits only Cloudflare's ranges anyway) and get
 * WAF/TLS. Names whose first label starts with "_" (ACM validation, SRV/TXT-style service
 * records) must stay DNS-only and are exempt.
 */
export const dnsRecordProxied: EdgestackPolicy = {
  name: "cloudflare-dns-record-require-proxied",
  description: "Cloudflare A/AAAA/CNAME records must be proxied.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    'Set `proxied: true` on the cloudflare.DnsRecord (records for validation/service names starting with "_" are exempt).',
  validateResource: validateResourceOfType(cloudflare.DnsRecord, (record, _args, report) => {
    const type = String(record.type ?? "");
    const name = String(record.name ?? "");
    if (!["A", "AAAA", "CNAME"].includes(type) || name.startsWith("_")) return;
    if (record.proxied !== true)
      report(`DNS record "${name}" (${type}) should be proxied through Cloudflare: \`proxied\` should be true.`);
  }),
};

export const cloudflarePolicies: EdgestackPolicy[] = [zoneTlsSettings, zoneWafManagedRules, dnsRecordProxied];
