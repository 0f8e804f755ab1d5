/**
 * IAM policy documents of the data tier (JSON strings), built from components/shared/iam.ts (the tier key's
 * policy is components/shared/kms.ts's dataKeyPolicy).
 */
import { PolicyStatement, policyDocument } from "../shared/iam";

/** The AWS-managed master secret and the tier key it is encrypted with. */
interface MasterSecretRef {
  secretArn: string;
  keyArn: string;
  region: string;
}

/** Read exactly the master secret, decrypting with the tier key only when Secrets Manager asks (kms:ViaService). */
function readMasterSecretStatements(opts: MasterSecretRef): PolicyStatement[] {
  return [
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
  ];
}

/** The role of the Job that creates the services' database roles: it reads the master secret, nothing else. */
export function masterSecretReaderPolicy(opts: MasterSecretRef): string {
  return policyDocument(readMasterSecretStatements(opts));
}

/** What the proxy's role may do besides reading the managed master secret. */
interface ProxyIamConnect {
  partition: string;
  accountId: string;
  /** The Aurora cluster's resource id (`cluster-…`): the proxy connects to the cluster, not to itself. */
  clusterResourceId: string;
  /** PostgreSQL roles the proxy logs into Aurora as, with IAM tokens (end-to-end IAM authentication). */
  users: readonly string[];
}

/**
 * RDS Proxy's role: read exactly the cluster's managed master secret, and decrypt it with the tier key only when
 * Secrets Manager asks (kms:ViaService); with `iamConnect`, also `rds-db:connect` to the cluster as exactly those
 * users. Without that statement a proxy in standard IAM mode looks up a Secrets Manager secret per user and refuses
 * every user but the master ("no credentials for the role").
 */
export function proxyRolePolicy(opts: MasterSecretRef & { iamConnect?: ProxyIamConnect }): string {
  const statements = readMasterSecretStatements(opts);
  const c = opts.iamConnect;
  if (c && c.users.length > 0) {
    for (const u of c.users) {
      if (!/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(u))
        throw new Error(
          `proxyRolePolicy: ${JSON.stringify(u)} is not a PostgreSQL role name (1-63 letters, digits, '_', '$', '-')`,
        );
    }
    statements.push({
      Sid: "ConnectToAuroraAsTheServiceUsers",
      Effect: "Allow",
      Action: "rds-db:connect",
      Resource: c.users.map(
        (u) => `arn:${c.partition}:rds-db:${opts.region}:${c.accountId}:dbuser:${c.clusterResourceId}/${u}`,
      ),
    });
  }
  return policyDocument(statements);
}

export const ENHANCED_MONITORING_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";
