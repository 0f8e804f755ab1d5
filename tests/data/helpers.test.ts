import * as assert from "assert";
import { auroraParameterFamily, cacheParameterFamily } from "../../components/data/engine-versions";
import { compareVersions } from "../../components/shared/versions";
import { auroraClusterParameters, instanceLayout } from "../../components/data/layout";
import { cacheNames, databaseNames } from "../../components/data/names";
import { proxyRolePolicy } from "../../components/data/policies";
import { dataKeyPolicy } from "../../components/shared/kms";
import { cacheReplacementIssues, databaseReplacementIssues } from "../../components/data/replacement";
import { durationMinutes, parseDailyWindow, parseWeeklyWindow, windowsOverlap } from "../../components/data/windows";

describe("data helpers: engine versions", () => {
  it("parameter-group families follow the engine and major version", () => {
    assert.strictEqual(auroraParameterFamily("17.7"), "aurora-postgresql17");
    assert.strictEqual(auroraParameterFamily("16.10"), "aurora-postgresql16");
    assert.throws(() => auroraParameterFamily("17"), /database\.engineVersion: expected major\.minor/);
    assert.strictEqual(cacheParameterFamily("valkey", "8.2"), "valkey8");
    assert.strictEqual(cacheParameterFamily("valkey", "7.2"), "valkey7");
    assert.strictEqual(cacheParameterFamily("valkey", "9.0"), "valkey9");
    assert.strictEqual(cacheParameterFamily("redis", "7.1"), "redis7");
    assert.throws(
      () => cacheParameterFamily("redis", "8.2"),
      /redis "8\.2" is not offered \(expected one of 7\.0, 7\.1\)/,
    );
  });

  it("compares dotted versions numerically", () => {
    assert.ok(compareVersions("8.10", "8.2") > 0);
    assert.ok(compareVersions("7.2", "8.0") < 0);
    assert.strictEqual(compareVersions("8.2", "8.2"), 0);
  });
});

describe("data helpers: maintenance windows", () => {
  it("parses daily and weekly windows, including ones that wrap midnight or the week", () => {
    assert.strictEqual(durationMinutes(parseDailyWindow("03:00-04:00")), 60);
    assert.strictEqual(durationMinutes(parseDailyWindow("23:30-00:15")), 45);
    assert.strictEqual(durationMinutes(parseWeeklyWindow("sun:23:00-mon:00:30")), 90);
    assert.throws(() => parseDailyWindow("3:00-4:00"), /expected a daily UTC window hh24:mi-hh24:mi, got "3:00-4:00"/);
  });

  it("detects overlap of the daily backup window with the weekly maintenance window", () => {
    assert.strictEqual(windowsOverlap("03:00-04:00", "sun:05:00-sun:06:00"), false);
    assert.strictEqual(windowsOverlap("03:00-04:00", "wed:03:30-wed:04:30"), true);
    assert.strictEqual(
      windowsOverlap("23:30-00:30", "mon:00:00-mon:01:00"),
      true,
      "backup wrapping midnight into Monday",
    );
    assert.strictEqual(windowsOverlap("00:00-00:30", "sun:23:00-mon:00:10"), true, "maintenance wrapping the week");
    assert.strictEqual(windowsOverlap("04:00-05:00", "sun:03:00-sun:04:00"), false, "touching ends do not overlap");
  });
});

describe("data helpers: names and layout", () => {
  it("derives stable physical names from the prefix only (final snapshots are not time-based)", () => {
    const db = databaseNames("edgestack-prod");
    assert.strictEqual(db.clusterIdentifier, "edgestack-prod-database");
    assert.strictEqual(db.finalSnapshotIdentifier, "edgestack-prod-database-final");
    assert.strictEqual(db.instanceIdentifier(1), "edgestack-prod-database-2");
    assert.strictEqual(db.logGroup, "/aws/rds/cluster/edgestack-prod-database/postgresql", "the group RDS exports to");
    assert.strictEqual(db.clusterParameterGroup("aurora-postgresql17"), "edgestack-prod-database-aurora-postgresql17");
    const cache = cacheNames("edgestack-prod");
    assert.strictEqual(cache.replicationGroupId, "edgestack-prod-cache");
    assert.strictEqual(cache.parameterGroup("redis6.x"), "edgestack-prod-cache-redis6x");
    assert.strictEqual(cache.finalSnapshotIdentifier, "edgestack-prod-cache-final");
  });

  it("rejects prefixes that make identifiers AWS refuses, naming the rule", () => {
    assert.throws(
      () => cacheNames("edgestack-a-very-long-stack-name-for-cache"),
      /ElastiCache replication group id "edgestack-a-very-long-stack-name-for-cache-cache" is not valid: 1-40 lowercase/,
    );
    assert.throws(() => databaseNames("9lives"), /Aurora cluster identifier "9lives-database" is not valid/);
  });

  it("places the writer and readers round-robin over the AZs, readers first in line for failover", () => {
    const prod = instanceLayout({ mode: "provisioned", instanceClass: "db.r7g.large", readers: 2 }, 3);
    assert.deepStrictEqual(
      prod.map((s) => [s.role, s.instanceClass, s.azIndex, s.promotionTier]),
      [
        ["writer", "db.r7g.large", 0, 0],
        ["reader", "db.r7g.large", 1, 1],
        ["reader", "db.r7g.large", 2, 1],
      ],
    );
    const wrap = instanceLayout({ mode: "provisioned", instanceClass: "db.r7g.large", readers: 2 }, 2);
    assert.deepStrictEqual(
      wrap.map((s) => s.azIndex),
      [0, 1, 0],
    );
    const dev = instanceLayout({ mode: "serverless", instanceClass: "db.t4g.medium", readers: 0 }, 2);
    assert.deepStrictEqual(
      dev.map((s) => s.instanceClass),
      ["db.serverless"],
      "Serverless v2 = db.serverless instances",
    );
    assert.throws(
      () => instanceLayout({ mode: "provisioned", instanceClass: "db.r7g.large", readers: -1 }, 3),
      /database\.readers: expected an integer >= 0, got -1/,
    );
  });

  it("cluster parameters require TLS and log slow statements at the configured threshold", () => {
    const params = Object.fromEntries(auroraClusterParameters({ slowQueryMs: 500 }).map((p) => [p.name, p.value]));
    assert.strictEqual(params["rds.force_ssl"], "1");
    assert.strictEqual(params.log_min_duration_statement, "500");
    assert.strictEqual(params.log_statement, "ddl");
  });
});

