/**
 * Database tier: Aurora PostgreSQL in the isolated subnets. Serverless v2 or provisioned instances is data
 * (`mode`), as are the reader count, sizes and retention. Storage, snapshots, the AWS-managed master secret,
 * Performance Insights and the logs are encrypted with one customer key; clients must use TLS
 * (rds.force_ssl) and may use IAM authentication; only the allowed security groups reach port 5432. An RDS
 * Proxy (TLS + IAM auth required, credentials from the managed secret) pools connections, with a read-only
 * endpoint when there are readers.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DatabaseConfig } from "../../config";
import { auroraParameterFamily } from "./engine-versions";
import { auroraClusterParameters, instanceLayout } from "./layout";
import { databaseNames, DatabaseNames } from "./names";
import { ENHANCED_MONITORING_POLICY_ARN } from "./policies";
import { createDatabaseProxy } from "./proxy";
import { createLogGroup, createTierFoundation } from "./shared";
import { serviceTrustPolicy } from "../shared/iam";

const DATABASE_PORT = 5432;
const DATABASE_ENGINE = "aurora-postgresql";
/** The master user only administers; applications get their own roles (IAM auth through the proxy). */
const MASTER_USERNAME = "dbadmin";

interface DatabaseArgs {
  namePrefix: string;
  region: string;
  config: DatabaseConfig;
  vpcId: pulumi.Input<string>;
  isolatedSubnetIds: pulumi.Input<string>[];
  /** AZs of the isolated subnets, in subnet order: instances are spread over them. */
  availabilityZones: pulumi.Input<string[]>;
  /** Only these security groups reach 5432 (the cluster's node security group). */
  allowedSecurityGroupIds: pulumi.Input<string>[];
  /** `protect` (and retain the key) on the stateful resources: cfg.protectStateful. */
  protect: boolean;
  /**
   * PostgreSQL roles that log in through RDS Proxy with IAM tokens (one per service). The proxy connects to Aurora
   * as them with IAM too (end-to-end IAM auth), so none needs a password secret; without them listed here only the
   * master user could log in through the proxy.
   */
  iamUsers: readonly string[];
}

export interface DatabaseOutputs {
  writerEndpoint: pulumi.Output<string>;
  readerEndpoint: pulumi.Output<string>;
  /** RDS Proxy endpoint (read/write) when `proxy` is on; otherwise the writer endpoint. */
  proxyEndpoint: pulumi.Output<string>;
  /** RDS Proxy read-only endpoint when `proxy` is on and there are readers; otherwise the reader endpoint. */
  proxyReadOnlyEndpoint: pulumi.Output<string>;
  port: number;
  databaseName: string;
  /** Secrets Manager ARN of the AWS-managed master secret (the password never enters Pulumi state). */
  secretArn: pulumi.Output<string>;
  /** The tier key the master secret is encrypted with (readers of the secret need kms:Decrypt on it). */
  secretKeyArn: pulumi.Output<string>;
  securityGroupId: pulumi.Output<string>;
  /** The DBClusterIdentifier dimension of the CloudWatch metrics. */
  clusterIdentifier: pulumi.Output<string>;
  /** What an AWS Backup selection names. */
  clusterArn: pulumi.Output<string>;
  /** Where a restored copy of the cluster goes (the isolated subnets). */
  subnetGroupName: pulumi.Output<string>;
  /** For IAM database-auth policies (`rds-db:connect` on arn:aws:rds-db:<region>:<account>:dbuser:<id>/<user>). */
  clusterResourceId: pulumi.Output<string>;
  /** The id clients connecting to `proxyEndpoint` are granted `rds-db:connect` on: the proxy's `prx-…`, else the cluster's. */
  connectResourceId: pulumi.Output<string>;
  /** Serverless v2 at minCapacity 0: the cluster pauses when no connection is open, so clients must not hold one idle. */
  pausesWhenIdle: boolean;
}

export class Database extends pulumi.ComponentResource {
  readonly outputs: DatabaseOutputs;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:Database", name, {}, opts);
    const { config: cfg } = args;
    const names = databaseNames(args.namePrefix);
    const child = { parent: this };

    const { key, securityGroup: sg } = createTierFoundation(this, name, {
      identifier: names.clusterIdentifier,
      label: "Aurora PostgreSQL",
      keyUses: "Aurora storage, snapshots, master secret, Performance Insights, logs",
      port: DATABASE_PORT,
      region: args.region,
      vpcId: args.vpcId,
      allowedSecurityGroupIds: args.allowedSecurityGroupIds,
      logGroupNames: [names.logGroup, names.proxyLogGroup],
      protect: args.protect,
    });
    const subnetGroup = new aws.rds.SubnetGroup(
      name,
      {
        name: names.subnetGroup,
        description: `${names.clusterIdentifier}: isolated subnets (no route to the internet)`,
        subnetIds: args.isolatedSubnetIds,
      },
      child,
    );
    const family = auroraParameterFamily(cfg.engineVersion);
    const parameterGroup = new aws.rds.ClusterParameterGroup(
      `${name}-${family}`,
      {
        name: names.clusterParameterGroup(family),
        family,
        description: `${names.clusterIdentifier}: TLS required, slow-query and DDL logging`,
        parameters: auroraClusterParameters({ slowQueryMs: cfg.slowQueryMs }),
      },
      child,
    );
    const logGroup = createLogGroup(this, `${name}-postgresql`, names.logGroup, cfg.logRetentionDays, key);

