/**
 * Pricers for AWS Backup of Aurora: the recovery points a plan keeps, its cross-region copies, and the instance
 * hours of restore tests. AWS Backup does not fully manage Aurora, so its snapshots are billed as Aurora snapshot
 * storage (AWS Backup "Metering, costs, and billing"); Aurora counts backup storage up to the cluster size as free,
 * and snapshots taken inside the automated-backup retention period are not billed (Aurora user guide, "Understanding
 * Amazon Aurora backup storage usage", checked 2026-12). Conservative on purpose: every billed recovery point counts
 * the whole cluster volume (no incremental saving, no use of the free allowance), every copy transfers it in full.
 */
import type { CostResource, LineDraft, Pricer } from "./pricer";
import { asArray, asNumber, asRecord, asString } from "../lib/values";
import { hasPrice } from "./pricing";

const WEEKS_PER_MONTH = 52 / 12;
const T = {
  cluster: "aws:rds/cluster:Cluster",
  instance: "aws:rds/clusterInstance:ClusterInstance",
  plan: "aws:backup/restoreTestingPlan:RestoreTestingPlan",
};

/**
 * Runs per week of an AWS Backup cron schedule (`cron(min hour ? * <day-of-week> *)`): "*" is daily, one day name
 * is weekly. Anything else is not modelled (the caller reports the resource as not priced rather than guess).
 */
export function runsPerWeek(schedule: string | undefined): number | undefined {
  const m = /^cron\(\S+ \S+ \? \* (\S+) \*\)$/.exec(schedule ?? "");
  if (!m) return undefined;
  if (m[1] === "*") return 7;
  return /^(SUN|MON|TUE|WED|THU|FRI|SAT)$/.test(m[1]) ? 1 : undefined;
}

/** The one Aurora cluster of the stack (AWS Backup selections name it by ARN, which the graph does not resolve). */
function onlyCluster(ctx: Parameters<Pricer>[1]): CostResource | undefined {
  const clusters = ctx.ofType(T.cluster);
  return clusters.length === 1 ? clusters[0] : undefined;
}

const backupPlan: Pricer = (r, ctx) => {
  const gb = ctx.assumptions.auroraStorageGb;
  const pitrDays = asNumber(onlyCluster(ctx)?.inputs.backupRetentionPeriod) ?? 0;
  const lines: LineDraft[] = [];
  for (const rule of asArray(r.inputs.rules).map(asRecord)) {
    const name = asString(rule.ruleName) ?? "rule";
    const perWeek = runsPerWeek(asString(rule.schedule));
    const keepDays = asNumber(asRecord(rule.lifecycle).deleteAfter);
    if (perWeek === undefined || keepDays === undefined)
      return { notPriced: `rule ${name}: schedule ${String(rule.schedule)} or its deleteAfter is not modelled` };
    const everyDays = 7 / perWeek;
    // Recovery points older than the PITR window are billed; younger ones are not (see header).
    const billed = Math.max(0, (keepDays - pitrDays) / everyDays);
    if (billed > 0) {
      lines.push({
        description: `${name} recovery points beyond the ${pitrDays}-day PITR window`,
        quantity: billed * gb,
        priceKey: "backup/aurora-snapshot-gb-month",
        assumption: `${billed.toFixed(1)} points x ${gb} GB each`,
      });
    }
    for (const copy of asArray(rule.copyActions).map(asRecord)) {
      const copyDays = asNumber(asRecord(copy.lifecycle).deleteAfter) ?? keepDays;
      const held = copyDays / everyDays;
      lines.push(
        {
          description: `${name} copies in the destination region`,
          quantity: held * gb,
          priceKey: "backup/aurora-snapshot-gb-month",
          assumption: `${held.toFixed(1)} copies x ${gb} GB each`,
        },
        {
          description: `${name} cross-region copy transfer`,
          quantity: perWeek * WEEKS_PER_MONTH * gb,
          priceKey: "backup/cross-region-transfer-gb",
          assumption: `${gb} GB per copy, full`,
        },
      );
    }
  }
  return lines;
};

/**
 * A restore test runs a restored cluster for the restore plus the validation window. AWS Backup restores the cluster
 * only ("it does not create or attach an Amazon RDS instance", Restoring an Amazon Aurora cluster); pricing one
 * instance like the source's writer for those hours is the upper bound should a validation add one.
 */
const restoreTestingSelection: Pricer = (r, ctx) => {
  const plan = ctx.related(r, T.plan)[0] ?? (ctx.ofType(T.plan).length === 1 ? ctx.ofType(T.plan)[0] : undefined);
  const perWeek = runsPerWeek(asString(plan?.inputs.scheduleExpression));
  if (perWeek === undefined)
    return { notPriced: `restore testing plan schedule ${String(plan?.inputs.scheduleExpression)} is not modelled` };
  const cluster = onlyCluster(ctx);
  const writer = ctx.ofType(T.instance)[0];
  const cls = asString(writer?.inputs.instanceClass);
  const hours = (asNumber(r.inputs.validationWindowHours) ?? 0) + ctx.assumptions.restoreJobHours;
  const perMonth = perWeek * WEEKS_PER_MONTH;
  const assumption = `${perMonth.toFixed(2)} tests/month x ${hours} h (restore ${ctx.assumptions.restoreJobHours} h + validation window)`;
  if (cls === "db.serverless") {
    const min = asNumber(asRecord(cluster?.inputs.serverlessv2ScalingConfiguration).minCapacity) ?? 0;
    // Serverless v2 bills at least 0.5 ACU while resumed.
    const acus = Math.max(0.5, min);
    return [
      {
        description: `restore tests, Serverless v2 at ${acus} ACU`,
        quantity: perMonth * hours * acus,
        priceKey: "aurora/serverless-v2-acu-hour",
        assumption,
      },
    ];
  }
  if (!cls || !hasPrice(`aurora-postgresql/${cls}`))
    return { notPriced: `restore test instance class ${cls ?? "(no Aurora instance)"} has no price in pricing.ts` };
  return [
    {
      description: `restore tests, one ${cls}`,
      quantity: perMonth * hours,
      priceKey: `aurora-postgresql/${cls}`,
      assumption,
    },
  ];
};

export const BACKUP_PRICERS: Record<string, Pricer> = {
  "aws:backup/plan:Plan": backupPlan,
  "aws:backup/restoreTestingSelection:RestoreTestingSelection": restoreTestingSelection,
};
