/**
 * Pricers for the data tier's AWS resources: Aurora PostgreSQL instances (provisioned or Serverless v2 ACUs,
 * Enhanced Monitoring), cluster storage and I/O, RDS Proxy, and ElastiCache replication groups. Same conventions as
 * estimate-aws.ts.
 */
import type { CostResource, LineDraft, Pricer } from "./pricer";
import { asNumber, asRecord, asString } from "../lib/values";
import { AURORA_VCPUS, HOURS_PER_MONTH, hasPrice } from "./pricing";

const H = HOURS_PER_MONTH;
const DAYS_PER_MONTH = H / 24;
const T = {
  cluster: "aws:rds/cluster:Cluster",
  instance: "aws:rds/clusterInstance:ClusterInstance",
  proxyTarget: "aws:rds/proxyTarget:ProxyTarget",
};

const notPriced = (reason: string) => ({ notPriced: reason });

/** The Aurora cluster an instance belongs to: by dependency, by identifier, or the only one. */
function clusterOf(instance: CostResource, ctx: Parameters<Pricer>[1]): CostResource | undefined {
  const clusters = ctx.ofType(T.cluster);
  return (
    ctx.related(instance, T.cluster)[0] ??
    clusters.find(
      (c) =>
        c.inputs.clusterIdentifier !== undefined && c.inputs.clusterIdentifier === instance.inputs.clusterIdentifier,
    ) ??
    (clusters.length === 1 ? clusters[0] : undefined)
  );
}

function serverlessAcus(instance: CostResource, ctx: Parameters<Pricer>[1]): number | undefined {
  const min = asNumber(asRecord(clusterOf(instance, ctx)?.inputs.serverlessv2ScalingConfiguration).minCapacity);
  if (min === undefined) return undefined;
  // A scale-to-zero cluster bills only while resumed, at 0.5 ACU or more.
  if (min === 0) return 0.5 * ctx.assumptions.serverlessAcuMultiplier * ctx.assumptions.serverlessActiveShare;
  return min * ctx.assumptions.serverlessAcuMultiplier;
}

/**
 * Enhanced Monitoring: one sample per `monitoringInterval` seconds into the RDSOSMetrics log group, billed as CloudWatch
 * Logs ingestion and stored 30 days by default (AWS, "Overview of Enhanced Monitoring": "stored for 30 days",
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_Monitoring.OS.overview.html).
 */
function enhancedMonitoring(r: CostResource, ctx: Parameters<Pricer>[1]): LineDraft[] {
  const interval = asNumber(r.inputs.monitoringInterval) ?? 0;
  if (interval <= 0) return [];
  const kb = ctx.assumptions.enhancedMonitoringKbPerSample;
  const gb = (((H * 3600) / interval) * kb) / 1024 ** 2;
  const note = `${kb} KB per ${interval} s sample`;
  return [
    {
      description: `enhanced monitoring every ${interval} s (RDSOSMetrics log ingestion)`,
      quantity: gb,
      priceKey: "cloudwatch/logs-ingest-gb",
      assumption: note,
    },
    {
      description: "enhanced monitoring log storage (30 days)",
      quantity: gb * (30 / DAYS_PER_MONTH),
      priceKey: "cloudwatch/logs-storage-gb-month",
      assumption: note,
    },
  ];
}

const auroraInstance: Pricer = (r, ctx) => {
  const lines = auroraInstanceHours(r, ctx);
  return Array.isArray(lines) ? [...lines, ...enhancedMonitoring(r, ctx)] : lines;
};

const auroraInstanceHours: Pricer = (r, ctx) => {
  const cls = asString(r.inputs.instanceClass) ?? "(unset)";
  if (r.inputs.engine !== "aurora-postgresql")
    return notPriced(`engine ${String(r.inputs.engine)} is not modelled (Aurora PostgreSQL only)`);
  if (cls === "db.serverless") {
    const acus = serverlessAcus(r, ctx);
    if (acus === undefined)
      return notPriced("db.serverless instance whose cluster has no serverlessv2ScalingConfiguration.minCapacity");
    return [
      {
        description: `Aurora Serverless v2, ${acus} ACU average`,
        quantity: acus * H,
        priceKey: "aurora/serverless-v2-acu-hour",
        assumption: `average ${ctx.assumptions.serverlessAcuMultiplier} x minCapacity (0.5 ACU x ${ctx.assumptions.serverlessActiveShare} of hours resumed when minCapacity is 0)`,
      },
    ];
  }
  if (!hasPrice(`aurora-postgresql/${cls}`)) return notPriced(`instance class ${cls} has no price in pricing.ts`);
  return [{ description: `Aurora PostgreSQL ${cls}`, quantity: H, priceKey: `aurora-postgresql/${cls}` }];
};

