/**
 * THE table where environments differ. Components never branch on the environment name: they receive
 * the merged, validated values. A stack file (Pulumi.<stack>.yaml) overrides any key; objects merge key by
 * key, arrays replace. Sizes are chosen so that dev stays under $250/month and prod (3-AZ HA) under
 * $1,150/month by the estimator in policies/cost/estimate.ts (pods at minimum replicas, Karpenter's nodes included).
 */
export const ENVIRONMENTS = ["dev", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * Capacity planner traffic model (tools/plan-capacity.ts), the README "Capacity" figures: one request per user every
 * 5 s of think time; ~1,250 req/s per prod pod (npm run bench:apps on 2026-11-23, halved for the 1 vCPU limit) run at 60 %.
 */
const PLANNER = { requestsPerUserPerSecond: 0.2, podRps: 1250, targetUtilization: 0.6 };

/**
 * Karpenter settings both environments share. AMI: the EKS-optimized AL2023 release v20260520 (the release Karpenter
 * 1.14's own AMI suite pins, test/suites/ami/suite_test.go in aws/karpenter-provider-aws, 2026-08); bump it in a
 * reviewed change (a new alias rolls every Karpenter node through drift, within the disruption budget).
 */
const KARPENTER_COMMON = { amiAlias: "al2023@v20260520", consolidateAfter: "5m", disruptionBudgetPercent: 10 };

const COMMON = {
    costCenter: "platform",
    tags: {} as Record<string, string>,
    services: [
        // The two reference apps under apps/. Adding a service is one more entry here or in a stack file.
        { name: "items", framework: "fastapi", paths: ["/api/v1/items"], allowedGroups: ["readers", "writers"] },
        { name: "orders", framework: "flask", paths: ["/api/v1/orders"], allowedGroups: ["writers"] },
    ],
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
        // Free plan minimum is 7200 s; static files are fingerprinted, so a day at the edge is safe.
        staticEdgeTtlSeconds: 86400,
        allowedApiMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        blockedCountries: [] as string[],
        blockedAsns: [] as number[],
        // Free plan: 10 s period and 10 s mitigation timeout are the only values allowed.
        loginRateLimit: { paths: ["/api/v1/auth/login", "/api/v1/auth/token"], requestsPerPeriod: 10, periodSeconds: 10, mitigationTimeoutSeconds: 10 },
        // 15 years (Cloudflare's default); rotate by replacing the key (README, "Edge (Cloudflare)").
        originCertValidityDays: 5475,
    },
    monitoring: {
        runbookBaseUrl: "https://github.com/edgestack/edgestack/blob/main/docs/runbooks",
        thresholds: { serviceDownMinutes: 5, certExpiryDays: 30, errorRatePercent: 5, errorSpikePercent: 2, latencyP95Ms: 1000, resourcePercent: 90 },
        // CloudWatch alarm thresholds that do not depend on instance sizes.
        alarms: { cpuPercent: 90, auroraReplicaLagMs: 2000, cacheMemoryPercent: 85, cacheEvictions: 100, cacheReplicationLagSeconds: 10 },
    },
    ingress: {
        // Empty: the dated list in components/ingress/cloudflare-ips.ts; the site's own origins for CORS.
        cloudflareIpRanges: [] as string[],
        corsOrigins: [] as string[],
        // Every ACL group gets a generated HS256 secret unless an RS256 public key is given here.
        jwt: { maxTokenLifetimeSeconds: 3600, publicKeys: {} as Record<string, string> },
    },
    mesh: {
        // Kong carries the identity the AuthorizationPolicies allow; the apps get STRICT mTLS. Not kube-system,
        // istio-system (rejected) nor monitoring/edge (stay outside: see README, "Service mesh (Istio)").
        injectNamespaces: ["apps", "kong"],
        tracingSamplingPercent: 1,
        // "" = no trace export; set to an OTLP gRPC collector (host:port) to ship spans.
        tracingCollector: "",
        outlierDetection: { consecutive5xxErrors: 5, intervalSeconds: 10, baseEjectionSeconds: 30, maxEjectionPercent: 50 },
        // maxRetries = 10 % of the concurrent-request cap: retries can add at most a tenth to a struggling service.
        connectionPool: { maxConnections: 1000, http1MaxPendingRequests: 1000, http2MaxRequests: 1000, maxRetries: 100 },
        retries: { attempts: 2, perTryTimeoutMs: 2000 },
        timeoutMs: 5000,
    },
};

