/**
 * RDS Proxy in front of the Aurora cluster: TLS and IAM auth required, the AWS-managed master secret as its
 * credential, its own security group and log group, and a read-only endpoint when the cluster has readers.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { DatabaseConfig } from "../../config";
import type { DatabaseNames } from "./names";
import { proxyRolePolicy } from "./policies";
import { createDataSecurityGroup, createLogGroup } from "./shared";
import { serviceTrustPolicy } from "../shared/iam";

interface ProxyContext {
  names: DatabaseNames;
  cfg: DatabaseConfig;
  port: number;
  cluster: aws.rds.Cluster;
  instances: aws.rds.ClusterInstance[];
  key: aws.kms.Key;
  secretArn: pulumi.Output<string>;
  dbSg: aws.ec2.SecurityGroup;
  /** Where the proxy runs and who may reach it (the Database's own arguments). */
  args: {
    region: string;
    vpcId: pulumi.Input<string>;
    isolatedSubnetIds: pulumi.Input<string>[];
    allowedSecurityGroupIds: pulumi.Input<string>[];
    iamUsers: readonly string[];
  };
}

export function createDatabaseProxy(
  parent: pulumi.Resource,
  name: string,
  ctx: ProxyContext,
): { endpoint: pulumi.Output<string>; readOnlyEndpoint?: pulumi.Output<string>; resourceId: pulumi.Output<string> } {
  const { names, cfg, port, cluster, instances, key, secretArn, args } = ctx;

  const child = { parent };
  const proxySg = createDataSecurityGroup(parent, `${name}-proxy`, {
    vpcId: args.vpcId,
    groupName: names.proxySecurityGroup,
    description: `RDS Proxy ${names.proxy}: ${port} from the allowed security groups only`,
    port,
    sourceSecurityGroupIds: args.allowedSecurityGroupIds,
  });
  // The proxy reaches the cluster: egress from the proxy group, ingress into the database group.
  const dbSgId = ctx.dbSg.id;
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-proxy-to-db`,
    {
      securityGroupId: proxySg.id,
      referencedSecurityGroupId: dbSgId,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description: "RDS Proxy to the Aurora cluster",
    },
    child,
  );
  new aws.vpc.SecurityGroupIngressRule(
    `${name}-sg-from-proxy`,
    {
      securityGroupId: dbSgId,
      referencedSecurityGroupId: proxySg.id,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description: "from the RDS Proxy",
    },
    child,
  );

  const role = new aws.iam.Role(`${name}-proxy`, { assumeRolePolicy: serviceTrustPolicy("rds.amazonaws.com") }, child);
  const account = aws.getCallerIdentityOutput({}, child).accountId;
  const partition = aws.getPartitionOutput({}, child).partition;
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-proxy`,
    {
      role: role.id,
      policy: pulumi
        .all([secretArn, key.arn, partition, account, cluster.clusterResourceId])
        .apply(([s, k, p, accountId, clusterResourceId]) =>
          proxyRolePolicy({
            secretArn: s,
            keyArn: k,
            region: args.region,
            iamConnect: { partition: p, accountId, clusterResourceId, users: args.iamUsers },
          }),
        ),
    },
    child,
  );
  const logGroup = createLogGroup(parent, `${name}-proxy`, names.proxyLogGroup, cfg.logRetentionDays, key);
  // The role's ARN is its only input: it also waits for the role's policy, or its first reads of the secret fail.
  const proxy = new aws.rds.Proxy(
    `${name}-proxy`,
    {
      name: names.proxy,
      engineFamily: "POSTGRESQL",
      requireTls: true,
      roleArn: role.arn,
      vpcSubnetIds: args.isolatedSubnetIds,
      vpcSecurityGroupIds: [proxySg.id],
      idleClientTimeout: 1800,
      debugLogging: false,
      // End-to-end IAM: the proxy logs into Aurora as the client's own role with an IAM token (its role may
      // rds-db:connect as args.iamUsers). In the default mode it would look for a Secrets Manager secret per
      // user and only the master user, whose secret is listed below, could log in.
      defaultAuthScheme: args.iamUsers.length > 0 ? "IAM_AUTH" : "NONE",
      auths: [
        {
          authScheme: "SECRETS",
          secretArn,
          iamAuth: "REQUIRED",
          clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256",
          description: "managed master secret; clients authenticate with IAM tokens",
        },
      ],
    },
    { ...child, dependsOn: [logGroup, rolePolicy] },
  );
  new aws.rds.ProxyDefaultTargetGroup(
    `${name}-proxy`,
    {
      dbProxyName: proxy.name,
      connectionPoolConfig: {
        maxConnectionsPercent: 90,
        maxIdleConnectionsPercent: 50,
        connectionBorrowTimeout: 120,
      },
    },
    child,
  );
  const target = new aws.rds.ProxyTarget(
    `${name}-proxy`,
    {
      dbProxyName: proxy.name,
      targetGroupName: "default",
      dbClusterIdentifier: cluster.clusterIdentifier,
    },
    { ...child, dependsOn: instances },
  );
  const readOnly =
    cfg.readers > 0
      ? new aws.rds.ProxyEndpoint(
          `${name}-proxy-ro`,
          {
            dbProxyName: proxy.name,
            dbProxyEndpointName: names.proxyReadOnlyEndpoint,
            targetRole: "READ_ONLY",
            vpcSubnetIds: args.isolatedSubnetIds,
            vpcSecurityGroupIds: [proxySg.id],
          },
          child,
        )
      : undefined;
  // arn:aws:rds:<region>:<account>:db-proxy:prx-0123456789abcdef0 → prx-0123456789abcdef0
  const resourceId = proxy.arn.apply((a) => a.split(":").pop() ?? "");
  // The endpoints reach clients only once the cluster is registered behind the proxy: a proxy without a target
  // refuses every connection, and the services' readiness checks (and the Deployments' awaits) would fail.
  const afterTarget = (endpoint: pulumi.Output<string>) => pulumi.all([endpoint, target.id]).apply(([e]) => e);
  return {
    endpoint: afterTarget(proxy.endpoint),
    readOnlyEndpoint: readOnly ? afterTarget(readOnly.endpoint) : undefined,
    resourceId,
  };
}
