/** Configuration schema for the monitoring tier (Prometheus, Alertmanager, CloudWatch alarms). Same conventions as schema.ts. */
import { z } from "zod";
import { bool, cpuQuantity, email, intIn, memQuantity, numIn, pattern } from "./schema-fields";

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
