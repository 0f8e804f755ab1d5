/**
 * Network tier: one VPC over `azCount` AZs with public, private and isolated subnets, NAT gateways (count is
 * data: 1 in dev, one per AZ in prod), gateway + interface VPC endpoints and VPC flow logs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NetworkConfig } from "../../config";
import { createEncryptedLogGroup, createTierKey } from "../shared/kms";
import { natIndexForAz, subnetLayout } from "./layout";
import { selectAvailabilityZones } from "./zones";

export interface NetworkArgs {
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
  readonly natGatewayIds: pulumi.Output<string>[];

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
    this.natGatewayIds = nats.map((n) => n.id);

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

    // Gateway endpoints are free and keep S3 (ECR image layers) and DynamoDB traffic off the NAT gateways.
    for (const service of ["s3", "dynamodb"]) {
      new aws.ec2.VpcEndpoint(
        `${name}-${service}`,
        {
          vpcId: vpc.id,
          serviceName: `com.amazonaws.${args.region}.${service}`,
          vpcEndpointType: "Gateway",
          routeTableIds: [...privateRts.map((rt) => rt.id), isolatedRt.id],
          tags: { Name: `${physical}-${service}` },
        },
        child,
      );
    }

    if (cfg.interfaceEndpoints.length > 0) {
      const endpointSg = new aws.ec2.SecurityGroup(
        `${name}-endpoints`,
        {
          vpcId: vpc.id,
          description: "HTTPS from inside the VPC to the interface endpoints",
          ingress: [
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [cfg.cidr], description: "HTTPS from the VPC" },
          ],
          egress: [
            {
              protocol: "tcp",
              fromPort: 443,
              toPort: 443,
              cidrBlocks: [cfg.cidr],
              description: "HTTPS responses within the VPC",
            },
          ],
          tags: { Name: `${physical}-endpoints` },
        },
        child,
      );
      for (const service of cfg.interfaceEndpoints) {
        new aws.ec2.VpcEndpoint(
          `${name}-${service.replace(/\./g, "-")}`,
          {
            vpcId: vpc.id,
            serviceName: `com.amazonaws.${args.region}.${service}`,
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: privateSubnets.map((s) => s.id),
            securityGroupIds: [endpointSg.id],
            tags: { Name: `${physical}-${service}` },
          },
          child,
        );
      }
    }

    this.createFlowLogs(name, physical, vpc, cfg.flowLogRetentionDays, args.region, args.protect);

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

  /** Flow logs (ALL traffic, 1-minute aggregation) to a CloudWatch log group with bounded retention. */
  private createFlowLogs(
    name: string,
    physical: string,
    vpc: aws.ec2.Vpc,
    retentionInDays: number,
    region: string,
    protect: boolean,
  ): void {
    const child = { parent: this };
    const logGroupName = `/edgestack/${physical}/vpc-flow-logs`;
    // Flow logs name every internal address and port: encrypted with the tier's own key, not AWS's default.
    const key = createTierKey(this, `${name}-logs`, {
      description: `${physical}: VPC flow logs`,
      alias: `alias/${physical}-logs`,
      region,
      logGroupNames: [logGroupName],
      protect,
    });
    const logGroup = createEncryptedLogGroup(this, `${name}-flow-logs`, logGroupName, retentionInDays, key);
    const role = new aws.iam.Role(
      `${name}-flow-logs`,
      {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" },
          ],
        }),
      },
      child,
    );
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: role.id,
        policy: logGroup.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: [
                  "logs:CreateLogStream",
                  "logs:PutLogEvents",
                  "logs:DescribeLogGroups",
                  "logs:DescribeLogStreams",
                ],
                Resource: [arn, `${arn}:*`],
              },
            ],
          }),
        ),
      },
      child,
    );
    // Only the role's ARN is an input: without the explicit dependency the flow log can be created before the
    // role may write to the group, and reports DeliverLogsPermissionIssue until the delivery is retried.
    new aws.ec2.FlowLog(
      `${name}-flow-logs`,
      {
        vpcId: vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
        tags: { Name: `${physical}-flow-logs` },
      },
      { ...child, dependsOn: [rolePolicy] },
    );
  }
}
