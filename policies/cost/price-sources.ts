/**
 * What every entry of the price table (pricing.ts) shares: the region and day the prices were checked, the shape of
 * a price, the reserved-rate factors, and the pages the figures come from. Evidence levels: see pricing.ts.
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

export const round = (x: number) => Math.round(x * 1e6) / 1e6;

export const SRC = {
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
  s3: "https://aws.amazon.com/s3/pricing/",
  budgets: "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html",
  backup: "https://aws.amazon.com/backup/pricing/",
  cloudflare: "https://www.cloudflare.com/plans/",
  sqs: "https://aws.amazon.com/sqs/pricing/",
};