    const cluster = new aws.rds.Cluster(
      name,
      {
        clusterIdentifier: names.clusterIdentifier,
        engine: DATABASE_ENGINE,
        engineMode: "provisioned",
        engineVersion: cfg.engineVersion,
        databaseName: cfg.databaseName,
        masterUsername: MASTER_USERNAME,
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: key.arn,
        iamDatabaseAuthenticationEnabled: true,
        storageEncrypted: true,
        kmsKeyId: key.arn,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [sg.id],
        dbClusterParameterGroupName: parameterGroup.name,
        port: DATABASE_PORT,
        serverlessv2ScalingConfiguration:
          cfg.mode === "serverless"
            ? {
                minCapacity: cfg.minCapacity,
                maxCapacity: cfg.maxCapacity,
                ...(cfg.minCapacity === 0 ? { secondsUntilAutoPause: cfg.autoPauseSeconds } : {}),
              }
            : undefined,
        backupRetentionPeriod: cfg.backupRetentionDays,
        preferredBackupWindow: cfg.backupWindow,
        preferredMaintenanceWindow: cfg.maintenanceWindow,
        copyTagsToSnapshot: true,
        deletionProtection: cfg.deletionProtection,
        skipFinalSnapshot: cfg.skipFinalSnapshot,
        finalSnapshotIdentifier: cfg.skipFinalSnapshot ? undefined : names.finalSnapshotIdentifier,
        // Where a final snapshot is kept, keep the automated backups too (point-in-time restore after deletion).
        deleteAutomatedBackups: cfg.skipFinalSnapshot,
        enabledCloudwatchLogsExports: ["postgresql"],
      },
      {
        ...child,
        protect: args.protect,
        dependsOn: [logGroup],
        // AWS applies minor upgrades itself (autoMinorVersionUpgrade) and fills in the AZ list; neither may
        // show up as a diff (a changed availabilityZones would even force a replacement).
        ignoreChanges: ["engineVersion", "availabilityZones"],
      },
    );

    const instances = this.createInstances(name, names, cfg, cluster, key, args);
    const secretArn = cluster.masterUserSecrets.apply((s) => s?.[0]?.secretArn ?? "");
    const proxy = cfg.proxy
      ? createDatabaseProxy(this, name, {
          names,
          cfg,
          port: DATABASE_PORT,
          cluster,
          instances,
          key,
          secretArn,
          dbSg: sg,
          args,
        })
      : undefined;

    this.outputs = {
      writerEndpoint: cluster.endpoint,
      readerEndpoint: cluster.readerEndpoint,
      proxyEndpoint: proxy?.endpoint ?? cluster.endpoint,
      proxyReadOnlyEndpoint: proxy?.readOnlyEndpoint ?? cluster.readerEndpoint,
      port: DATABASE_PORT,
      databaseName: cfg.databaseName,
      secretArn,
      secretKeyArn: key.arn,
      securityGroupId: sg.id,
      clusterIdentifier: cluster.clusterIdentifier,
      clusterArn: cluster.arn,
      subnetGroupName: subnetGroup.name,
      clusterResourceId: cluster.clusterResourceId,
      connectResourceId: proxy?.resourceId ?? cluster.clusterResourceId,
      pausesWhenIdle: cfg.mode === "serverless" && cfg.minCapacity === 0,
    };
    this.registerOutputs({ ...this.outputs });
  }

  private createInstances(
    name: string,
    names: DatabaseNames,
    cfg: DatabaseConfig,
    cluster: aws.rds.Cluster,
    key: aws.kms.Key,
    args: DatabaseArgs,
  ): aws.rds.ClusterInstance[] {
    const monitoring = cfg.monitoringIntervalSeconds > 0 ? this.createMonitoringRole(name) : undefined;
    const azs = pulumi.output(args.availabilityZones);
    const instances: aws.rds.ClusterInstance[] = [];
    for (const slot of instanceLayout(cfg, args.isolatedSubnetIds.length)) {
      instances.push(
        new aws.rds.ClusterInstance(
          `${name}-${slot.index + 1}`,
          {
            identifier: names.instanceIdentifier(slot.index),
            clusterIdentifier: cluster.id,
            engine: DATABASE_ENGINE,
            instanceClass: slot.instanceClass,
            availabilityZone: azs.apply((z) => z[slot.azIndex]),
            promotionTier: slot.promotionTier,
            publiclyAccessible: false,
            autoMinorVersionUpgrade: cfg.autoMinorVersionUpgrade,
            preferredMaintenanceWindow: cfg.maintenanceWindow,
            copyTagsToSnapshot: true,
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: key.arn,
            performanceInsightsRetentionPeriod: cfg.performanceInsightsRetentionDays,
            monitoringInterval: cfg.monitoringIntervalSeconds,
            monitoringRoleArn: monitoring?.role.arn,
          },
          {
            parent: this,
            protect: args.protect,
            // The first instance becomes the writer: readers are created after it. RDS checks the monitoring role's
            // permissions when the instance is created ("IAM role ARN value is invalid or does not include the
            // required permissions for: ENHANCED_MONITORING"): the policy attachment must exist by then.
            dependsOn: [
              ...(slot.role === "reader" ? [instances[0]] : []),
              ...(monitoring ? [monitoring.attachment] : []),
            ],
            // Placement is decided at creation; a reordered AZ list must not replace an instance.
            ignoreChanges: ["availabilityZone"],
          },
        ),
      );
    }
    return instances;
  }

  private createMonitoringRole(name: string): { role: aws.iam.Role; attachment: aws.iam.RolePolicyAttachment } {
    const role = new aws.iam.Role(
      `${name}-monitoring`,
      { assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com") },
      { parent: this },
    );
    const attachment = new aws.iam.RolePolicyAttachment(
      `${name}-monitoring`,
      { role: role.name, policyArn: ENHANCED_MONITORING_POLICY_ARN },
      { parent: this },
    );
    return { role, attachment };
  }
}
