/**
 * Configuration schemas for the workload side: services, ingress, edge, monitoring, mesh.
 * Same conventions as config-schema.ts.
 */
import { z } from "zod";
import {
  bool,
  cidr,
  pattern,
  cpuQuantity,
  dnsLabel,
  email,
  hostPort,
  intIn,
  memQuantity,
  numIn,
  oneOf,
} from "./schema";
import { NAMESPACES } from "../components/shared/names";
import { edgePlanIssues, HOSTNAME_STYLES, ORIGIN_CERT_VALIDITY_DAYS } from "../components/edge/config-checks";
import { HTTP_METHODS } from "../components/edge/expressions";
import { CLOUDFLARE_PLANS } from "../components/edge/plans";

const ORIGIN_CERT_VALIDITY_ERROR = `expected one of ${ORIGIN_CERT_VALIDITY_DAYS.join(", ")} (days; the validities Cloudflare's Origin CA issues)`;

export const FRAMEWORKS = ["fastapi", "flask"] as const;

export const serviceSchema = z
  .strictObject({
    name: dnsLabel().describe("DNS label: Deployment, Service, ECR repository and route names."),
    framework: oneOf(FRAMEWORKS).describe("`fastapi` (uvicorn, port 8001) or `flask` (gunicorn, port 5000)."),
    /** Directory under apps/ holding the Dockerfile; defaults to the framework's reference app. */
    app: pattern(/^[a-z0-9-]+$/, "expected a directory name under apps/")
      .optional()
      .describe("Directory under apps/ to build (default: the framework's reference app)."),
    /** Path prefixes Kong routes to this service. */
    paths: z
      .array(pattern(/^\/[A-Za-z0-9/_-]*$/, "expected a URL path starting with '/'"))
      .min(1, { error: "expected at least one path" })
      .describe("Path prefixes Kong routes to this service (each path belongs to one service)."),
    minReplicas: intIn(1, 100).describe("HPA minimum (also the PDB's basis)."),
    maxReplicas: intIn(1, 200).describe(
      "HPA maximum; sized so max × per-pod throughput covers 10,000 concurrent users (docs/operations.md, capacity).",
    ),
    cpuRequest: cpuQuantity().describe("CPU request per pod."),
    cpuLimit: cpuQuantity().describe("CPU limit per pod."),
    memoryRequest: memQuantity().describe("Memory request per pod."),
    memoryLimit: memQuantity().describe("Memory limit per pod."),
    targetCpuPercent: intIn(10, 95).describe("HPA CPU utilisation target."),
    targetMemoryPercent: intIn(10, 95).describe("HPA memory utilisation target."),
    /** Most recent images kept in the service's ECR repository (rollback targets); older ones expire. */
    keepImages: intIn(1, 1000).describe(
      "Newest built images kept in the service's ECR repository (rollback targets); older ones and untagged layers (after 3 days) expire.",
    ),
    /** ECR forceDelete: destroy deletes the repository with its images (else destroy stops at a non-empty one). */
    forceDeleteImages: bool().describe(
      "ECR forceDelete: destroy deletes the service's repository with its images (dev); false stops a destroy at a non-empty repository (prod).",
    ),
    /** ACL groups (Kong RBAC) allowed to call this service. */
    allowedGroups: z
      .array(dnsLabel())
      .min(1, { error: "expected at least one ACL group" })
      .describe("Kong ACL groups (RBAC) allowed to call the service."),
  })
  .superRefine((s, ctx) => {
    if (s.maxReplicas < s.minReplicas)
      ctx.addIssue({
        code: "custom",
        path: ["maxReplicas"],
        input: s.maxReplicas,
        message: `expected maxReplicas >= minReplicas (${s.minReplicas})`,
      });
  });

