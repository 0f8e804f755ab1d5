/**
 * Customer-managed KMS keys and the log groups they encrypt, shared by every tier that keeps data or logs:
 * one key per tier (rotated yearly) whose policy lets CloudWatch Logs use it for that tier's log groups only.
 * Children are parented to the calling component, so they use its AWS provider and tags.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "./iam";

/**
 * Key policy for a tier's data key. The account root statement is the default key policy (it lets IAM policies
 * and the AWS services acting for the account — RDS, ElastiCache, Secrets Manager — use the key through grants).
 * CloudWatch Logs is not covered by it: it must be named in the key policy, and only for this tier's log groups
 * (encryption-context condition), so the key cannot be used to encrypt anyone else's logs.
 */
export function dataKeyPolicy(opts: {
  partition: string;
  accountId: string;
  region: string;
  logGroupNames: string[];
}): string {
  const { partition, accountId, region } = opts;
  return policyDocument([
    {
      Sid: "AccountAdministersTheKey",
      Effect: "Allow",
      Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    },
    {
      Sid: "CloudWatchLogsEncryptsThisTiersLogGroups",
      Effect: "Allow",
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": opts.logGroupNames.map(
            (n) => `arn:${partition}:logs:${region}:${accountId}:log-group:${n}`,
          ),
        },
      },
    },
  ]);
}

interface TierKeyArgs {
  description: string;
  alias: string;
  region: string;
  /** Log groups CloudWatch Logs may encrypt with this key. */
  logGroupNames: string[];
  /** protect + retainOnDelete: what the key encrypted (snapshots included) stays readable only while it exists. */
  protect: boolean;
}

/** One customer-managed key per tier, for storage, snapshots, secrets, Performance Insights and logs. */
export function createTierKey(parent: pulumi.Resource, name: string, args: TierKeyArgs): aws.kms.Key {
  const partition = aws.getPartitionOutput({}, { parent });
  const identity = aws.getCallerIdentityOutput({}, { parent });
  const key = new aws.kms.Key(
    `${name}-key`,
    {
      description: args.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: pulumi
        .all([partition.partition, identity.accountId])
        .apply(([p, accountId]) =>
          dataKeyPolicy({ partition: p, accountId, region: args.region, logGroupNames: args.logGroupNames }),
        ),
    },
    { parent, protect: args.protect, retainOnDelete: args.protect },
  );
  new aws.kms.Alias(`${name}-key`, { name: args.alias, targetKeyId: key.keyId }, { parent });
  return key;
}

/** A log group created before the service writes to it, so it has a retention period and the tier key. */
export function createEncryptedLogGroup(
  parent: pulumi.Resource,
  name: string,
  logGroupName: string,
  retentionInDays: number,
  key: aws.kms.Key,
): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(name, { name: logGroupName, retentionInDays, kmsKeyId: key.arn }, { parent });
}
