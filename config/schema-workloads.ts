/**
 * Configuration schemas for the workload side: services, ingress, edge, monitoring, mesh.
 * Same conventions as config-schema.ts.
 */
import { z } from "zod";
import { bool, cidr, pattern, cpuQuantity, dnsLabel, email, hostPort, intIn, memQuantity, numIn, oneOf } from "./schema";
import { NAMESPACES } from "../components/shared/names";
import { edgePlanIssues, HOSTNAME_STYLES, ORIGIN_CERT_VALIDITY_DAYS } from "../components/edge/config-checks";
import { HTTP_METHODS } from "../components/edge/expressions";
import { CLOUDFLARE_PLANS } from "../components/edge/plans";

const ORIGIN_CERT_VALIDITY_ERROR = `expected one of ${ORIGIN_CERT_VALIDITY_DAYS.join(", ")} (days; the validities Cloudflare's Origin CA issues)`;

export const FRAMEWORKS = ["fastapi", "flask"] as const;

export const serviceSchema = z.strictObject({
    name: dnsLabel(),
    framework: oneOf(FRAMEWORKS),
    /** Directory under apps/ holding the Dockerfile; defaults to the framework's reference app. */
    app: pattern(/^[a-z0-9-]+$/, "expected a directory name under apps/").optional(),
    /** Path prefixes Kong routes to this service. */
    paths: z.array(pattern(/^\/[A-Za-z0-9/_-]*$/, "expected a URL path starting with '/'")).min(1, { error: "expected at least one path" }),
    minReplicas: intIn(1, 100),
    maxReplicas: intIn(1, 200),
    cpuRequest: cpuQuantity(),
    cpuLimit: cpuQuantity(),
    memoryRequest: memQuantity(),
    memoryLimit: memQuantity(),
    targetCpuPercent: intIn(10, 95),
    targetMemoryPercent: intIn(10, 95),
    /** Most recent images kept in the service's ECR repository (rollback targets); older ones expire. */
    keepImages: intIn(1, 1000),
    /** ECR forceDelete: destroy deletes the repository with its images (else destroy stops at a non-empty one). */
    forceDeleteImages: bool(),
    /** ACL groups (Kong RBAC) allowed to call this service. */
    allowedGroups: z.array(dnsLabel()).min(1, { error: "expected at least one ACL group" }),
}).superRefine((s, ctx) => {
    if (s.maxReplicas < s.minReplicas) ctx.addIssue({ code: "custom", path: ["maxReplicas"], input: s.maxReplicas, message: `expected maxReplicas >= minReplicas (${s.minReplicas})` });
});

export const servicesSchema = z.array(serviceSchema).min(1, { error: "expected at least one service" }).superRefine((list, ctx) => {
    const names = list.map((s) => s.name);
    names.forEach((n, i) => { if (names.indexOf(n) !== i) ctx.addIssue({ code: "custom", path: [i, "name"], input: n, message: "expected unique service names" }); });
    const paths = list.flatMap((s) => s.paths);
    paths.forEach((p, i) => { if (paths.indexOf(p) !== i) ctx.addIssue({ code: "custom", path: [], input: p, message: `expected each path to be routed to one service only (${p} is used twice)` }); });
});

/** Kubernetes CPU quantity in millicores ("250m" → 250, "1.5" → 1500). */
export function cpuMillis(q: string): number {
    return q.endsWith("m") ? Number(q.slice(0, -1)) : Math.round(Number(q) * 1000);
}
/** Kubernetes memory quantity in MiB ("512Mi" → 512, "1Gi" → 1024). */
export function memMiB(q: string): number {
    return q.endsWith("Gi") ? Number(q.slice(0, -2)) * 1024 : Number(q.slice(0, -2));
}