describe("data helpers: policies", () => {
  it("the tier key lets CloudWatch Logs use it only for this tier's log groups", () => {
    const doc = JSON.parse(
      dataKeyPolicy({
        partition: "aws",
        accountId: "123456789012",
        region: "us-east-1",
        logGroupNames: ["/aws/rds/cluster/x/postgresql"],
      }),
    );
    const [root, logs] = doc.Statement;
    assert.strictEqual(root.Principal.AWS, "arn:aws:iam::123456789012:root");
    assert.strictEqual(logs.Principal.Service, "logs.us-east-1.amazonaws.com");
    assert.ok(!logs.Action.includes("kms:*"));
    assert.deepStrictEqual(logs.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"], [
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws/rds/cluster/x/postgresql",
    ]);
  });

  it("the proxy role reads exactly one secret and decrypts only through Secrets Manager", () => {
    const doc = JSON.parse(
      proxyRolePolicy({
        secretArn: "arn:aws:secretsmanager:us-east-1:1:secret:rds!cluster-a",
        keyArn: "arn:aws:kms:us-east-1:1:key/k",
        region: "us-east-1",
      }),
    );
    assert.deepStrictEqual(
      doc.Statement.map((s: any) => [s.Action, s.Resource]),
      [
        ["secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:1:secret:rds!cluster-a"],
        ["kms:Decrypt", "arn:aws:kms:us-east-1:1:key/k"],
      ],
    );
    assert.strictEqual(
      doc.Statement[1].Condition.StringEquals["kms:ViaService"],
      "secretsmanager.us-east-1.amazonaws.com",
    );
  });

  it("end-to-end IAM: the proxy role may connect to the cluster (not the proxy) as exactly the listed users", () => {
    const base = {
      secretArn: "arn:aws:secretsmanager:us-east-1:1:secret:rds!cluster-a",
      keyArn: "arn:aws:kms:us-east-1:1:key/k",
      region: "us-east-1",
    };
    const iamConnect = {
      partition: "aws",
      accountId: "123456789012",
      clusterResourceId: "cluster-ABCDEFGHIJKL0123",
      users: ["items", "orders"],
    };
    const doc = JSON.parse(proxyRolePolicy({ ...base, iamConnect }));
    const connect = doc.Statement.find((s: any) => s.Action === "rds-db:connect");
    assert.deepStrictEqual(connect.Resource, [
      "arn:aws:rds-db:us-east-1:123456789012:dbuser:cluster-ABCDEFGHIJKL0123/items",
      "arn:aws:rds-db:us-east-1:123456789012:dbuser:cluster-ABCDEFGHIJKL0123/orders",
    ]);
    // No users, no connect statement (never a wildcard user).
    const none = JSON.parse(proxyRolePolicy({ ...base, iamConnect: { ...iamConnect, users: [] } }));
    assert.ok(!none.Statement.some((s: any) => s.Action === "rds-db:connect"));
    assert.throws(
      () => proxyRolePolicy({ ...base, iamConnect: { ...iamConnect, users: ["*"] } }),
      /"\*" is not a PostgreSQL role name/,
    );
  });
});

describe("data helpers: replacement guard", () => {
  const db = { databaseName: "app", allowReplacement: false, pinned: { databaseName: "app" } };
  const cache = {
    engine: "valkey",
    engineVersion: "8.2",
    allowReplacement: false,
    pinned: { engine: "valkey", engineVersion: "8.2" },
  };

  it("refuses what would replace the cluster or the replication group, unless opted in", () => {
    assert.match(
      databaseReplacementIssues({ ...db, databaseName: "shop" })[0].message,
      /replaces the Aurora cluster and its data; set database\.allowReplacement: true/,
    );
    assert.deepStrictEqual(databaseReplacementIssues({ ...db, databaseName: "shop", allowReplacement: true }), []);
    assert.deepStrictEqual(
      cacheReplacementIssues({ ...cache, engine: "redis", engineVersion: "7.1" }).map((i) => i.path),
      [["engine"]],
    );
    assert.deepStrictEqual(
      cacheReplacementIssues({ ...cache, engineVersion: "8.0" }).map((i) => i.path),
      [["engineVersion"]],
    );
    assert.deepStrictEqual(cacheReplacementIssues({ ...cache, engineVersion: "8.0", allowReplacement: true }), []);
  });

  it("lets in-place changes through: upgrades, and Redis OSS → Valkey", () => {
    assert.deepStrictEqual(cacheReplacementIssues({ ...cache, engineVersion: "9.0" }), []);
    assert.deepStrictEqual(cacheReplacementIssues({ ...cache, pinned: { engine: "redis", engineVersion: "7.1" } }), []);
    assert.deepStrictEqual(databaseReplacementIssues(db), []);
  });
});
