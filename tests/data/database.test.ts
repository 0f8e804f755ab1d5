import * as assert from "assert";
import { REPLACING_INPUTS } from "./replacing-inputs";
import { mockResourceState } from "../../tools/mock-outputs";
import { CapturedResource, input, ofType, one, RunResult, runProgram, stackRun } from "../harness";
import { devVariant, nodeSecurityGroupId } from "./lookups";

function dbKeyArn(run: RunResult): string {
  return String(one(run, "aws:rds/cluster:Cluster").inputs.kmsKeyId);
}

describe("Database component", () => {
  it("encrypts storage, the managed master secret, Performance Insights and logs with one rotating customer key", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const run = await stackRun(stack);
      const cluster = one(run, "aws:rds/cluster:Cluster");
      const key = ofType(run, "aws:kms/key:Key").find((k) => k.name === "database-key")!;
      assert.strictEqual(key.inputs.enableKeyRotation, true);
      assert.strictEqual(cluster.inputs.storageEncrypted, true);
      assert.match(dbKeyArn(run), /^arn:aws:kms:us-east-1:\d{12}:key\//);
      assert.strictEqual(cluster.inputs.masterUserSecretKmsKeyId, dbKeyArn(run));
      for (const i of ofType(run, "aws:rds/clusterInstance:ClusterInstance")) {
        assert.strictEqual(i.inputs.performanceInsightsEnabled, true);
        assert.strictEqual(i.inputs.performanceInsightsKmsKeyId, dbKeyArn(run));
      }
      const dbLogs = ofType(run, "aws:cloudwatch/logGroup:LogGroup").filter((g) =>
        String(g.inputs.name).startsWith("/aws/rds/"),
      );
      assert.ok(dbLogs.length >= 1 && dbLogs.every((g) => g.inputs.kmsKeyId === dbKeyArn(run)));
    }
  });

  it("uses the AWS-managed master password and IAM authentication: no password input at all", async () => {
    const cluster = one(await stackRun("prod"), "aws:rds/cluster:Cluster");
    assert.strictEqual(cluster.inputs.manageMasterUserPassword, true);
    assert.strictEqual(cluster.inputs.masterPassword, undefined);
    assert.strictEqual(cluster.inputs.masterPasswordWo, undefined);
    assert.strictEqual(cluster.inputs.iamDatabaseAuthenticationEnabled, true);
  });

  it("is never publicly reachable: isolated subnets, instances not publicly accessible", async () => {
    const run = await stackRun("prod");
    const isolated = ofType(run, "aws:ec2/subnet:Subnet")
      .filter((s) => input(s, "tags.tier") === "isolated")
      .map((s) => s.urn);
    const group = one(run, "aws:rds/subnetGroup:SubnetGroup");
    assert.strictEqual((group.inputs.subnetIds as string[]).length, isolated.length);
    assert.ok(
      isolated.every((urn) => group.dependencies.includes(urn)),
      "subnet group uses the isolated subnets",
    );
    for (const i of ofType(run, "aws:rds/clusterInstance:ClusterInstance"))
      assert.strictEqual(i.inputs.publiclyAccessible, false);
  });

  it("admits 5432 only from the cluster's node security group (and the proxy), never from a CIDR", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const run = await stackRun(stack);
      const nodeSg = nodeSecurityGroupId(run);
      const sgs = ofType(run, "aws:ec2/securityGroup:SecurityGroup").filter((g) => g.name.startsWith("database"));
      for (const sg of sgs)
        assert.deepStrictEqual(
          [sg.inputs.ingress, sg.inputs.egress],
          [undefined, undefined],
          `${sg.name}: no inline rules`,
        );
      const rules = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) =>
        r.name.startsWith("database"),
      );
      assert.ok(rules.length >= 1);
      const proxySg = sgs.find((g) => g.name === "database-proxy-sg");
      for (const r of rules) {
        assert.deepStrictEqual(
          [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4, r.inputs.cidrIpv6],
          ["tcp", 5432, 5432, undefined, undefined],
          r.name,
        );
        const fromProxy =
          proxySg !== undefined && r.dependencies.includes(proxySg.urn) && r.name === "database-sg-from-proxy";
        assert.ok(
          r.inputs.referencedSecurityGroupId === nodeSg || fromProxy,
          `${r.name} admits only the node SG or the proxy`,
        );
      }
      assert.strictEqual(
        rules.length,
        stack === "prod" ? 3 : 1,
        "node SG → db, node SG → proxy, proxy → db in prod; node SG → db in dev",
      );
    }
  });

  it("keeps backups by environment, in a window that does not collide with maintenance, tags copied to snapshots", async () => {
    const dev = one(await stackRun("dev"), "aws:rds/cluster:Cluster");
    const prod = one(await stackRun("prod"), "aws:rds/cluster:Cluster");
    assert.strictEqual(dev.inputs.backupRetentionPeriod, 3);
    assert.strictEqual(prod.inputs.backupRetentionPeriod, 14);
    for (const c of [dev, prod]) {
      assert.strictEqual(c.inputs.copyTagsToSnapshot, true);
      assert.match(String(c.inputs.preferredBackupWindow), /^\d\d:\d\d-\d\d:\d\d$/);
      assert.match(String(c.inputs.preferredMaintenanceWindow), /^[a-z]{3}:\d\d:\d\d-[a-z]{3}:\d\d:\d\d$/);
    }
  });

  it("deletion protection everywhere; prod keeps a stable final snapshot and its automated backups, dev neither", async () => {
    const prod = one(await stackRun("prod"), "aws:rds/cluster:Cluster");
    assert.deepStrictEqual(
      [
        prod.inputs.deletionProtection,
        prod.inputs.skipFinalSnapshot,
        prod.inputs.finalSnapshotIdentifier,
        prod.inputs.deleteAutomatedBackups,
      ],
      [true, false, "edgestack-prod-database-final", false],
    );
    const dev = one(await stackRun("dev"), "aws:rds/cluster:Cluster");
    assert.deepStrictEqual(
      [
        dev.inputs.deletionProtection,
        dev.inputs.skipFinalSnapshot,
        dev.inputs.finalSnapshotIdentifier,
        dev.inputs.deleteAutomatedBackups,
      ],
      [true, true, undefined, true],
    );
  });

  it("protects the cluster, its instances and the key in prod (the key is also retained on delete), not in dev", async () => {
    const stateful = (r: CapturedResource) =>
      ["aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance"].includes(r.type) ||
      (r.type === "aws:kms/key:Key" && r.name === "database-key");
    const prod = (await stackRun("prod")).resources.filter(stateful);
    assert.strictEqual(prod.length, 4, "cluster, writer, reader, key");
    assert.ok(
      prod.every((r) => r.protect),
      prod
        .filter((r) => !r.protect)
        .map((r) => r.name)
        .join(", "),
    );
    assert.ok(prod.find((r) => r.name === "database-key")!.retainOnDelete);
    assert.ok((await stackRun("dev")).resources.filter(stateful).every((r) => !r.protect));
  });

  it("ignores what AWS changes itself: minor versions and the AZ list (a changed AZ list would replace the cluster)", async () => {
    const run = await stackRun("prod");
    assert.deepStrictEqual(one(run, "aws:rds/cluster:Cluster").ignoreChanges.sort(), [
      "availabilityZones",
      "engineVersion",
    ]);
    assert.strictEqual(one(run, "aws:rds/cluster:Cluster").inputs.availabilityZones, undefined);
    assert.ok(
      ofType(run, "aws:rds/clusterInstance:ClusterInstance").every((i) => i.ignoreChanges.includes("availabilityZone")),
    );
  });

  it("dev: Serverless v2 (db.serverless writer, 0-4 ACU, pauses after an idle hour), no proxy", async () => {
    const run = await stackRun("dev");
    const cluster = one(run, "aws:rds/cluster:Cluster");
    assert.deepStrictEqual(cluster.inputs.serverlessv2ScalingConfiguration, {
      minCapacity: 0,
      maxCapacity: 4,
      secondsUntilAutoPause: 3600,
    });
    assert.strictEqual(cluster.inputs.engineMode, "provisioned");
    assert.deepStrictEqual(
      ofType(run, "aws:rds/clusterInstance:ClusterInstance").map((i) => i.inputs.instanceClass),
      ["db.serverless"],
    );
    assert.strictEqual(ofType(run, "aws:rds/proxy:Proxy").length, 0);
  });

  it("prod: provisioned writer + reader in different AZs, the reader created after the writer and first in line for failover", async () => {
    const run = await stackRun("prod");
    const [writer, reader] = ofType(run, "aws:rds/clusterInstance:ClusterInstance");
    assert.deepStrictEqual(
      [writer.inputs.instanceClass, reader.inputs.instanceClass],
      ["db.r7g.large", "db.r7g.large"],
    );
    // us-east-1b is use1-az3 in the mock account (EKS refuses it), so the AZs are us-east-1a and us-east-1c.
    assert.deepStrictEqual(
      [writer.inputs.availabilityZone, reader.inputs.availabilityZone],
      ["us-east-1a", "us-east-1c"],
    );
    assert.deepStrictEqual([writer.inputs.promotionTier, reader.inputs.promotionTier], [0, 1]);
    assert.ok(reader.dependencies.includes(writer.urn));
    assert.strictEqual(one(run, "aws:rds/cluster:Cluster").inputs.serverlessv2ScalingConfiguration, undefined);
  });

  it("engine version, TLS-only parameter group and slow-query logs exported to a pre-created log group with retention", async () => {
    const run = await stackRun("prod");
    const cluster = one(run, "aws:rds/cluster:Cluster");
    assert.deepStrictEqual([cluster.inputs.engine, cluster.inputs.engineVersion], ["aurora-postgresql", "17.7"]);
    const pg = one(run, "aws:rds/clusterParameterGroup:ClusterParameterGroup");
    assert.strictEqual(pg.inputs.family, "aurora-postgresql17");
    assert.strictEqual(cluster.inputs.dbClusterParameterGroupName, pg.inputs.name);
    const params = Object.fromEntries(
      (pg.inputs.parameters as Array<{ name: string; value: string }>).map((p) => [p.name, p.value]),
    );
    assert.deepStrictEqual([params["rds.force_ssl"], params.log_min_duration_statement], ["1", "500"]);
    assert.deepStrictEqual(cluster.inputs.enabledCloudwatchLogsExports, ["postgresql"]);
    const logs = ofType(run, "aws:cloudwatch/logGroup:LogGroup").find(
      (g) => g.inputs.name === "/aws/rds/cluster/edgestack-prod-database/postgresql",
    )!;
    assert.strictEqual(logs.inputs.retentionInDays, 90);
    assert.ok(cluster.dependencies.includes(logs.urn), "created before RDS starts exporting");
  });

  it("enhanced monitoring through a role only the RDS monitoring service can assume", async () => {
    const run = await stackRun("prod");
    const role = ofType(run, "aws:iam/role:Role").find((r) => r.name === "database-monitoring")!;
    assert.strictEqual(
      JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Principal.Service,
      "monitoring.rds.amazonaws.com",
    );
    for (const i of ofType(run, "aws:rds/clusterInstance:ClusterInstance")) {
      assert.strictEqual(i.inputs.monitoringInterval, 30);
      assert.match(String(i.inputs.monitoringRoleArn), /role\/database-monitoring/);
    }
  });

  it("prod: RDS Proxy requires TLS and IAM auth; the master through its managed secret, the services end to end with IAM", async () => {
    const run = await stackRun("prod");
    const cluster = one(run, "aws:rds/cluster:Cluster");
    const proxy = one(run, "aws:rds/proxy:Proxy");
    const [auth] = proxy.inputs.auths as Array<Record<string, unknown>>;
    assert.deepStrictEqual(
      [proxy.inputs.engineFamily, proxy.inputs.requireTls, auth.authScheme, auth.iamAuth],
      ["POSTGRESQL", true, "SECRETS", "REQUIRED"],
    );
    assert.match(String(auth.secretArn), /^arn:aws:secretsmanager:us-east-1:\d{12}:secret:rds!cluster-/);
    const policy = JSON.parse(String(one(run, "aws:iam/rolePolicy:RolePolicy", "database-proxy").inputs.policy));
    assert.deepStrictEqual(
      policy.Statement.slice(0, 2).map((s: { Resource: string }) => s.Resource),
      [auth.secretArn, dbKeyArn(run)],
    );
    // Every other login is end-to-end IAM: the proxy connects to the cluster as the service's own role.
    assert.strictEqual(proxy.inputs.defaultAuthScheme, "IAM_AUTH");
    const services = ofType(run, "kubernetes:apps/v1:Deployment")
      .filter((d) => input(d, "metadata.namespace") === "apps")
      .map((d) => String(input(d, "metadata.name")));
    assert.ok(services.length > 0);
    const clusterResourceId = mockResourceState(cluster.type, cluster.name, cluster.inputs, "us-east-1").state
      .clusterResourceId;
    const account = String(auth.secretArn).split(":")[4];
    assert.deepStrictEqual(
      [policy.Statement[2].Action, [...policy.Statement[2].Resource].sort()],
      [
        "rds-db:connect",
        services.map((u) => `arn:aws:rds-db:us-east-1:${account}:dbuser:${clusterResourceId}/${u}`).sort(),
      ],
    );
    const target = one(run, "aws:rds/proxyTarget:ProxyTarget");
    assert.strictEqual(target.inputs.dbClusterIdentifier, cluster.inputs.clusterIdentifier);
    assert.deepStrictEqual(one(run, "aws:rds/proxyEndpoint:ProxyEndpoint").inputs.targetRole, "READ_ONLY");
    assert.ok(
      ofType(run, "aws:rds/clusterInstance:ClusterInstance").every((i) => target.dependencies.includes(i.urn)),
      "targets registered once instances exist",
    );
    assert.ok(run.outputs.databaseProxyEndpoint, "services connect through the proxy: its endpoint is exported");
  });

  it("a proxy without readers has no read-only endpoint", async () => {
    const run = await devVariant();
    assert.strictEqual(ofType(run, "aws:rds/proxy:Proxy").length, 1);
    assert.strictEqual(ofType(run, "aws:rds/proxyEndpoint:ProxyEndpoint").length, 0);
  });

  it("changing sizes and counts never touches an input that forces replacement", async () => {
    const base = await stackRun("prod");
    const resized = await runProgram({
      stack: "prod",
      config: {
        "edgestack:database": {
          instanceClass: "db.r7g.xlarge",
          readers: 2,
          backupRetentionDays: 21,
          logRetentionDays: 180,
        },
        "edgestack:cache": { nodeType: "cache.m7g.large", nodes: 3, snapshotRetentionDays: 14 },
      },
    });
    assert.ifError(resized.error);
    let compared = 0;
    for (const [type, fields] of Object.entries(REPLACING_INPUTS)) {
      for (const before of ofType(base, type)) {
        const after = resized.resources.find((r) => r.urn === before.urn);
        assert.ok(after, `${before.name} still exists`);
        for (const { input: field } of fields) {
          assert.deepStrictEqual(after!.inputs[field], before.inputs[field], `${type} ${before.name}.${field}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 20, `compared ${compared} inputs`);
    assert.strictEqual(ofType(resized, "aws:rds/clusterInstance:ClusterInstance").length, 3);
  });
});
