/**
 * Usage the program's inputs cannot tell: traffic through NAT, log volume, stored GB... Each
 * default is a deliberately modest steady-state figure for a small production web platform;
 * callers (the offline preview, the budget rule's config) override any of them.
 */

export interface CostAssumptions {
  /** GB processed per NAT gateway per month (image pulls, OS updates, third-party APIs). */
  natGbPerGatewayMonth: number;
  /** GB per interface VPC endpoint per month (ECR layers, logs, STS, Secrets Manager). */
  interfaceEndpointGbMonth: number;
  /** Spot price as a fraction of on-demand (Graviton spot in us-east-1 typically runs 55-70 % below). */
  spotPriceRatio: number;
  /** EBS root volume when a node group names neither a launch template volume nor `diskSize`. */
  defaultNodeRootVolumeGb: number;
  /** Average Aurora Serverless v2 capacity as a multiple of `minCapacity` (1 = idles at the floor). */
  serverlessAcuMultiplier: number;
  /**
   * Share of hours an auto-pausing (minCapacity 0) Serverless v2 cluster is resumed; must be <= 1. Derive it from
   * what wakes the database with `autoPauseResumedShare` (the dev stack's value is checked against it).
   */
  serverlessActiveShare: number;
  /** Aurora cluster volume size, GB. */
  auroraStorageGb: number;
  /** Aurora I/O requests per month, millions (Aurora Standard bills them). */
  auroraIoMillionsMonth: number;
  /** Backup storage beyond the free 100 % of cluster size, GB. */
  auroraExtraBackupGb: number;
  /** Hours an AWS Backup restore test takes to restore the cluster before its validation window starts. */
  restoreJobHours: number;
  /**
   * Log ingestion GB/month per log group, by kind (matched on the group's name). `containers`: each group the log
   * shipper writes (`/<prefix>/containers/<namespace>`, `/<prefix>/nodes`), on average.
   */
  logIngestGbMonth: {
    eksControlPlane: number;
    vpcFlowLogs: number;
    database: number;
    containers: number;
    other: number;
  };
  /**
   * Traces recorded in AWS X-Ray per month, millions (requests × sampling share), priced on the collector that
   * exports them. Default: ~40 M requests/month at 5 % sampling.
   */
  xrayTracesMillionsMonth: number;
  /** Months of logs kept when a group never expires (its storage would grow without bound). */
  neverExpireLogMonths: number;
  /** Image storage per ECR repository, GB. */
  ecrGbPerRepository: number;
  /** Objects per S3 bucket, GB. */
  s3GbPerBucket: number;
  /** Average NLB capacity units (new connections, active flows, bytes) per hour. */
  nlbLcuPerHour: number;
  /** Availability zones an internet-facing NLB spans (one public IPv4 each). */
  nlbAzCount: number;
  /**
   * RDS Enhanced Monitoring sample size, KB: one JSON document per interval (OS metrics + the process list) into the
   * RDSOSMetrics log group, billed as CloudWatch Logs ingestion and kept 30 days by default (AWS, "Overview of
   * Enhanced Monitoring"). ~13 KB for an instance with ~50 processes (3 KB of OS metrics + ~200 B per process).
   */
  enhancedMonitoringKbPerSample: number;
  /**
   * Rotations already billed per rotating KMS key (0-2): each of the first two yearly rotations adds $1/month for
   * good. 2 = the steady state from the third year on (the default: an estimate of the recurring cost).
   */
  kmsRotationsBilled: number;
  /** Size of one cache snapshot (the data set), GB; the first snapshot's worth is free. */
  cacheSnapshotGb: number;
  /** GB/month an internet-facing load balancer sends out (to Cloudflare: responses not served from its cache). */
  internetEgressGbPerLbMonth: number;
  /**
   * Average share of a SPOT node group's headroom (maxSize - desiredSize) in use: spot groups exist to burst, so
   * pricing them at their desired size (often 0) would call them free; the ceiling at maxSize is in the line's note.
   */
  spotScaleOutShare: number;
  /**
   * Requests per SQS queue per month, millions. Karpenter's interruption queue: the controller long-polls (20 s
   * waits, ~130,000 receives a month) plus the events it deletes.
   */
  sqsRequestMillionsMonth: number;
  /** Cloudflare plan when the stack has no cloudflare.ZoneSubscription. */
  cloudflarePlan: "free" | "pro" | "business";
  /** ISO date the estimate is for (decides EKS standard vs extended support); no default: nothing reads the clock. */
  asOfDate?: string;
}

/** What wakes an auto-pausing database in a month (inputs of `autoPauseResumedShare`). */
interface AutoPauseUsage {
  /** Days with people and deploys at work. */
  workdaysPerMonth: number;
  /** Hours from the first to the last connection of such a day (gaps under the pause delay keep it resumed). */
  busyHoursPerWorkday: number;
  /** Separate wake-ups outside those hours (e.g. a pod started on a replaced spot node logs in once). */
  offHoursWakesPerMonth: number;
}

