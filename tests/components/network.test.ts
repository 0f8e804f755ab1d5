import * as assert from "assert";
import { natIndexForAz, subnetLayout } from "../../components/network/layout";
import { selectAvailabilityZones } from "../../components/network/zones";
import { mockCall } from "../../tools/mock-outputs";
import { input, ofType, runProgram, stackRun } from "../harness";

function overlaps(a: string, b: string): boolean {
  const range = (c: string) => {
    const [ip, p] = c.split("/");
    const start = ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    return [start, start + 2 ** (32 - Number(p))];
  };
  const [a0, a1] = range(a);
  const [b0, b1] = range(b);
  return a0 < b1 && b0 < a1;
}

describe("network layout (pure)", () => {
  it("gives every AZ a public, private and isolated subnet that never overlap", () => {
    for (const cidr of ["10.0.0.0/16", "10.30.0.0/16", "172.16.0.0/20"]) {
      const all = subnetLayout(cidr, 6).flatMap((s) => [s.public, s.private, s.isolated]);
      all.forEach((a, i) => all.slice(i + 1).forEach((b) => assert.ok(!overlaps(a, b), `${a} overlaps ${b}`)));
    }
  });
  it("sizes the private tier for pods (/19 of a /16) and keeps existing subnets when AZs are added", () => {
    const two = subnetLayout("10.0.0.0/16", 2);
    const three = subnetLayout("10.0.0.0/16", 3);
    assert.deepStrictEqual(three.slice(0, 2), two);
    assert.strictEqual(two[0].private, "10.0.0.0/19");
    assert.strictEqual(two[1].private, "10.0.32.0/19");
    assert.strictEqual(two[0].public, "10.0.192.0/22");
    assert.strictEqual(two[0].isolated, "10.0.216.0/22");
  });
  it("routes each AZ through its own NAT when there is one per AZ, else the shared one", () => {
    assert.deepStrictEqual(
      [0, 1, 2].map((i) => natIndexForAz(i, 3)),
      [0, 1, 2],
    );
    assert.deepStrictEqual(
      [0, 1, 2].map((i) => natIndexForAz(i, 1)),
      [0, 0, 0],
    );
  });
});

