/**
 * Builders for captured graphs used by the policy tests: one compliant baseline per resource
 * type (compliance-policies style: each test mutates one field of a compliant resource) and a
 * few helpers to wire resources (parent, dependencies, provider).
 */
import type { CapturedResource, CapturedStack } from "../../policies/lib/graph";

const PROJECT = "edgestack";
const STACK = "test";

export function res(
  type: string,
  name: string,
  inputs: Record<string, unknown> = {},
  extra: Partial<CapturedResource> = {},
): CapturedResource {
  return {
    urn: `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`,
    type,
    name,
    custom: !/^edgestack:/.test(type),
    inputs,
    protect: false,
    retainOnDelete: false,
    deleteBeforeReplace: false,
    ignoreChanges: [],
    dependencies: [],
    ...extra,
  };
}

export function stackOf(...resources: CapturedResource[]): CapturedStack {
  return { project: PROJECT, stack: STACK, resources, outputs: {} };
}

/** `from` depends on each of `to` (as when an input is another resource's output). */
export function dependsOn(from: CapturedResource, ...to: CapturedResource[]): CapturedResource {
  from.dependencies.push(...to.map((t) => t.urn));
  return from;
}

export function childOf(child: CapturedResource, parent: CapturedResource): CapturedResource {
  child.parent = parent.urn;
  return child;
}

/** Sets `path` (dotted; numeric segments index arrays) to `value`, or deletes it when value is undefined. */
export function patch<T extends CapturedResource>(r: T, path: string, value: unknown): T {
  const keys = path.split(".");
  let cur = r.inputs as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return r;
}

const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab";

export const awsProvider = (tags: Record<string, string> = COST_TAGS) =>
  res("pulumi:providers:aws", "aws", { region: "us-east-1", defaultTags: JSON.stringify({ tags }) });

export const COST_TAGS = {
  project: "edgestack",
  environment: "test",
  component: "network",
  "managed-by": "pulumi",
  "cost-center": "platform",
};

/** A resource using `provider` (reference `<urn>::<id>` as the engine records it). */
export function withProvider(r: CapturedResource, provider: CapturedResource): CapturedResource {
  r.provider = `${provider.urn}::provider-id`;
  return r;
}

export const base = {
  vpc: () => res("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" }),
  rdsCluster: () =>
    res(
      "aws:rds/cluster:Cluster",
      "db",
      {
        engine: "aurora-postgresql",
        engineVersion: "17.7",
        storageEncrypted: true,
        kmsKeyId: KEY_ARN,
        iamDatabaseAuthenticationEnabled: true,
        manageMasterUserPassword: true,
        deletionProtection: true,
        backupRetentionPeriod: 14,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: "edgestack-test-db-final",
        dbClusterParameterGroupName: "edgestack-test-db",
        serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 4 },
      },
      { protect: true },
    ),
  clusterParameterGroup: () =>
    res("aws:rds/clusterParameterGroup:ClusterParameterGroup", "db-params", {
      name: "edgestack-test-db",
      family: "aurora-postgresql16",
      parameters: [
        { name: "rds.force_ssl", value: "1" },
        { name: "log_min_duration_statement", value: "500" },
      ],
    }),
  clusterInstance: (name = "db-writer", instanceClass = "db.r7g.large") =>
    res(
      "aws:rds/clusterInstance:ClusterInstance",
      name,
      { engine: "aurora-postgresql", instanceClass, clusterIdentifier: "db-id", publiclyAccessible: false },
      { protect: true },
    ),
  replicationGroup: () =>
    res(
      "aws:elasticache/replicationGroup:ReplicationGroup",
      "cache",
      {
        description: "sessions and rate limits",
        engine: "valkey",
        nodeType: "cache.t4g.small",
        numCacheClusters: 2,
        atRestEncryptionEnabled: true,
        transitEncryptionEnabled: true,
        authToken: "[secret]",
        multiAzEnabled: true,
        automaticFailoverEnabled: true,
        snapshotRetentionLimit: 7,
        finalSnapshotIdentifier: "edgestack-test-cache-final",
      },
      { protect: true },
    ),
  eksCluster: () =>
    res("aws:eks/cluster:Cluster", "eks", {
      version: "1.35",
      roleArn: "arn:aws:iam::111122223333:role/eks",
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY_ARN } },
      enabledClusterLogTypes: ["api", "audit", "authenticator"],
      vpcConfig: {
        subnetIds: ["subnet-a", "subnet-b"],
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: ["203.0.113.0/24"],
      },
    }),
  launchTemplate: () =>
    res("aws:ec2/launchTemplate:LaunchTemplate", "nodes-lt", {
      name: "edgestack-test-nodes",
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 40, volumeType: "gp3", encrypted: "true" } }],
    }),
  nodeGroup: (instanceType = "m7g.large", desiredSize = 2) =>
    res("aws:eks/nodeGroup:NodeGroup", "nodes", {
      clusterName: "eks",
      nodeRoleArn: "arn:aws:iam::111122223333:role/nodes",
      subnetIds: ["subnet-a", "subnet-b"],
      instanceTypes: [instanceType],
      capacityType: "ON_DEMAND",
      scalingConfig: { desiredSize, minSize: 1, maxSize: 4 },
    }),
  ebsVolume: () =>
    res("aws:ebs/volume:Volume", "data", { availabilityZone: "us-east-1a", size: 10, type: "gp3", encrypted: true }),
  kmsKey: () => res("aws:kms/key:Key", "key", { enableKeyRotation: true, deletionWindowInDays: 30 }, { protect: true }),
  logGroup: (name = "/edgestack/test/app") =>
    res("aws:cloudwatch/logGroup:LogGroup", name, { name, retentionInDays: 30, kmsKeyId: KEY_ARN }),
  securityGroup: (name = "edgestack-test-db") =>
    res("aws:ec2/securityGroup:SecurityGroup", name, {
      name,
      vpcId: "vpc-1",
      ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"] }],
    }),
  ingressRule: (name = "nlb-https") =>
    res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name, {
      securityGroupId: "sg-1",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "173.245.48.0/20",
    }),
  sgRule: (name = "db-from-nodes") =>
    res("aws:ec2/securityGroupRule:SecurityGroupRule", name, {
      type: "ingress",
      securityGroupId: "sg-1",
      protocol: "tcp",
      fromPort: 5432,
      toPort: 5432,
      cidrBlocks: ["10.0.1.0/24"],
    }),
  iamPolicy: () =>
    res("aws:iam/policy:Policy", "read-secrets", {
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue"],
            Resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:app-*",
          },
        ],
      }),
    }),
  rolePolicy: () =>
    res("aws:iam/rolePolicy:RolePolicy", "nodes-inline", {
      role: "nodes",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" }],
      }),
    }),
  oidcProvider: () =>
    res("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "eks-oidc", {
      url: "https://oidc.eks.us-east-1.amazonaws.com/id/X",
      clientIdLists: ["sts.amazonaws.com"],
    }),
  natGateway: (name = "nat-a") =>
    res("aws:ec2/natGateway:NatGateway", name, { subnetId: "subnet-a", allocationId: "eipalloc-1" }),
  storageClass: () =>
    res("kubernetes:storage.k8s.io/v1:StorageClass", "gp3", {
      provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true" },
    }),
};
