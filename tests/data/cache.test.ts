import * as assert from "assert";
import { AUTH_TOKEN_SPECIALS } from "../../components/data/cache";
import { preview } from "../../tools/preview-offline";
import { input, ofType, one, stackRun, AS_OF } from "../harness";
import { devVariant, mockToken, nodeSecurityGroupId } from "./lookups";

const RG = "aws:elasticache/replicationGroup:ReplicationGroup";

describe("Cache component", () => {
  it("encrypts at rest with the tier key and requires TLS in transit", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const run = await stackRun(stack);
      const rg = one(run, RG);
      assert.deepStrictEqual(
        [rg.inputs.atRestEncryptionEnabled, rg.inputs.transitEncryptionEnabled, rg.inputs.transitEncryptionMode],
        [true, true, "required"],
      );
      assert.match(String(rg.inputs.kmsKeyId), /^arn:aws:kms:us-east-1:\d{12}:key\//);
      const key = ofType(run, "aws:kms/key:Key").find((k) => k.name === "cache-key")!;
      assert.strictEqual(key.inputs.enableKeyRotation, true);
      assert.strictEqual(
        one(run, "aws:secretsmanager/secret:Secret", "cache-auth").inputs.kmsKeyId,
        rg.inputs.kmsKeyId,
      );
    }
  });

  it("lives in the isolated subnets and admits 6379 only from the node security group", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const run = await stackRun(stack);
      const isolated = ofType(run, "aws:ec2/subnet:Subnet").filter((s) => input(s, "tags.tier") === "isolated");
      const group = one(run, "aws:elasticache/subnetGroup:SubnetGroup");
      assert.ok(isolated.length > 0 && isolated.every((s) => group.dependencies.includes(s.urn)));
      assert.strictEqual((group.inputs.subnetIds as string[]).length, isolated.length);
      const sg = one(run, "aws:ec2/securityGroup:SecurityGroup", "cache-sg");
      assert.deepStrictEqual([sg.inputs.ingress, sg.inputs.egress], [undefined, undefined]);
      const rules = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) =>
        r.name.startsWith("cache"),
      );
      assert.deepStrictEqual(
        rules.map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]),
        [[nodeSecurityGroupId(run), 6379, 6379, undefined]],
      );
      assert.ok(one(run, RG).dependencies.includes(sg.urn));
    }
  });

  it("prod: two nodes, Multi-AZ with automatic failover; dev: a single node without", async () => {
    const prod = one(await stackRun("prod"), RG);
    assert.deepStrictEqual(
      [
        prod.inputs.numCacheClusters,
        prod.inputs.multiAzEnabled,
        prod.inputs.automaticFailoverEnabled,
        prod.inputs.nodeType,
      ],
      [2, true, true, "cache.t4g.small"],
    );
    const dev = one(await stackRun("dev"), RG);
    assert.deepStrictEqual(
      [
        dev.inputs.numCacheClusters,
        dev.inputs.multiAzEnabled,
        dev.inputs.automaticFailoverEnabled,
        dev.inputs.nodeType,
      ],
      [1, false, false, "cache.t4g.micro"],
    );
  });

  it("keeps snapshots by environment in their own window, a stable final snapshot, and protects the group in prod", async () => {
    const prod = one(await stackRun("prod"), RG);
    assert.deepStrictEqual(
      [
        prod.inputs.snapshotRetentionLimit,
        prod.inputs.snapshotWindow,
        prod.inputs.maintenanceWindow,
        prod.inputs.finalSnapshotIdentifier,
      ],
      [7, "02:00-03:00", "sun:06:00-sun:07:00", "edgestack-prod-cache-final"],
    );
    assert.strictEqual(prod.protect, true);
    const dev = one(await stackRun("dev"), RG);
    assert.deepStrictEqual([dev.inputs.snapshotRetentionLimit, dev.protect], [1, false]);
  });

  it("parameter group family matches engine + version and sets the configured eviction policy", async () => {
    const run = await stackRun("prod");
    const pg = one(run, "aws:elasticache/parameterGroup:ParameterGroup");
    const rg = one(run, RG);
    assert.deepStrictEqual([rg.inputs.engine, rg.inputs.engineVersion, pg.inputs.family], ["valkey", "8.2", "valkey8"]);
    assert.strictEqual(rg.inputs.parameterGroupName, pg.inputs.name);
    assert.deepStrictEqual(pg.inputs.parameters, [{ name: "maxmemory-policy", value: "volatile-lru" }]);
    const redis = await devVariant();
    assert.deepStrictEqual(
      [one(redis, RG).inputs.engine, one(redis, "aws:elasticache/parameterGroup:ParameterGroup").inputs.family],
      ["redis", "redis7"],
    );
  });

  it("delivers slow log and engine log to CloudWatch log groups with retention", async () => {
    const run = await stackRun("prod");
    const deliveries = one(run, RG).inputs.logDeliveryConfigurations as Array<Record<string, string>>;
    assert.deepStrictEqual(deliveries.map((d) => [d.logType, d.destinationType, d.logFormat]).sort(), [
      ["engine-log", "cloudwatch-logs", "json"],
      ["slow-log", "cloudwatch-logs", "json"],
    ]);
    for (const d of deliveries) {
      const group = ofType(run, "aws:cloudwatch/logGroup:LogGroup").find((g) => g.inputs.name === d.destination);
      assert.ok(group, `log group ${d.destination} exists`);
      assert.strictEqual(group!.inputs.retentionInDays, 30);
    }
  });

  it("AUTH token: random, only characters ElastiCache accepts, and marked secret everywhere it goes", async () => {
    const run = await stackRun("prod");
    const pw = one(run, "random:index/randomPassword:RandomPassword", "cache-auth-token");
    assert.strictEqual(pw.inputs.overrideSpecial, AUTH_TOKEN_SPECIALS);
    assert.ok(Number(pw.inputs.length) >= 16 && Number(pw.inputs.length) <= 128);
    assert.ok(!/[/"@ ]/.test(AUTH_TOKEN_SPECIALS), 'ElastiCache forbids / " @ and spaces');
    assert.strictEqual(one(run, RG).inputs.authToken, "[secret]");
    assert.strictEqual(
      one(run, "aws:secretsmanager/secretVersion:SecretVersion", "cache-auth").inputs.secretString,
      "[secret]",
    );
  });

  it("the token never appears in clear: not in the captured graph, the stack outputs or the preview JSON", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const run = await stackRun(stack);
      const token = mockToken(run);
      assert.ok(token.length >= 16);
      assert.ok(!JSON.stringify(run.resources).includes(token), `${stack}: token in the graph`);
      assert.ok(!JSON.stringify(run.outputs).includes(token), `${stack}: token in the outputs`);
    }
    const result = await preview({ stack: "prod", overrides: {}, tree: true, asOf: AS_OF });
    const json = JSON.stringify(result.report);
    assert.ok(json.includes("edgestack-prod-cache"), "the preview shows the replication group");
    assert.ok(!json.includes(mockToken(result.run)), "token in the preview JSON");
    assert.ok(
      !/"(masterPassword|password|authToken)":"(?!\[secret\])/.test(JSON.stringify(result.run.resources)),
      "no password-like input in clear",
    );
  });

  it("exposes endpoints and port as outputs, the token only as a secret output of the component", async () => {
    const run = await stackRun("prod");
    // Values of endpoints and ARNs come from the mock; what the program decides is which outputs exist, the
    // port it configures, and the name of the secret the ARN points at.
    for (const k of ["cachePrimaryEndpoint", "cacheReaderEndpoint", "cacheSecretArn"])
      assert.ok(run.outputs[k], `${k} exported`);
    assert.strictEqual(
      run.outputs.cachePort,
      one(run, "aws:elasticache/replicationGroup:ReplicationGroup").inputs.port,
    );
    assert.ok(
      ofType(run, "aws:secretsmanager/secret:Secret").some((r) => r.inputs.name === "edgestack-prod-cache/auth-token"),
      "the token's secret",
    );
    assert.ok(!Object.keys(run.outputs).some((k) => /token|password/i.test(k)), "no credential is a stack output");
  });
});
