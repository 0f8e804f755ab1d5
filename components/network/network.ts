/**
 * Network tier: one VPC over `azCount` AZs with public, private and isolated subnets, NAT gateways (count is
 * data: 1 in dev, one per AZ in prod), gateway + interface VPC endpoints and VPC flow logs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NetworkConfig } from "../../config";
import { createVpcEndpoints } from "./endpoints";
import { createFlowLogs } from "./flow-logs";
import { natIndexForAz, subnetLayout } from "./layout";
import { selectAvailabilityZones } from "./zones";

interface NetworkArgs {
  /** `${project}-${stack}`: prefix of every physical name. */
  namePrefix: string;
  region: string;
  config: NetworkConfig;
  /** EKS cluster name, for the subnet discovery tags the AWS Load Balancer Controller reads. */
  clusterName: string;
  /** `protect` (and retain) the flow-log key: logs it encrypted are unreadable without it. */
  protect: boolean;
}

export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly vpcCidr: string;
  readonly availabilityZones: pulumi.Output<string[]>;
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly isolatedSubnetIds: pulumi.Output<string>[];

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:Network", name, {}, opts);
    const { config: cfg, namePrefix } = args;
    const physical = `${namePrefix}-network`;
    const child = { parent: this };
    const layout = subnetLayout(cfg.cidr, cfg.azCount);

    const azs = aws.getAvailabilityZonesOutput(
      { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
      child,
    );
    // By zone ID, skipping the IDs EKS refuses (zones.ts): the first N names may include one of them.
    this.availabilityZones = pulumi
      .all([azs.names, azs.zoneIds])
      .apply(([names, zoneIds]) =>
        selectAvailabilityZones(args.region, names, zoneIds, cfg.azCount).map((z) => z.name),
      );
    this.vpcCidr = cfg.cidr;

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: cfg.cidr,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { Name: physical },
      },
      child,
    );
    this.vpcId = vpc.id;

    // Lock the default security group down to nothing (CIS AWS 5.4): everything uses explicit groups.
    new aws.ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: vpc.id, tags: { Name: `${physical}-default-deny` } },
      child,
    );

    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: physical } }, child);
    const publicRt = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      {
        vpcId: vpc.id,
        routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
        tags: { Name: `${physical}-public` },
      },
      child,
    );
    const isolatedRt = new aws.ec2.RouteTable(
      `${name}-isolated-rt`,
      { vpcId: vpc.id, tags: { Name: `${physical}-isolated` } },
      child,
    );

    const elbTag = { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };
    const subnet = (
      tier: "public" | "private" | "isolated",
      i: number,
      cidrBlock: string,
      extraTags: Record<string, string>,
    ) =>
      new aws.ec2.Subnet(
        `${name}-${tier}-${i}`,
        {
          vpcId: vpc.id,
          cidrBlock,
          availabilityZone: this.availabilityZones.apply((n) => n[i]),
          mapPublicIpOnLaunch: false,
          tags: { Name: `${physical}-${tier}-${i}`, tier, ...extraTags },
        },
        child,
      );

    const publicSubnets = layout.map((l) =>
      subnet("public", l.index, l.public, { ...elbTag, "kubernetes.io/role/elb": "1" }),
    );
    const privateSubnets = layout.map((l) =>
      subnet("private", l.index, l.private, { ...elbTag, "kubernetes.io/role/internal-elb": "1" }),
    );
    const isolatedSubnets = layout.map((l) => subnet("isolated", l.index, l.isolated, {}));
    publicSubnets.forEach(
      (s, i) =>
        new aws.ec2.RouteTableAssociation(`${name}-public-${i}`, { subnetId: s.id, routeTableId: publicRt.id }, child),
    );
    isolatedSubnets.forEach(
      (s, i) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-isolated-${i}`,
          { subnetId: s.id, routeTableId: isolatedRt.id },
          child,
        ),
    );

    const nats = Array.from({ length: cfg.natGateways }, (_, i) => {
      const eip = new aws.ec2.Eip(
        `${name}-nat-${i}`,
        { domain: "vpc", tags: { Name: `${physical}-nat-${i}` } },
        { ...child, dependsOn: [igw] },
      );
      return new aws.ec2.NatGateway(
        `${name}-nat-${i}`,
        {
          allocationId: eip.id,
          subnetId: publicSubnets[i].id,
          connectivityType: "public",
          tags: { Name: `${physical}-nat-${i}` },
        },
        child,
      );
    });

    const privateRts = layout.map((l) => {
      const rt = new aws.ec2.RouteTable(
        `${name}-private-rt-${l.index}`,
        {
          vpcId: vpc.id,
          routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[natIndexForAz(l.index, cfg.natGateways)].id }],
          tags: { Name: `${physical}-private-${l.index}` },
        },
        child,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${l.index}`,
        { subnetId: privateSubnets[l.index].id, routeTableId: rt.id },
        child,
      );
      return rt;
    });

    // Gateway endpoints for S3 and DynamoDB, the configured interface endpoints (endpoints.ts).
    createVpcEndpoints(this, name, {
      region: args.region,
      cidr: cfg.cidr,
      interfaceEndpoints: cfg.interfaceEndpoints,
      physical,
      vpc,
      routeTables: [...privateRts, isolatedRt],
      privateSubnets,
    });

    createFlowLogs(this, name, physical, vpc, cfg.flowLogRetentionDays, args.region, args.protect);

    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.isolatedSubnetIds = isolatedSubnets.map((s) => s.id);
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      isolatedSubnetIds: this.isolatedSubnetIds,
    });
  }
}