export const servicesSchema = z
  .array(serviceSchema)
  .min(1, { error: "expected at least one service" })
  .superRefine((list, ctx) => {
    const names = list.map((s) => s.name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i)
        ctx.addIssue({ code: "custom", path: [i, "name"], input: n, message: "expected unique service names" });
    });
    const paths = list.flatMap((s) => s.paths);
    paths.forEach((p, i) => {
      if (paths.indexOf(p) !== i)
        ctx.addIssue({
          code: "custom",
          path: [],
          input: p,
          message: `expected each path to be routed to one service only (${p} is used twice)`,
        });
    });
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
const podSize = (what: string, workers: string) => ({
  minReplicas: intIn(1, 50).describe(`${what} HPA minimum.`),
  maxReplicas: intIn(1, 100).describe(`${what} HPA maximum.`),
  cpuRequest: cpuQuantity().describe(`${what} CPU request (the HPA's 100 %).`),
  cpuLimit: cpuQuantity().describe(`${what} CPU limit; also ${workers} (rounded up).`),
  memoryRequest: memQuantity().describe(`${what} memory request.`),
  memoryLimit: memQuantity().describe(`${what} memory limit.`),
  targetCpuPercent: intIn(10, 95).describe(`${what} HPA target CPU utilisation (% of the request).`),
});
type PodSize = {
  minReplicas: number;
  maxReplicas: number;
  cpuRequest: string;
  cpuLimit: string;
  memoryRequest: string;
  memoryLimit: string;
};

function checkPodSize(p: PodSize, at: string, ctx: z.RefinementCtx): void {
  if (p.maxReplicas < p.minReplicas)
    ctx.addIssue({
      code: "custom",
      path: [at, "maxReplicas"],
      input: p.maxReplicas,
      message: `expected maxReplicas >= minReplicas (${p.minReplicas})`,
    });
  if (cpuMillis(p.cpuLimit) < cpuMillis(p.cpuRequest))
    ctx.addIssue({
      code: "custom",
      path: [at, "cpuLimit"],
      input: p.cpuLimit,
      message: `expected cpuLimit >= cpuRequest (${p.cpuRequest})`,
    });
  if (memMiB(p.memoryLimit) < memMiB(p.memoryRequest))
    ctx.addIssue({
      code: "custom",
      path: [at, "memoryLimit"],
      input: p.memoryLimit,
      message: `expected memoryLimit >= memoryRequest (${p.memoryRequest})`,
    });
}

const PEM_PUBLIC_KEY = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/;

export const ingressSchema = z
  .strictObject({
    nginx: z.strictObject({
      ...podSize("NGINX pod", "the number of nginx worker processes"),
      minReplicas: intIn(1, 50).describe("NGINX edge HPA minimum (one per AZ in prod)."),
      hstsMaxAgeSeconds: intIn(0, 63072000).describe("HSTS max-age sent by NGINX."),
      /** OCSP stapling: only for certificates that name an OCSP responder (Cloudflare Origin CA certificates do not). */
      ocspStapling: bool().describe(
        "OCSP stapling; off because Cloudflare Origin CA certificates name no OCSP responder. On needs the issuer chain as ca.crt in the TLS Secret.",
      ),
    }),
    kong: z.strictObject(podSize("Kong proxy", "Kong's nginx worker count")),
    /** Cloudflare's published ranges admitted by the NLB security group; empty = the list shipped in the code (dated). */
    cloudflareIpRanges: z
      .array(
        cidr().refine((c) => !c.endsWith("/0"), {
          error: "expected one of Cloudflare's ranges, not an open /0 range (the NLB would admit the whole internet)",
        }),
      )
      .describe(
        "Sources admitted by the NLB and trusted for the real client IP. Empty = Cloudflare's published list shipped in components/ingress/cloudflare-ips.ts (dated).",
      ),
    /** Browser origins allowed by the cors plugin; empty = the site's own https origins (apex and www). */
    corsOrigins: z
      .array(
        pattern(
          /^https:\/\/[a-z0-9.-]+(:\d+)?$/,
          "expected an https origin such as https://app.example.com (no wildcard, no path)",
        ),
      )
      .describe("Exact https origins allowed by Kong's cors plugin; empty = the site's own apex and www origins."),
    rateLimit: z.strictObject({
      perMinute: intIn(1, 1000000).describe("Kong rate limit per consumer per minute (counters in ElastiCache)."),
      perHour: intIn(1, 100000000).describe("Kong rate limit per consumer per hour."),
    }),
    jwt: z.strictObject({
      /** Tokens whose exp lies further ahead are refused (Kong jwt maximum_expiration). */
      maxTokenLifetimeSeconds: intIn(60, 86400).describe(
        "Kong jwt refuses tokens whose exp lies further ahead than this.",
      ),
      /** ACL group → RS256 public key (PEM). Groups not listed get a generated HS256 secret. */
      publicKeys: z
        .record(
          dnsLabel(),
          pattern(
            PEM_PUBLIC_KEY,
            "expected a PEM public key (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)",
          ),
        )
        .describe(
          "ACL group → RS256 public key (PEM) its clients sign with; groups not listed get a generated HS256 secret (stack output jwtSigningSecrets).",
        ),
    }),
  })
  .superRefine((i, ctx) => {
    checkPodSize(i.nginx, "nginx", ctx);
    checkPodSize(i.kong, "kong", ctx);
    if (i.rateLimit.perHour < i.rateLimit.perMinute)
      ctx.addIssue({
        code: "custom",
        path: ["rateLimit", "perHour"],
        input: i.rateLimit.perHour,
        message: `expected perHour >= perMinute (${i.rateLimit.perMinute})`,
      });
  });

