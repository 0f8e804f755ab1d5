import type { MonitoringConfig } from "../../config";
import { runbookPageUrl } from "./rule-types";

/**
 * CloudWatch alarms on the AWS data services, as a table computed from the identifiers the data tier hands over.
 * Generic over the identifier type: plain strings in tests, Pulumi inputs in the component.
 *
 * Metrics (AWS docs "Amazon CloudWatch metrics for Amazon Aurora", "Host-level metrics" and "Metrics for Valkey and
 * Redis OSS" of ElastiCache):
 * - AWS/RDS by DBClusterIdentifier + Role (WRITER, READER): CPUUtilization (%), FreeableMemory (bytes),
 *   DatabaseConnections (count). AWS's advice for Aurora ("Creating CloudWatch alarms to monitor Amazon Aurora"):
 *   alarm on the role metrics, not on instances, because a failover swaps which instance is the writer.
 *   Replica lag per cluster: AuroraReplicaLagMaximum (ms), the largest lag of any replica behind the writer (the
 *   per-instance AuroraReplicaLag follows instances, so it has the same failover problem).
 * - AWS/ElastiCache per CacheClusterId (each member of the replication group): CPUUtilization (host),
 *   EngineCPUUtilization (the engine's single main thread: the one that saturates first on larger nodes),
 *   DatabaseMemoryUsagePercentage, Evictions (count), ReplicationLag (seconds; replicas only, so the primary
 *   reports nothing and missing data is not breaching).
 */

export type AlarmThresholds = MonitoringConfig["alarms"];

export interface AlarmSpec<T> {
  /** Unique within the stack; the alarm's logical and physical name suffix, e.g. `aurora-1-cpu`. */
  key: string;
  namespace: "AWS/RDS" | "AWS/ElastiCache";
  metricName: string;
  /** Identifiers from the data tier (T) and fixed values such as the Aurora Role. */
  dimensions: Record<string, T | string>;
  statistic: "Average" | "Minimum" | "Maximum" | "Sum";
  /** Seconds per datapoint. */
  period: number;
  evaluationPeriods: number;
  threshold: number;
  comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
  /** Replica-only metrics are absent on the primary/writer; everything else missing means no data yet. */
  treatMissingData: "missing" | "notBreaching";
  /** What is wrong, for how long, what to look at first, and where the runbook is (see withRunbook). */
  description: string;
  /** Runbook page of the alarm's family, docs/runbooks/<runbook>.md (one page covers writer and reader, or every node). */
  runbook: AlarmRunbook;
}

/** One runbook per alarm family (metric), shared by the WRITER/READER roles and by every cache node. */
export const ALARM_RUNBOOKS = {
  auroraCpu: "aurora-cpu-high",
  auroraFreeableMemory: "aurora-freeable-memory-low",
  auroraConnections: "aurora-connections-high",
  auroraReplicaLag: "aurora-replica-lag-high",
  cacheCpu: "cache-cpu-high",
  cacheMemory: "cache-memory-high",
  cacheEvictions: "cache-evictions-high",
  cacheReplicationLag: "cache-replication-lag-high",
} as const;
export type AlarmRunbook = (typeof ALARM_RUNBOOKS)[keyof typeof ALARM_RUNBOOKS];

/** CloudWatch refuses an AlarmDescription longer than this. */
export const MAX_ALARM_DESCRIPTION = 1024;

/**
 * Appends the runbook link to the description (the SNS e-mail shows it). Without a base (a caller that does not pass
 * monitoring.runbookBaseUrl) the link is the page's path in this repository, still enough to find it.
 */
function withRunbook<T>(spec: AlarmSpec<T>, runbookBase: string | undefined): AlarmSpec<T> {
  const link = runbookBase ? runbookPageUrl(runbookBase, spec.runbook) : `docs/runbooks/${spec.runbook}.md`;
  const description = `${spec.description} Runbook: ${link}`;
  if (description.length > MAX_ALARM_DESCRIPTION) {
    throw new Error(
      `alarm ${spec.key}: description is ${description.length} characters, CloudWatch allows ${MAX_ALARM_DESCRIPTION} (shorten monitoring.runbookBaseUrl)`,
    );
  }
  return { ...spec, description };
}

export interface AuroraTargets<T> {
  clusterIdentifier: T;
  /** Reader instances of the cluster (database.readers); 0 = writer only, no READER or lag alarms. */
  readers: number;
}

export interface CacheTargets<T> {
  replicationGroupId: T;
  /** Member cache clusters (`<replication group>-001`, ...). */
  memberClusters: readonly T[];
}

const MIB = 1024 * 1024;
// 3 × 5 min: a sustained condition, not a spike from a vacuum or a deploy.
const SUSTAINED = { period: 300, evaluationPeriods: 3 } as const;
// 5 × 1 min: lag matters within minutes.
const LAG = { period: 60, evaluationPeriods: 5 } as const;

