/**
 * The typed shape of edgestack's configuration, as zod schemas with messages that say what is allowed.
 * `config/index.ts` is the only reader of `pulumi.Config`; it merges the environment defaults table over
 * these schemas and reports every problem as `edgestack:<key.path>: <what is allowed>, got <value>`.
 */
import { z } from "zod";
import { clusterVersionIssues } from "../components/cluster/versions";
import { intToIp, ipToInt } from "../components/network/layout";
import { cacheIssues, databaseIssues, GuardIssue } from "../components/data/config-rules";
import { CACHE_ENGINES } from "../components/data/engine-versions";
import { DAILY_WINDOW, WEEKLY_WINDOW } from "../components/data/windows";
import { AURORA_POSTGRES_CALENDAR } from "../policies/lib/aurora-versions";
import { EKS_CALENDAR } from "../policies/lib/eks-versions";
import { knownVersions, type SupportCalendar } from "../policies/lib/support-calendar";

// ---------- primitives: every message says what is allowed; the reader appends ", got <value>" ----------

export const intIn = (min: number, max: number) => {
  const error = `expected an integer between ${min} and ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
export const numIn = (min: number, max: number) => {
  const error = `expected a number between ${min} and ${max}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
};
/** A string matching `regex`; a non-string gets the same message (and later refinements are skipped). */
export const pattern = (regex: RegExp, error: string) => z.string({ error }).regex(regex, { error, abort: true });
export const bool = () => z.boolean({ error: "expected true or false" });
/** `host:port` with a port TCP can use (1-65535); `orEmpty` also admits "" (feature off). */
const HOST_PORT = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?:(\d{1,5})$/;
export const hostPort = (error: string, orEmpty = false) =>
  z.string({ error }).refine(
    (v) => {
      const port = Number(HOST_PORT.exec(v)?.[2]);
      return (orEmpty && v === "") || (port >= 1 && port <= 65535);
    },
    { error: `${error} (port 1-65535)` },
  );
export const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });

/** The network address of an IPv4 CIDR, e.g. "10.20.0.1/16" → "10.20.0.0/16". */
const ipv4Network = (c: string) => {
  const [ip, prefix] = c.split("/");
  const size = 2 ** (32 - Number(prefix));
  return `${intToIp(ipToInt(ip) - (ipToInt(ip) % size))}/${prefix}`;
};
/**
 * An IPv4 CIDR (zod's format) whose address is its network address: AWS rejects a CIDR block with host bits set,
 * and a host bit is usually a typo. One message per value: each check stops the ones after it.
 */
export const cidr = () =>
  z.cidrv4({ error: "expected an IPv4 CIDR such as 10.0.0.0/16", abort: true }).refine((c) => ipv4Network(c) === c, {
    abort: true,
    error: (i) => `expected a network address with no host bits set (did you mean ${ipv4Network(i.input as string)}?)`,
  });
const DNS_LABEL = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;
export const dnsLabel = () =>
  z
    .string({ error: "expected a DNS label: lowercase letters, digits and '-', 1-32 chars, starting with a letter" })
    .regex(DNS_LABEL, {
      error: "expected a DNS label: lowercase letters, digits and '-', 1-32 chars, starting with a letter",
    });
/** Kubernetes quantities as the API server accepts them, e.g. "250m", "1", "512Mi", "2Gi". */
export const cpuQuantity = () =>
  z
    .string({ error: 'expected a CPU quantity such as "250m" or "1"' })
    .regex(/^(\d+m|\d+(\.\d+)?)$/, { error: 'expected a CPU quantity such as "250m" or "1"' });
export const memQuantity = () =>
  z
    .string({ error: 'expected a memory quantity such as "256Mi" or "1Gi"' })
    .regex(/^\d+(Mi|Gi)$/, { error: 'expected a memory quantity such as "256Mi" or "1Gi"' });
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const email = () =>
  z.string({ error: "expected an email address" }).regex(EMAIL, { error: "expected an email address" });

