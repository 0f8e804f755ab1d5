import { promNumber } from "../metrics";
import { CloudWatchMetric, PanelSpec, bargauge, cloudwatch, prom, row, stat, timeseries } from "./panels";

/**
 * Aurora and ElastiCache from CloudWatch (no exporter in the cluster), and cost.
 * Metric names: Aurora cluster-level metrics in AWS/RDS with dimension DBClusterIdentifier
 * (CPUUtilization, DatabaseConnections, FreeableMemory, AuroraReplicaLagMaximum — Aurora's replica
 * lag, RDS's `ReplicaLag` is for non-Aurora read replicas); ElastiCache host and engine metrics in
 * AWS/ElastiCache per node with dimension CacheClusterId (a replication group's member clusters).
 * Source: AWS Aurora User Guide "CloudWatch metrics for Aurora", ElastiCache "Host-level metrics"
 * and "Metrics for Valkey and Redis OSS".
 */
interface DataDashboardInput {
  aurora?: { clusterIdentifier: string };
  /** Member cluster ids of the replication group (ReplicationGroup.memberClusters). */
  cache?: { cacheClusterIds: string[] };
}

export function dataPanels({ aurora, cache }: DataDashboardInput): PanelSpec[] {
  const panels: PanelSpec[] = [];
  if (aurora) {
    const rds = (metricName: string, statistic: CloudWatchMetric["statistic"]) =>
      cloudwatch({
        namespace: "AWS/RDS",
        metricName,
        statistic,
        dimensions: { DBClusterIdentifier: aurora.clusterIdentifier },
      });
    panels.push(
      row(`Aurora PostgreSQL ${aurora.clusterIdentifier}`),
      timeseries("CPU", [rds("CPUUtilization", "Average")], {
        unit: "percent",
        min: 0,
        max: 100,
        thresholds: [[90, "red"]],
      }),
      timeseries("Connections", [rds("DatabaseConnections", "Average")], { unit: "short", min: 0 }),
      timeseries("Freeable memory", [rds("FreeableMemory", "Minimum")], { unit: "bytes", min: 0 }),
      timeseries("Replica lag (max)", [rds("AuroraReplicaLagMaximum", "Maximum")], {
        unit: "ms",
        min: 0,
        description: "Largest lag of any Aurora replica behind the writer; empty with a single instance.",
      }),
    );
    // AWS Backup job counts for Aurora (namespace AWS/Backup, dimension ResourceType; AWS Backup developer guide
    // "AWS Backup metrics with Amazon CloudWatch"): daily sums; empty when backups are off.
    const jobs = (metricName: string) =>
      cloudwatch({
        namespace: "AWS/Backup",
        metricName,
        statistic: "Sum",
        dimensions: { ResourceType: "Aurora" },
        period: "86400",
        label: metricName,
      });
    panels.push(
      timeseries(
        "AWS Backup jobs (per day)",
        [
          jobs("NumberOfBackupJobsCompleted"),
          jobs("NumberOfBackupJobsFailed"),
          jobs("NumberOfRestoreJobsCompleted"),
          jobs("NumberOfRestoreJobsFailed"),
        ],
        {
          unit: "short",
          min: 0,
          description:
            "Backup and restore-test jobs of the Aurora cluster; a failed restore also alarms (runbook restore-test-failed).",
        },
      ),
    );
  }
  if (cache) {
    if (cache.cacheClusterIds.length === 0)
      throw new Error("dashboards.cache.cacheClusterIds: expected at least one member cluster id");
    const ec = (metricName: string, statistic: CloudWatchMetric["statistic"]) =>
      cloudwatch({
        namespace: "AWS/ElastiCache",
        metricName,
        statistic,
        dimensions: { CacheClusterId: cache.cacheClusterIds },
        // CloudWatch dynamic label: one series per member cluster.
        label: "${PROP('Dim.CacheClusterId')}",
      });
    panels.push(
      row("ElastiCache"),
      timeseries("CPU (host and engine)", [ec("CPUUtilization", "Average"), ec("EngineCPUUtilization", "Average")], {
        unit: "percent",
        min: 0,
        max: 100,
        thresholds: [[90, "red"]],
        description: "Valkey/Redis runs its engine on one thread: EngineCPUUtilization saturates long before host CPU.",
      }),
      timeseries("Memory used", [ec("DatabaseMemoryUsagePercentage", "Maximum")], {
        unit: "percent",
        min: 0,
        max: 100,
        thresholds: [[90, "red"]],
      }),
      timeseries("Evictions", [ec("Evictions", "Sum")], { unit: "short", min: 0 }),
      timeseries("Connections", [ec("CurrConnections", "Average")], { unit: "short", min: 0 }),
    );
  }
  return panels;
}

export interface CostEstimate {
  /** Estimated monthly total in USD (from the pricing table, not measured). */
  monthlyUsd: number;
  /** Optional breakdown by component. */
  byComponent?: Record<string, number>;
  /** Where the numbers come from, e.g. "policies/cost/pricing.ts, us-east-1 on-demand, 2026-11". */
  source: string;
}

function validCost(c: CostEstimate): CostEstimate {
  const amounts = [c.monthlyUsd, ...Object.values(c.byComponent ?? {})];
  if (amounts.some((v) => !Number.isFinite(v) || v < 0))
    throw new Error("dashboards.cost: expected non-negative USD amounts");
  if (c.source.trim() === "") throw new Error("dashboards.cost.source: expected where the estimate comes from");
  return c;
}

/**
 * The estimate is shown as a constant query (`vector(<usd>)`): Grafana needs a query per panel,
 * and this keeps the number exactly what the pricing table said. The panel text says it is an
 * estimate. Actual spend comes from AWS/Billing EstimatedCharges, published only in us-east-1 and
 * only once "Receive Billing Alerts" is enabled on the account (account-wide, not per stack).
 */
export function costPanels(cost: CostEstimate | undefined): PanelSpec[] {
  const panels: PanelSpec[] = [row("Cost")];
  if (cost) {
    const c = validCost(cost);
    panels.push(
      stat("Estimated monthly cost", [prom(`vector(${promNumber(c.monthlyUsd)})`, "estimate")], {
        unit: "currencyUSD",
        description: `Estimate at deploy time from ${c.source}. Not measured spend.`,
        w: 8,
        h: 8,
      }),
    );
    const parts = Object.entries(c.byComponent ?? {}).sort(([, a], [, b]) => b - a);
    if (parts.length > 0) {
      panels.push(
        bargauge(
          "Estimate by component",
          parts.slice(0, 26).map(([name, usd]) => prom(`vector(${promNumber(usd)})`, name)),
          {
            unit: "currencyUSD",
            description: `Monthly estimate per component from ${c.source}.`,
            w: 16,
            h: 8,
          },
        ),
      );
    }
  }
  panels.push(
    timeseries(
      "AWS billed this month (account)",
      [
        cloudwatch({
          namespace: "AWS/Billing",
          metricName: "EstimatedCharges",
          statistic: "Maximum",
          dimensions: { Currency: "USD" },
          region: "us-east-1",
          period: "21600",
        }),
      ],
      {
        unit: "currencyUSD",
        min: 0,
        w: 24,
        description:
          "AWS's month-to-date estimate for the whole account (us-east-1, every ~6 h). Empty until billing alerts are enabled.",
      },
    ),
  );
  return panels;
}
