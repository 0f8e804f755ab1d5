/**
 * THE price table: us-east-1 (N. Virginia) on-demand list prices in USD, Linux, shared tenancy.
 * Every entry says where the figure comes from and when it was checked. `reserved1yUsd` is the
 * 1-year, no-upfront commitment rate (EC2: Compute Savings Plan; Aurora/ElastiCache: reserved
 * nodes; Cloudflare: annual billing) where such a commitment exists.
 *
 * Evidence levels (the `evidence` field), checked 2026-11-23:
 *  - "confirmed": the figure was found in the cited AWS/Cloudflare page or in a dated public
 *    copy of the AWS Price List API / pricing page during this check.
 *  - "list-price": the long-standing published list price; the page could not be fetched from
 *    this machine, so it was not re-confirmed today.
 *  - Reserved rates are DERIVED (on-demand x the family's typical 1-year no-upfront factor
 *    below), not per-SKU quotes: treat the reserved view as an estimate.
 * Change a price here and nowhere else; tests/policies/pricing.test.ts checks the table's shape.
 */

export const PRICING_REGION = "us-east-1";
export const PRICES_CHECKED = "2026-11-23";
export const HOURS_PER_MONTH = 730;

export type PriceUnit =
  "hour" | "AZ-hour" | "vCPU-hour" | "ACU-hour" | "LCU-hour" | "GB" | "GB-month" | "request-million" | "month" | "day";

export interface Price {
  usd: number;
  unit: PriceUnit;
  source: string;
  date: string;
  evidence: "confirmed" | "list-price";
  reserved1yUsd?: number;
  note?: string;
}

/** 1-year no-upfront factors used to derive `reserved1yUsd` (see header). */
export const RESERVED_FACTORS = {
  ec2ComputeSavingsPlan: 0.72,
  auroraReservedInstance: 0.69,
  elasticacheReservedNode: 0.69,
} as const;

/** Valkey node-based clusters are listed at 80 % of the Redis OSS price for the same node type. */
export const VALKEY_PRICE_RATIO = 0.8;

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const d = PRICES_CHECKED;

const SRC = {
  ec2: "https://aws.amazon.com/ec2/pricing/on-demand/",
  eks: "https://aws.amazon.com/eks/pricing/",
  eksBlog: "https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/",
  vpc: "https://aws.amazon.com/vpc/pricing/",
  privatelink: "https://aws.amazon.com/privatelink/pricing/",
  elb: "https://aws.amazon.com/elasticloadbalancing/pricing/",
  aurora: "https://aws.amazon.com/rds/aurora/pricing/",
  rdsProxy: "https://aws.amazon.com/rds/proxy/pricing/",
  elasticache: "https://aws.amazon.com/elasticache/pricing/",
  ebs: "https://aws.amazon.com/ebs/pricing/",
  cloudwatch: "https://aws.amazon.com/cloudwatch/pricing/",
  xray: "https://aws.amazon.com/xray/pricing/",
  secrets: "https://aws.amazon.com/secrets-manager/pricing/",
  kms: "https://aws.amazon.com/kms/pricing/",
  ecr: "https://aws.amazon.com/ecr/pricing/",
  dataTransfer: "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer",
  rdsEnhancedMonitoring:
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_Monitoring.OS.overview.html",
  s3: "https://aws.amazon.com/s3/pricing/",
  budgets: "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html",
  backup: "https://aws.amazon.com/backup/pricing/",
  cloudflare: "https://www.cloudflare.com/plans/",
  sqs: "https://aws.amazon.com/sqs/pricing/",
};

/**
 * Sizes Karpenter's NodePools may pick beyond those above: on-demand list prices (us-east-1), not re-confirmed from
 * this machine; within a Graviton family the hourly price doubles with each size (c7g.xlarge $0.145 -> 2xlarge $0.289,
 * r7g.large $0.1071 -> xlarge $0.2142 -> 2xlarge $0.4284), which these follow.
 */