const ZONE = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** Prefixes that would make one environment's site host equal another environment's www/api host. */
const hostPrefix = () =>
  dnsLabel().refine((p) => p !== "www" && p !== "api", {
    error: 'expected a prefix other than "www" and "api" (they are the other hosts\' labels)',
  });

export const edgeSchema = z
  .strictObject({
    enabled: bool().describe(
      "Create the Cloudflare tier. false = no Cloudflare resources (NGINX serves a self-signed ECDSA certificate).",
    ),
    zone: pattern(ZONE, "expected a DNS zone name such as example.com").describe(
      "Cloudflare zone name (e.g. example.com). Required.",
    ),
    zoneId: pattern(/^[a-f0-9]{32}$/, "expected a 32-character hex Cloudflare zone id")
      .optional()
      .describe("Cloudflare zone id; skips the lookup by name."),
    /** Label for this environment's hosts ("dev" → dev.example.com, www-dev.example.com, api-dev.example.com); "" for the apex. */
    hostPrefix: z
      .union([z.literal(""), hostPrefix()], { error: 'expected "" or a DNS label other than "www"/"api"' })
      .describe('Environment label in hostnames: "dev" → dev.<zone>, api-dev.<zone>; "" → <zone>, api.<zone>.'),
    /** "flat" keeps every host one label below the zone (covered by the free Universal SSL certificate). */
    hostnameStyle: oneOf(HOSTNAME_STYLES).describe(
      "`flat` (www-dev.<zone>: one label below the zone, covered by the free Universal SSL certificate) or `nested` (www.dev.<zone>: needs an Advanced certificate).",
    ),
    /** Zone settings and rulesets are zone-wide: exactly one stack per zone creates them. */
    manageZone: bool().describe(
      "This stack owns the zone-wide settings and rulesets (exactly one stack per zone; prod by default).",
    ),
    /** Host prefixes of the other environments in this zone; the managing stack's rules cover their hosts too. */
    environmentPrefixes: z
      .array(hostPrefix())
      .describe(
        "Host prefixes of the other environments in the zone; the managing stack's rules cover their hosts too.",
      ),
    plan: oneOf(CLOUDFLARE_PLANS as readonly ["free", "pro", "business", "enterprise"]).describe(
      "Cloudflare plan of the zone; decides which WAF and rate-limit features can be used.",
    ),
    hstsMaxAgeSeconds: intIn(0, 63072000).describe("HSTS max-age set at Cloudflare (managing stack only; zone-wide)."),
    hstsPreload: bool().describe("Add `preload` to HSTS (needs max-age >= 1 year; hard to undo)."),
    adoptExistingRecords: bool().describe(
      "Adopt (import) an existing CNAME at one of this stack's hosts instead of failing the preview.",
    ),
    staticEdgeTtlSeconds: intIn(1, 31536000).describe(
      "Edge cache TTL of static files on the site hosts (at least the plan's minimum: free 7200, pro 3600).",
    ),
    allowedApiMethods: z
      .array(oneOf(HTTP_METHODS as readonly [string, ...string[]]))
      .min(1, { error: "expected at least one HTTP method" })
      .describe("HTTP methods the API hosts accept; a custom firewall rule blocks every other method."),
    blockedCountries: z
      .array(pattern(/^[A-Z]{2}$/, 'expected ISO 3166-1 alpha-2 country codes such as "KP"'))
      .describe("ISO country codes blocked by a custom firewall rule."),
    blockedAsns: z.array(intIn(1, 4294967295)).describe("AS numbers blocked by a custom firewall rule."),
    loginRateLimit: z.strictObject({
      paths: z
        .array(pattern(/^\/[A-Za-z0-9/_.-]*$/, "expected a URL path starting with '/'"))
        .min(1, { error: "expected at least one login path" })
        .describe("Exact paths of your login/token endpoints (JWTs come from your identity provider; set its paths)."),
      requestsPerPeriod: intIn(1, 100000).describe(
        "Requests per client IP per period on auth/login paths before mitigation.",
      ),
      periodSeconds: intIn(10, 86400).describe("Counting period (the free plan allows 10 s only)."),
      mitigationTimeoutSeconds: intIn(0, 86400).describe(
        "How long a client stays blocked (the free plan allows 10 s only).",
      ),
    }),
    originCertValidityDays: z
      .number({ error: ORIGIN_CERT_VALIDITY_ERROR })
      .refine((d) => (ORIGIN_CERT_VALIDITY_DAYS as readonly number[]).includes(d), {
        error: ORIGIN_CERT_VALIDITY_ERROR,
      })
      .describe(
        "Validity of the Cloudflare Origin CA certificate (days: 7, 30, 90, 365, 730, 1095, 5475); changing it re-issues the certificate.",
      ),
  })
  .superRefine((e, ctx) => {
    if (e.hstsPreload && e.hstsMaxAgeSeconds < 31536000)
      ctx.addIssue({
        code: "custom",
        path: ["hstsMaxAgeSeconds"],
        input: e.hstsMaxAgeSeconds,
        message: "expected at least 31536000 (one year) when hstsPreload is true",
      });
    for (const issue of edgePlanIssues(e)) ctx.addIssue({ code: "custom", ...issue });
  });