describe("Availability Zones EKS accepts (by zone ID)", () => {
  const names = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"];
  it("skips use1-az3 in us-east-1 whatever name it has in this account, keeping AWS's order", () => {
    assert.deepStrictEqual(
      selectAvailabilityZones("us-east-1", names, ["use1-az6", "use1-az3", "use1-az1", "use1-az2"], 3).map(
        (z) => z.name,
      ),
      ["us-east-1a", "us-east-1c", "us-east-1d"],
    );
    assert.deepStrictEqual(
      selectAvailabilityZones("us-east-1", names, ["use1-az3", "use1-az1", "use1-az2", "use1-az4"], 2).map(
        (z) => z.zoneId,
      ),
      ["use1-az1", "use1-az2"],
    );
  });
  it("skips usw1-az2 and cac1-az3; other regions keep every zone", () => {
    assert.deepStrictEqual(
      selectAvailabilityZones("us-west-1", ["us-west-1a", "us-west-1c"], ["usw1-az2", "usw1-az1"], 1).map(
        (z) => z.zoneId,
      ),
      ["usw1-az1"],
    );
    assert.deepStrictEqual(
      selectAvailabilityZones("ca-central-1", ["a", "b", "d"], ["cac1-az1", "cac1-az3", "cac1-az4"], 2).map(
        (z) => z.zoneId,
      ),
      ["cac1-az1", "cac1-az4"],
    );
    assert.deepStrictEqual(
      selectAvailabilityZones("eu-west-1", ["a", "b"], ["euw1-az1", "euw1-az3"], 2).map((z) => z.zoneId),
      ["euw1-az1", "euw1-az3"],
    );
  });
  it("names network.azCount when too few accepted zones remain", () => {
    assert.throws(
      () => selectAvailabilityZones("us-west-1", ["us-west-1a", "us-west-1c"], ["usw1-az2", "usw1-az1"], 2),
      /^Error: network\.azCount: region us-west-1 has 1 Availability Zones EKS accepts \(usw1-az2 skipped: EKS refuses control planes there\), 2 requested$/,
    );
  });
  it("both stacks place no subnet in use1-az3, although the mock account lists it among the first three names", async () => {
    const listed = mockCall("aws:index/getAvailabilityZones:getAvailabilityZones", {}, "us-east-1");
    const refusedName = listed.names[(listed.zoneIds as string[]).indexOf("use1-az3")];
    assert.ok(
      (listed.names as string[]).slice(0, 3).includes(refusedName),
      "the fixture must put use1-az3 where a first-N choice takes it",
    );
    for (const stack of ["dev", "prod"] as const) {
      const azs = new Set(ofType(await stackRun(stack), "aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone));
      assert.ok(!azs.has(refusedName), `${stack} uses ${refusedName} (use1-az3)`);
    }
  });
});

describe("Network component", () => {
  for (const [stack, azs, nats] of [
    ["dev", 2, 1],
    ["prod", 3, 3],
  ] as const) {
    it(`${stack}: ${azs} AZs × (public, private, isolated) subnets and ${nats} NAT gateway(s)`, async () => {
      const run = await stackRun(stack);
      const subnets = ofType(run, "aws:ec2/subnet:Subnet");
      for (const tier of ["public", "private", "isolated"]) {
        const tierSubnets = subnets.filter((s) => input(s, "tags.tier") === tier);
        assert.strictEqual(tierSubnets.length, azs, `${tier} subnets`);
        assert.strictEqual(
          new Set(tierSubnets.map((s) => s.inputs.availabilityZone)).size,
          azs,
          `${tier} subnets in distinct AZs`,
        );
      }
      assert.strictEqual(ofType(run, "aws:ec2/natGateway:NatGateway").length, nats);
      assert.ok(
        subnets.every((s) => s.inputs.mapPublicIpOnLaunch === false),
        "no subnet hands out public IPs",
      );
    });
  }

  it("prod: each private subnet routes to the NAT gateway of its own AZ", async () => {
    const run = await stackRun("prod");
    const natRoutes = ofType(run, "aws:ec2/routeTable:RouteTable")
      .map((rt) => (rt.inputs.routes as any[] | undefined)?.find((r) => r.natGatewayId)?.natGatewayId)
      .filter(Boolean);
    assert.strictEqual(natRoutes.length, 3);
    assert.strictEqual(new Set(natRoutes).size, 3);
  });

  it("isolated subnets have no route to the internet", async () => {
    const run = await stackRun("prod");
    const isolated = ofType(run, "aws:ec2/routeTable:RouteTable").find((rt) =>
      input(rt, "tags.Name")?.endsWith("-isolated"),
    )!;
    assert.deepStrictEqual(isolated.inputs.routes ?? [], []);
  });

  it("gateway endpoints always; the STS interface endpoint in prod only (others by config), reachable on 443 from the VPC", async () => {
    const prod = await stackRun("prod");
    const dev = await stackRun("dev");
    const kinds = (run: typeof prod, kind: string) =>
      ofType(run, "aws:ec2/vpcEndpoint:VpcEndpoint")
        .filter((e) => e.inputs.vpcEndpointType === kind)
        .map((e) => String(e.inputs.serviceName).split(".").slice(3).join("."))
        .sort();
    assert.deepStrictEqual(kinds(prod, "Gateway"), ["dynamodb", "s3"]);
    assert.deepStrictEqual(kinds(prod, "Interface"), ["sts"]);
    const more = await runProgram({
      stack: "prod",
      config: { "edgestack:network": { interfaceEndpoints: ["sts", "ecr.api", "ecr.dkr"] } },
    });
    assert.deepStrictEqual(kinds(more as typeof prod, "Interface"), ["ecr.api", "ecr.dkr", "sts"]);
    const endpoint = ofType(more as typeof prod, "aws:ec2/vpcEndpoint:VpcEndpoint").find((e) =>
      String(e.inputs.serviceName).endsWith("ecr.dkr"),
    )!;
    assert.strictEqual(endpoint.inputs.privateDnsEnabled, true);
    assert.strictEqual((endpoint.inputs.subnetIds as string[]).length, 3, "one ENI per AZ");
    assert.deepStrictEqual(kinds(dev, "Interface"), []);
    const sg = ofType(prod, "aws:ec2/securityGroup:SecurityGroup").find((s) => s.name === "network-endpoints")!;
    assert.deepStrictEqual(
      (sg.inputs.ingress as any[]).map((r) => [r.fromPort, r.toPort, r.cidrBlocks]),
      [[443, 443, ["10.30.0.0/16"]]],
    );
  });

  it("VPC flow logs capture ALL traffic into a log group with bounded retention", async () => {
    for (const [stack, days] of [
      ["dev", 7],
      ["prod", 90],
    ] as const) {
      const run = await stackRun(stack);
      const [flow] = ofType(run, "aws:ec2/flowLog:FlowLog");
      assert.strictEqual(flow.inputs.trafficType, "ALL");
      const group = ofType(run, "aws:cloudwatch/logGroup:LogGroup").find((g) =>
        String(g.inputs.name).endsWith("vpc-flow-logs"),
      )!;
      assert.strictEqual(group.inputs.retentionInDays, days);
      assert.strictEqual(
        flow.inputs.logDestination,
        `arn:aws:logs:us-east-1:123456789012:log-group:${group.inputs.name}`,
      );
      // Encrypted with the network tier's own key, which CloudWatch Logs may use for this group only.
      const key = ofType(run, "aws:kms/key:Key").find((k) => k.name === "network-logs-key")!;
      assert.match(group.inputs.kmsKeyId as string, /^arn:aws:kms:us-east-1:\d{12}:key\//);
      const logsStatement = JSON.parse(key.inputs.policy as string).Statement.find(
        (s: any) => s.Principal?.Service === "logs.us-east-1.amazonaws.com",
      );
      assert.deepStrictEqual(logsStatement.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"], [
        `arn:aws:logs:us-east-1:123456789012:log-group:${group.inputs.name}`,
      ]);
      assert.strictEqual(key.inputs.enableKeyRotation, true);
      assert.strictEqual(key.protect, stack === "prod");
    }
  });
});