const EC2_HOURLY_LIST: Record<string, number> = {
  "c7g.2xlarge": 0.289,
  "r7g.xlarge": 0.2142,
  "r7g.2xlarge": 0.4284,
};

/** EC2 on-demand $/hour (confirmed against several dated public copies of the on-demand page). */
const EC2_HOURLY: Record<string, number> = {
  "t4g.medium": 0.0336,
  "t4g.large": 0.0672,
  "t4g.xlarge": 0.1344,
  "m7g.large": 0.0816,
  "m7g.xlarge": 0.1632,
  "m7g.2xlarge": 0.3264,
  "c7g.large": 0.0725,
  "c7g.xlarge": 0.145,
  "r7g.large": 0.1071,
};

/** Aurora PostgreSQL (Aurora Standard storage configuration) $/hour, provisioned on-demand. */
const AURORA_HOURLY: Record<string, number> = {
  "db.t4g.medium": 0.073,
  "db.t4g.large": 0.146,
  "db.r7g.large": 0.276,
  "db.r7g.xlarge": 0.553,
};

/** vCPUs per Aurora instance class, for RDS Proxy billing. */
export const AURORA_VCPUS: Record<string, number> = {
  "db.t4g.medium": 2,
  "db.t4g.large": 2,
  "db.r7g.large": 2,
  "db.r7g.xlarge": 4,
};

/**
 * ElastiCache node-based Redis OSS $/hour, from the AWS Price List API (AmazonElastiCache,
 * "Cache Instance", us-east-1) as read 2026-10-02 in a public copy; Valkey = 80 % of these.
 */
const ELASTICACHE_REDIS_HOURLY: Record<string, number> = {
  "cache.t4g.micro": 0.016,
  "cache.t4g.small": 0.032,
  "cache.t4g.medium": 0.065,
  "cache.m7g.large": 0.158,
  "cache.r7g.large": 0.219,
};

function family(
  prefix: string,
  table: Record<string, number>,
  src: string,
  factor: number | undefined,
  unit: PriceUnit = "hour",
) {
  return Object.fromEntries(
    Object.entries(table).map(([k, usd]) => [
      `${prefix}/${k}`,
      {
        usd,
        unit,
        source: src,
        date: d,
        evidence: "confirmed",
        ...(factor ? { reserved1yUsd: round(usd * factor) } : {}),
      } as Price,
    ]),
  ) as Record<string, Price>;
}

