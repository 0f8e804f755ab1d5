/**
 * Resource builders both data components use (the tier key via components/shared/kms.ts, the "only from these security
 * groups" security group). Children are parented to the calling component, so they use
 * its AWS provider and tags.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createTierKey } from "../shared/kms";
export { createEncryptedLogGroup as createLogGroup } from "../shared/kms";

interface DataSecurityGroupArgs {
  vpcId: pulumi.Input<string>;
  groupName: string;
  description: string;
  port: number;
  /** Security groups admitted on `port`; nothing else is (no CIDR rule, no egress). */
  sourceSecurityGroupIds: pulumi.Input<string>[];
}

/**
 * A security group admitting `port` only from the given security groups, one standalone rule per source.
 * No egress rule: data stores only answer connections, and the provider removes AWS's default allow-all egress.
 */
export function createDataSecurityGroup(
  parent: pulumi.Resource,
  name: string,
  args: DataSecurityGroupArgs,
): aws.ec2.SecurityGroup {
  if (args.sourceSecurityGroupIds.length === 0) {
    throw new Error(
      `${name}: expected at least one allowed security group (the cluster's node security group), got none`,
    );
  }
  const sg = new aws.ec2.SecurityGroup(
    `${name}-sg`,
    {
      vpcId: args.vpcId,
      name: args.groupName,
      description: args.description,
      tags: { Name: args.groupName },
    },
    { parent },
  );
  args.sourceSecurityGroupIds.forEach(
    (source, i) =>
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-sg-from-${i}`,
        {
          securityGroupId: sg.id,
          referencedSecurityGroupId: source,
          ipProtocol: "tcp",
          fromPort: args.port,
          toPort: args.port,
          description: `port ${args.port} from an allowed security group`,
        },
        { parent },
      ),
  );
  return sg;
}

interface TierFoundationArgs {
  /** Physical identifier of the data store: names the key alias and the security group. */
  identifier: string;
  /** e.g. "Aurora PostgreSQL", for descriptions. */
  label: string;
  /** What the key encrypts, for its description. */
  keyUses: string;
  port: number;
  region: string;
  vpcId: pulumi.Input<string>;
  allowedSecurityGroupIds: pulumi.Input<string>[];
  logGroupNames: string[];
  protect: boolean;
}

/** The tier key and the data store's security group, the two things every data tier starts from. */
export function createTierFoundation(
  parent: pulumi.Resource,
  name: string,
  args: TierFoundationArgs,
): { key: aws.kms.Key; securityGroup: aws.ec2.SecurityGroup } {
  const key = createTierKey(parent, name, {
    description: `${args.identifier}: ${args.keyUses}`,
    alias: `alias/${args.identifier}`,
    region: args.region,
    logGroupNames: args.logGroupNames,
    protect: args.protect,
  });
  const securityGroup = createDataSecurityGroup(parent, name, {
    vpcId: args.vpcId,
    groupName: args.identifier,
    description: `${args.label} ${args.identifier}: ${args.port} from the allowed security groups only`,
    port: args.port,
    sourceSecurityGroupIds: args.allowedSecurityGroupIds,
  });
  return { key, securityGroup };
}
