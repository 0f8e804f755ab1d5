/** The price table: complete, dated, sourced, internally consistent. */
import assert from "node:assert/strict";
import { DEFAULT_ASSUMPTIONS } from "../../policies/cost/assumptions";
import { PRICES, PRICES_CHECKED, RESERVED_FACTORS, VALKEY_PRICE_RATIO, priceOf } from "../../policies/cost/pricing";

const UNITS = [
  "hour",
  "AZ-hour",
  "vCPU-hour",
  "ACU-hour",
  "LCU-hour",
  "GB",
  "GB-month",
  "request-million",
  "month",
  "day",
];

describe("pricing table", () => {
  it("gives every entry a non-negative price, a unit, an https source, the check date and an evidence level", () => {
    for (const [key, p] of Object.entries(PRICES)) {
      assert.ok(Number.isFinite(p.usd) && p.usd >= 0, key);
      assert.ok(UNITS.includes(p.unit), `${key}: ${p.unit}`);
      assert.match(p.source, /^https:\/\/\S+$/, key);
      // The table was checked on PRICES_CHECKED; entries added later carry their own (later) check date.
      assert.ok(/^\d{4}-\d{2}-\d{2}$/.test(p.date) && p.date >= PRICES_CHECKED, `${key}: ${p.date}`);
      assert.ok(["confirmed", "list-price"].includes(p.evidence), key);
      if (p.reserved1yUsd !== undefined) assert.ok(p.reserved1yUsd <= p.usd, `${key}: reserved above on-demand`);
    }
  });

  it("has every item the estimator and the brief need", () => {
    const needed = [
      "eks/control-plane-standard",
      "eks/control-plane-extended",
      ...[
        "t4g.medium",
        "t4g.large",
        "t4g.xlarge",
        "m7g.large",
        "m7g.xlarge",
        "m7g.2xlarge",
        "c7g.large",
        "c7g.xlarge",
        "r7g.large",
      ].map((t) => `ec2/${t}`),
      "vpc/nat-gateway-hour",
      "vpc/nat-gateway-gb",
      "vpc/interface-endpoint-az-hour",
      "vpc/interface-endpoint-gb",
      "vpc/public-ipv4-hour",
      "elb/nlb-hour",
      "elb/nlb-lcu-hour",
      ...["db.r7g.large", "db.r7g.xlarge", "db.t4g.medium", "db.t4g.large"].map((c) => `aurora-postgresql/${c}`),
      "aurora/serverless-v2-acu-hour",
      "aurora/storage-gb-month",
      "aurora/io-million",
      "aurora/backup-gb-month",
      "rds-proxy/vcpu-hour",
      "rds-proxy/acu-hour",
      ...["cache.t4g.micro", "cache.t4g.small", "cache.t4g.medium", "cache.m7g.large", "cache.r7g.large"].flatMap(
        (n) => [`elasticache-redis/${n}`, `elasticache-valkey/${n}`],
      ),
      "ebs/gp3-gb-month",
      "cloudwatch/logs-ingest-gb",
      "cloudwatch/logs-storage-gb-month",
      "secretsmanager/secret-month",
      "kms/key-month",
      "ecr/storage-gb-month",
      "s3/standard-gb-month",
      "budgets/budget-day",
      "cloudflare/free-month",
      "cloudflare/pro-month",
      "cloudflare/business-month",
    ];
    assert.deepEqual(
      needed.filter((k) => !(k in PRICES)),
      [],
    );
  });

  it("prices Valkey nodes at 80 % of Redis OSS and derives reserved rates from the documented factors", () => {
    for (const key of Object.keys(PRICES).filter((k) => k.startsWith("elasticache-redis/"))) {
      const valkey = priceOf(key.replace("redis", "valkey"));
      assert.ok(Math.abs(valkey.usd - PRICES[key].usd * VALKEY_PRICE_RATIO) < 1e-9, key);
    }
    assert.ok(
      Math.abs(priceOf("ec2/m7g.large").reserved1yUsd! - 0.0816 * RESERVED_FACTORS.ec2ComputeSavingsPlan) < 1e-9,
    );
    assert.ok(
      Math.abs(
        priceOf("aurora-postgresql/db.r7g.large").reserved1yUsd! - 0.276 * RESERVED_FACTORS.auroraReservedInstance,
      ) < 1e-9,
    );
  });

  it("pins the headline list prices (a change here must be a deliberate, dated update)", () => {
    const pinned: Record<string, number> = {
      "eks/control-plane-standard": 0.1,
      "eks/control-plane-extended": 0.6,
      "ec2/m7g.large": 0.0816,
      "vpc/nat-gateway-hour": 0.045,
      "aurora/serverless-v2-acu-hour": 0.12,
      "elasticache-redis/cache.r7g.large": 0.219,
      "ebs/gp3-gb-month": 0.08,
    };
    for (const [k, usd] of Object.entries(pinned)) assert.equal(priceOf(k).usd, usd, k);
  });

  it("names the missing key when asked for an unknown price", () => {
    assert.throws(() => priceOf("ec2/m5.large"), /pricing\.ts has no price "ec2\/m5\.large"/);
  });

  it("documents a spot discount assumption between 0 and 1", () => {
    assert.ok(DEFAULT_ASSUMPTIONS.spotPriceRatio > 0 && DEFAULT_ASSUMPTIONS.spotPriceRatio < 1);
  });
});
