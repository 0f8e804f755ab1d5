import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { estimateCost } from "../../policies/cost/estimate";
import { autoPauseResumedShare, DEV_AUTO_PAUSE_USAGE } from "../../policies/cost/assumptions";
import { input, one, stackRun } from "../harness";
import { ConfigError, parseConfig, PlatformConfig } from "../../config";

/** The committed stacks' required keys, as the CLI passes them (objects as JSON strings). */
const BASE: Record<string, string> = {
  edge: JSON.stringify({ zone: "example.com" }),
  monitoring: JSON.stringify({ alertEmail: "ops@example.com" }),
};

function parse(env: "dev" | "prod", raw: Record<string, unknown>): PlatformConfig {
  const wire = Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  return parseConfig("edgestack", env, { ...BASE, environment: env, ...wire }, "us-east-1");
}

function problems(env: "dev" | "prod", raw: Record<string, unknown>): string[] {
  try {
    parse(env, raw);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
    return (e as ConfigError).problems;
  }
  return [];
}

describe("data config: defaults per environment", () => {
  it("dev: Serverless v2 that auto-pauses after an idle hour, one cache node, 3-day backups, no final snapshot, no proxy (its 8-ACU minimum)", () => {
    const { database: d, cache: c } = parse("dev", {});
    assert.strictEqual(d.autoPauseSeconds, 3600);
    assert.deepStrictEqual(
      [d.mode, d.minCapacity, d.readers, d.backupRetentionDays, d.deletionProtection, d.skipFinalSnapshot, d.proxy],
      ["serverless", 0, 0, 3, true, true, false],
    );
    assert.deepStrictEqual([c.engine, c.nodes, c.multiAz], ["valkey", 1, false]);
  });

  it("prod: provisioned writer + reader, 14-day backups, deletion protection and a final snapshot, proxy, Multi-AZ cache", () => {
    const { database: d, cache: c } = parse("prod", {});
    assert.deepStrictEqual(
      [d.mode, d.readers, d.backupRetentionDays, d.deletionProtection, d.skipFinalSnapshot, d.proxy],
      ["provisioned", 1, 14, true, false, true],
    );
    assert.deepStrictEqual([c.nodes, c.multiAz, c.snapshotRetentionDays], [2, true, 7]);
  });
});

describe("data config: bad values are refused with one clear line each", () => {
  const cases: Array<[string, "dev" | "prod", Record<string, unknown>, string]> = [
    [
      "negative readers",
      "prod",
      { database: { readers: -1 } },
      "edgestack:database.readers: expected an integer between 0 and 15, got -1",
    ],
    [
      "min ACU above max ACU",
      "dev",
      { database: { minCapacity: 8, maxCapacity: 4 } },
      "edgestack:database.minCapacity: expected minCapacity <= maxCapacity (4), got 8",
    ],
    [
      "ACU not in half steps",
      "dev",
      { database: { maxCapacity: 4.2 } },
      "edgestack:database.maxCapacity: expected a multiple of 0.5 ACU, got 4.2",
    ],
    [
      "Aurora version unknown to the calendar",
      "dev",
      { database: { engineVersion: "13.9" } },
      "edgestack:database.engineVersion: expected a version in the Aurora PostgreSQL support calendar (14.6, ",
    ],
    [
      "unknown cache engine",
      "dev",
      { cache: { engine: "memcached" } },
      'edgestack:cache.engine: expected one of "valkey", "redis", got "memcached"',
    ],
    [
      "engine version the engine does not have",
      "dev",
      { cache: { engine: "redis", engineVersion: "8.2", pinned: { engine: "redis", engineVersion: "7.1" } } },
      'edgestack:cache.engineVersion: expected a redis version ElastiCache offers (7.0, 7.1; see components/data/engine-versions.ts), got "8.2"',
    ],
    [
      "multiAz with one node",
      "prod",
      { cache: { nodes: 1 } },
      "edgestack:cache.nodes: expected at least 2 nodes when multiAz is true (automatic failover needs a replica), got 1",
    ],
    [
      "backup window overlapping maintenance",
      "prod",
      { database: { backupWindow: "05:30-06:30" } },
      'edgestack:database.maintenanceWindow: expected a maintenanceWindow that does not overlap backupWindow (05:30-06:30), got "sun:05:00-sun:06:00"',
    ],
    [
      "backup window under 30 minutes",
      "prod",
      { database: { backupWindow: "03:00-03:20" } },
      'edgestack:database.backupWindow: expected a window of at least 30 minutes, got "03:00-03:20"',
    ],
    [
      "cache maintenance window under 60 minutes",
      "prod",
      { cache: { maintenanceWindow: "sun:06:00-sun:06:30" } },
      'edgestack:cache.maintenanceWindow: expected a window of at least 60 minutes, got "sun:06:00-sun:06:30"',
    ],
    [
      "malformed window",
      "dev",
      { cache: { snapshotWindow: "2am-3am" } },
      'edgestack:cache.snapshotWindow: expected a daily UTC window hh24:mi-hh24:mi such as "03:00-04:00", got "2am-3am"',
    ],
    [
      "typo in a data key",
      "dev",
      { database: { readerCount: 2 } },
      "edgestack:database.readerCount: unknown key (allowed: engineVersion, mode,",
    ],
  ];
  for (const [title, env, raw, expected] of cases) {
    it(title, () => {
      const found = problems(env, raw);
      assert.ok(
        found.some((p) => p.startsWith(expected)),
        `expected a problem starting with\n  ${expected}\ngot\n  ${found.join("\n  ")}`,
      );
    });
  }

  it("reports only the real problem for an unknown engine (no follow-up noise about its versions)", () => {
    assert.strictEqual(problems("dev", { cache: { engine: "memcached" } }).length, 1);
  });
});