export const PRICES: Record<string, Price> = {
  "eks/control-plane-standard": {
    usd: 0.1,
    unit: "hour",
    source: SRC.eks,
    date: d,
    evidence: "confirmed",
    note: `per cluster; also ${SRC.eksBlog}`,
  },
  "eks/control-plane-extended": {
    usd: 0.6,
    unit: "hour",
    source: SRC.eksBlog,
    date: d,
    evidence: "confirmed",
    note: "per cluster on a version in extended support (since April 2024)",
  },
  ...family("ec2", EC2_HOURLY, SRC.ec2, RESERVED_FACTORS.ec2ComputeSavingsPlan),
  ...Object.fromEntries(
    Object.entries(family("ec2", EC2_HOURLY_LIST, SRC.ec2, RESERVED_FACTORS.ec2ComputeSavingsPlan)).map(([k, p]) => [
      k,
      { ...p, evidence: "list-price" } as Price,
    ]),
  ),
  "vpc/nat-gateway-hour": { usd: 0.045, unit: "hour", source: SRC.vpc, date: d, evidence: "confirmed" },
  "vpc/nat-gateway-gb": {
    usd: 0.045,
    unit: "GB",
    source: SRC.vpc,
    date: d,
    evidence: "list-price",
    note: "data processed",
  },
  "vpc/public-ipv4-hour": {
    usd: 0.005,
    unit: "hour",
    source: SRC.vpc,
    date: d,
    evidence: "confirmed",
    note: "every public IPv4 address, in use or idle, since 2024-02-01",
  },
  "vpc/interface-endpoint-az-hour": {
    usd: 0.01,
    unit: "AZ-hour",
    source: SRC.privatelink,
    date: d,
    evidence: "list-price",
  },
  "vpc/interface-endpoint-gb": {
    usd: 0.01,
    unit: "GB",
    source: SRC.privatelink,
    date: d,
    evidence: "list-price",
    note: "first 1 PB/month",
  },
  "elb/nlb-hour": { usd: 0.0225, unit: "hour", source: SRC.elb, date: d, evidence: "confirmed" },
  "elb/nlb-lcu-hour": { usd: 0.006, unit: "LCU-hour", source: SRC.elb, date: d, evidence: "list-price" },
  ...family("aurora-postgresql", AURORA_HOURLY, SRC.aurora, RESERVED_FACTORS.auroraReservedInstance),
  "aurora/serverless-v2-acu-hour": {
    usd: 0.12,
    unit: "ACU-hour",
    source: SRC.aurora,
    date: d,
    evidence: "confirmed",
    note: "Aurora Standard; no reserved pricing for Serverless v2",
  },
  "aurora/storage-gb-month": { usd: 0.1, unit: "GB-month", source: SRC.aurora, date: d, evidence: "confirmed" },
  "aurora/io-million": { usd: 0.2, unit: "request-million", source: SRC.aurora, date: d, evidence: "confirmed" },
  "aurora/backup-gb-month": {
    usd: 0.021,
    unit: "GB-month",
    source: SRC.aurora,
    date: d,
    evidence: "confirmed",
    note: "beyond the free 100 % of cluster storage",
  },
  "rds-proxy/vcpu-hour": {
    usd: 0.015,
    unit: "vCPU-hour",
    source: SRC.rdsProxy,
    date: d,
    evidence: "list-price",
    note: "per vCPU of the target instances, 2 vCPU minimum",
  },
  "rds-proxy/acu-hour": {
    usd: 0.015,
    unit: "ACU-hour",
    source: SRC.rdsProxy,
    date: d,
    evidence: "list-price",
    note: "Serverless v2 targets, 8 ACU minimum",
  },
  ...family("elasticache-redis", ELASTICACHE_REDIS_HOURLY, SRC.elasticache, RESERVED_FACTORS.elasticacheReservedNode),
  ...family(
    "elasticache-valkey",
    Object.fromEntries(Object.entries(ELASTICACHE_REDIS_HOURLY).map(([k, v]) => [k, round(v * VALKEY_PRICE_RATIO)])),
    SRC.elasticache,
    RESERVED_FACTORS.elasticacheReservedNode,
  ),
  "ebs/gp3-gb-month": {
    usd: 0.08,
    unit: "GB-month",
    source: SRC.ebs,
    date: d,
    evidence: "confirmed",
    note: "3,000 IOPS / 125 MB/s baseline included",
  },
  "cloudwatch/logs-ingest-gb": {
    usd: 0.5,
    unit: "GB",
    source: SRC.cloudwatch,
    date: d,
    evidence: "list-price",
    note: "Standard log class",
  },
  "cloudwatch/logs-storage-gb-month": {
    usd: 0.03,
    unit: "GB-month",
    source: SRC.cloudwatch,
    date: d,
    evidence: "list-price",
  },
  "cloudwatch/alarm-month": {
    usd: 0.1,
    unit: "month",
    source: SRC.cloudwatch,
    date: d,
    evidence: "list-price",
    note: "standard-resolution metric alarm",
  },
  // Perpetual free tier: the first 100,000 traces recorded per month (XRAY_FREE_TRACES_MILLIONS, applied by the pricer).
  "xray/traces-recorded-million": {
    usd: 5,
    unit: "request-million",
    source: SRC.xray,
    date: d,
    evidence: "confirmed",
    note: "beyond 100,000 free traces/month",
  },
  "secretsmanager/secret-month": {
    usd: 0.4,
    unit: "month",
    source: SRC.secrets,
    date: d,
    evidence: "list-price",
    note: "plus $0.05 per 10,000 API calls (not modelled)",
  },
  "kms/key-month": {
    usd: 1,
    unit: "month",
    source: SRC.kms,
    date: d,
    evidence: "list-price",
    note: "customer-managed key; requests not modelled",
  },
  // Added 2026-12-03 (issue 14 item 9), list prices from the pages cited, not re-fetched from this machine.
  "kms/key-rotation-month": {
    usd: 1,
    unit: "month",
    source: SRC.kms,
    date: "2026-12-03",
    evidence: "list-price",
    note: "each automatic rotation adds $1/month to the key (prorated hourly); only the first two rotations are billed, later ones are free",
  },
  "elasticache/backup-gb-month": {
    usd: 0.085,
    unit: "GB-month",
    source: SRC.elasticache,
    date: "2026-12-03",
    evidence: "list-price",
    note: "backup storage beyond the free 100 % of the cluster's storage (one snapshot's worth)",
  },
  "vpc/internet-egress-gb": {
    usd: 0.09,
    unit: "GB",
    source: SRC.dataTransfer,
    date: "2026-12-03",
    evidence: "list-price",
    note: "data transfer out from EC2/ELB to the internet, first 10 TB/month tier; the account-wide free 100 GB/month is not subtracted (shared by every stack of the account)",
  },
  "ecr/storage-gb-month": { usd: 0.1, unit: "GB-month", source: SRC.ecr, date: d, evidence: "list-price" },
  "s3/standard-gb-month": {
    usd: 0.023,
    unit: "GB-month",
    source: SRC.s3,
    date: d,
    evidence: "confirmed",
    note: "first 50 TB",
  },
  // Added 2026-12-03 (the page could not be fetched from this machine: long-standing list prices, as marked).
  "backup/aurora-snapshot-gb-month": {
    usd: 0.021,
    unit: "GB-month",
    source: SRC.backup,
    date: d,
    evidence: "list-price",
    note: "Aurora snapshots taken by AWS Backup are billed as Aurora snapshot storage (same rate as aurora/backup-gb-month; also in the copy region)",
  },
  "backup/cross-region-transfer-gb": {
    usd: 0.02,
    unit: "GB",
    source: SRC.backup,
    date: d,
    evidence: "list-price",
    note: "inter-region data transfer of a recovery point copy, from us-east-1",
  },
  "sqs/request-million": {
    usd: 0.4,
    unit: "request-million",
    source: SRC.sqs,
    date: d,
    evidence: "list-price",
    note: "standard queue, after the account-wide free 1 million requests/month (not deducted here)",
  },
  "budgets/budget-day": {
    usd: 0.02,
    unit: "day",
    source: SRC.budgets,
    date: d,
    evidence: "confirmed",
    note: "first two budgets free",
  },
  "cloudflare/free-month": {
    usd: 0,
    unit: "month",
    source: SRC.cloudflare,
    date: d,
    evidence: "confirmed",
    reserved1yUsd: 0,
  },
  "cloudflare/pro-month": {
    usd: 25,
    unit: "month",
    source: SRC.cloudflare,
    date: d,
    evidence: "list-price",
    reserved1yUsd: 20,
    note: "$25 billed monthly, $20/month billed annually (annual rate confirmed)",
  },
  "cloudflare/business-month": {
    usd: 250,
    unit: "month",
    source: SRC.cloudflare,
    date: d,
    evidence: "list-price",
    reserved1yUsd: 200,
    note: "$250 billed monthly, $200/month billed annually (annual rate confirmed)",
  },
};

/** X-Ray's always-free tier: 100,000 traces recorded per month (aws.amazon.com/xray/pricing, checked 2026-11-23). */
export const XRAY_FREE_TRACES_MILLIONS = 0.1;

/** The price for `key`; throws naming the key when the table lacks it. */
export function priceOf(key: string): Price {
  const p = PRICES[key];
  if (!p) throw new Error(`pricing.ts has no price "${key}"; known keys: ${Object.keys(PRICES).join(", ")}`);
  return p;
}

export function hasPrice(key: string): boolean {
  return key in PRICES;
}
