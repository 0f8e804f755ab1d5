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
 *    in price-sources.ts), not per-SKU quotes: treat the reserved view as an estimate.
 * Change a price here (per-instance-type hourly prices: pricing-instances.ts) and nowhere else;
 * tests/policies/pricing.test.ts checks the table's shape.
 */
import { type Price, PRICES_CHECKED as d, SRC } from "./price-sources";
import { INSTANCE_PRICES } from "./pricing-instances";

export { HOURS_PER_MONTH, PRICES_CHECKED, PRICING_REGION, RESERVED_FACTORS, VALKEY_PRICE_RATIO } from "./price-sources";
export { AURORA_VCPUS } from "./pricing-instances";

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
  ...INSTANCE_PRICES,
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