/** CloudWatch Logs accepts only these retention periods (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export const logRetention = () =>
  z
    .number({ error: `expected one of ${LOG_RETENTION_DAYS.join(", ")} (days)` })
    .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
      error: `expected one of ${LOG_RETENTION_DAYS.join(", ")} (days)`,
    });

/** Graviton (arm64) families only: the images are built for linux/arm64. */
const GRAVITON_EC2 = /^(t4g|[cmr][678]g[dn]?|[cmr]8g)\.(medium|large|\d*xlarge|metal)$/;
export const gravitonInstanceType = () =>
  pattern(GRAVITON_EC2, "expected a Graviton (arm64) EC2 instance type such as t4g.large or m7g.large");

// ---------- tiers ----------

export const INTERFACE_ENDPOINTS = [
  "ecr.api",
  "ecr.dkr",
  "sts",
  "secretsmanager",
  "logs",
  "ssm",
  "kms",
  "elasticloadbalancing",
  "autoscaling",
  "ec2",
] as const;

export const networkSchema = z
  .strictObject({
    cidr: cidr()
      .refine(
        (c) => {
          const p = Number(c.split("/")[1]);
          return p >= 16 && p <= 20;
        },
        { error: "expected a VPC CIDR with a prefix between /16 and /20" },
      )
      .describe("VPC CIDR (/16../20). Different per environment so the VPCs can be peered later."),
    azCount: intIn(2, 6).describe(
      "Availability zones used (subnets, NAT, EKS nodes, Aurora/ElastiCache placement). 3 in prod for HA; dev uses 2 (the minimum EKS and Aurora accept).",
    ),
    natGateways: intIn(1, 6).describe(
      "NAT gateways: one per AZ in prod (an AZ outage does not cut egress for the others), one shared in dev ($32/month each).",
    ),
    interfaceEndpoints: z
      .array(oneOf(INTERFACE_ENDPOINTS))
      .describe(
        "Interface VPC endpoints in the private subnets ($7.30 per AZ-month each). prod: STS (IRSA token exchange must not depend on NAT); ECR layers use the free S3 gateway endpoint; add ecr.api/ecr.dkr/secretsmanager/logs when their NAT traffic passes ~490 GB/month each. dev: none.",
      ),
    flowLogRetentionDays: logRetention().describe("Retention of the VPC flow-log group (a CloudWatch-accepted value)."),
  })
  .superRefine((n, ctx) => {
    if (n.natGateways > n.azCount)
      ctx.addIssue({
        code: "custom",
        path: ["natGateways"],
        input: n.natGateways,
        message: `expected at most azCount (${n.azCount}) NAT gateways`,
      });
  });

export const nodeGroupSchema = z
  .strictObject({
    name: dnsLabel(),
    instanceTypes: z.array(gravitonInstanceType()).min(1, { error: "expected at least one instance type" }),
    capacityType: oneOf(["ON_DEMAND", "SPOT"] as const),
    minSize: intIn(0, 100),
    maxSize: intIn(1, 100),
    desiredSize: intIn(0, 100),
    diskSizeGiB: intIn(20, 1000),
  })
  .superRefine((g, ctx) => {
    if (g.minSize > g.maxSize)
      ctx.addIssue({
        code: "custom",
        path: ["minSize"],
        input: g.minSize,
        message: `expected minSize <= maxSize (${g.maxSize})`,
      });
    if (g.desiredSize < g.minSize || g.desiredSize > g.maxSize)
      ctx.addIssue({
        code: "custom",
        path: ["desiredSize"],
        input: g.desiredSize,
        message: `expected desiredSize between minSize (${g.minSize}) and maxSize (${g.maxSize})`,
      });
  });

/**
 * A version the product's support calendar knows. Whether it is still supported on a given day is policy
 * (policies/reliability/version-support.ts), never config validation: refresh and destroy must keep working.
 */
const knownVersion = (calendar: SupportCalendar, example: string) =>
  z
    .string({ error: `expected a ${calendar.product} version string such as "${example}"` })
    .refine((v) => knownVersions(calendar).includes(v), {
      error: () =>
        `expected a version in the ${calendar.product} support calendar (${knownVersions(calendar).join(", ")})`,
    });

export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** An IAM role name, optionally with its path ("ci/edgestack-deploy"): access entries accept role ARNs with paths. */
const iamRoleName = () =>
  pattern(
    /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/,
    'expected an IAM role name (optionally path/name) such as "edgestack-deploy"',
  );
const SECURITY_GROUP_ID = /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/;