export const monitoringSchema = z
  .strictObject({
    prometheusRetentionDays: intIn(1, 365).describe("Prometheus TSDB retention."),
    prometheusStorageGiB: intIn(5, 2000).describe(
      "Prometheus PVC size (gp3, encrypted); `retentionSize` is set to 85 % of it so a full disk drops old blocks instead of stopping ingestion. Growing it needs a PVC resize (docs/tiers/monitoring.md); it never replaces anything.",
    ),
    /** Prometheus container: CPU request and memory (request = limit: an OOM-killed Prometheus replays its WAL). */
    prometheusCpuRequest: cpuQuantity().describe(
      "CPU request of the Prometheus container (no CPU limit: throttling delays rule evaluation).",
    ),
    prometheusMemory: memQuantity().describe(
      "Memory request and limit of Prometheus (equal, so it is never the first pod evicted). Grows with series count and retention: 1Gi fits dev, 4Gi prod.",
    ),
    alertEmail: email().describe("Where Alertmanager emails alerts and SNS sends CloudWatch alarms. Required."),
    slackEnabled: bool().describe("Also send alerts to Slack (needs the secret `alertSlackWebhookUrl`)."),
    slackChannel: pattern(/^#[a-z0-9_-]{1,80}$/, "expected a Slack channel such as #alerts").describe(
      "Slack channel for alerts.",
    ),
    budgetMonthlyUsd: numIn(1, 1000000).describe(
      "AWS Budget for the environment (alerts at 80 % forecast and 100 % actual).",
    ),
    runbookBaseUrl: pattern(/^https:\/\/\S+$/, "expected an https URL").describe(
      "Where this repository's docs/runbooks is browsable: every alert and CloudWatch alarm links `<base>/<name>.md`. The default assumes the repo is github.com/edgestack/edgestack; a fork sets its own (e.g. `https://github.com/<org>/<repo>/blob/main/docs/runbooks`).",
    ),
    thresholds: z.strictObject({
      serviceDownMinutes: intIn(1, 60).describe("A public URL or scrape target down this long pages."),
      certExpiryDays: intIn(1, 90).describe("Alert when the served TLS certificate expires within this many days."),
      // Upper bounds below 100: a share of 100 % can never be exceeded, so such an alert could never fire.
      errorRatePercent: numIn(0.1, 99).describe("5xx share that pages (critical)."),
      errorSpikePercent: numIn(0.1, 99).describe("5xx share that warns."),
      latencyP95Ms: intIn(50, 60000).describe("p95 latency that warns."),
      resourcePercent: intIn(50, 99).describe("CPU / memory / disk use that warns."),
    }),
    /** CloudWatch alarms on the AWS data services (to the SNS alert topic). */
    alarms: z.strictObject({
      cpuPercent: intIn(50, 99).describe(
        "CloudWatch alarm on Aurora instance CPU and ElastiCache host and engine CPU (average over 15 min).",
      ),
      freeableMemoryMiB: intIn(64, 65536).describe(
        "Aurora FreeableMemory below this (15 min) alarms: the instance is close to swapping. Scaled to the instance size per environment.",
      ),
      databaseConnections: intIn(10, 16000).describe(
        "Aurora DatabaseConnections above this (15 min) alarms; ~80 % of max_connections of the environment's instance size (LEAST(memory/9531392, 5000)).",
      ),
      auroraReplicaLagMs: intIn(100, 600000).describe(
        "AuroraReplicaLagMaximum above this for 5 min alarms (only with readers): reads from replicas are stale and failover would lose time.",
      ),
      cacheMemoryPercent: intIn(50, 99).describe(
        "ElastiCache DatabaseMemoryUsagePercentage above this alarms (evictions start at 100 %).",
      ),
      cacheEvictions: intIn(0, 10000000).describe(
        "ElastiCache evictions per 5 minutes above this alarms: keys (rate-limit counters, sessions) are being dropped for memory.",
      ),
      cacheReplicationLagSeconds: intIn(1, 3600).describe(
        "ElastiCache ReplicationLag above this for 5 min alarms (only with replicas).",
      ),
    }),
  })
  .superRefine((m, ctx) => {
    if (m.thresholds.errorSpikePercent >= m.thresholds.errorRatePercent)
      ctx.addIssue({
        code: "custom",
        path: ["thresholds", "errorSpikePercent"],
        input: m.thresholds.errorSpikePercent,
        message: `expected the warning spike threshold below errorRatePercent (${m.thresholds.errorRatePercent})`,
      });
  });

