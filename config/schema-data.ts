/**
 * Configuration schemas for the data tier: Aurora PostgreSQL, the cache and AWS Backup. Same conventions as
 * schema.ts; cross-key rules live in components/data/config-rules.ts.
 */
import { z } from "zod";
import { cacheIssues, databaseIssues, GuardIssue } from "../components/data/config-rules";
import { CACHE_ENGINES } from "../components/data/engine-versions";
import { DAILY_WINDOW, WEEKLY_WINDOW } from "../components/data/windows";
import { AURORA_POSTGRES_CALENDAR } from "../policies/lib/aurora-versions";
import { bool, intIn, knownVersion, logRetention, numIn, oneOf, pattern } from "./schema-fields";

// ---------- data tier (cross-key rules: components/data/config-rules.ts) ----------

const auroraVersion = () => knownVersion(AURORA_POSTGRES_CALENDAR, "17.7");
const postgresIdentifier = () =>
  pattern(
    /^[a-z][a-z0-9_]{0,62}$/,
    "expected a PostgreSQL identifier: lowercase letter first, then letters, digits, '_'",
  );
const dailyWindow = () => pattern(DAILY_WINDOW, 'expected a daily UTC window hh24:mi-hh24:mi such as "03:00-04:00"');
const weeklyWindow = () =>
  pattern(WEEKLY_WINDOW, 'expected a weekly UTC window ddd:hh24:mi-ddd:hh24:mi such as "sun:05:00-sun:06:00"');
const cacheEngine = () => oneOf(CACHE_ENGINES);
const addIssues = (ctx: z.RefinementCtx, issues: GuardIssue[]) =>
  issues.forEach((i) => ctx.addIssue({ code: "custom", path: i.path, input: i.input, message: i.message }));

export const databaseSchema = z
  .strictObject({
    engineVersion: auroraVersion().describe(
      "Aurora PostgreSQL minor (major.minor) the support calendar knows (policies/lib/aurora-versions.ts; a policy fails it past the end of standard support). 17.7 is the PostgreSQL 17 LTS minor (supported to 2030-02-28). Minor upgrades by AWS are ignored as drift; major upgrades: see docs (blue/green).",
    ),
    mode: oneOf(["serverless", "provisioned"] as const).describe(
      "`serverless` (Aurora Serverless v2, scales to minCapacity ACU when idle) or `provisioned` (writer + readers of instanceClass).",
    ),
    /** 0 = the cluster auto-pauses when idle (Aurora Serverless v2 scale-to-zero). */
    minCapacity: numIn(0, 256).describe(
      "Serverless v2 minimum ACU (0.5 = ~1 GiB RAM, steps of 0.5); 0 = auto-pause when idle (dev; needs proxy false). The cost estimate uses it with the assumptions in policies/config.",
    ),
    maxCapacity: numIn(1, 256).describe("Serverless v2 maximum ACU (steps of 0.5, >= minCapacity)."),
    /** Idle time before a minCapacity-0 cluster pauses (AWS allows 300 s to 24 h). */
    autoPauseSeconds: intIn(300, 86400).describe(
      "Idle seconds before a minCapacity-0 Serverless v2 cluster pauses (dev: nights and weekends cost storage only; the first connection after a pause waits ~15 s).",
    ),
    instanceClass: pattern(
      /^db\.(t4g|r[678]g|r8g)\.(medium|large|\d*xlarge)$/,
      "expected a Graviton Aurora instance class such as db.t4g.medium or db.r7g.large",
    ).describe("Instance class of provisioned writer and readers (Graviton). Changes in place."),
    readers: intIn(0, 15).describe(
      "Reader instances, spread round-robin over the AZs (promotion tier 1: first to take over when the writer fails); a READ_ONLY proxy endpoint exists when > 0.",
    ),
    backupRetentionDays: intIn(1, 35).describe(
      "Automated backup retention (point-in-time restore window): 3 days in dev, 14 in prod (the policy minimums).",
    ),
    backupWindow: dailyWindow().describe(
      "Daily UTC backup window hh24:mi-hh24:mi (>= 30 min, must not overlap maintenanceWindow).",
    ),
    maintenanceWindow: weeklyWindow().describe(
      "Weekly UTC maintenance window ddd:hh24:mi-ddd:hh24:mi (>= 30 min) for the cluster and its instances.",
    ),
    autoMinorVersionUpgrade: bool().describe(
      "Let AWS apply minor/patch upgrades in the maintenance window (security fixes without a deploy).",
    ),
    deletionProtection: bool().describe(
      "AWS-side deletion protection on the cluster (on in every environment, as the policy pack requires: deleting a cluster is a deliberate two-step change).",
    ),
    skipFinalSnapshot: bool().describe(
      "Skip the final snapshot on delete (dev only). When false, the final snapshot has the stable name <prefix>-database-final and automated backups are kept.",
    ),
    performanceInsightsRetentionDays: z
      .union([z.literal(7), z.literal(731)], { error: "expected 7 (free tier) or 731 (days)" })
      .describe("Performance Insights retention: 7 (free) or 731 days; encrypted with the tier key."),
    monitoringIntervalSeconds: z
      .union([z.literal(0), z.literal(1), z.literal(5), z.literal(10), z.literal(15), z.literal(30), z.literal(60)], {
        error: "expected one of 0, 1, 5, 10, 15, 30, 60",
      })
      .describe("Enhanced monitoring interval (0 = off)."),
    proxy: bool().describe(
      "RDS Proxy (TLS + IAM auth required, credentials from the managed secret) for connection pooling and faster failover. Off in dev: it bills Serverless v2 for at least 8 ACU (~$88/month).",
    ),
    databaseName: postgresIdentifier().describe(
      "Name of the initial database. Changing it replaces the cluster: refused unless allowReplacement.",
    ),
    /** log_min_duration_statement: statements slower than this are logged. */
    slowQueryMs: intIn(50, 60000).describe(
      "log_min_duration_statement: statements slower than this are logged to the exported postgresql log.",
    ),
    logRetentionDays: logRetention().describe(
      "Retention of the exported PostgreSQL log group (and the proxy's log group).",
    ),
    allowReplacement: bool().describe(
      "Opt-in for one deploy that replaces the cluster (e.g. a new databaseName); afterwards update database.pinned and set it back to false.",
    ),
    /** What the deployed cluster was created with; see components/data/replacement.ts. */
    pinned: z.strictObject({
      databaseName: postgresIdentifier().describe(
        "The databaseName the deployed cluster was created with; a different databaseName is refused unless allowReplacement.",
      ),
    }),
  })
  .superRefine((d, ctx) => addIssues(ctx, databaseIssues(d)));

