/**
 * Physical names of the data tier, derived only from `namePrefix` (`${project}-${stack}`) so they are stable:
 * a logical rename in the program never changes them, and none is time-based (a final-snapshot name that
 * changed on every run would show a diff on every preview). The key alias and the security group are named after
 * the identifier too (components/data/shared.ts).
 */

/**
 * RDS identifiers: 1-63 lowercase letters, digits or hyphens, a letter first, no "--", no trailing "-". AWS itself
 * folds case, but the provider refuses upper case before any call (terraform-provider-aws internal/service/rds
 * validate.go `validIdentifier`: "only lowercase alphanumeric characters and hyphens allowed").
 */
const RDS_IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)$/;
/** ElastiCache replication group ids: 1-40 lowercase letters, digits or hyphens, same rules otherwise. */
const CACHE_IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,39}(?<!-)$/;

function check(kind: string, value: string, re: RegExp, rule: string): string {
  if (!re.test(value))
    throw new Error(`${kind} ${JSON.stringify(value)} is not valid: ${rule} (shorten the project or stack name)`);
  return value;
}

export interface DatabaseNames {
  clusterIdentifier: string;
  instanceIdentifier(index: number): string;
  finalSnapshotIdentifier: string;
  subnetGroup: string;
  clusterParameterGroup(family: string): string;
  proxy: string;
  proxySecurityGroup: string;
  proxyReadOnlyEndpoint: string;
  /** RDS exports to exactly this group; pre-creating it is how it gets a retention period. */
  logGroup: string;
  /** RDS Proxy logs here; the service would otherwise create it with no retention. */
  proxyLogGroup: string;
}

export function databaseNames(namePrefix: string): DatabaseNames {
  const id = check(
    "Aurora cluster identifier",
    `${namePrefix}-database`,
    RDS_IDENTIFIER,
    "1-63 lowercase letters, digits, hyphens, starting with a letter",
  );
  const proxy = check(
    "RDS Proxy name",
    `${id}-proxy`,
    RDS_IDENTIFIER,
    "1-63 lowercase letters, digits, hyphens, starting with a letter",
  );
  // The longest derived identifiers must fit too (RDS rejects them at creation, after the cluster exists).
  check(
    "RDS Proxy endpoint name",
    `${proxy}-ro`,
    RDS_IDENTIFIER,
    "1-63 lowercase letters, digits, hyphens, starting with a letter",
  );
  check(
    "Aurora instance identifier",
    `${id}-99`,
    RDS_IDENTIFIER,
    "1-63 lowercase letters, digits, hyphens, starting with a letter",
  );
  return {
    clusterIdentifier: id,
    instanceIdentifier: (index) =>
      check(
        "Aurora instance identifier",
        `${id}-${index + 1}`,
        RDS_IDENTIFIER,
        "1-63 lowercase letters, digits, hyphens, starting with a letter",
      ),
    finalSnapshotIdentifier: `${id}-final`,
    subnetGroup: id,
    clusterParameterGroup: (family) => `${id}-${family}`,
    proxy,
    proxySecurityGroup: proxy,
    proxyReadOnlyEndpoint: `${proxy}-ro`,
    logGroup: `/aws/rds/cluster/${id}/postgresql`,
    proxyLogGroup: `/aws/rds/proxy/${proxy}`,
  };
}

interface CacheNames {
  replicationGroupId: string;
  finalSnapshotIdentifier: string;
  subnetGroup: string;
  parameterGroup(family: string): string;
  authSecret: string;
  logGroup(logType: "slow-log" | "engine-log"): string;
}

export function cacheNames(namePrefix: string): CacheNames {
  const id = check(
    "ElastiCache replication group id",
    `${namePrefix}-cache`.toLowerCase(),
    CACHE_IDENTIFIER,
    "1-40 lowercase letters, digits, hyphens, starting with a letter",
  );
  return {
    replicationGroupId: id,
    finalSnapshotIdentifier: `${id}-final`,
    subnetGroup: id,
    // Families such as "redis6.x" hold a dot, which parameter-group names do not allow.
    parameterGroup: (family) => `${id}-${family.replace(/[^a-z0-9]/g, "")}`,
    authSecret: `${id}/auth-token`,
    logGroup: (logType) => `/edgestack/${id}/${logType}`,
  };
}