/** host:port of an OTLP/gRPC collector, e.g. otel-collector.monitoring.svc.cluster.local:4317; "" = no trace export. */
/** Namespaces the sidecar injector must never touch: the control plane itself and the cluster's system pods. */
const NEVER_INJECTED = [NAMESPACES.kubeSystem, NAMESPACES.istio] as const;

export const meshSchema = z
  .strictObject({
    enabled: bool().describe(
      "Install Istio (STRICT mTLS, outlier detection, retries). On in prod, off in dev (sidecars cost CPU/memory per pod).",
    ),
    /** Namespaces labelled for sidecar injection by the tier that creates them (meshInjectionLabels). */
    injectNamespaces: z
      .array(dnsLabel())
      .describe(
        "Namespaces labelled `istio.io/rev` for sidecar injection by the tier that creates them. Must include apps and kong when the mesh is on; kube-system and istio-system are refused.",
      ),
    tracingSamplingPercent: numIn(0, 100).describe("Share of requests traced (Telemetry API, mesh-wide)."),
    tracingCollector: hostPort(
      'expected host:port of an OTLP gRPC collector such as otel-collector.monitoring.svc.cluster.local:4317, or "" for none',
      true,
    ).describe('OTLP gRPC collector (host:port) spans are exported to; "" = sampling set but nothing exported.'),
    istiod: z.strictObject({
      minReplicas: intIn(1, 10).describe(
        "istiod replicas at least (HPA). 2 in prod: the chart only renders istiod's PDB (minAvailable 1) above one replica.",
      ),
      maxReplicas: intIn(1, 20).describe("istiod replicas at most (HPA on CPU)."),
      cpuRequest: cpuQuantity().describe(
        "istiod CPU request (Istio's benchmark: 1 vCPU for 2000 sidecars; ours has tens).",
      ),
      memoryRequest: memQuantity().describe("istiod memory request (1.5 GB for 2000 sidecars in Istio's benchmark)."),
    }),
    proxy: z.strictObject({
      cpuRequest: cpuQuantity().describe(
        "Sidecar CPU request per injected pod (~0.2 vCPU per 1000 req/s per Istio's benchmark).",
      ),
      cpuLimit: cpuQuantity().describe("Sidecar CPU limit."),
      memoryRequest: memQuantity().describe(
        "Sidecar memory request per injected pod (~60 MB at 1000 req/s per Istio's benchmark).",
      ),
      memoryLimit: memQuantity().describe("Sidecar memory limit."),
    }),
    outlierDetection: z.strictObject({
      consecutive5xxErrors: intIn(1, 100).describe(
        "5xx in a row before a pod is ejected from the load-balancing pool.",
      ),
      intervalSeconds: intIn(1, 300).describe("How often ejection is evaluated."),
      baseEjectionSeconds: intIn(1, 3600).describe("Minimum ejection time (grows with repeated ejections)."),
      maxEjectionPercent: intIn(1, 100).describe("Upper bound of pods ejected at once."),
    }),
    connectionPool: z.strictObject({
      maxConnections: intIn(1, 100000).describe("TCP connections per destination (circuit breaker)."),
      http1MaxPendingRequests: intIn(1, 100000).describe("Queued requests per destination before failing fast."),
      http2MaxRequests: intIn(1, 100000).describe("Concurrent requests per destination."),
      /** Retries outstanding to one service at once across all Kong pods: the cap that stops a retry storm. */
      maxRetries: intIn(0, 100000).describe(
        "Retries outstanding to one destination at once: 10 % of the concurrent-request cap, so retries cannot snowball.",
      ),
    }),
    retries: z.strictObject({
      attempts: intIn(0, 10).describe(
        "Retries per request; attempts × perTryTimeoutMs must fit in timeoutMs so retries cannot amplify load.",
      ),
      perTryTimeoutMs: intIn(10, 60000).describe("Timeout of each attempt."),
    }),
    timeoutMs: intIn(100, 300000).describe("Route timeout."),
  })
  .superRefine((m, ctx) => {
    if (m.retries.attempts * m.retries.perTryTimeoutMs > m.timeoutMs) {
      ctx.addIssue({
        code: "custom",
        path: ["retries"],
        input: m.retries,
        message: `expected attempts × perTryTimeoutMs <= timeoutMs (${m.timeoutMs}) so retries cannot amplify load past the route timeout`,
      });
    }
    if (m.istiod.maxReplicas < m.istiod.minReplicas) {
      ctx.addIssue({
        code: "custom",
        path: ["istiod", "maxReplicas"],
        input: m.istiod.maxReplicas,
        message: `expected maxReplicas >= minReplicas (${m.istiod.minReplicas})`,
      });
    }
    m.injectNamespaces.forEach((ns, i) => {
      if ((NEVER_INJECTED as readonly string[]).includes(ns)) {
        ctx.addIssue({
          code: "custom",
          path: ["injectNamespaces", i],
          input: ns,
          message: `expected an application namespace: ${NEVER_INJECTED.join(" and ")} must never get sidecars`,
        });
      }
    });
    if (m.enabled) {
      // Kong must carry a mesh identity (the AuthorizationPolicies allow only its principal) and the apps must
      // have sidecars (or STRICT mTLS and the policies enforce nothing).
      for (const required of [NAMESPACES.apps, NAMESPACES.kong]) {
        if (!m.injectNamespaces.includes(required)) {
          ctx.addIssue({
            code: "custom",
            path: ["injectNamespaces"],
            input: m.injectNamespaces,
            message: `expected to include "${required}" when the mesh is enabled`,
          });
        }
      }
    }
  });
