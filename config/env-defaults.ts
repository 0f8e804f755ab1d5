/**
 * THE table where environments differ. Components never branch on the environment name: they receive
 * the merged, validated values. A stack file (Pulumi.<stack>.yaml) overrides any key; objects merge key by
 * key, arrays replace. Sizes are chosen so that dev stays under $250/month and prod (3-AZ HA) under
 * $1,200/month by the estimator in policies/cost/estimate.ts.
 *
 * COMMON holds what every environment shares; DEV and PROD only what differs. All three are typed by the
 * schema's input (deep-partial), so a misspelt key or a wrong type fails `npm run typecheck`.
 */
import type { z } from "zod";
import type { platformSchema } from "./index";

export const ENVIRONMENTS = ["dev", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
/** Defaults for some of the keys of `platformSchema` (what the stack file may set). */
export type Defaults = DeepPartial<z.input<typeof platformSchema>>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars from `override` replace the base. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v);
    return out;
  }
  return override;
}

/**
 * Keys with no default on purpose (every stack file must say them): edge.zone, monitoring.alertEmail,
 * and for a real deploy cluster.publicAccessCidrs (empty = private API endpoint only).
 */
const COMMON: Defaults = {
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
const PLANNER = { requestsPerUserPerSecond: 0.2, podRps: 1250, targetUtilization: 0.6 };

/**
 * Karpenter settings both environments share. AMI: the EKS-optimized AL2023 release v20260520 (the release Karpenter
 * 1.14's own AMI suite pins, test/suites/ami/suite_test.go in aws/karpenter-provider-aws, 2026-08); bump it in a
 * reviewed change (a new alias rolls every Karpenter node through drift, within the disruption budget).
 */
const KARPENTER_COMMON = { amiAlias: "al2023@v20260520", consolidateAfter: "5m", disruptionBudgetPercent: 10 };

const DEV: Defaults = {
  environment: "dev",
  protectStateful: false,
  // Interface endpoints cost $7.30/AZ-month each; at dev traffic NAT processing is cheaper.
  network: { cidr: "10.20.0.0/16", azCount: 2, natGateways: 1, interfaceEndpoints: [], flowLogRetentionDays: 7 },
  cluster: {
    // One CI role per stack (GitHub environment variable AWS_DEPLOY_ROLE_ARN), named <project>-deploy-<stack> by
    // default (config/index.ts); it creates the cluster.
    access: { adminRoleNames: [], viewerRoleNames: [], readAllRoleNames: [] },
    logTypes: ["api", "audit", "authenticator"],
    logRetentionDays: 7,
    nodeGroups: [
      // One on-demand node for system pods, the rest on spot (interruptions are acceptable in dev).
      {
        name: "general",
        instanceTypes: ["t4g.medium"],
        capacityType: "ON_DEMAND",
        minSize: 1,
        maxSize: 2,
        desiredSize: 1,
        diskSizeGiB: 30,
      },
      {
        name: "spot",
        instanceTypes: ["t4g.medium", "t4g.large"],
        capacityType: "SPOT",
        minSize: 1,
        maxSize: 4,
        desiredSize: 1,
        diskSizeGiB: 30,
      },
    ],
  },
  database: {
    mode: "serverless",
    minCapacity: 0,
    maxCapacity: 4,
    instanceClass: "db.t4g.medium",
    readers: 0,
    // 3 days of point-in-time restore (policy minimum for dev); backup storage up to the cluster size is free.
    backupRetentionDays: 3,
    // No final snapshot when dev is deleted.
    skipFinalSnapshot: true,
    monitoringIntervalSeconds: 60,
    // RDS Proxy bills Serverless v2 for at least 8 ACU (~$88/month): a third of the dev budget for pooling dev does not need.
    proxy: false,
    slowQueryMs: 200,
    logRetentionDays: 7,
  },
  // secretRecoveryDays 0: a destroyed dev stack frees the secret's name at once, so the next `pulumi up` can create it again.
  cache: {
    nodeType: "cache.t4g.micro",
    nodes: 1,
    multiAz: false,
    snapshotRetentionDays: 1,
    logRetentionDays: 7,
    secretRecoveryDays: 0,
  },
  ingress: {
    // One replica each: a node drain briefly interrupts dev traffic (PDBs allow it), which dev accepts.
    nginx: {
      minReplicas: 1,
      maxReplicas: 3,
      cpuRequest: "50m",
      cpuLimit: "500m",
      memoryRequest: "64Mi",
      memoryLimit: "128Mi",
      targetCpuPercent: 70,
      hstsMaxAgeSeconds: 86400,
    },
    kong: {
      minReplicas: 1,
      maxReplicas: 3,
      cpuRequest: "100m",
      memoryRequest: "256Mi",
      memoryLimit: "512Mi",
      targetCpuPercent: 70,
    },
    rateLimit: { perMinute: 600, perHour: 20000 },
  },
  // dev shares prod's zone: prod owns the zone-wide settings and rulesets (manageZone), dev only its records and cert.
  // edge.hostPrefix defaults to the stack name (config/index.ts).
  edge: { manageZone: false, hstsMaxAgeSeconds: 86400 },
  monitoring: {
    prometheusRetentionDays: 3,
    prometheusStorageGiB: 10,
    prometheusCpuRequest: "200m",
    prometheusMemory: "1Gi",
    // 275: every billable line priced (KMS rotations, egress, backups, logs, traces: $266 as of 2026-12-03).
    slackChannel: "#alerts-dev",
    budgetMonthlyUsd: 275,
    // Aurora PostgreSQL max_connections = LEAST(DBInstanceClassMemory / 9531392, 5000); Serverless v2 sizes
    // it from maxCapacity (4 ACU ≈ 8 GiB → ≈ 900). The alarm sits at ~80 % of that.
    alarms: { freeableMemoryMiB: 256, databaseConnections: 700 },
  },
  // Logs kept a week; 1 % of root requests traced (X-Ray's free 100,000 traces/month cover dev).
  observability: {
    logs: {
      enabled: true,
      retentionDays: 7,
      namespaces: ["apps", "kong", "edge", "kube-system"],
      nodeLogs: true,
      cpuRequest: "50m",
      memoryRequest: "64Mi",
      memoryLimit: "128Mi",
    },
    traces: {
      enabled: true,
      samplingPercent: 1,
      replicas: 1,
      cpuRequest: "50m",
      memoryRequest: "128Mi",
      memoryLimit: "256Mi",
    },
  },
  backup: {
    // Daily + weekly AWS Backup snapshots, no copy to another region, one restore test a week (~$3/month,
    // policies/cost/estimate-backup.ts). One week is AWS Backup's advised minimum warm retention.
    enabled: true,
    hourUtc: 1,
    dailyRetentionDays: 7,
    weeklyDay: "SUN",
    weeklyRetentionDays: 14,
    copyRegion: "",
    copyRetentionDays: 14,
    vaultLock: false,
    restoreTest: { enabled: true, day: "MON", hourUtc: 6, validationWindowHours: 1, selectionWindowDays: 7 },
  },
  // Small pools: one extra t4g on-demand node at most and a few spot ones, so a runaway HPA cannot run up the bill.
  capacity: {
    karpenter: {
      ...KARPENTER_COMMON,
      enabled: true,
      diskSizeGiB: 30,
      onDemand: { instanceFamilies: ["t4g"], instanceSizes: ["medium", "large"], cpuLimit: 2, memoryLimitGiB: 8 },
      spot: { instanceFamilies: ["t4g"], instanceSizes: ["medium", "large"], cpuLimit: 4, memoryLimitGiB: 16 },
      controller: { replicas: 1, cpuRequest: "100m", memoryRequest: "256Mi" },
    },
    planner: { ...PLANNER, podRps: 600 },
  },
  // Off: sidecars would double the pod count's CPU/memory requests on two t4g.medium nodes. When turned on,
  // one istiod (no PDB: the chart only renders one above one replica) and lean sidecars.
  mesh: {
    enabled: false,
    istiod: { minReplicas: 1, maxReplicas: 2, cpuRequest: "100m", memoryRequest: "256Mi" },
    proxy: { cpuRequest: "50m", cpuLimit: "500m", memoryRequest: "64Mi", memoryLimit: "256Mi" },
  },
};

const PROD: Defaults = {
  environment: "prod",
  protectStateful: true,
  network: {
    cidr: "10.30.0.0/16",
    azCount: 3,
    natGateways: 3,
    // STS only: every IRSA pod exchanges its token there, so it must not depend on the NAT path. Image layers
    // already bypass NAT through the free S3 gateway endpoint; an interface endpoint costs $21.90/month over
    // 3 AZs and pays for itself above ~490 GB/month of NAT processing ($0.045/GB), which ECR manifests,
    // Secrets Manager and Logs calls do not reach here. Add them when traffic grows (policies/cost/pricing.ts).
    interfaceEndpoints: ["sts"],
    flowLogRetentionDays: 90,
  },
  cluster: {
    access: { adminRoleNames: [], viewerRoleNames: [], readAllRoleNames: [] },
    logTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
    logRetentionDays: 90,
    nodeGroups: [
      // System pods (Karpenter's controller among them) and the first share of the workloads; Karpenter's
      // NodePools (capacity.karpenter) add on-demand then spot nodes beyond it (the spot burst group they replace).
      {
        name: "general",
        instanceTypes: ["m7g.large"],
        capacityType: "ON_DEMAND",
        minSize: 3,
        maxSize: 9,
        desiredSize: 3,
        diskSizeGiB: 50,
      },
    ],
  },
  database: {
    mode: "provisioned",
    minCapacity: 0.5,
    maxCapacity: 16,
    instanceClass: "db.r7g.large",
    readers: 1,
    backupRetentionDays: 14,
    skipFinalSnapshot: false,
    monitoringIntervalSeconds: 30,
    proxy: true,
    slowQueryMs: 500,
    logRetentionDays: 90,
  },
  // A deleted prod secret stays restorable for a week (and its name taken: docs/destroy-and-recreate.md).
  cache: {
    nodeType: "cache.t4g.small",
    nodes: 2,
    multiAz: true,
    snapshotRetentionDays: 7,
    logRetentionDays: 30,
    secretRecoveryDays: 7,
  },
  ingress: {
    // One replica per AZ at least, so an AZ outage or a node drain never takes the entry point down.
    nginx: {
      minReplicas: 3,
      maxReplicas: 9,
      cpuRequest: "100m",
      cpuLimit: "1",
      memoryRequest: "128Mi",
      memoryLimit: "256Mi",
      targetCpuPercent: 65,
      hstsMaxAgeSeconds: 31536000,
    },
    kong: {
      minReplicas: 3,
      maxReplicas: 9,
      cpuRequest: "250m",
      memoryRequest: "512Mi",
      memoryLimit: "1Gi",
      targetCpuPercent: 65,
    },
    rateLimit: { perMinute: 1200, perHour: 60000 },
  },
  edge: { manageZone: true, hstsMaxAgeSeconds: 31536000 },
  monitoring: {
    prometheusRetentionDays: 15,
    prometheusStorageGiB: 50,
    prometheusCpuRequest: "500m",
    prometheusMemory: "4Gi",
    // 1,200 (policies/config/prod.json, the same figure): every billable line priced (backups, logs, traces), and
    // the pods at minimum replicas need more than the 3 x m7g.large group holds, so Karpenter runs one more
    // on-demand node (docs/capacity.md). The reference design costs $1,650; the HPA peak is the reported ceiling.
    slackChannel: "#alerts",
    budgetMonthlyUsd: 1200,
    // db.r7g.large (16 GiB): max_connections ≈ 1,800; alarm at ~80 %.
    alarms: { freeableMemoryMiB: 1024, databaseConnections: 1400 },
  },
  backup: {
    // Dailies for the PITR window (14 days, free up to the cluster size), weeklies for five weeks, the weeklies
    // copied to us-west-2 (a regional outage or a lost account region still leaves a restorable copy), vault
    // lock in governance mode, one restore test a week. ~$9/month (policies/cost/estimate-backup.ts).
    enabled: true,
    hourUtc: 1,
    dailyRetentionDays: 14,
    weeklyDay: "SUN",
    weeklyRetentionDays: 35,
    copyRegion: "us-west-2",
    copyRetentionDays: 35,
    vaultLock: true,
    restoreTest: { enabled: true, day: "MON", hourUtc: 6, validationWindowHours: 1, selectionWindowDays: 7 },
  },
  // 30 days of logs online (older: export to S3 if ever needed); 5 % of requests traced, two collectors (one per
  // node drain) so a restart never drops the spans in flight.
  observability: {
    logs: {
      enabled: true,
      retentionDays: 30,
      namespaces: ["apps", "kong", "edge", "kube-system", "monitoring", "istio-system", "observability"],
      nodeLogs: true,
      cpuRequest: "100m",
      memoryRequest: "128Mi",
      memoryLimit: "256Mi",
    },
    traces: {
      enabled: true,
      samplingPercent: 5,
      replicas: 2,
      cpuRequest: "100m",
      memoryRequest: "256Mi",
      memoryLimit: "512Mi",
    },
  },
  // On-demand pool: what minimum replicas need beyond the managed group, plus room for a zone's worth of
  // rescheduling; spot pool: the HPAs' peak (12 replicas per service, 9 Kong/NGINX), at 0.4 x the price.
  capacity: {
    karpenter: {
      ...KARPENTER_COMMON,
      enabled: true,
      diskSizeGiB: 50,
      onDemand: {
        instanceFamilies: ["m7g", "c7g", "r7g"],
        instanceSizes: ["large", "xlarge"],
        cpuLimit: 8,
        memoryLimitGiB: 32,
      },
      spot: {
        instanceFamilies: ["m7g", "c7g", "r7g"],
        instanceSizes: ["large", "xlarge", "2xlarge"],
        cpuLimit: 48,
        memoryLimitGiB: 192,
      },
      controller: { replicas: 2, cpuRequest: "250m", memoryRequest: "512Mi" },
    },
    planner: PLANNER,
  },
  // Two istiod replicas minimum so its PDB (minAvailable 1) never blocks a node drain; sidecar requests at
  // the chart's defaults (100m/128Mi), limits trimmed to what a sidecar of a small mesh uses.
  mesh: {
    enabled: true,
    // Same share as the apps' own root sampling (observability.traces.samplingPercent).
    tracingSamplingPercent: 5,
    istiod: { minReplicas: 2, maxReplicas: 5, cpuRequest: "250m", memoryRequest: "512Mi" },
    proxy: { cpuRequest: "100m", cpuLimit: "1", memoryRequest: "128Mi", memoryLimit: "512Mi" },
  },
};

export const ENV_DEFAULTS: Record<Environment, Defaults> = {
  dev: deepMerge(COMMON, DEV) as Defaults,
  prod: deepMerge(COMMON, PROD) as Defaults,
};

type ServiceInput = NonNullable<z.input<typeof platformSchema>["services"]>[number];
/** Per-service sizing by environment; merged under each entry of `services`. */
export const SERVICE_DEFAULTS: Record<Environment, Partial<ServiceInput>> = {
  dev: {
    minReplicas: 1,
    maxReplicas: 3,
    cpuRequest: "100m",
    cpuLimit: "500m",
    memoryRequest: "128Mi",
    memoryLimit: "256Mi",
    targetCpuPercent: 70,
    targetMemoryPercent: 80,
    keepImages: 10,
    forceDeleteImages: true,
  },
  prod: {
    minReplicas: 3,
    maxReplicas: 12,
    cpuRequest: "250m",
    cpuLimit: "1",
    memoryRequest: "256Mi",
    memoryLimit: "512Mi",
    targetCpuPercent: 65,
    targetMemoryPercent: 80,
    keepImages: 30,
    forceDeleteImages: false,
  },
};
