/**
 * Cache tier: an ElastiCache replication group (Valkey or Redis OSS, cluster mode disabled) in the isolated
 * subnets. Encrypted at rest with the tier key and in transit (TLS required), AUTH token from
 * random.RandomPassword kept as a Pulumi secret and in Secrets Manager, only the allowed security groups reach
 * 6379. Node count, Multi-AZ, snapshots and sizes are data; with two or more nodes a replica takes over
 * automatically when the primary fails. Slow log and engine log go to CloudWatch log groups with retention.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { CacheConfig } from "../../config";
import { cacheParameterFamily } from "./engine-versions";
import { cacheParameters } from "./layout";
import { cacheNames } from "./names";
import { createLogGroup, createTierFoundation } from "./shared";

const CACHE_PORT = 6379;
/** ElastiCache AUTH tokens: 16-128 printable characters; the only special characters allowed are these. */
export const AUTH_TOKEN_SPECIALS = "!&#$^<>-";
const LOG_TYPES = ["slow-log", "engine-log"] as const;

interface CacheArgs {
  namePrefix: string;
  region: string;
  config: CacheConfig;
  vpcId: pulumi.Input<string>;
  isolatedSubnetIds: pulumi.Input<string>[];
  /** Only these security groups reach 6379 (the cluster's node security group). */
  allowedSecurityGroupIds: pulumi.Input<string>[];
  /** `protect` (and retain the key) on the stateful resources: cfg.protectStateful. */
  protect: boolean;
}

export interface CacheOutputs {
  primaryEndpoint: pulumi.Output<string>;
  /** Reader endpoint (spreads reads over the replicas; equals the primary with one node). */
  readerEndpoint: pulumi.Output<string>;
  port: number;
  /** AUTH token, secret. Clients connect with TLS (`rediss://`). */
  authToken: pulumi.Output<string>;
  /** Secrets Manager secret holding host, port and token as JSON (for workloads reading it at runtime). */
  secretArn: pulumi.Output<string>;
  securityGroupId: pulumi.Output<string>;
  replicationGroupId: pulumi.Output<string>;
  /** Member cluster ids (`<id>-001`, ...): the CacheClusterId dimension of the CloudWatch metrics. */
  memberClusters: pulumi.Output<string[]>;
}

export class Cache extends pulumi.ComponentResource {
  readonly outputs: CacheOutputs;

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:Cache", name, {}, opts);
    const { config: cfg } = args;
    const names = cacheNames(args.namePrefix);
    const child = { parent: this };

    const { key, securityGroup: sg } = createTierFoundation(this, name, {
      identifier: names.replicationGroupId,
      label: "ElastiCache",
      keyUses: "ElastiCache data at rest, snapshots, AUTH secret, logs",
      port: CACHE_PORT,
      region: args.region,
      vpcId: args.vpcId,
      allowedSecurityGroupIds: args.allowedSecurityGroupIds,
      logGroupNames: LOG_TYPES.map((t) => names.logGroup(t)),
      protect: args.protect,
    });
    const subnetGroup = new aws.elasticache.SubnetGroup(
      name,
      {
        name: names.subnetGroup,
        description: `${names.replicationGroupId}: isolated subnets (no route to the internet)`,
        subnetIds: args.isolatedSubnetIds,
      },
      child,
    );
    const family = cacheParameterFamily(cfg.engine, cfg.engineVersion);
    const parameterGroup = new aws.elasticache.ParameterGroup(
      `${name}-${family}`,
      {
        name: names.parameterGroup(family),
        family,
        description: `${names.replicationGroupId}: eviction policy`,
        parameters: cacheParameters({ maxmemoryPolicy: cfg.maxmemoryPolicy }),
      },
      child,
    );
    const logGroups = LOG_TYPES.map((t) => ({
      logType: t,
      group: createLogGroup(this, `${name}-${t}`, names.logGroup(t), cfg.logRetentionDays, key),
    }));

    const token = new random.RandomPassword(
      `${name}-auth-token`,
      {
        length: 64,
        special: true,
        overrideSpecial: AUTH_TOKEN_SPECIALS,
        minUpper: 4,
        minLower: 4,
        minNumeric: 4,
        minSpecial: 2,
      },
      child,
    );

    const group = new aws.elasticache.ReplicationGroup(
      name,
      {
        replicationGroupId: names.replicationGroupId,
        description: `${args.namePrefix} cache (${cfg.engine} ${cfg.engineVersion})`,
        engine: cfg.engine,
        engineVersion: cfg.engineVersion,
        nodeType: cfg.nodeType,
        numCacheClusters: cfg.nodes,
        port: CACHE_PORT,
        parameterGroupName: parameterGroup.name,
        subnetGroupName: subnetGroup.name,
        securityGroupIds: [sg.id],
        atRestEncryptionEnabled: true,
        kmsKeyId: key.arn,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        authToken: token.result,
        // Rotating keeps the old token valid until every client has the new one.
        authTokenUpdateStrategy: "ROTATE",
        automaticFailoverEnabled: cfg.nodes >= 2,
        multiAzEnabled: cfg.multiAz,
        autoMinorVersionUpgrade: true,
        snapshotRetentionLimit: cfg.snapshotRetentionDays,
        snapshotWindow: cfg.snapshotWindow,
        maintenanceWindow: cfg.maintenanceWindow,
        finalSnapshotIdentifier: cfg.snapshotRetentionDays > 0 ? names.finalSnapshotIdentifier : undefined,
        logDeliveryConfigurations: logGroups.map(({ logType, group: g }) => ({
          destinationType: "cloudwatch-logs",
          destination: g.name,
          logFormat: "json",
          logType,
        })),
      },
      { ...child, protect: args.protect },
    );

    const authToken = pulumi.secret(token.result);
    const secret = new aws.secretsmanager.Secret(
      `${name}-auth`,
      {
        name: names.authSecret,
        description: `${names.replicationGroupId}: endpoint and AUTH token (TLS required)`,
        kmsKeyId: key.arn,
        // Used when the secret is deleted (0 = ForceDeleteWithoutRecovery): dev 0 so a re-created stack can take
        // the name again; prod keeps a recovery window, and the secret is protected with the replication group.
        recoveryWindowInDays: cfg.secretRecoveryDays,
      },
      { ...child, protect: args.protect },
    );
    new aws.secretsmanager.SecretVersion(
      `${name}-auth`,
      {
        secretId: secret.id,
        secretString: pulumi.secret(
          pulumi
            .all([group.primaryEndpointAddress, group.readerEndpointAddress, token.result])
            .apply(([host, readerHost, password]) =>
              JSON.stringify({ engine: cfg.engine, host, readerHost, port: CACHE_PORT, tls: true, password }),
            ),
        ),
      },
      child,
    );

    this.outputs = {
      primaryEndpoint: group.primaryEndpointAddress,
      readerEndpoint: group.readerEndpointAddress,
      port: CACHE_PORT,
      authToken,
      secretArn: secret.arn,
      securityGroupId: sg.id,
      replicationGroupId: group.replicationGroupId,
      memberClusters: group.memberClusters,
    };
    this.registerOutputs({ ...this.outputs });
  }
}