/** Pod sizing of an ingress workload: requests drive scheduling and the HPA, limits cap a runaway pod. */
const podSize = {
    minReplicas: intIn(1, 50),
    maxReplicas: intIn(1, 100),
    cpuRequest: cpuQuantity(),
    cpuLimit: cpuQuantity(),
    memoryRequest: memQuantity(),
    memoryLimit: memQuantity(),
    targetCpuPercent: intIn(10, 95),
};
type PodSize = { minReplicas: number; maxReplicas: number; cpuRequest: string; cpuLimit: string; memoryRequest: string; memoryLimit: string };

function checkPodSize(p: PodSize, at: string, ctx: z.RefinementCtx): void {
    if (p.maxReplicas < p.minReplicas) ctx.addIssue({ code: "custom", path: [at, "maxReplicas"], input: p.maxReplicas, message: `expected maxReplicas >= minReplicas (${p.minReplicas})` });
    if (cpuMillis(p.cpuLimit) < cpuMillis(p.cpuRequest)) ctx.addIssue({ code: "custom", path: [at, "cpuLimit"], input: p.cpuLimit, message: `expected cpuLimit >= cpuRequest (${p.cpuRequest})` });
    if (memMiB(p.memoryLimit) < memMiB(p.memoryRequest)) ctx.addIssue({ code: "custom", path: [at, "memoryLimit"], input: p.memoryLimit, message: `expected memoryLimit >= memoryRequest (${p.memoryRequest})` });
}

const PEM_PUBLIC_KEY = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/;

export const ingressSchema = z.strictObject({
    nginx: z.strictObject({
        ...podSize,
        hstsMaxAgeSeconds: intIn(0, 63072000),
        /** OCSP stapling: only for certificates that name an OCSP responder (Cloudflare Origin CA certificates do not). */
        ocspStapling: bool(),
    }),
    kong: z.strictObject(podSize),
    /** Cloudflare's published ranges admitted by the NLB security group; empty = the list shipped in the code (dated). */
    cloudflareIpRanges: z.array(cidr().refine((c) => !c.endsWith("/0"), { error: "expected one of Cloudflare's ranges, not an open /0 range (the NLB would admit the whole internet)" })),
    /** Browser origins allowed by the cors plugin; empty = the site's own https origins (apex and www). */
    corsOrigins: z.array(pattern(/^https:\/\/[a-z0-9.-]+(:\d+)?$/, "expected an https origin such as https://app.example.com (no wildcard, no path)")),
    rateLimit: z.strictObject({ perMinute: intIn(1, 1000000), perHour: intIn(1, 100000000) }),
    jwt: z.strictObject({
        /** Tokens whose exp lies further ahead are refused (Kong jwt maximum_expiration). */
        maxTokenLifetimeSeconds: intIn(60, 86400),
        /** ACL group → RS256 public key (PEM). Groups not listed get a generated HS256 secret. */
        publicKeys: z.record(dnsLabel(), pattern(PEM_PUBLIC_KEY, "expected a PEM public key (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)")),
    }),
}).superRefine((i, ctx) => {
    checkPodSize(i.nginx, "nginx", ctx);
    checkPodSize(i.kong, "kong", ctx);
    if (i.rateLimit.perHour < i.rateLimit.perMinute) ctx.addIssue({ code: "custom", path: ["rateLimit", "perHour"], input: i.rateLimit.perHour, message: `expected perHour >= perMinute (${i.rateLimit.perMinute})` });
});

const ZONE = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** Prefixes that would make one environment's site host equal another environment's www/api host. */
const hostPrefix = () => dnsLabel().refine((p) => p !== "www" && p !== "api", { error: "expected a prefix other than \"www\" and \"api\" (they are the other hosts' labels)" });

