/**
 * THE table where environments differ. Components never branch on the environment name: they receive
 * the merged, validated values. A stack file (Pulumi.<stack>.yaml) overrides any key; objects merge key by
 * key, arrays replace. Sizes are chosen so that dev stays under $250/month and prod (3-AZ HA) under
 * $1,000/month by the estimator in policies/cost.ts.
 */
export const ENVIRONMENTS = ["dev", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

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
        plan: "free",
        hstsPreload: false,
        blockedCountries: [] as string[],
        blockedAsns: [] as number[],
        loginRateLimit: { requestsPerPeriod: 10, periodSeconds: 10, mitigationTimeoutSeconds: 10 },
        originCertValidityDays: "5475",
    },
    monitoring: {
        runbookBaseUrl: "https://github.com/edgestack/edgestack/blob/main/docs/runbooks",
        thresholds: { serviceDownMinutes: 5, certExpiryDays: 30, errorRatePercent: 5, errorSpikePercent: 2, latencyP95Ms: 1000, resourcePercent: 90 },
        // CloudWatch alarm thresholds that do not depend on instance sizes.
        alarms: { cpuPercent: 90, auroraReplicaLagMs: 2000, cacheMemoryPercent: 85, cacheEvictions: 100, cacheReplicationLagSeconds: 10 },
    },
    mesh: {
        // Kong carries the identity the AuthorizationPolicies allow; the apps get STRICT mTLS. Not kube-system,
        // istio-system (rejected) nor monitoring/edge (stay outside: see docs/readme/mesh.md).
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
                { name: "general", instanceTypes: ["t4g.medium"], capacityType: "ON_DEMAND", minSize: 2, maxSize: 4, desiredSize: 2, diskSizeGiB: 30 },
            ],
        },
        database: {
            engineVersion: "16.8", mode: "serverless", minCapacity: 0.5, maxCapacity: 4, instanceClass: "db.t4g.medium", readers: 0,
            backupRetentionDays: 1, deletionProtection: false, skipFinalSnapshot: true, performanceInsightsRetentionDays: 7,
            monitoringIntervalSeconds: 60, proxy: true, databaseName: "app", logRetentionDays: 7,
        },
        cache: { engine: "valkey", engineVersion: "8.0", nodeType: "cache.t4g.micro", nodes: 1, multiAz: false, snapshotRetentionDays: 1, maxmemoryPolicy: "volatile-lru", logRetentionDays: 7 },
        ingress: {
            nginx: { minReplicas: 1, maxReplicas: 3, hstsMaxAgeSeconds: 86400 },
            kong: { minReplicas: 1, maxReplicas: 3 },
            cloudflareIpRanges: [],
            corsOrigins: [],
            rateLimit: { perMinute: 600, perHour: 20000 },
        },
        edge: { ...COMMON.edge, hostPrefix: "dev", hstsMaxAgeSeconds: 86400 },
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
    },
    prod: {
        ...COMMON,
        environment: "prod",
        protectStateful: true,
        network: {
            cidr: "10.30.0.0/16",
            azCount: 3,
            natGateways: 3,
            interfaceEndpoints: ["ecr.api", "ecr.dkr", "sts", "secretsmanager", "logs"],
            flowLogRetentionDays: 90,
        },
        cluster: {
            version: "1.35",
            publicAccessCidrs: [],
            logTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
            logRetentionDays: 90,
            nodeGroups: [
                { name: "general", instanceTypes: ["m7g.large"], capacityType: "ON_DEMAND", minSize: 3, maxSize: 9, desiredSize: 3, diskSizeGiB: 50 },
                { name: "burst", instanceTypes: ["m7g.large", "m7g.xlarge", "c7g.xlarge"], capacityType: "SPOT", minSize: 0, maxSize: 12, desiredSize: 0, diskSizeGiB: 50 },
            ],
        },
        database: {
            engineVersion: "16.8", mode: "provisioned", minCapacity: 0.5, maxCapacity: 16, instanceClass: "db.r7g.large", readers: 1,
            backupRetentionDays: 14, deletionProtection: true, skipFinalSnapshot: false, performanceInsightsRetentionDays: 7,
            monitoringIntervalSeconds: 30, proxy: true, databaseName: "app", logRetentionDays: 90,
        },
        cache: { engine: "valkey", engineVersion: "8.0", nodeType: "cache.t4g.small", nodes: 2, multiAz: true, snapshotRetentionDays: 7, maxmemoryPolicy: "volatile-lru", logRetentionDays: 30 },
        ingress: {
            nginx: { minReplicas: 3, maxReplicas: 9, hstsMaxAgeSeconds: 31536000 },
            kong: { minReplicas: 3, maxReplicas: 9 },
            cloudflareIpRanges: [],
            corsOrigins: [],
            rateLimit: { perMinute: 1200, perHour: 60000 },
        },
        edge: { ...COMMON.edge, hostPrefix: "", hstsMaxAgeSeconds: 31536000 },
        monitoring: {
            ...COMMON.monitoring,
            prometheusRetentionDays: 15, prometheusStorageGiB: 50, prometheusCpuRequest: "500m", prometheusMemory: "4Gi",
            smtp: { smarthost: "email-smtp.us-east-1.amazonaws.com:587", username: "alertmanager" },
            slackEnabled: false, slackChannel: "#alerts", budgetMonthlyUsd: 1000,
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
    },
};
