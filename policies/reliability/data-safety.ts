/**
 * Data safety for the stateful tier (Aurora, ElastiCache, KMS keys): nothing can be deleted by
 * accident (deletion protection, Pulumi `protect`), everything can be restored (backups, final
 * snapshots), a single AZ failure does not take the cache down, and database connections are
 * TLS-only. Thresholds differ per environment through policy config (policies/config/*.json).
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ReportViolation, type ResourceValidationArgs } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { ofType, referencedBy } from "../lib/stack";
import { asArray, asNumber, asRecord, asString, isSet, isTrue } from "../lib/values";

export const rdsDeletionProtection: EdgestackPolicy = {
  name: "aws-rds-cluster-require-deletion-protection",
  description: "Aurora clusters must have deletion protection enabled.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set `deletionProtection: true` on the aws.rds.Cluster (turn it off in a separate, reviewed change before a planned delete).",
  validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, _args, report) => {
    if (!isTrue(cluster.deletionProtection))
      report("Aurora cluster must be protected from deletion: `deletionProtection` should be true.");
  }),
};

interface BackupConfig {
  minBackupRetentionDays: number;
}

export const rdsBackupRetention: EdgestackPolicy = {
  name: "aws-rds-cluster-require-backup-retention",
  description: "Aurora clusters must keep automated backups for at least the configured number of days.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set `backupRetentionPeriod` to at least the environment's minimum (policy config minBackupRetentionDays) and a `preferredBackupWindow` outside peak hours.",
  configSchema: {
    properties: { minBackupRetentionDays: { type: "integer", minimum: 1, maximum: 35, default: 7 } },
  },
  validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, args, report) => {
    const { minBackupRetentionDays } = args.getConfig<BackupConfig>();
    const days = asNumber(cluster.backupRetentionPeriod) ?? 1; // AWS default when unset
    if (days < minBackupRetentionDays) {
      report(
        `Aurora backups must be kept at least ${minBackupRetentionDays} days: \`backupRetentionPeriod\` is ${days}.`,
      );
    }
  }),
};

interface FinalSnapshotConfig {
  requireFinalSnapshot: boolean;
}

const finalSnapshotSchema = {
  properties: { requireFinalSnapshot: { type: "boolean" as const, default: true } },
};

export const rdsFinalSnapshot: EdgestackPolicy = {
  name: "aws-rds-cluster-require-final-snapshot",
  description: "Deleting an Aurora cluster must leave a final snapshot.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: "Set `skipFinalSnapshot: false` and a `finalSnapshotIdentifier` (e.g. `${name}-final`).",
  configSchema: finalSnapshotSchema,
  validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, args, report) => {
    if (!args.getConfig<FinalSnapshotConfig>().requireFinalSnapshot) return;
    if (isTrue(cluster.skipFinalSnapshot) || !isSet(cluster.finalSnapshotIdentifier)) {
      report(
        "Aurora cluster must take a final snapshot on delete: `skipFinalSnapshot` should be false and `finalSnapshotIdentifier` set.",
      );
    }
  }),
};

const POSTGRES_ENGINES = ["aurora-postgresql", "postgres"];

/**
 * `rds.force_ssl = 1` makes PostgreSQL refuse non-TLS connections. Aurora's default cluster
 * parameter group leaves it at the engine default, so the cluster must use its own group that
 * sets it. A stack rule: the value lives on the aws.rds.ClusterParameterGroup the cluster names.
 */
export const rdsForceSsl: EdgestackPolicy = {
  name: "aws-rds-cluster-require-force-ssl-parameter",
  description: "Aurora PostgreSQL clusters must use a cluster parameter group with rds.force_ssl = 1.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    'Create an aws.rds.ClusterParameterGroup (family aurora-postgresqlNN) with `parameters: [{ name: "rds.force_ssl", value: "1" }]` and pass its name as `dbClusterParameterGroupName`.',
  validateStack: (args, report) => {
    const clusters = ofType(args.resources, aws.rds.Cluster).filter((c) =>
      POSTGRES_ENGINES.includes(String(c.props.engine)),
    );
    if (clusters.length === 0) return args.notApplicable("no Aurora PostgreSQL cluster in this stack");
    const groups = ofType(args.resources, aws.rds.ClusterParameterGroup);
    for (const cluster of clusters) {
      const group = referencedBy(cluster, groups, "dbClusterParameterGroupName", ["name"])[0];
      const forced = asArray(group?.props.parameters).some((p) => {
        const param = asRecord(p);
        return param.name === "rds.force_ssl" && String(param.value) === "1";
      });
      if (!group)
        report(
          "Aurora cluster must use its own cluster parameter group with rds.force_ssl = 1: `dbClusterParameterGroupName` names no ClusterParameterGroup in this stack.",
          cluster.urn,
        );
      else if (!forced)
        report(
          `Cluster parameter group "${asString(group.props.name) ?? group.name}" must set rds.force_ssl = 1 so the database refuses non-TLS connections.`,
          cluster.urn,
        );
    }
  },
};

