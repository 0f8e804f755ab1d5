/**
 * IAM and KMS policy documents of the data tier (JSON strings), built from components/iam.ts.
 */
import { policyDocument } from "../iam";

/**
 * Key policy for a tier's data key. The account root statement is the default key policy (it lets IAM policies
 * and the AWS services acting for the account — RDS, ElastiCache, Secrets Manager — use the key through grants).
 * CloudWatch Logs is not covered by it: it must be named in the key policy, and only for this tier's log groups
 * (encryption-context condition), so the key cannot be used to encrypt anyone else's logs.
 */
export function dataKeyPolicy(opts: { partition: string; accountId: string; region: string; logGroupNames: string[] }): string {
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
                    "kms:EncryptionContext:aws:logs:arn": opts.logGroupNames.map((n) => `arn:${partition}:logs:${region}:${accountId}:log-group:${n}`),
                },
            },
        },
    ]);
}

/**
 * RDS Proxy's role: read exactly the cluster's managed master secret, and decrypt it with the tier key only
 * when Secrets Manager asks (kms:ViaService), nothing else.
 */
export function proxySecretPolicy(opts: { secretArn: string; keyArn: string; region: string }): string {
    return policyDocument([
        {
            Sid: "ReadTheManagedMasterSecret",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: opts.secretArn,
        },
        {
            Sid: "DecryptItThroughSecretsManager",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: opts.keyArn,
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${opts.region}.amazonaws.com` } },
        },
    ]);
}

export const ENHANCED_MONITORING_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";
