/**
 * Edge tier (Cloudflare, provider 6.x): proxied DNS records for this stack's hosts, an ECDSA P-256 Cloudflare
 * Origin CA certificate written into the Kubernetes TLS Secret the NGINX edge serves, Cloudflare's
 * Authenticated Origin Pulls CA as a Secret for nginx's client-certificate check and — on the one stack
 * per zone with `manageZone` — the zone settings (strict TLS, HSTS, AOP, ...) and rulesets (cache, custom
 * firewall, rate limit, managed WAF when the plan has it).
 *
 * Credentials: the default Cloudflare provider reads `cloudflare:apiToken` (set it with `--secret`) or the
 * CLOUDFLARE_API_TOKEN environment variable; no explicit provider is needed. What is computed (hosts, settings,
 * rule expressions, notices) lives in components/edge/*.ts; this file only creates the resources.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { EdgeConfig } from "./config";
import { proxiedDnsRecords } from "./edge/dns-records";
import { EdgeLayout, edgeLayout } from "./edge/layout";
import { CLOUDFLARE_ORIGIN_PULL_CA, originCertExpiryIso } from "./edge/origin-ca";
import { zoneSettingArgs } from "./edge/zone-settings";
import { EDGE_AOP_CA, EDGE_AOP_CA_KEY, EDGE_TLS_SECRET, PART_OF, PART_OF_LABEL } from "./names";

export interface EdgeArgs {
    namePrefix: string;
    config: EdgeConfig;
    /**
     * Public DNS name of the origin load balancer (the Ingress tier's NLB). The proxied records point at it;
     * `undefined` until the Ingress tier is wired: no DNS records then, and a notice says so.
     */
    originHostname: pulumi.Input<string> | undefined;
    /** Namespace of the NGINX edge (NAMESPACES.edge); pass the Ingress tier's Namespace output so the Secret waits for it. */
    namespace: pulumi.Input<string>;
    k8sProvider: k8s.Provider;
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

const EXPIRY_ANNOTATION = "edgestack.io/origin-cert-expires-on";
const LABELS = { [PART_OF_LABEL]: PART_OF, "app.kubernetes.io/component": "edge", "app.kubernetes.io/managed-by": "pulumi" };

/** Stack output (and preview log line) when edge.enabled is false: nothing on Cloudflare is created. */
export function edgeDisabledSummary(parent?: pulumi.Resource): EdgeSummary {
    const notice = "Edge disabled (edge.enabled is false): no Cloudflare DNS records, zone settings, rulesets, origin certificate or " +
        "origin Secrets are created; the Ingress tier serves its own self-signed certificate.";
    pulumi.log.info(notice, parent);
    return { enabled: false, notices: [notice] };
}

export class Edge extends pulumi.ComponentResource {
    readonly zoneId: pulumi.Output<string>;
    readonly layout: EdgeLayout;
    /** Name of the TLS Secret (an Output, so consumers wait until it exists). */
    readonly tlsSecretName: pulumi.Output<string>;
    readonly aopCaSecretName: pulumi.Output<string>;
    /** Origin CA certificate id (its serial): changes on every rotation, e.g. as a pod-template annotation to reload nginx. */
    readonly originCertId: pulumi.Output<string>;
    readonly originCertExpiresOn: pulumi.Output<string>;
    readonly notices: string[];
    readonly summary: EdgeSummary;

    constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("edgestack:platform:Edge", name, {}, opts);
        const cfg = args.config;
        const child = { parent: this };

        this.zoneId = cfg.zoneId !== undefined ? pulumi.output(cfg.zoneId) : this.lookupZone(cfg);
        const layout = edgeLayout(cfg, this.zoneId);
        this.layout = layout;
        const notices = [...layout.notices];

        // Origin certificate: key and CSR generated here (the key never leaves the stack's encrypted state and the
        // Secret), signed by Cloudflare's Origin CA for this stack's hosts.
        const key = new tls.PrivateKey(`${name}-origin-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, child);
        const csr = new tls.CertRequest(`${name}-origin-csr`, {
            privateKeyPem: key.privateKeyPem,
            dnsNames: layout.certificateHostnames,
            subject: { commonName: layout.hosts.apex, organization: args.namePrefix },
        }, child);
        const cert = new cloudflare.OriginCaCertificate(`${name}-origin-cert`, {
            csr: csr.certRequestPem,
            hostnames: layout.certificateHostnames,
            requestType: "origin-ecc",
            requestedValidity: cfg.originCertValidityDays,
        }, child);
        this.originCertId = cert.id;
        this.originCertExpiresOn = cert.expiresOn.apply(originCertExpiryIso);

        // Fixed names (the Ingress tier mounts them), so a replacement must delete the old object first.
        const k8sOpts = { parent: this, provider: args.k8sProvider, deleteBeforeReplace: true };
        const tlsSecret = new k8s.core.v1.Secret(`${name}-origin-tls`, {
            metadata: { name: EDGE_TLS_SECRET, namespace: args.namespace, labels: LABELS, annotations: { [EXPIRY_ANNOTATION]: this.originCertExpiresOn } },
            type: "kubernetes.io/tls",
            stringData: pulumi.secret({ "tls.crt": cert.certificate, "tls.key": key.privateKeyPem }),
        }, k8sOpts);
        const aopCa = new k8s.core.v1.Secret(`${name}-aop-ca`, {
            metadata: { name: EDGE_AOP_CA, namespace: args.namespace, labels: LABELS },
            type: "Opaque",
            stringData: { [EDGE_AOP_CA_KEY]: CLOUDFLARE_ORIGIN_PULL_CA.pem },
        }, k8sOpts);
        this.tlsSecretName = tlsSecret.metadata.name;
        this.aopCaSecretName = aopCa.metadata.name;

        if (args.originHostname === undefined) {
            notices.push(`No DNS records: no origin hostname was passed to the Edge tier (wire the Ingress tier's NLB hostname in platform.ts); ` +
                `${layout.certificateHostnames.join(", ")} are not published.`);
        } else {
            for (const record of proxiedDnsRecords(this.zoneId, layout.hosts, args.originHostname, `managed by ${args.namePrefix} (pulumi)`)) {
                new cloudflare.DnsRecord(`${name}-dns-${record.role}`, record.args, child);
            }
        }

        for (const entry of layout.zoneSettings ?? []) {
            // Strict mode makes Cloudflare verify the origin certificate: switch it on once the certificate is in place.
            const dependsOn = entry.settingId === "ssl" ? [tlsSecret] : [];
            new cloudflare.ZoneSetting(`${name}-setting-${entry.settingId}`, zoneSettingArgs(this.zoneId, entry), { ...child, dependsOn });
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
        this.registerOutputs({ zoneId: this.zoneId, originCertExpiresOn: this.originCertExpiresOn, notices });
    }

    /** Zone id by name; warns when the zone's actual plan differs from edge.plan (rules would be rejected or under-used). */
    private lookupZone(cfg: EdgeConfig): pulumi.Output<string> {
        return cloudflare.getZoneOutput({ filter: { name: cfg.zone } }, { parent: this }).apply((zone) => {
            const actual = zone.plan?.legacyId;
            if (actual && actual !== cfg.plan) {
                pulumi.log.warn(`edge.plan is "${cfg.plan}" but Cloudflare reports zone ${cfg.zone} on the "${actual}" plan; set edgestack:edge.plan to "${actual}".`, this);
            }
            return zone.zoneId;
        });
    }
}