interface MultiAzConfig {
  requireMultiAz: boolean;
}

export const elasticacheMultiAz: EdgestackPolicy = {
  name: "aws-elasticache-replication-group-require-multi-az-failover",
  description:
    "ElastiCache replication groups must fail over automatically to another AZ where config requires it (prod).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set `multiAzEnabled: true`, `automaticFailoverEnabled: true` and at least one replica (`numCacheClusters >= 2` or `replicasPerNodeGroup >= 1`).",
  configSchema: { properties: { requireMultiAz: { type: "boolean", default: false } } },
  validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (rg, args, report) => {
    if (!args.getConfig<MultiAzConfig>().requireMultiAz) return;
    const nodesPerShard = asNumber(rg.numCacheClusters) ?? 1 + (asNumber(rg.replicasPerNodeGroup) ?? 0);
    const problems = [
      isTrue(rg.multiAzEnabled) ? undefined : "`multiAzEnabled` should be true",
      isTrue(rg.automaticFailoverEnabled) ? undefined : "`automaticFailoverEnabled` should be true",
      nodesPerShard >= 2
        ? undefined
        : "each shard needs a replica (numCacheClusters >= 2 or replicasPerNodeGroup >= 1)",
    ].filter(Boolean);
    if (problems.length) report(`ElastiCache must survive the loss of an AZ: ${problems.join("; ")}.`);
  }),
};

interface CacheSnapshotConfig {
  minSnapshotRetentionDays: number;
  requireFinalSnapshot: boolean;
}

export const elasticacheSnapshots: EdgestackPolicy = {
  name: "aws-elasticache-replication-group-require-snapshots",
  description: "ElastiCache replication groups must keep daily snapshots and take a final snapshot on delete.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Set `snapshotRetentionLimit` (days) and `finalSnapshotIdentifier` on the aws.elasticache.ReplicationGroup.",
  configSchema: {
    properties: {
      minSnapshotRetentionDays: { type: "integer", minimum: 0, maximum: 35, default: 1 },
      requireFinalSnapshot: { type: "boolean", default: true },
    },
  },
  validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (rg, args, report) => {
    const cfg = args.getConfig<CacheSnapshotConfig>();
    const days = asNumber(rg.snapshotRetentionLimit) ?? 0;
    if (days < cfg.minSnapshotRetentionDays)
      report(
        `ElastiCache snapshots must be kept at least ${cfg.minSnapshotRetentionDays} days: \`snapshotRetentionLimit\` is ${days}.`,
      );
    if (cfg.requireFinalSnapshot && !isSet(rg.finalSnapshotIdentifier))
      report("ElastiCache must take a final snapshot on delete: `finalSnapshotIdentifier` should be set.");
  }),
};

interface ProtectConfig {
  requireProtect: boolean;
}

function requireProtect(_props: unknown, args: ResourceValidationArgs, report: ReportViolation) {
  if (!args.getConfig<ProtectConfig>().requireProtect) return;
  if (!args.opts.protect)
    report(
      `${args.type} "${args.name}" holds state that cannot be recreated: create it with the \`protect: true\` resource option.`,
    );
}

/**
 * With `protect`, `pulumi destroy` or a replacing change fails instead of deleting the
 * database, cache or the keys that encrypt them. Required where config says so (prod).
 */
export const statefulProtect: EdgestackPolicy = {
  name: "stateful-resources-require-protect",
  description:
    "Aurora, ElastiCache, KMS and AWS Backup vault resources must be created with protect where config requires it (prod).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: "Pass `{ protect: true }` (from the environment's config switch) when creating the resource.",
  configSchema: { properties: { requireProtect: { type: "boolean", default: false } } },
  validateResource: [
    validateResourceOfType(aws.rds.Cluster, requireProtect),
    validateResourceOfType(aws.rds.ClusterInstance, requireProtect),
    validateResourceOfType(aws.elasticache.ReplicationGroup, requireProtect),
    validateResourceOfType(aws.kms.Key, requireProtect),
    // A vault holds the recovery points: deleting it with them is the one thing backups exist to prevent.
    validateResourceOfType(aws.backup.Vault, requireProtect),
  ],
};

export const dataSafetyPolicies: EdgestackPolicy[] = [
  rdsDeletionProtection,
  rdsBackupRetention,
  rdsFinalSnapshot,
  rdsForceSsl,
  elasticacheMultiAz,
  elasticacheSnapshots,
  statefulProtect,
];