export const clusterSchema = z
  .strictObject({
    version: knownVersion(EKS_CALENDAR, "1.35").describe(
      "EKS Kubernetes version, one the support calendar knows (policies/lib/eks-versions.ts). A policy fails it past the end of standard support, so the cluster never bills extended support (6× control-plane price).",
    ),
    publicAccessCidrs: z
      .array(
        cidr().refine((c) => !c.endsWith("/0"), {
          error: "expected a restricted CIDR (not /0): the API endpoint must not be open to the internet",
        }),
      )
      .describe(
        "CIDRs allowed to reach the EKS API from outside the VPC (operators' VPN, CI egress). Empty = private endpoint only. /0 is refused.",
      ),
    /** In-VPC deployers: HTTPS (443) into the cluster security group, which the private endpoint's ENIs carry. */
    apiAccess: z.strictObject({
      fromVpc: bool().describe(
        "Admit HTTPS (443) from the whole VPC CIDR into the cluster security group: a runner anywhere in the VPC (self-hosted or CodeBuild) reaches the private API endpoint (docs/deploying.md).",
      ),
      cidrs: z
        .array(
          cidr().refine((c) => Number(c.split("/")[1]) >= 8, {
            error: "expected a private network CIDR of /8 or longer",
          }),
        )
        .describe("Other private CIDRs (peered VPCs, VPN) admitted on 443 to the cluster security group."),
      securityGroupIds: z
        .array(pattern(SECURITY_GROUP_ID, "expected a security group id such as sg-0123456789abcdef0"))
        .describe("Security groups (e.g. a CodeBuild runner's) admitted on 443 to the cluster security group."),
    }),
    access: z.strictObject({
      deployRoleName: iamRoleName().describe(
        "IAM role name the deploy workflow assumes (cluster admin). ARNs are built from the caller's account at deploy time.",
      ),
      clusterCreatorRoleName: iamRoleName().describe(
        "Role that created the cluster: EKS's own bootstrap entry makes it admin, so no access entry is created for it (one entry per principal).",
      ),
      adminRoleNames: z
        .array(iamRoleName())
        .describe("Roles granted AmazonEKSClusterAdminPolicy through access entries (operators)."),
      viewerRoleNames: z.array(iamRoleName()).describe("Roles granted AmazonEKSViewPolicy (read-only, no Secrets)."),
      readAllRoleNames: z
        .array(iamRoleName())
        .describe(
          "Roles granted AmazonEKSAdminViewPolicy (read everything incl. Secrets), e.g. the drift workflow's refresh.",
        ),
    }),
    /** What the deployed control plane runs; see components/cluster/versions.ts. */
    pinned: z.strictObject({
      version: knownVersion(EKS_CALENDAR, "1.35").describe(
        "The control plane's running version: cluster.version may equal it or be the next minor (one-step upgrades); set it to the running version after an AWS-initiated upgrade.",
      ),
    }),
    logTypes: z
      .array(oneOf(CONTROL_PLANE_LOG_TYPES))
      .min(1, { error: "expected at least one control-plane log type" })
      .describe("Control-plane log types sent to CloudWatch. prod logs all five; dev keeps api/audit/authenticator."),
    logRetentionDays: logRetention().describe("Retention of the control-plane log group."),
    nodeGroups: z
      .array(nodeGroupSchema)
      .min(1, { error: "expected at least one node group" })
      .describe(
        "Managed node groups (Graviton only): name, instanceTypes, capacityType ON_DEMAND|SPOT, min/max/desired size, root volume GiB. One ON_DEMAND group with minSize > 0 is required for system pods; prod adds a SPOT burst group.",
      ),
  })
  .superRefine((c, ctx) => {
    const names = c.nodeGroups.map((g) => g.name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i)
        ctx.addIssue({
          code: "custom",
          path: ["nodeGroups", i, "name"],
          input: n,
          message: "expected unique node group names",
        });
    });
    clusterVersionIssues(c).forEach((i) =>
      ctx.addIssue({ code: "custom", path: i.path, input: i.input, message: i.message }),
    );
    if (!c.nodeGroups.some((g) => g.capacityType === "ON_DEMAND" && g.minSize > 0)) {
      ctx.addIssue({
        code: "custom",
        path: ["nodeGroups"],
        input: names,
        message: "expected an ON_DEMAND node group with minSize > 0 (the base capacity for system pods)",
      });
    }
  });

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

export const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
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
