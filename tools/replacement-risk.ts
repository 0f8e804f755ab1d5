/**
 * Which input changes force a replacement (delete + create) of the stateful and foundational AWS resources this
 * program creates. Offline there is no provider to ask (`pulumi preview` gets this from the provider's Diff call),
 * so the table is written down, each row with its source.
 *
 * Source: @pulumi/aws 7.x is bridged from the Terraform AWS provider; a property marked `ForceNew: true` in the
 * Terraform schema is what the bridged provider reports as replace-on-change. The installed SDK's .d.ts does not
 * carry that mark (its doc comments rarely say "forces a new resource"), so every row cites the Terraform schema
 * file and the commit it was read at (github.com/hashicorp/terraform-provider-aws, read 2026-12-03). Conditional
 * ForceNew (CustomizeDiff) rows carry a `when`. A test checks every row names an input the installed SDK declares.
 *
 * Pulumi refuses to replace a resource whose `protect` is set both in the state and in the program (pulumi#8810,
 * pulumi#8873: "Allow replace if either old or new protect is false"), so a protected resource's replacement
 * fails the update instead of deleting it.
 */

const TF = "https://github.com/hashicorp/terraform-provider-aws/blob";

export interface ReplacementRule {
  /** Pulumi type token. */
  type: string;
  /** Pulumi input path (camelCase, `.` for nested blocks). A change at or below it forces replacement. */
  property: string;
  /** Terraform schema file and commit that mark the attribute ForceNew. */
  source: string;
  /** Only for conditional ForceNew: replacement happens only when this holds for (old, new). */
  when?: (oldValue: unknown, newValue: unknown) => boolean;
  note?: string;
}

const src = (commit: string, file: string, attr: string) =>
  `${TF}/${commit}/internal/service/${file} (${attr}: ForceNew)`;

const VPC = "00081ce41cc691433ac19bf42227cdabffd0454d";
const SUBNET = "00cda125a19d31754cb0d073cf551264c57955cb";
const RDS_CLUSTER = "0168cf6844f393420326f1426bf18ed357b56a77";
const RDS_INSTANCE = "01606926a0c0ab9174aec440f976a48b0baee722";
const RDS_SUBNETS = "01c08000ddb14181b5bd19201d8fca311dc570e4";
const KMS = "00a35305dc1b297a6fcdecdfbba33f1e63c3da39";
const CACHE = "001b6364c1a3b3045e152f655440a6d47eb44a70";
const EKS = "00555dc5b38f92abbfa230badea0ed0754cea81e";
const ECR = "0072eea2d6046230a1fb7717741c17fd2122175e";
const SECRETS = "00c21cedec069dd27093b175baf15bac6d4b30fe";

/** "7.1" < "8.0": numeric comparison of dotted versions (ElastiCache only replaces on an engine downgrade). */
function isDowngrade(oldVersion: unknown, newVersion: unknown): boolean {
  const parts = (v: unknown) =>
    String(v ?? "")
      .split(".")
      .map((x) => Number.parseInt(x, 10) || 0);
  const [a, b] = [parts(oldVersion), parts(newVersion)];
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (b[i] ?? 0) < (a[i] ?? 0);
  return false;
}

const rows = (type: string, commit: string, file: string, props: Array<[string, string]>): ReplacementRule[] =>
  props.map(([property, attr]) => ({ type, property, source: src(commit, file, attr) }));