/**
 * Share of the month an auto-pausing Serverless v2 cluster is resumed. It resumes on a connection attempt and pauses
 * once it has had no connection for `secondsUntilAutoPause` (AWS, "Scaling to Zero ACUs with automatic pause and
 * resume for Aurora Serverless v2", aurora-serverless-v2-auto-pause.html, checked 2026-11): every busy stretch costs
 * its length plus one pause delay. Valid only if nothing holds a connection or connects on a timer: the services'
 * readiness, which used to open one every 5 s per pod, shares one connection per worker, closes it after 60 s idle
 * and, with READINESS_DB=lazy (set where the database pauses), logs in once per pod and then leaves the database
 * alone (apps/common/edgeapp/postgres.py).
 */
export function autoPauseResumedShare(u: AutoPauseUsage, secondsUntilAutoPause: number, hoursPerMonth = 730): number {
  const pauseDelayHours = secondsUntilAutoPause / 3600;
  const hours =
    u.workdaysPerMonth * (u.busyHoursPerWorkday + pauseDelayHours) + u.offHoursWakesPerMonth * pauseDelayHours;
  return Math.min(1, hours / hoursPerMonth);
}

/**
 * The dev stack's usage (policies/config/dev.json carries the resulting share, 0.37 with the 1 h pause delay):
 * 22 working days of 10 busy hours (deploys from main with their role Jobs and new pods, test traffic, a
 * developer's psql), and one unattended wake a day (its single spot node replaced, its pods' first login).
 * Probes of running pods no longer count: they do not connect.
 */
export const DEV_AUTO_PAUSE_USAGE: AutoPauseUsage = {
  workdaysPerMonth: 22,
  busyHoursPerWorkday: 10,
  offHoursWakesPerMonth: 30,
};

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  natGbPerGatewayMonth: 100,
  interfaceEndpointGbMonth: 10,
  spotPriceRatio: 0.4,
  defaultNodeRootVolumeGb: 20,
  serverlessAcuMultiplier: 1.5,
  serverlessActiveShare: 1,
  auroraStorageGb: 20,
  auroraIoMillionsMonth: 20,
  auroraExtraBackupGb: 0,
  restoreJobHours: 1,
  // containers: 2 GB per namespace group (JSON access logs of a small site, ~1 KB per request line).
  logIngestGbMonth: { eksControlPlane: 5, vpcFlowLogs: 10, database: 1, containers: 2, other: 1 },
  xrayTracesMillionsMonth: 2,
  neverExpireLogMonths: 12,
  ecrGbPerRepository: 2,
  s3GbPerBucket: 5,
  nlbLcuPerHour: 1,
  nlbAzCount: 3,
  enhancedMonitoringKbPerSample: 13,
  kmsRotationsBilled: 2,
  cacheSnapshotGb: 1,
  internetEgressGbPerLbMonth: 200,
  spotScaleOutShare: 0.1,
  sqsRequestMillionsMonth: 0.2,
  cloudflarePlan: "free",
};

export type AssumptionOverrides = Partial<Omit<CostAssumptions, "logIngestGbMonth">> & {
  logIngestGbMonth?: Partial<CostAssumptions["logIngestGbMonth"]>;
};

/** Defaults overlaid with `overrides`; throws naming the key on a negative or non-numeric value. */
export function resolveAssumptions(overrides: AssumptionOverrides = {}): CostAssumptions {
  const merged: CostAssumptions = {
    ...DEFAULT_ASSUMPTIONS,
    ...overrides,
    logIngestGbMonth: { ...DEFAULT_ASSUMPTIONS.logIngestGbMonth, ...overrides.logIngestGbMonth },
  } as CostAssumptions;
  const numbers: [string, unknown][] = [
    ...Object.entries(merged).filter(([k]) => !["logIngestGbMonth", "cloudflarePlan", "asOfDate"].includes(k)),
    ...Object.entries(merged.logIngestGbMonth).map(([k, v]): [string, unknown] => [`logIngestGbMonth.${k}`, v]),
  ];
  for (const [k, v] of numbers) {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new Error(`cost assumption ${k}: expected a number >= 0, got ${JSON.stringify(v)}`);
    }
  }
  if (merged.serverlessActiveShare > 1)
    throw new Error(
      `cost assumption serverlessActiveShare: expected a fraction between 0 and 1, got ${merged.serverlessActiveShare}`,
    );
  if (merged.spotScaleOutShare > 1)
    throw new Error(
      `cost assumption spotScaleOutShare: expected a fraction between 0 and 1, got ${merged.spotScaleOutShare}`,
    );
  if (merged.kmsRotationsBilled > 2)
    throw new Error(
      `cost assumption kmsRotationsBilled: expected 0, 1 or 2 (later rotations are free), got ${merged.kmsRotationsBilled}`,
    );
  if (merged.spotPriceRatio > 1)
    throw new Error(
      `cost assumption spotPriceRatio: expected a fraction between 0 and 1, got ${merged.spotPriceRatio}`,
    );
  if (!["free", "pro", "business"].includes(merged.cloudflarePlan)) {
    throw new Error(
      `cost assumption cloudflarePlan: expected "free", "pro" or "business", got ${JSON.stringify(merged.cloudflarePlan)}`,
    );
  }
  if (merged.asOfDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(merged.asOfDate)) {
    throw new Error(
      `cost assumption asOfDate: expected an ISO date like "2026-11-23", got ${JSON.stringify(merged.asOfDate)}`,
    );
  }
  return merged;
}