/**
 * Secrets Manager's recovery window: 0 deletes at once (ForceDeleteWithoutRecovery, so destroy → up can create the
 * same name again; terraform-provider-aws#5583), 7-30 keeps a deleted secret restorable but its name taken
 * ("a secret with this name is already scheduled for deletion") for that long. AWS accepts nothing else.
 */
const recoveryWindowDays = () => {
  const error =
    "expected 0 (delete at once, the name is free again) or 7 to 30 days (recoverable, the name stays taken)";
  return z
    .number({ error })
    .int({ error })
    .refine((d) => d === 0 || (d >= 7 && d <= 30), { error });
};

export const cacheSchema = z
  .strictObject({
    engine: cacheEngine().describe(
      "`valkey` (default: up to 20 % cheaper node-hours, Redis-compatible) or `redis`. Redis OSS -> Valkey upgrades in place; Valkey -> Redis OSS replaces the cache (refused unless allowReplacement).",
    ),
    engineVersion: pattern(/^\d+\.\d+$/, 'expected a major.minor engine version such as "8.2"').describe(
      "Engine version (major.minor) the engine offers (components/data/engine-versions.ts); it selects the parameter-group family (valkey8, valkey9, redis7). Downgrades replace the cache (refused unless allowReplacement).",
    ),
    nodeType: pattern(
      /^cache\.(t4g|m[67]g|r[67]g)\.(micro|small|medium|large|\d*xlarge)$/,
      "expected a Graviton ElastiCache node type such as cache.t4g.small or cache.m7g.large",
    ).describe("ElastiCache node type (Graviton). Changes in place."),
    nodes: intIn(1, 6).describe(
      "Nodes in the replication group (primary + replicas); >= 2 enables automatic failover.",
    ),
    multiAz: bool().describe("Multi-AZ with automatic failover (needs >= 2 nodes)."),
    snapshotRetentionDays: intIn(0, 35).describe(
      "Daily snapshot retention (0 = none); > 0 also keeps a final snapshot <prefix>-cache-final on delete.",
    ),
    snapshotWindow: dailyWindow().describe(
      "Daily UTC snapshot window hh24:mi-hh24:mi (>= 60 min, must not overlap maintenanceWindow).",
    ),
    maintenanceWindow: weeklyWindow().describe("Weekly UTC maintenance window ddd:hh24:mi-ddd:hh24:mi (>= 60 min)."),
    maxmemoryPolicy: oneOf([
      "volatile-lru",
      "allkeys-lru",
      "volatile-lfu",
      "allkeys-lfu",
      "volatile-random",
      "allkeys-random",
      "volatile-ttl",
      "noeviction",
    ] as const).describe("Eviction policy when memory is full (volatile-lru keeps rate-limit counters without TTL)."),
    logRetentionDays: logRetention().describe("Retention of the slow-log and engine-log groups."),
    /** Recovery window of the endpoint + AUTH token secret when it is deleted (destroy). */
    secretRecoveryDays: recoveryWindowDays().describe(
      "Recovery window (days) of the cache's endpoint + AUTH token secret on delete: 0 frees the name at once (dev, so destroy -> up works), 7-30 keeps it restorable (prod).",
    ),
    allowReplacement: bool().describe(
      "Opt-in for one deploy that replaces the replication group (engine or version downgrade); afterwards update cache.pinned and set it back to false.",
    ),
    /** What the deployed replication group runs; see components/data/replacement.ts. */
    pinned: z.strictObject({
      engine: cacheEngine().describe(
        "The engine the deployed replication group runs; Valkey -> Redis OSS is refused unless allowReplacement.",
      ),
      engineVersion: pattern(/^\d+\.\d+$/, 'expected a major.minor engine version such as "8.2"').describe(
        "The engine version the deployed replication group runs; a lower engineVersion is refused unless allowReplacement.",
      ),
    }),
  })
  .superRefine((c, ctx) => addIssues(ctx, cacheIssues(c)));

