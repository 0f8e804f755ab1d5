/**
 * Pure AWS documents of a PythonService: the ECR lifecycle policy and the IAM policy of the service's IRSA role.
 */
import { PolicyStatement, policyDocument } from "../shared/iam";
import { TAG_PREFIX } from "./image-tag";

/** Untagged images are layers of superseded pushes or failed builds; nothing runs them after a few days. */
const UNTAGGED_IMAGE_EXPIRY_DAYS = 3;

/**
 * Keep the `keepTagged` most recent images built by this program (the running one is always the newest, older
 * ones are rollback targets) and expire untagged images after UNTAGGED_IMAGE_EXPIRY_DAYS.
 */
export function ecrLifecyclePolicy(keepTagged: number, untaggedDays = UNTAGGED_IMAGE_EXPIRY_DAYS): string {
  if (!Number.isInteger(keepTagged) || keepTagged < 1)
    throw new Error(`ecrLifecyclePolicy: keepTagged must be an integer >= 1, got ${keepTagged}`);
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `expire untagged images after ${untaggedDays} days`,
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: untaggedDays,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `keep the ${keepTagged} most recent ${TAG_PREFIX}* images`,
        selection: {
          tagStatus: "tagged",
          tagPatternList: [`${TAG_PREFIX}*`],
          countType: "imageCountMoreThan",
          countNumber: keepTagged,
        },
        action: { type: "expire" },
      },
    ],
  });
}

interface ServiceAccessInputs {
  partition: string;
  region: string;
  accountId: string;
  /**
   * Resource id in the `rds-db:connect` ARN: the Aurora cluster's resource id (`cluster-…`) for direct
   * connections, or the RDS Proxy's id (`prx-…`) when the service connects through the proxy.
   */
  dbResourceId?: string;
  dbUser?: string;
  /** Secrets Manager secrets this service may read (its own only). */
  secretArns?: readonly string[];
}

/** The statements of the service role: IAM database auth as its own DB user, and its own secrets. Empty = no access. */
export function serviceAccessStatements(i: ServiceAccessInputs): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  if (i.dbResourceId && i.dbUser) {
    statements.push({
      Sid: "ConnectAsServiceUser",
      Effect: "Allow",
      Action: "rds-db:connect",
      Resource: `arn:${i.partition}:rds-db:${i.region}:${i.accountId}:dbuser:${i.dbResourceId}/${i.dbUser}`,
    });
  }
  if (i.secretArns && i.secretArns.length > 0) {
    statements.push({
      Sid: "ReadOwnSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: [...i.secretArns],
    });
  }
  return statements;
}

export function serviceAccessPolicy(i: ServiceAccessInputs): string {
  return policyDocument(serviceAccessStatements(i));
}