export const REPLACEMENT_RULES: ReplacementRule[] = [
  ...rows("aws:ec2/vpc:Vpc", VPC, "ec2/vpc_.go", [
    ["cidrBlock", "cidr_block"],
    ["ipv4IpamPoolId", "ipv4_ipam_pool_id"],
    ["ipv4NetmaskLength", "ipv4_netmask_length"],
  ]),
  ...rows("aws:ec2/subnet:Subnet", SUBNET, "ec2/vpc_subnet.go", [
    ["cidrBlock", "cidr_block"],
    ["availabilityZone", "availability_zone"],
    ["availabilityZoneId", "availability_zone_id"],
    ["vpcId", "vpc_id"],
    ["ipv6Native", "ipv6_native"],
    ["outpostArn", "outpost_arn"],
  ]),
  ...rows("aws:rds/cluster:Cluster", RDS_CLUSTER, "rds/cluster.go", [
    ["clusterIdentifier", "cluster_identifier"],
    ["clusterIdentifierPrefix", "cluster_identifier_prefix"],
    ["engine", "engine"],
    ["engineMode", "engine_mode"],
    ["kmsKeyId", "kms_key_id"],
    ["dbSubnetGroupName", "db_subnet_group_name"],
    ["storageEncrypted", "storage_encrypted"],
    ["databaseName", "database_name"],
    ["masterUsername", "master_username"],
    ["availabilityZones", "availability_zones"],
    ["snapshotIdentifier", "snapshot_identifier"],
    ["clusterScalabilityType", "cluster_scalability_type"],
  ]),
  ...rows("aws:rds/clusterInstance:ClusterInstance", RDS_INSTANCE, "rds/cluster_instance.go", [
    ["identifier", "identifier"],
    ["identifierPrefix", "identifier_prefix"],
    ["clusterIdentifier", "cluster_identifier"],
    ["engine", "engine"],
    ["availabilityZone", "availability_zone"],
    ["dbSubnetGroupName", "db_subnet_group_name"],
  ]),
  ...rows("aws:rds/subnetGroup:SubnetGroup", RDS_SUBNETS, "rds/subnet_group.go", [
    ["name", "name"],
    ["namePrefix", "name_prefix"],
  ]),
  ...rows("aws:kms/key:Key", KMS, "kms/key.go", [
    ["customerMasterKeySpec", "customer_master_key_spec"],
    ["keyUsage", "key_usage"],
    ["multiRegion", "multi_region"],
    ["customKeyStoreId", "custom_key_store_id"],
  ]),
  ...rows("aws:elasticache/replicationGroup:ReplicationGroup", CACHE, "elasticache/replication_group.go", [
    ["replicationGroupId", "replication_group_id"],
    ["atRestEncryptionEnabled", "at_rest_encryption_enabled"],
    ["kmsKeyId", "kms_key_id"],
    ["subnetGroupName", "subnet_group_name"],
    ["port", "port"],
    ["networkType", "network_type"],
    ["dataTieringEnabled", "data_tiering_enabled"],
    ["snapshotName", "snapshot_name"],
    ["snapshotArns", "snapshot_arns"],
  ]),
  {
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    property: "engine",
    source: `${TF}/${CACHE}/internal/service/elasticache/replication_group.go (customizeDiffEngineForceNewOnDowngrade)`,
    when: (o, n) => o === "valkey" && n === "redis",
    note: "only valkey → redis; redis → valkey is an in-place upgrade",
  },
  {
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    property: "engineVersion",
    source: `${TF}/${CACHE}/internal/service/elasticache/replication_group.go (customizeDiffEngineVersionForceNewOnDowngrade)`,
    when: isDowngrade,
    note: "only a downgrade",
  },
  ...rows("aws:eks/cluster:Cluster", EKS, "eks/cluster.go", [
    ["name", "name"],
    ["roleArn", "role_arn"],
    ["bootstrapSelfManagedAddons", "bootstrap_self_managed_addons"],
    [
      "accessConfig.bootstrapClusterCreatorAdminPermissions",
      "access_config.bootstrap_cluster_creator_admin_permissions",
    ],
    ["kubernetesNetworkConfig.serviceIpv4Cidr", "kubernetes_network_config.service_ipv4_cidr"],
    ["kubernetesNetworkConfig.ipFamily", "kubernetes_network_config.ip_family"],
  ]),
  {
    // vpc_config.subnet_ids is NOT ForceNew at this commit (updated in place with UpdateClusterConfig).
    type: "aws:eks/cluster:Cluster",
    property: "encryptionConfig",
    source: `${TF}/${EKS}/internal/service/eks/cluster.go (ForceNewIfChange encryption_config: removing it)`,
    when: (o, n) => o !== undefined && n === undefined,
    note: "only removing envelope encryption",
  },
  ...rows("aws:ecr/repository:Repository", ECR, "ecr/repository.go", [
    ["name", "name"],
    ["encryptionConfigurations", "encryption_configuration"],
  ]),
  ...rows("aws:secretsmanager/secret:Secret", SECRETS, "secretsmanager/secret.go", [
    ["name", "name"],
    ["namePrefix", "name_prefix"],
  ]),
];

/** Types whose replacement loses data or identity that other systems hold (bold, first, in the diff). */
export const STATEFUL_TYPES = new Set([
  "aws:rds/cluster:Cluster",
  "aws:rds/clusterInstance:ClusterInstance",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:kms/key:Key",
  "aws:ecr/repository:Repository",
  "aws:secretsmanager/secret:Secret",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
]);

/** Replacing these replaces or disconnects everything inside them (VPC → subnets → cluster, database, cache). */
export const FOUNDATIONAL_TYPES = [
  "aws:ec2/vpc:Vpc",
  "aws:eks/cluster:Cluster",
  "aws:ec2/subnet:Subnet",
  "aws:rds/subnetGroup:SubnetGroup",
];

/** Order of the warnings: stateful first, then foundational by blast radius (VPC before its subnets), then the rest. */
export function riskRank(type: string): number {
  if (STATEFUL_TYPES.has(type)) return 0;
  const i = FOUNDATIONAL_TYPES.indexOf(type);
  return i >= 0 ? 1 + i : 100;
}

function valueAt(inputs: Record<string, unknown>, dotted: string): unknown {
  return dotted
    .split(".")
    .reduce<unknown>(
      (v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
      inputs,
    );
}

/** The rule a changed property path (`vpcConfig.subnetIds[0]`) falls under, given both sides' inputs, if any. */
export function replacementRule(
  type: string,
  path: string,
  oldInputs: Record<string, unknown>,
  newInputs: Record<string, unknown>,
): ReplacementRule | undefined {
  return REPLACEMENT_RULES.find(
    (r) =>
      r.type === type &&
      (path === r.property || path.startsWith(`${r.property}.`) || path.startsWith(`${r.property}[`)) &&
      (!r.when || r.when(valueAt(oldInputs, r.property), valueAt(newInputs, r.property))),
  );
}
