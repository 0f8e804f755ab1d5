/**
 * Resource builders both data components use (one place for the tier key, the "only from these security groups"
 * security group and the pre-created log groups). Children are parented to the calling component, so they use
 * its AWS provider and tags.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { dataKeyPolicy } from "./policies";

export interface DataKeyArgs {
    description: string;
    alias: string;
    region: string;
    /** Log groups CloudWatch Logs may encrypt with this key. */
    logGroupNames: string[];
    /** protect + retainOnDelete: snapshots (final ones included) stay readable only while the key exists. */
    protect: boolean;
}

/** One customer-managed key per tier, rotated yearly, for storage, snapshots, secrets, Performance Insights and logs. */
export function createDataKey(parent: pulumi.Resource, name: string, args: DataKeyArgs): aws.kms.Key {
    const partition = aws.getPartitionOutput({}, { parent });
    const identity = aws.getCallerIdentityOutput({}, { parent });
    const key = new aws.kms.Key(`${name}-key`, {
        description: args.description,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi.all([partition.partition, identity.accountId]).apply(([p, accountId]) =>
            dataKeyPolicy({ partition: p, accountId, region: args.region, logGroupNames: args.logGroupNames })),
    }, { parent, protect: args.protect, retainOnDelete: args.protect });
    new aws.kms.Alias(`${name}-key`, { name: args.alias, targetKeyId: key.keyId }, { parent });
    return key;
}

export interface DataSecurityGroupArgs {
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
export function createDataSecurityGroup(parent: pulumi.Resource, name: string, args: DataSecurityGroupArgs): aws.ec2.SecurityGroup {
    if (args.sourceSecurityGroupIds.length === 0) {
        throw new Error(`${name}: expected at least one allowed security group (the cluster's node security group), got none`);
    }
    const sg = new aws.ec2.SecurityGroup(`${name}-sg`, {
        vpcId: args.vpcId,
        name: args.groupName,
        description: args.description,
        tags: { Name: args.groupName },
    }, { parent });
    args.sourceSecurityGroupIds.forEach((source, i) => new aws.vpc.SecurityGroupIngressRule(`${name}-sg-from-${i}`, {
        securityGroupId: sg.id,
        referencedSecurityGroupId: source,
        ipProtocol: "tcp",
        fromPort: args.port,
        toPort: args.port,
        description: `port ${args.port} from an allowed security group`,
    }, { parent }));
    return sg;
}

/** A log group created before the service writes to it, so it has a retention period and the tier key. */
export function createLogGroup(parent: pulumi.Resource, name: string, logGroupName: string, retentionInDays: number, key: aws.kms.Key): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(name, { name: logGroupName, retentionInDays, kmsKeyId: key.arn }, { parent });
}

export interface TierFoundationArgs {
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
export function createTierFoundation(parent: pulumi.Resource, name: string, args: TierFoundationArgs): { key: aws.kms.Key; securityGroup: aws.ec2.SecurityGroup } {
    const key = createDataKey(parent, name, {
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
