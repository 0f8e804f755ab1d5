/**
 * Edge tier (Cloudflare, provider 6.x): proxied DNS records for this stack's hosts and — on the one stack per zone
 * with `manageZone` — the zone settings (strict TLS, HSTS, AOP, ...) and rulesets (cache, custom firewall, rate
 * limit, managed WAF when the plan has it). The origin certificate is EdgeOrigin's (edge-origin.ts), built before
 * the Ingress tier, which writes it with Cloudflare's AOP CA into the Secrets NGINX mounts (ingress-tls.ts).
 *
 * Credentials: the default Cloudflare provider reads `cloudflare:apiToken` (set it with `--secret`) or the
 * CLOUDFLARE_API_TOKEN environment variable; no explicit provider is needed. What is computed (hosts, settings,
 * rule expressions, notices) lives in components/edge/*.ts; this file only creates the resources.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { EdgeConfig } from "../../config";
import type { OriginCertificate } from "./origin";
import { proxiedDnsRecords } from "./dns-records";
import { planAdoption } from "./existing-records";
import { EdgeLayout, edgeLayout } from "./layout";
import { zoneSettingArgs } from "./zone-settings";
import { EDGE_AOP_CA, EDGE_TLS_SECRET } from "../shared/names";

// The tier's public surface for platform.ts and the ingress tier (which serves the origin certificate).
export { EdgeOrigin, type OriginCertificate } from "./origin";
export { CLOUDFLARE_ORIGIN_PULL_CA } from "./origin-ca";
export { stackHostnames } from "./layout";
export { servedHosts } from "./hostnames";

export interface EdgeArgs {
  namePrefix: string;
  config: EdgeConfig;
  /**
   * Public DNS name of the origin load balancer (the Ingress tier's NLB). The proxied records point at it;
   * `undefined` until the Ingress tier is wired: no DNS records then, and a notice says so.
   */
  originHostname: pulumi.Input<string> | undefined;
  /** EdgeOrigin's certificate (its expiry goes into the summary for monitoring). */
  originCertificate: OriginCertificate;
  /** What shows NGINX has the origin certificate (the Ingress tier's TLS Secret): strict TLS mode waits for it. */
  originCertificateReady: pulumi.Input<pulumi.Resource>[];
}

/** The `edge` stack output: what the operator and monitoring need, in one object. */
export interface EdgeSummary {
  enabled: boolean;
  zone?: string;
  zoneId?: pulumi.Output<string>;
  urls?: string[];
  managesZone?: boolean;
  /** ISO 8601 UTC; alert well before it (monitoring.thresholds.certExpiryDays). */
  originCertExpiresOn?: pulumi.Output<string>;
  tlsSecret?: string;
  aopCaSecret?: string;
  notices: string[];
}

/** Stack output (and preview log line) when edge.enabled is false: nothing on Cloudflare is created. */
export function edgeDisabledSummary(parent?: pulumi.Resource): EdgeSummary {
  const notice =
    "Edge disabled (edge.enabled is false): no Cloudflare DNS records, zone settings, rulesets, origin certificate or " +
    "origin Secrets are created; the Ingress tier serves its own self-signed certificate.";
  pulumi.log.info(notice, parent);
  return { enabled: false, notices: [notice] };
}

export class Edge extends pulumi.ComponentResource {
  readonly zoneId: pulumi.Output<string>;
  readonly originCertExpiresOn: pulumi.Output<string>;
  readonly notices: string[];
  readonly summary: EdgeSummary;
  /** Resolves once the DNS records are registered (the number adopted); rejects with the conflict message. */
  recordsDecided: pulumi.Output<number> = pulumi.output(0);

  constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:Edge", name, {}, opts);
    const cfg = args.config;
    const child = { parent: this };

    this.zoneId = cfg.zoneId !== undefined ? pulumi.output(cfg.zoneId) : this.lookupZone(cfg);
    const layout = edgeLayout(cfg, this.zoneId);
    const notices = [...layout.notices];

    this.originCertExpiresOn = args.originCertificate.expiresOn;

    if (args.originHostname === undefined) {
      notices.push(
        `No DNS records: no origin hostname was passed to the Edge tier (wire the Ingress tier's NLB hostname in platform.ts); ` +
          `${layout.certificateHostnames.join(", ")} are not published.`,
      );
    } else {
      this.createRecords(name, cfg, layout, args.originHostname, `managed by ${args.namePrefix} (pulumi)`);
    }

