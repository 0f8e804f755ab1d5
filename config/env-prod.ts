/** The prod column of the defaults table: only what differs from COMMON (env-common.ts). */
import { type Defaults, KARPENTER_COMMON, PLANNER } from "./env-common";

export const PROD: Defaults = {
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