describe("data config: changes that replace a data store need an explicit opt-in", () => {
  it("changing the database name is refused, then allowed with database.allowReplacement", () => {
    const [p] = problems("prod", { database: { databaseName: "shop" } });
    assert.match(
      p,
      /^edgestack:database\.databaseName: changing databaseName from "app" \(database\.pinned\.databaseName\) replaces the Aurora cluster and its data; set database\.allowReplacement: true for the deploy that does it, then update database\.pinned, got "shop"$/,
    );
    assert.deepStrictEqual(problems("prod", { database: { databaseName: "shop", allowReplacement: true } }), []);
    assert.deepStrictEqual(
      problems("prod", { database: { databaseName: "shop", pinned: { databaseName: "shop" } } }),
      [],
      "after the replacing deploy, the pin follows",
    );
  });

  it("valkey → redis and version downgrades are refused; upgrades and redis → valkey are in place", () => {
    assert.match(
      problems("prod", { cache: { engine: "redis", engineVersion: "7.1" } })[0],
      /^edgestack:cache\.engine: changing engine from "valkey" \(cache\.pinned\.engine\) to "redis" is a downgrade that replaces the replication group/,
    );
    assert.match(
      problems("prod", { cache: { engineVersion: "8.0" } })[0],
      /^edgestack:cache\.engineVersion: downgrading engineVersion from "8\.2"/,
    );
    assert.deepStrictEqual(problems("prod", { cache: { engineVersion: "9.0" } }), []);
    assert.deepStrictEqual(
      problems("prod", {
        cache: { engine: "valkey", engineVersion: "8.2", pinned: { engine: "redis", engineVersion: "7.1" } },
      }),
      [],
    );
    assert.deepStrictEqual(
      problems("prod", { cache: { engine: "redis", engineVersion: "7.1", allowReplacement: true } }),
      [],
    );
  });

  it("sizes, counts and retention change freely (they update in place)", () => {
    assert.deepStrictEqual(
      problems("prod", {
        database: { instanceClass: "db.r7g.xlarge", readers: 3, maxCapacity: 32, backupRetentionDays: 35 },
        cache: { nodeType: "cache.m7g.large", nodes: 3, snapshotRetentionDays: 14 },
      }),
      [],
    );
  });
});

describe("data config: Serverless v2 scale-to-zero", () => {
  it("refuses auto-pause (minCapacity 0) together with RDS Proxy, which holds connections open", () => {
    assert.throws(
      () => parse("dev", { database: { proxy: true } }),
      /edgestack:database\.minCapacity: expected minCapacity >= 0\.5 when proxy is true .*got 0/,
    );
  });
  it("the estimate bills a paused-at-night cluster for its resumed share of hours only", async () => {
    const run = await stackRun("dev");
    const line = (share: number) =>
      estimateCost(run.resources, { serverlessActiveShare: share }).lines.find(
        (l) => l.priceKey === "aurora/serverless-v2-acu-hour" && l.description.startsWith("Aurora Serverless v2"),
      )!;
    assert.strictEqual(line(1).monthlyUsd.toFixed(2), (0.5 * 1.5 * 0.12 * 730).toFixed(2));
    assert.strictEqual(line(0.36).monthlyUsd.toFixed(2), (0.5 * 1.5 * 0.36 * 0.12 * 730).toFixed(2));
    assert.throws(
      () => estimateCost(run.resources, { serverlessActiveShare: 2 }),
      /serverlessActiveShare: expected a fraction between 0 and 1, got 2/,
    );
  });
  it("dev's resumed share follows from what wakes its database (readiness probes no longer do) and its pause delay, within budget", async () => {
    const run = await stackRun("dev");
    const pauseSeconds = input(
      one(run, "aws:rds/cluster:Cluster"),
      "serverlessv2ScalingConfiguration",
    ).secondsUntilAutoPause;
    const rule = JSON.parse(fs.readFileSync(path.join(__dirname, "../../policies/config/dev.json"), "utf8"))[
      "stack-monthly-cost-within-budget"
    ];
    const share = autoPauseResumedShare(DEV_AUTO_PAUSE_USAGE, pauseSeconds);
    assert.strictEqual(rule.assumptions.serverlessActiveShare, Number(share.toFixed(2)));
    // The same usage with a probe connecting every 5 s: the database never sees an idle hour.
    assert.strictEqual(
      autoPauseResumedShare({ ...DEV_AUTO_PAUSE_USAGE, busyHoursPerWorkday: 24, workdaysPerMonth: 31 }, pauseSeconds),
      1,
    );
    const estimate = estimateCost(run.resources, { ...rule.assumptions, asOfDate: "2026-12-01" });
    assert.ok(
      estimate.totalUsd <= rule.budgetUsd,
      `dev estimate $${estimate.totalUsd.toFixed(2)} over its $${rule.budgetUsd} budget`,
    );
    const always = estimateCost(run.resources, {
      ...rule.assumptions,
      serverlessActiveShare: 1,
      asOfDate: "2026-12-01",
    });
    assert.ok(always.totalUsd > rule.budgetUsd, "the budget holds only because the database can pause");
  });
});