/** Per-service sizing by environment; merged under each entry of `services`. */
export const SERVICE_DEFAULTS = {
    dev: { minReplicas: 1, maxReplicas: 3, cpuRequest: "100m", cpuLimit: "500m", memoryRequest: "128Mi", memoryLimit: "256Mi", targetCpuPercent: 70, targetMemoryPercent: 80, keepImages: 10 },
    prod: { minReplicas: 3, maxReplicas: 12, cpuRequest: "250m", cpuLimit: "1", memoryRequest: "256Mi", memoryLimit: "512Mi", targetCpuPercent: 65, targetMemoryPercent: 80, keepImages: 30 },
} as const;

/**
 * Keys with no default on purpose (every stack file must say them): edge.zone, monitoring.alertEmail,
 * monitoring.smtp.from, and for a real deploy cluster.publicAccessCidrs (empty = private API endpoint only).
 */
export const ENV_DEFAULTS: Record<Environment, Record<string, unknown>> = {
    dev: {
        ...COMMON,
        environment: "dev",
        protectStateful: false,
        network: {
            cidr: "10.20.0.0/16",
            azCount: 2,
            natGateways: 1,
            // Interface endpoints cost $7.30/AZ-month each; at dev traffic NAT processing is cheaper.
            interfaceEndpoints: [],
            flowLogRetentionDays: 7,
        },
        cluster: {
            version: "1.35",
            publicAccessCidrs: [],
            logTypes: ["api", "audit", "authenticator"],
            logRetentionDays: 7,
            nodeGroups: [
                // One on-demand node for system pods, the rest on spot (interruptions are acceptable in dev).
                { name: "general", instanceTypes: ["t4g.medium"], capacityType: "ON_DEMAND", minSize: 1, maxSize: 2, desiredSize: 1, diskSizeGiB: 30 },
                { name: "spot", instanceTypes: ["t4g.medium", "t4g.large"], capacityType: "SPOT", minSize: 1, maxSize: 4, desiredSize: 1, diskSizeGiB: 30 },
            ],
        },
        database: {
            // 17.7 is the Aurora PostgreSQL 17 LTS minor (standard support to 2030-02-28, engine-versions.ts).
            engineVersion: "17.7", mode: "serverless", minCapacity: 0, autoPauseSeconds: 3600, maxCapacity: 4, instanceClass: "db.t4g.medium", readers: 0,
            // 3 days of point-in-time restore (policy minimum for dev); backup storage up to the cluster size is free.
            backupRetentionDays: 3, backupWindow: "03:00-04:00", maintenanceWindow: "sun:05:00-sun:06:00", autoMinorVersionUpgrade: true,
            // Deletion protection everywhere (policy): deleting dev is a deliberate two-step change; no final snapshot.
            deletionProtection: true, skipFinalSnapshot: true, performanceInsightsRetentionDays: 7, monitoringIntervalSeconds: 60,
            // RDS Proxy bills Serverless v2 for at least 8 ACU (~$88/month): a third of the dev budget for pooling dev does not need.
            proxy: false,
            databaseName: "app", slowQueryMs: 200, logRetentionDays: 7, allowReplacement: false, pinned: { databaseName: "app" },
        },
        cache: {
            engine: "valkey", engineVersion: "8.2", nodeType: "cache.t4g.micro", nodes: 1, multiAz: false, snapshotRetentionDays: 1,
            snapshotWindow: "02:00-03:00", maintenanceWindow: "sun:06:00-sun:07:00", maxmemoryPolicy: "volatile-lru", logRetentionDays: 7,
            allowReplacement: false, pinned: { engine: "valkey", engineVersion: "8.2" },
        },
        ingress: {
            ...COMMON.ingress,
            // One replica each: a node drain briefly interrupts dev traffic (PDBs allow it), which dev accepts.
            nginx: { minReplicas: 1, maxReplicas: 3, cpuRequest: "50m", cpuLimit: "500m", memoryRequest: "64Mi", memoryLimit: "128Mi", targetCpuPercent: 70, hstsMaxAgeSeconds: 86400, ocspStapling: false },
            kong: { minReplicas: 1, maxReplicas: 3, cpuRequest: "100m", cpuLimit: "1", memoryRequest: "256Mi", memoryLimit: "512Mi", targetCpuPercent: 70 },
            rateLimit: { perMinute: 600, perHour: 20000 },
        },
        // dev shares prod's zone: prod owns the zone-wide settings and rulesets (manageZone), dev only its records and cert.
        edge: { ...COMMON.edge, hostPrefix: "dev", manageZone: false, hstsMaxAgeSeconds: 86400 },
        monitoring: {
            ...COMMON.monitoring,
            prometheusRetentionDays: 3, prometheusStorageGiB: 10, prometheusCpuRequest: "200m", prometheusMemory: "1Gi",
            smtp: { smarthost: "email-smtp.us-east-1.amazonaws.com:587", username: "alertmanager" },
            slackEnabled: false, slackChannel: "#alerts-dev", budgetMonthlyUsd: 250,
            // Aurora PostgreSQL max_connections = LEAST(DBInstanceClassMemory / 9531392, 5000); Serverless v2 sizes
            // it from maxCapacity (4 ACU ≈ 8 GiB → ≈ 900). The alarm sits at ~80 % of that.
            alarms: { ...COMMON.monitoring.alarms, freeableMemoryMiB: 256, databaseConnections: 700 },
        },
        // Off: sidecars would double the pod count's CPU/memory requests on two t4g.medium nodes. When turned on,
        // one istiod (no PDB: the chart only renders one above one replica) and lean sidecars.
        mesh: {
            ...COMMON.mesh, enabled: false,
            istiod: { minReplicas: 1, maxReplicas: 2, cpuRequest: "100m", memoryRequest: "256Mi" },
            proxy: { cpuRequest: "50m", cpuLimit: "500m", memoryRequest: "64Mi", memoryLimit: "256Mi" },
        },
        // Small pools: one extra t4g on-demand node at most and a few spot ones, so a runaway HPA cannot run up the bill.
        capacity: {
            karpenter: {
                ...KARPENTER_COMMON, enabled: true, diskSizeGiB: 30,
                onDemand: { instanceFamilies: ["t4g"], instanceSizes: ["medium", "large"], cpuLimit: 2, memoryLimitGiB: 8 },
                spot: { instanceFamilies: ["t4g"], instanceSizes: ["medium", "large"], cpuLimit: 4, memoryLimitGiB: 16 },
                controller: { replicas: 1, cpuRequest: "100m", memoryRequest: "256Mi" },
            },
            planner: { ...PLANNER, podRps: 600 },
        },
    },
    prod: {
        ...COMMON,
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
            version: "1.35",
            publicAccessCidrs: [],
            logTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
            logRetentionDays: 90,
            nodeGroups: [
                // System pods (Karpenter's controller among them) and the first share of the workloads; Karpenter's
                // NodePools (capacity.karpenter) add on-demand then spot nodes beyond it (the spot burst group they replace).
                { name: "general", instanceTypes: ["m7g.large"], capacityType: "ON_DEMAND", minSize: 3, maxSize: 9, desiredSize: 3, diskSizeGiB: 50 },
            ],
        },
        database: {
            engineVersion: "17.7", mode: "provisioned", minCapacity: 0.5, autoPauseSeconds: 3600, maxCapacity: 16, instanceClass: "db.r7g.large", readers: 1,
            backupRetentionDays: 14, backupWindow: "03:00-04:00", maintenanceWindow: "sun:05:00-sun:06:00", autoMinorVersionUpgrade: true,
            deletionProtection: true, skipFinalSnapshot: false, performanceInsightsRetentionDays: 7, monitoringIntervalSeconds: 30,
            proxy: true, databaseName: "app", slowQueryMs: 500, logRetentionDays: 90, allowReplacement: false, pinned: { databaseName: "app" },
        },
        cache: {
            engine: "valkey", engineVersion: "8.2", nodeType: "cache.t4g.small", nodes: 2, multiAz: true, snapshotRetentionDays: 7,
            snapshotWindow: "02:00-03:00", maintenanceWindow: "sun:06:00-sun:07:00", maxmemoryPolicy: "volatile-lru", logRetentionDays: 30,
            allowReplacement: false, pinned: { engine: "valkey", engineVersion: "8.2" },
        },
        ingress: {
            ...COMMON.ingress,
            // One replica per AZ at least, so an AZ outage or a node drain never takes the entry point down.
            nginx: { minReplicas: 3, maxReplicas: 9, cpuRequest: "100m", cpuLimit: "1", memoryRequest: "128Mi", memoryLimit: "256Mi", targetCpuPercent: 65, hstsMaxAgeSeconds: 31536000, ocspStapling: false },
            kong: { minReplicas: 3, maxReplicas: 9, cpuRequest: "250m", cpuLimit: "1", memoryRequest: "512Mi", memoryLimit: "1Gi", targetCpuPercent: 65 },
            rateLimit: { perMinute: 1200, perHour: 60000 },
        },
        edge: { ...COMMON.edge, hostPrefix: "", manageZone: true, hstsMaxAgeSeconds: 31536000 },
        monitoring: {
            ...COMMON.monitoring,
            prometheusRetentionDays: 15, prometheusStorageGiB: 50, prometheusCpuRequest: "500m", prometheusMemory: "4Gi",
            smtp: { smarthost: "email-smtp.us-east-1.amazonaws.com:587", username: "alertmanager" },
            // $1,150 (policies/config/prod.json, the same figure): the pods at minimum replicas need ~5.9 vCPU of requests
            // plus per-node agents, more than the 3 x m7g.large group holds, so Karpenter runs one more on-demand node
            // (~$110/month, docs/capacity.md). The reference design costs $1,650; the HPA peak is the reported ceiling.
            slackEnabled: false, slackChannel: "#alerts", budgetMonthlyUsd: 1150,
            // db.r7g.large (16 GiB): max_connections ≈ 1,800; alarm at ~80 %.
            alarms: { ...COMMON.monitoring.alarms, freeableMemoryMiB: 1024, databaseConnections: 1400 },
        },
        // Two istiod replicas minimum so its PDB (minAvailable 1) never blocks a node drain; sidecar requests at
        // the chart's defaults (100m/128Mi), limits trimmed to what a sidecar of a small mesh uses.
        mesh: {
            ...COMMON.mesh, enabled: true,
            istiod: { minReplicas: 2, maxReplicas: 5, cpuRequest: "250m", memoryRequest: "512Mi" },
            proxy: { cpuRequest: "100m", cpuLimit: "1", memoryRequest: "128Mi", memoryLimit: "512Mi" },
        },
        // On-demand pool: what minimum replicas need beyond the managed group, plus room for a zone's worth of
        // rescheduling; spot pool: the HPAs' peak (12 replicas per service, 9 Kong/NGINX), at 0.4 x the price.
        capacity: {
            karpenter: {
                ...KARPENTER_COMMON, enabled: true, diskSizeGiB: 50,
                onDemand: { instanceFamilies: ["m7g", "c7g", "r7g"], instanceSizes: ["large", "xlarge"], cpuLimit: 8, memoryLimitGiB: 32 },
                spot: { instanceFamilies: ["m7g", "c7g", "r7g"], instanceSizes: ["large", "xlarge", "2xlarge"], cpuLimit: 48, memoryLimitGiB: 192 },
                controller: { replicas: 2, cpuRequest: "250m", memoryRequest: "512Mi" },
            },
            planner: PLANNER,
        },
    },
};