    for (const entry of layout.zoneSettings ?? []) {
      // Strict mode makes Cloudflare verify the origin certificate: switch it on once the certificate is in place.
      const dependsOn = entry.settingId === "ssl" ? args.originCertificateReady : [];
      new cloudflare.ZoneSetting(`${name}-setting-${entry.settingId}`, zoneSettingArgs(this.zoneId, entry), {
        ...child,
        dependsOn,
      });
    }
    const rulesets = layout.rulesets;
    if (rulesets) {
      new cloudflare.Ruleset(`${name}-cache-rules`, rulesets.cache, child);
      new cloudflare.Ruleset(`${name}-custom-firewall`, rulesets.customFirewall, child);
      new cloudflare.Ruleset(`${name}-rate-limits`, rulesets.rateLimit, child);
      if (rulesets.managedWaf) new cloudflare.Ruleset(`${name}-managed-waf`, rulesets.managedWaf, child);
    }

    for (const notice of notices) pulumi.log.info(notice, this);
    this.notices = notices;
    this.summary = {
      enabled: true,
      zone: layout.hosts.zone,
      zoneId: this.zoneId,
      urls: layout.certificateHostnames.map((h) => `https://${h}`),
      managesZone: cfg.manageZone,
      originCertExpiresOn: this.originCertExpiresOn,
      tlsSecret: EDGE_TLS_SECRET,
      aopCaSecret: EDGE_AOP_CA,
      notices,
    };
    // recordsDecided among the outputs: the engine waits for it, and a conflict fails the deployment.
    this.registerOutputs({
      zoneId: this.zoneId,
      originCertExpiresOn: this.originCertExpiresOn,
      notices,
      adoptedDnsRecords: this.recordsDecided,
    });
  }

  /**
   * The proxied records, after looking up what the zone already has at each host (existing-records.ts): adopted
   * with `import` when allowed, else the preview fails listing the conflicts and the `pulumi import` commands. The
   * lookup is an invoke, answered during preview, so the records (and their import ids) are decided then.
   */
  private createRecords(
    name: string,
    cfg: EdgeConfig,
    layout: EdgeLayout,
    originHostname: pulumi.Input<string>,
    comment: string,
  ): void {
    const roles = ["apex", "www", "api"] as const;
    const lookups = roles.map((role) =>
      this.zoneId.apply(
        (zoneId) =>
          cloudflare.getDnsRecordsOutput(
            { zoneId, name: { exact: layout.hosts[role] }, match: "all" },
            { parent: this },
          ).results,
      ),
    );
    this.recordsDecided = pulumi.all([this.zoneId, this.urn, pulumi.all(lookups)]).apply(([zoneId, urn, found]) => {
      const hosts = roles.map((role, i) => ({
        resourceName: `${name}-dns-${role}`,
        host: layout.hosts[role],
        isApex: layout.hosts[role] === layout.hosts.zone,
        existing: found[i].map((r) => ({ id: r.id, name: r.name, type: r.type, content: r.content })),
      }));
      let imports: Record<string, string>;
      try {
        imports = planAdoption(hosts, { zoneId, adopt: cfg.adoptExistingRecords, parentUrn: urn });
      } catch (e) {
        // Logged as an error: the engine fails the preview/update of a program that logs one, whatever awaits this.
        pulumi.log.error((e as Error).message, this);
        throw e;
      }
      for (const record of proxiedDnsRecords(zoneId, layout.hosts, originHostname, comment)) {
        const resourceName = `${name}-dns-${record.role}`;
        const adopted = imports[resourceName];
        if (adopted)
          pulumi.log.info(
            `Adopting the existing CNAME at ${record.args.name} (${adopted}) instead of creating one.`,
            this,
          );
        new cloudflare.DnsRecord(resourceName, record.args, { parent: this, ...(adopted ? { import: adopted } : {}) });
      }
      return Object.keys(imports).length;
    });
  }

  /** Zone id by name; warns when the zone's actual plan differs from edge.plan (rules would be rejected or under-used). */
  private lookupZone(cfg: EdgeConfig): pulumi.Output<string> {
    return cloudflare.getZoneOutput({ filter: { name: cfg.zone } }, { parent: this }).apply((zone) => {
      // Deprecated in the provider (its note points to the zone subscription API); read only to warn. Moving to
      // cloudflare.getZoneSubscription changes what the program calls, left for the edge tier's own change.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      const actual = zone.plan?.legacyId;
      if (actual && actual !== cfg.plan) {
        pulumi.log.warn(
          `edge.plan is "${cfg.plan}" but Cloudflare reports zone ${cfg.zone} on the "${actual}" plan; set edgestack:edge.plan to "${actual}".`,
          this,
        );
      }
      return zone.zoneId;
    });
  }
}