/** `runbookBase`: monitoring.runbookBaseUrl; each description ends with its family's runbook link. */
export function auroraAlarms<T>(db: AuroraTargets<T>, a: AlarmThresholds, runbookBase?: string): AlarmSpec<T>[] {
  if (!Number.isInteger(db.readers) || db.readers < 0)
    throw new Error(`monitoring.aurora.readers: expected an integer >= 0, got ${db.readers}`);
  const roles = db.readers > 0 ? (["WRITER", "READER"] as const) : (["WRITER"] as const);
  const perRole = roles.flatMap((role): AlarmSpec<T>[] => {
    const dimensions = { DBClusterIdentifier: db.clusterIdentifier, Role: role };
    const who = role === "WRITER" ? "Aurora writer" : "Aurora readers";
    const key = `aurora-${role.toLowerCase()}`;
    return [
      {
        key: `${key}-cpu`,
        namespace: "AWS/RDS",
        metricName: "CPUUtilization",
        dimensions,
        statistic: "Average",
        ...SUSTAINED,
        threshold: a.cpuPercent,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "missing",
        runbook: ALARM_RUNBOOKS.auroraCpu,
        description: `${who}: CPU above ${a.cpuPercent} % for 15 minutes. Queries queue; check Performance Insights for the top SQL, or scale the instance class.`,
      },
      {
        key: `${key}-freeable-memory`,
        namespace: "AWS/RDS",
        metricName: "FreeableMemory",
        dimensions,
        statistic: "Minimum",
        ...SUSTAINED,
        threshold: a.freeableMemoryMiB * MIB,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "missing",
        runbook: ALARM_RUNBOOKS.auroraFreeableMemory,
        description: `${who}: freeable memory below ${a.freeableMemoryMiB} MiB for 15 minutes. Close to swapping; check connection count and work_mem, or scale up.`,
      },
      {
        key: `${key}-connections`,
        namespace: "AWS/RDS",
        metricName: "DatabaseConnections",
        dimensions,
        statistic: "Maximum",
        ...SUSTAINED,
        threshold: a.databaseConnections,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "missing",
        runbook: ALARM_RUNBOOKS.auroraConnections,
        description: `${who}: more than ${a.databaseConnections} connections on an instance for 15 minutes, near max_connections. Check the RDS Proxy pool and connection leaks in the services.`,
      },
    ];
  });
  const lag: AlarmSpec<T>[] =
    db.readers > 0
      ? [
          {
            key: "aurora-replica-lag",
            namespace: "AWS/RDS",
            metricName: "AuroraReplicaLagMaximum",
            dimensions: { DBClusterIdentifier: db.clusterIdentifier },
            statistic: "Maximum",
            ...LAG,
            threshold: a.auroraReplicaLagMs,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "missing",
            runbook: ALARM_RUNBOOKS.auroraReplicaLag,
            description: `Aurora: a replica is more than ${a.auroraReplicaLagMs} ms behind the writer for 5 minutes. Reads are stale and a failover would take longer.`,
          },
        ]
      : [];
  return [...perRole, ...lag].map((spec) => withRunbook(spec, runbookBase));
}

/** `runbookBase`: monitoring.runbookBaseUrl; each description ends with its family's runbook link. */
export function cacheAlarms<T>(cache: CacheTargets<T>, a: AlarmThresholds, runbookBase?: string): AlarmSpec<T>[] {
  if (cache.memberClusters.length === 0)
    throw new Error("monitoring.cache.memberClusters: expected at least one member cache cluster");
  const replicated = cache.memberClusters.length > 1;
  return cache.memberClusters.flatMap((id, i): AlarmSpec<T>[] => {
    const node = { CacheClusterId: id };
    const n = i + 1;
    const specs: AlarmSpec<T>[] = [
      {
        key: `cache-${n}-cpu`,
        namespace: "AWS/ElastiCache",
        metricName: "CPUUtilization",
        dimensions: node,
        statistic: "Average",
        ...SUSTAINED,
        threshold: a.cpuPercent,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "missing",
        runbook: ALARM_RUNBOOKS.cacheCpu,
        description: `Cache node ${n}: host CPU above ${a.cpuPercent} % for 15 minutes.`,
      },
      {
        key: `cache-${n}-engine-cpu`,
        namespace: "AWS/ElastiCache",
        metricName: "EngineCPUUtilization",
        dimensions: node,
        statistic: "Average",
        ...SUSTAINED,
        threshold: a.cpuPercent,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "missing",
        runbook: ALARM_RUNBOOKS.cacheCpu,
        description: `Cache node ${n}: engine thread CPU above ${a.cpuPercent} % for 15 minutes; commands queue (check SLOWLOG, big keys).`,
      },
      {
        key: `cache-${n}-memory`,
        namespace: "AWS/ElastiCache",
        metricName: "DatabaseMemoryUsagePercentage",
        dimensions: node,
        statistic: "Maximum",
        ...SUSTAINED,
        threshold: a.cacheMemoryPercent,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "missing",
        runbook: ALARM_RUNBOOKS.cacheMemory,
        description: `Cache node ${n}: memory above ${a.cacheMemoryPercent} % of maxmemory for 15 minutes; evictions start at 100 %.`,
      },
      {
        key: `cache-${n}-evictions`,
        namespace: "AWS/ElastiCache",
        metricName: "Evictions",
        dimensions: node,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: a.cacheEvictions,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        runbook: ALARM_RUNBOOKS.cacheEvictions,
        description: `Cache node ${n}: more than ${a.cacheEvictions} keys evicted in 5 minutes; rate-limit counters and cached data are being dropped.`,
      },
    ];
    if (replicated) {
      specs.push({
        key: `cache-${n}-replication-lag`,
        namespace: "AWS/ElastiCache",
        metricName: "ReplicationLag",
        dimensions: node,
        statistic: "Maximum",
        ...LAG,
        threshold: a.cacheReplicationLagSeconds,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        runbook: ALARM_RUNBOOKS.cacheReplicationLag,
        description: `Cache node ${n}: as a replica, more than ${a.cacheReplicationLagSeconds} s behind the primary for 5 minutes.`,
      });
    }
    return specs.map((spec) => withRunbook(spec, runbookBase));
  });
}
