/**
 * What every environment shares (COMMON) and the figures both environment columns reuse. Typed by the schema's
 * input (deep-partial), so a misspelt key or a wrong type fails `npm run typecheck`. The table itself and how the
 * columns merge: env-defaults.ts.
 */
import type { z } from "zod";
import type { platformSchema } from "./index";

type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
/** Defaults for some of the keys of `platformSchema` (what the stack file may set). */
export type Defaults = DeepPartial<z.input<typeof platformSchema>>;

/**
 * Keys with no default on purpose (every stack file must say them): edge.zone, monitoring.alertEmail,
 * and for a real deploy cluster.publicAccessCidrs (empty = private API endpoint only).
 */
export const COMMON: Defaults = {
  costCenter: "platform",
  tags: {},
  services: [
    // The two reference apps under apps/. Adding a service is one more entry here or in a stack file.
    { name: "items", framework: "fastapi", paths: ["/api/v1/items"], allowedGroups: ["readers", "writers"] },
    { name: "orders", framework: "flask", paths: ["/api/v1/orders"], allowedGroups: ["writers"] },
  ],
  cluster: {
    version: "1.35",
    pinned: { version: "1.35" },
    publicAccessCidrs: [],
    // An in-VPC runner (self-hosted or CodeBuild, anywhere in the VPC) reaches the private API endpoint.
    apiAccess: { fromVpc: true, cidrs: [], securityGroupIds: [] },
  },
  database: {
    // 17.7 is the Aurora PostgreSQL 17 LTS minor (standard support to 2030-02-28, policies/lib/aurora-versions.ts).
    engineVersion: "17.7",
    autoPauseSeconds: 3600,
    backupWindow: "03:00-04:00",
    maintenanceWindow: "sun:05:00-sun:06:00",
    autoMinorVersionUpgrade: true,
    // Deletion protection everywhere (policy): deleting even dev is a deliberate two-step change.
    deletionProtection: true,
    performanceInsightsRetentionDays: 7,
    databaseName: "app",
    allowReplacement: false,
    pinned: { databaseName: "app" },
  },
  cache: {
    engine: "valkey",
    engineVersion: "8.2",
    snapshotWindow: "02:00-03:00",
    maintenanceWindow: "sun:06:00-sun:07:00",
    maxmemoryPolicy: "volatile-lru",
    allowReplacement: false,
    pinned: { engine: "valkey", engineVersion: "8.2" },
  },
  edge: {
    enabled: true,
    // One label below the zone (dev.example.com, www-dev.example.com): the free Universal SSL cert covers it.
    hostnameStyle: "flat",
    // Hosts of the other environments sharing the zone; the zone-managing stack's rules cover them too.
    environmentPrefixes: ["dev"],
    // The zone's plan (one per zone, shared by every stack in it). Free: Cloudflare's Free Managed Ruleset only;
    // set "pro" ($25/month) to deploy the Cloudflare Managed + OWASP Core rulesets.
    plan: "free",
    hstsPreload: false,
    // Records already at our hosts fail the preview with import commands; adopting them is an explicit choice.
    adoptExistingRecords: false,
    // Free plan minimum is 7200 s; static files are fingerprinted, so a day at the edge is safe.
    staticEdgeTtlSeconds: 86400,
    allowedApiMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    blockedCountries: [],
    blockedAsns: [],
    // Free plan: 10 s period and 10 s mitigation timeout are the only values allowed.
    loginRateLimit: {
      paths: ["/api/v1/auth/login", "/api/v1/auth/token"],
      requestsPerPeriod: 10,
      periodSeconds: 10,
      mitigationTimeoutSeconds: 10,
    },
    // 15 years (Cloudflare's default); rotate by replacing the key (docs/tiers/edge.md).
    originCertValidityDays: 5475,
  },
  monitoring: {
    slackEnabled: false,
    runbookBaseUrl: "https://github.com/edgestack/edgestack/blob/main/docs/runbooks",
    thresholds: {
      serviceDownMinutes: 5,
      certExpiryDays: 30,
      errorRatePercent: 5,
      errorSpikePercent: 2,
      latencyP95Ms: 1000,
      resourcePercent: 90,
    },
    // CloudWatch alarm thresholds that do not depend on instance sizes.
    alarms: {
      cpuPercent: 90,
      auroraReplicaLagMs: 2000,
      cacheMemoryPercent: 85,
      cacheEvictions: 100,
      cacheReplicationLagSeconds: 10,
    },
  },
  ingress: {
    nginx: { ocspStapling: false },
    kong: { cpuLimit: "1" },
    // Empty: the dated list in components/ingress/cloudflare-ips.ts; the site's own origins for CORS.
    cloudflareIpRanges: [],
    corsOrigins: [],
    // Every ACL group gets a generated HS256 secret unless an RS256 public key is given here.
    jwt: { maxTokenLifetimeSeconds: 3600, publicKeys: {} },
  },
  mesh: {
    // Kong carries the identity the AuthorizationPolicies allow; the apps get STRICT mTLS. Not kube-system,
    // istio-system (rejected) nor monitoring/edge (stay outside: see docs/tiers/mesh.md).
    injectNamespaces: ["apps", "kong"],
    tracingSamplingPercent: 1,
    // "" = the platform's own OpenTelemetry collector when observability.traces.enabled (else no export); or an
    // OTLP gRPC collector (host:port) of your own.
    tracingCollector: "",
    outlierDetection: { consecutive5xxErrors: 5, intervalSeconds: 10, baseEjectionSeconds: 30, maxEjectionPercent: 50 },
    // maxRetries = 10 % of the concurrent-request cap: retries can add at most a tenth to a struggling service.
    connectionPool: { maxConnections: 1000, http1MaxPendingRequests: 1000, http2MaxRequests: 1000, maxRetries: 100 },
    retries: { attempts: 2, perTryTimeoutMs: 2000 },
    timeoutMs: 5000,
  },
};

/**
 * Capacity planner traffic model (tools/plan-capacity.ts), the "Capacity" figures: one request per user every
 * 5 s of think time; ~1,250 req/s per prod pod (npm run bench:apps on 2026-11-23, halved for the 1 vCPU limit) run at 60 %.
 */
export const PLANNER = { requestsPerUserPerSecond: 0.2, podRps: 1250, targetUtilization: 0.6 };

/**
 * Karpenter settings both environments share. AMI: the EKS-optimized AL2023 release v20260520 (the release Karpenter
 * 1.14's own AMI suite pins, test/suites/ami/suite_test.go in aws/karpenter-provider-aws, 2026-08); bump it in a
 * reviewed change (a new alias rolls every Karpenter node through drift, within the disruption budget).
 */
export const KARPENTER_COMMON = { amiAlias: "al2023@v20260520", consolidateAfter: "5m", disruptionBudgetPercent: 10 };
