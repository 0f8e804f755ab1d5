/**
 * The VPC's endpoints: free gateway endpoints for S3 and DynamoDB on every private and isolated route table, and the
 * configured interface endpoints (network.interfaceEndpoints) in the private subnets behind one HTTPS-only group.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

interface VpcEndpointsArgs {
  region: string;
  /** The VPC's CIDR: the only source and destination the endpoints' security group admits. */
  cidr: string;
  interfaceEndpoints: readonly string[];
  physical: string;
  vpc: aws.ec2.Vpc;
  routeTables: aws.ec2.RouteTable[];
  privateSubnets: aws.ec2.Subnet[];
}

export function createVpcEndpoints(parent: pulumi.Resource, name: string, args: VpcEndpointsArgs): void {
  const child = { parent };
  const { vpc, physical } = args;

  // Gateway endpoints are free and keep S3 (ECR image layers) and DynamoDB traffic off the NAT gateways.
  for (const service of ["s3", "dynamodb"]) {
    new aws.ec2.VpcEndpoint(
      `${name}-${service}`,
      {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${args.region}.${service}`,
        vpcEndpointType: "Gateway",
        routeTableIds: args.routeTables.map((rt) => rt.id),
        tags: { Name: `${physical}-${service}` },
      },
      child,
    );
  }

  if (args.interfaceEndpoints.length > 0) {
    const endpointSg = new aws.ec2.SecurityGroup(
      `${name}-endpoints`,
      {
        vpcId: vpc.id,
        description: "HTTPS from inside the VPC to the interface endpoints",
        ingress: [
          { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.cidr], description: "HTTPS from the VPC" },
        ],
        egress: [
          {
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: [args.cidr],
            description: "HTTPS responses within the VPC",
          },
        ],
        tags: { Name: `${physical}-endpoints` },
      },
      child,
    );
    for (const service of args.interfaceEndpoints) {
      new aws.ec2.VpcEndpoint(
        `${name}-${service.replace(/\./g, "-")}`,
        {
          vpcId: vpc.id,
          serviceName: `com.amazonaws.${args.region}.${service}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: args.privateSubnets.map((s) => s.id),
          securityGroupIds: [endpointSg.id],
          tags: { Name: `${physical}-${service}` },
        },
        child,
      );
    }
  }
}
