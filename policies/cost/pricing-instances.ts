/**
 * Per-instance-type hourly prices (EC2, Aurora PostgreSQL, ElastiCache), expanded into price-table entries by
 * family: `ec2/m7g.large`, `aurora-postgresql/db.r7g.large`, `elasticache-valkey/cache.t4g.small`. Each table says
 * where its figures come from; the date is PRICES_CHECKED unless the table says otherwise.
 */
import {
  type Price,
  type PriceUnit,
  PRICES_CHECKED as d,
  RESERVED_FACTORS,
  round,
  SRC,
  VALKEY_PRICE_RATIO,
} from "./price-sources";

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

/** Every instance-type price: EC2 (confirmed, then the list-price sizes), Aurora PostgreSQL, ElastiCache. */
export const INSTANCE_PRICES: Record<string, Price> = {
  ...family("ec2", EC2_HOURLY, SRC.ec2, RESERVED_FACTORS.ec2ComputeSavingsPlan),
  ...Object.fromEntries(
    Object.entries(family("ec2", EC2_HOURLY_LIST, SRC.ec2, RESERVED_FACTORS.ec2ComputeSavingsPlan)).map(([k, p]) => [
      k,
      { ...p, evidence: "list-price" } as Price,
    ]),
  ),
  ...family("aurora-postgresql", AURORA_HOURLY, SRC.aurora, RESERVED_FACTORS.auroraReservedInstance),
  ...family("elasticache-redis", ELASTICACHE_REDIS_HOURLY, SRC.elasticache, RESERVED_FACTORS.elasticacheReservedNode),
  ...family(
    "elasticache-valkey",
    Object.fromEntries(Object.entries(ELASTICACHE_REDIS_HOURLY).map(([k, v]) => [k, round(v * VALKEY_PRICE_RATIO)])),
    SRC.elasticache,
    RESERVED_FACTORS.elasticacheReservedNode,
  ),
};