const auroraCluster: Pricer = (r, ctx) => {
  const a = ctx.assumptions;
  const lines: LineDraft[] = [
    {
      description: "Aurora storage",
      quantity: a.auroraStorageGb,
      priceKey: "aurora/storage-gb-month",
      assumption: `${a.auroraStorageGb} GB`,
    },
    {
      description: "Aurora I/O requests",
      quantity: a.auroraIoMillionsMonth,
      priceKey: "aurora/io-million",
      assumption: `${a.auroraIoMillionsMonth} million/month`,
    },
  ];
  if (a.auroraExtraBackupGb > 0)
    lines.push({
      description: "backup storage beyond free",
      quantity: a.auroraExtraBackupGb,
      priceKey: "aurora/backup-gb-month",
      assumption: `${a.auroraExtraBackupGb} GB`,
    });
  // RDS creates and owns the master user secret (`rds!cluster-...`), billed like any other secret.
  if (r.inputs.manageMasterUserPassword === true)
    lines.push({ description: "RDS-managed master user secret", quantity: 1, priceKey: "secretsmanager/secret-month" });
  return lines;
};

/**
 * RDS Proxy bills per vCPU (provisioned targets, 2 vCPU minimum) or per ACU (Serverless v2
 * targets, 8 ACU minimum) of the cluster behind it: clusters named by aws.rds.ProxyTarget
 * resources of this proxy, else every cluster in the stack.
 */
const rdsProxy: Pricer = (r, ctx) => {
  const targets = ctx.related(r, T.proxyTarget).flatMap((t) => ctx.related(t, T.cluster));
  const clusters = targets.length ? targets : ctx.ofType(T.cluster);
  const instances = ctx.ofType(T.instance).filter((i) => clusters.includes(clusterOf(i, ctx)!));
  let vcpus = 0;
  let acus = 0;
  for (const i of instances) {
    const cls = asString(i.inputs.instanceClass) ?? "";
    if (cls === "db.serverless") acus += serverlessAcus(i, ctx) ?? 0;
    else vcpus += AURORA_VCPUS[cls] ?? 0;
  }
  const lines: LineDraft[] = [];
  if (vcpus > 0)
    lines.push({
      description: `RDS Proxy over ${vcpus} vCPU`,
      quantity: Math.max(2, vcpus) * H,
      priceKey: "rds-proxy/vcpu-hour",
    });
  if (acus > 0)
    lines.push({
      description: `RDS Proxy over ${acus} ACU`,
      quantity: Math.max(8, acus) * H,
      priceKey: "rds-proxy/acu-hour",
    });
  return lines.length ? lines : notPriced("no priced Aurora instance behind the proxy");
};

const replicationGroup: Pricer = (r, ctx) => {
  const engine = (asString(r.inputs.engine) ?? "redis").toLowerCase();
  const nodeType = asString(r.inputs.nodeType) ?? "(unset)";
  const shards = asNumber(r.inputs.numNodeGroups);
  const nodes =
    asNumber(r.inputs.numCacheClusters) ??
    (shards !== undefined ? shards * ((asNumber(r.inputs.replicasPerNodeGroup) ?? 0) + 1) : 1);
  const key = `elasticache-${engine}/${nodeType}`;
  if (!hasPrice(key)) return notPriced(`${engine} node type ${nodeType} has no price in pricing.ts`);
  const lines: LineDraft[] = [
    { description: `${nodes} x ${nodeType} ${engine} nodes`, quantity: nodes * H, priceKey: key },
  ];
  // One daily snapshot per retained day; backup storage up to 100 % of the cluster's storage (one snapshot) is free.
  const retained = asNumber(r.inputs.snapshotRetentionLimit) ?? 0;
  if (retained > 1) {
    const gb = (retained - 1) * ctx.assumptions.cacheSnapshotGb;
    lines.push({
      description: `snapshot storage beyond the free one (${retained} kept)`,
      quantity: gb,
      priceKey: "elasticache/backup-gb-month",
      assumption: `${ctx.assumptions.cacheSnapshotGb} GB per snapshot`,
    });
  }
  return lines;
};

export const DATA_PRICERS: Record<string, Pricer> = {
  [T.instance]: auroraInstance,
  [T.cluster]: auroraCluster,
  "aws:rds/proxy:Proxy": rdsProxy,
  "aws:elasticache/replicationGroup:ReplicationGroup": replicationGroup,
};