export const edgeSchema = z.strictObject({
    enabled: bool(),
    zone: pattern(ZONE, "expected a DNS zone name such as example.com"),
    zoneId: pattern(/^[a-f0-9]{32}$/, "expected a 32-character hex Cloudflare zone id").optional(),
    /** Label for this environment's hosts ("dev" → dev.example.com, www-dev.example.com, api-dev.example.com); "" for the apex. */
    hostPrefix: z.union([z.literal(""), hostPrefix()], { error: "expected \"\" or a DNS label other than \"www\"/\"api\"" }),
    /** "flat" keeps every host one label below the zone (covered by the free Universal SSL certificate). */
    hostnameStyle: oneOf(HOSTNAME_STYLES),
    /** Zone settings and rulesets are zone-wide: exactly one stack per zone creates them. */
    manageZone: bool(),
    /** Host prefixes of the other environments in this zone; the managing stack's rules cover their hosts too. */
    environmentPrefixes: z.array(hostPrefix()),
    plan: oneOf(CLOUDFLARE_PLANS as readonly ["free", "pro", "business", "enterprise"]),
    hstsMaxAgeSeconds: intIn(0, 63072000),
    hstsPreload: bool(),
    adoptExistingRecords: bool().describe("Adopt (import) an existing CNAME at one of this stack's hosts instead of failing the preview."),
    staticEdgeTtlSeconds: intIn(1, 31536000),
    allowedApiMethods: z.array(oneOf(HTTP_METHODS as readonly [string, ...string[]])).min(1, { error: "expected at least one HTTP method" }),
    blockedCountries: z.array(pattern(/^[A-Z]{2}$/, "expected ISO 3166-1 alpha-2 country codes such as \"KP\"")),
    blockedAsns: z.array(intIn(1, 4294967295)),
    loginRateLimit: z.strictObject({
        paths: z.array(pattern(/^\/[A-Za-z0-9/_.-]*$/, "expected a URL path starting with '/'")).min(1, { error: "expected at least one login path" }),
        requestsPerPeriod: intIn(1, 100000),
        periodSeconds: intIn(10, 86400),
        mitigationTimeoutSeconds: intIn(0, 86400),
    }),
    originCertValidityDays: z.number({ error: ORIGIN_CERT_VALIDITY_ERROR }).refine((d) => (ORIGIN_CERT_VALIDITY_DAYS as readonly number[]).includes(d), { error: ORIGIN_CERT_VALIDITY_ERROR }),
}).superRefine((e, ctx) => {
    if (e.hstsPreload && e.hstsMaxAgeSeconds < 31536000) ctx.addIssue({ code: "custom", path: ["hstsMaxAgeSeconds"], input: e.hstsMaxAgeSeconds, message: "expected at least 31536000 (one year) when hstsPreload is true" });
    for (const issue of edgePlanIssues(e)) ctx.addIssue({ code: "custom", ...issue });
});