// ---------- backups (AWS Backup: components/data/backup.ts) ----------

const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
/** AWS commercial region names, e.g. us-west-2 (the copy destination must be another region than aws:region). */
const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

export const backupSchema = z
  .strictObject({
    enabled: bool().describe("AWS Backup vault, plan and selection for the Aurora cluster"),
    hourUtc: intIn(0, 23).describe(
      "UTC hour the daily and weekly backup rules start (keep it clear of database.backupWindow)",
    ),
    // AWS Backup: keep warm recovery points at least a week, or every backup becomes a full one (metering-and-billing.html).
    dailyRetentionDays: intIn(7, 35).describe("days a daily recovery point is kept"),
    weeklyDay: oneOf(WEEKDAYS).describe("day of the weekly rule"),
    weeklyRetentionDays: intIn(7, 365).describe("days a weekly recovery point is kept"),
    copyRegion: z
      .union([z.literal(""), pattern(AWS_REGION, 'expected "" (no copy) or an AWS region such as "us-west-2"')], {
        error: 'expected "" (no copy) or an AWS region such as "us-west-2"',
      })
      .describe('region the weekly recovery points are copied to; "" = no copy'),
    copyRetentionDays: intIn(7, 365).describe("days a copied recovery point is kept in copyRegion"),
    vaultLock: bool().describe("AWS Backup Vault Lock in governance mode on the vaults"),
    restoreTest: z.strictObject({
      enabled: bool().describe("weekly AWS Backup restore test of the latest Aurora recovery point"),
      day: oneOf(WEEKDAYS).describe("day of the weekly restore test"),
      hourUtc: intIn(0, 23).describe("UTC hour the restore test starts"),
      validationWindowHours: intIn(1, 168).describe(
        "hours the restored cluster is kept for validation before AWS Backup deletes it",
      ),
      selectionWindowDays: intIn(1, 365).describe("only recovery points younger than this are tested"),
    }),
  })
  .superRefine((b, ctx) => {
    if (b.restoreTest.enabled && !b.enabled) {
      ctx.addIssue({
        code: "custom",
        path: ["restoreTest", "enabled"],
        input: true,
        message: "expected false while backup.enabled is false (nothing to restore)",
      });
    }
  });
