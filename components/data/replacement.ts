/**
 * What replaces a data store, and the guard that refuses it unless the stack opts in.
 *
 * REPLACING_INPUTS lists, per resource type, the inputs the AWS provider marks ForceNew (read from
 * hashicorp/terraform-provider-aws, which @pulumi/aws bridges: internal/service/rds/cluster.go,
 * cluster_instance.go, proxy.go, internal/service/elasticache/replication_group.go). The components set every
 * one of them from stable names or constants, never from a size, count or version; the tests check that by
 * resizing a stack and comparing these inputs.
 *
 * The program cannot see the deployed state offline, so the guard compares the configured values with the
 * `pinned` values the stack records (defaults in env-defaults.ts, overridable in the stack file). A default
 * changed in the table, or an edit of the stack file, that would replace the database or the cache fails
 * validation until `allowReplacement: true` is set for that deploy (and `pinned` is updated afterwards). In
 * prod, `protect` is the second guard: the engine itself refuses to replace a protected resource.
 */
import { compareVersions } from "./engine-versions";

export interface ReplacingInput {
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

export interface GuardIssue {
    path: string[];
    input: unknown;
    message: string;
}

const OPT_IN = (tier: string) => `set ${tier}.allowReplacement: true for the deploy that does it, then update ${tier}.pinned`;

export function databaseReplacementIssues(d: { databaseName: string; allowReplacement: boolean; pinned: { databaseName: string } }): GuardIssue[] {
    if (d.allowReplacement || d.databaseName === d.pinned.databaseName) return [];
    return [{
        path: ["databaseName"],
        input: d.databaseName,
        message: `changing databaseName from ${JSON.stringify(d.pinned.databaseName)} (database.pinned.databaseName) replaces the Aurora cluster and its data; ${OPT_IN("database")}`,
    }];
}

export function cacheReplacementIssues(c: { engine: string; engineVersion: string; allowReplacement: boolean; pinned: { engine: string; engineVersion: string } }): GuardIssue[] {
    if (c.allowReplacement) return [];
    if (c.pinned.engine === "valkey" && c.engine === "redis") {
        return [{ path: ["engine"], input: c.engine, message: `changing engine from "valkey" (cache.pinned.engine) to "redis" is a downgrade that replaces the replication group (new endpoint, cached data lost); ${OPT_IN("cache")}` }];
    }
    if (c.engine === c.pinned.engine && compareVersions(c.engineVersion, c.pinned.engineVersion) < 0) {
        return [{ path: ["engineVersion"], input: c.engineVersion, message: `downgrading engineVersion from ${JSON.stringify(c.pinned.engineVersion)} (cache.pinned.engineVersion) replaces the replication group; ${OPT_IN("cache")}` }];
    }
    return [];
}