export const monitoringSchema = z.strictObject({
    prometheusRetentionDays: intIn(1, 365),
    prometheusStorageGiB: intIn(5, 2000),
    /** Prometheus container: CPU request and memory (request = limit: an OOM-killed Prometheus replays its WAL). */
    prometheusCpuRequest: cpuQuantity(),
    prometheusMemory: memQuantity(),
    alertEmail: email(),
    slackEnabled: bool(),
    slackChannel: pattern(/^#[a-z0-9_-]{1,80}$/, "expected a Slack channel such as #alerts"),
    budgetMonthlyUsd: numIn(1, 1000000),
    runbookBaseUrl: pattern(/^https:\/\/\S+$/, "expected an https URL"),
    thresholds: z.strictObject({
        serviceDownMinutes: intIn(1, 60),
        certExpiryDays: intIn(1, 90),
        // Upper bounds below 100: a share of 100 % can never be exceeded, so such an alert could never fire.
        errorRatePercent: numIn(0.1, 99),
        errorSpikePercent: numIn(0.1, 99),
        latencyP95Ms: intIn(50, 60000),
        resourcePercent: intIn(50, 99),
    }),
    /** CloudWatch alarms on the AWS data services (to the SNS alert topic). */
    alarms: z.strictObject({
        cpuPercent: intIn(50, 99),
        freeableMemoryMiB: intIn(64, 65536),
        databaseConnections: intIn(10, 16000),
        auroraReplicaLagMs: intIn(100, 600000),
        cacheMemoryPercent: intIn(50, 99),
        cacheEvictions: intIn(0, 10000000),
        cacheReplicationLagSeconds: intIn(1, 3600),
    }),
}).superRefine((m, ctx) => {
    if (m.thresholds.errorSpikePercent >= m.thresholds.errorRatePercent) ctx.addIssue({ code: "custom", path: ["thresholds", "errorSpikePercent"], input: m.thresholds.errorSpikePercent, message: `expected the warning spike threshold below errorRatePercent (${m.thresholds.errorRatePercent})` });
});

/** host:port of an OTLP/gRPC collector, e.g. otel-collector.monitoring.svc.cluster.local:4317; "" = no trace export. */
/** Namespaces the sidecar injector must never touch: the control plane itself and the cluster's system pods. */
const NEVER_INJECTED = [NAMESPACES.kubeSystem, NAMESPACES.istio] as const;

export const meshSchema = z.strictObject({
    enabled: bool(),
    /** Namespaces labelled for sidecar injection by the tier that creates them (meshInjectionLabels). */
    injectNamespaces: z.array(dnsLabel()),
    tracingSamplingPercent: numIn(0, 100),
    tracingCollector: hostPort("expected host:port of an OTLP gRPC collector such as otel-collector.monitoring.svc.cluster.local:4317, or \"\" for none", true),
    istiod: z.strictObject({ minReplicas: intIn(1, 10), maxReplicas: intIn(1, 20), cpuRequest: cpuQuantity(), memoryRequest: memQuantity() }),
    proxy: z.strictObject({ cpuRequest: cpuQuantity(), cpuLimit: cpuQuantity(), memoryRequest: memQuantity(), memoryLimit: memQuantity() }),
    outlierDetection: z.strictObject({
        consecutive5xxErrors: intIn(1, 100),
        intervalSeconds: intIn(1, 300),
        baseEjectionSeconds: intIn(1, 3600),
        maxEjectionPercent: intIn(1, 100),
    }),
    connectionPool: z.strictObject({
        maxConnections: intIn(1, 100000),
        http1MaxPendingRequests: intIn(1, 100000),
        http2MaxRequests: intIn(1, 100000),
        /** Retries outstanding to one service at once across all Kong pods: the cap that stops a retry storm. */
        maxRetries: intIn(0, 100000),
    }),
    retries: z.strictObject({ attempts: intIn(0, 10), perTryTimeoutMs: intIn(10, 60000) }),
    timeoutMs: intIn(100, 300000),
}).superRefine((m, ctx) => {
    if (m.retries.attempts * m.retries.perTryTimeoutMs > m.timeoutMs) {
        ctx.addIssue({ code: "custom", path: ["retries"], input: m.retries, message: `expected attempts × perTryTimeoutMs <= timeoutMs (${m.timeoutMs}) so retries cannot amplify load past the route timeout` });
    }
    if (m.istiod.maxReplicas < m.istiod.minReplicas) {
        ctx.addIssue({ code: "custom", path: ["istiod", "maxReplicas"], input: m.istiod.maxReplicas, message: `expected maxReplicas >= minReplicas (${m.istiod.minReplicas})` });
    }
    m.injectNamespaces.forEach((ns, i) => {
        if ((NEVER_INJECTED as readonly string[]).includes(ns)) {
            ctx.addIssue({ code: "custom", path: ["injectNamespaces", i], input: ns, message: `expected an application namespace: ${NEVER_INJECTED.join(" and ")} must never get sidecars` });
        }
    });
    if (m.enabled) {
        // Kong must carry a mesh identity (the AuthorizationPolicies allow only its principal) and the apps must
        // have sidecars (or STRICT mTLS and the policies enforce nothing).
        for (const required of [NAMESPACES.apps, NAMESPACES.kong]) {
            if (!m.injectNamespaces.includes(required)) {
                ctx.addIssue({ code: "custom", path: ["injectNamespaces"], input: m.injectNamespaces, message: `expected to include "${required}" when the mesh is enabled` });
            }
        }
    }
});
