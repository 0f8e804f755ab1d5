/** The dev column of the defaults table: only what differs from COMMON (env-common.ts). */
import { type Defaults, KARPENTER_COMMON, PLANNER } from "./env-common";

export const DEV: Defaults = {
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
