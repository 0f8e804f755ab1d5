/**
 * Per resource type, the inputs the AWS provider marks ForceNew (read from hashicorp/terraform-provider-aws,
 * which @pulumi/aws bridges: internal/service/rds/cluster.go, cluster_instance.go, proxy.go,
 * internal/service/elasticache/replication_group.go), and how the data tier sets each one. The database tests
 * resize a stack and check none of them changes.
 */
interface ReplacingInput {
  input: string;
  how: string;
}

export const REPLACING_INPUTS: Record<string, ReplacingInput[]> = {
  "aws:rds/cluster:Cluster": [
    { input: "clusterIdentifier", how: "from namePrefix (databaseNames)" },
    { input: "engine", how: "constant aurora-postgresql" },
    { input: "engineMode", how: "constant provisioned (Serverless v2 is provisioned + db.serverless instances)" },
    { input: "databaseName", how: "database.databaseName, guarded by database.pinned.databaseName" },
    { input: "masterUsername", how: "constant" },
    { input: "kmsKeyId", how: "the tier key (protected in prod)" },
    { input: "storageEncrypted", how: "constant true" },
    { input: "dbSubnetGroupName", how: "from namePrefix" },
    { input: "availabilityZones", how: "not set; ignoreChanges (AWS fills it)" },
    { input: "snapshotIdentifier", how: "not set (restores go into a new cluster, see docs)" },
  ],
  "aws:rds/clusterInstance:ClusterInstance": [
    { input: "identifier", how: "from namePrefix + index" },
    { input: "clusterIdentifier", how: "the cluster" },
    { input: "engine", how: "constant aurora-postgresql" },
    { input: "availabilityZone", how: "round-robin over the AZs; ignoreChanges" },
  ],
  "aws:rds/proxy:Proxy": [
    { input: "engineFamily", how: "constant POSTGRESQL" },
    { input: "vpcSubnetIds", how: "the isolated subnets (changes only with network.azCount; the proxy holds no data)" },
  ],
  "aws:elasticache/replicationGroup:ReplicationGroup": [
    { input: "replicationGroupId", how: "from namePrefix (cacheNames)" },
    { input: "atRestEncryptionEnabled", how: "constant true" },
    { input: "kmsKeyId", how: "the tier key (protected in prod)" },
    { input: "subnetGroupName", how: "from namePrefix" },
    { input: "port", how: "constant 6379" },
    { input: "engine", how: "valkey→redis is a downgrade that replaces; guarded by cache.pinned.engine" },
    { input: "engineVersion", how: "a downgrade replaces; guarded by cache.pinned.engineVersion" },
  ],
};
