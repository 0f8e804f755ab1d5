/**
 * Karpenter: node autoscaling beyond the managed node groups. What it needs, as the v1.14 getting-started guide sets
 * it up (aws/karpenter-provider-aws website/content/en/v1.14/getting-started/getting-started-with-karpenter):
 *  - a node IAM role with an EKS access entry of type EC2_LINUX (the cluster authenticates with access entries,
 *    authenticationMode API), and the discovery tag on the private subnets and the cluster security group;
 *  - the controller's IRSA role with the template's five policies (karpenter-iam.ts);
 *  - the interruption queue (SSE, 300 s retention) fed by EventBridge rules, so spot interruptions, rebalance
 *    recommendations, state changes and AWS Health scheduled changes drain nodes before they go;
 *  - the official chart (OCI, pinned; its crds/ install the v1 CRDs on first install), then the EC2NodeClass and
 *    the NodePools, which wait for the release (their CRDs).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { KarpenterConfig } from "../../config";
import { irsaTrustPolicy, serviceTrustPolicy } from "../shared/iam";
import { RELEASES } from "../shared/names";
import { INTERRUPTION_EVENTS, interruptionQueuePolicy, karpenterControllerPolicies } from "./karpenter-iam";
import {
  type CapacityType,
  DISCOVERY_TAG,
  KARPENTER_CHART,
  KARPENTER_NAMESPACE,
  KARPENTER_SERVICE_ACCOUNT,
  karpenterValues,
  NODE_CLASS_NAME,
  nodeClassSpec,
  nodePoolSpec,
} from "./karpenter-specs";

interface KarpenterArgs {
  /** Physical cluster name (known before the cluster exists: tags, queue and policy names use it). */
  clusterName: string;
  cluster: aws.eks.Cluster;
  region: string;
  config: KarpenterConfig;
  privateSubnetIds: pulumi.Input<string>[];
  clusterSecurityGroupId: pulumi.Input<string>;
  oidcProviderArn: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
  k8sProvider: k8s.Provider;
  /** Tags Karpenter stamps on what it launches (provider defaultTags never reach those). */
  instanceTags: Record<string, string>;
}

/** The managed policies the template attaches to KarpenterNodeRole (PullOnly: image pulls need nothing more). */
const NODE_POLICIES = [
  "AmazonEKSWorkerNodePolicy",
  "AmazonEKS_CNI_Policy",
  "AmazonEC2ContainerRegistryPullOnly",
  "AmazonSSMManagedInstanceCore",
];

/** Creates Karpenter's AWS and Kubernetes resources as children of `parent`; returns the Helm release. */
export function createKarpenter(parent: pulumi.Resource, name: string, args: KarpenterArgs): k8s.helm.v3.Release {
  const child = { parent };
  const { clusterName, config: cfg } = args;

  const nodeRole = new aws.iam.Role(
    `${name}-karpenter-node`,
    { assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com") },
    child,
  );
  const nodePolicies = NODE_POLICIES.map(
    (p) =>
      new aws.iam.RolePolicyAttachment(
        `${name}-karpenter-node-${p}`,
        {
          role: nodeRole.name,
          policyArn: pulumi.interpolate`arn:${aws.getPartitionOutput({}, child).partition}:iam::aws:policy/${p}`,
        },
        child,
      ),
  );
  // Nodes join with this role: EC2_LINUX gives them the system:nodes group (no aws-auth ConfigMap involved).
  const accessEntry = new aws.eks.AccessEntry(
    `${name}-karpenter-node`,
    {
      clusterName: args.cluster.name,
      principalArn: nodeRole.arn,
      type: "EC2_LINUX",
    },
    { ...child, dependsOn: nodePolicies },
  );

  // Discovery: the NodeClass selects subnets and security groups carrying this tag.
  args.privateSubnetIds.forEach(
    (id, i) =>
      new aws.ec2.Tag(
        `${name}-karpenter-subnet-${i}`,
        { resourceId: id, key: DISCOVERY_TAG, value: clusterName },
        child,
      ),
  );
  new aws.ec2.Tag(
    `${name}-karpenter-sg`,
    { resourceId: args.clusterSecurityGroupId, key: DISCOVERY_TAG, value: clusterName },
    child,
  );

  const queue = new aws.sqs.Queue(
    `${name}-karpenter-interruption`,
    {
      name: `${clusterName}-karpenter`,
      // Interruption notices are useless after 2 minutes (spot warning); the template keeps them 300 s.
      messageRetentionSeconds: 300,
      sqsManagedSseEnabled: true,
    },
    child,
  );
  new aws.sqs.QueuePolicy(
    `${name}-karpenter-interruption`,
    { queueUrl: queue.url, policy: queue.arn.apply(interruptionQueuePolicy) },
    child,
  );
  for (const [rule, e] of Object.entries(INTERRUPTION_EVENTS)) {
    const r = new aws.cloudwatch.EventRule(
      `${name}-karpenter-${rule}`,
      {
        name: `${clusterName}-karpenter-${rule}`,
        description: `Karpenter interruption handling (${e.detailType})`,
        eventPattern: JSON.stringify({ source: [e.source], "detail-type": [e.detailType] }),
      },
      child,
    );
    new aws.cloudwatch.EventTarget(
      `${name}-karpenter-${rule}`,
      { rule: r.name, targetId: "KarpenterInterruptionQueueTarget", arn: queue.arn },
      child,
    );
  }

  const controllerRole = new aws.iam.Role(
    `${name}-karpenter-controller`,
    {
      assumeRolePolicy: pulumi
        .all([args.oidcProviderArn, args.oidcIssuerUrl])
        .apply(([arn, url]) => irsaTrustPolicy(arn, url, KARPENTER_NAMESPACE, KARPENTER_SERVICE_ACCOUNT)),
    },
    child,
  );
  const scope = pulumi
    .all([
      aws.getPartitionOutput({}, child).partition,
      aws.getCallerIdentityOutput({}, child).accountId,
      nodeRole.arn,
      queue.arn,
    ])
    .apply(([partition, accountId, nodeRoleArn, queueArn]) =>
      karpenterControllerPolicies({ partition, region: args.region, accountId, clusterName, nodeRoleArn, queueArn }),
    );
  const controllerPolicies = [
    "node-lifecycle",
    "iam-integration",
    "eks-integration",
    "interruption",
    "resource-discovery",
  ].map((p) => {
    const policy = new aws.iam.Policy(
      `${name}-karpenter-${p}`,
      {
        name: `${clusterName}-karpenter-${p}`,
        description: `Karpenter controller: ${p} (getting-started CloudFormation, v1.14.1)`,
        policy: scope.apply((docs) => docs[p]),
      },
      child,
    );
    return new aws.iam.RolePolicyAttachment(
      `${name}-karpenter-${p}`,
      { role: controllerRole.name, policyArn: policy.arn },
      child,
    );
  });

  const k8sChild = { parent, provider: args.k8sProvider };
  const release = new k8s.helm.v3.Release(
    `${name}-karpenter`,
    {
      name: RELEASES.karpenter,
      chart: KARPENTER_CHART.chart,
      version: KARPENTER_CHART.version,
      namespace: KARPENTER_NAMESPACE,
      values: karpenterValues({
        clusterName,
        queueName: queue.name,
        controllerRoleArn: controllerRole.arn,
        controller: cfg.controller,
      }),
      atomic: true,
      timeout: 600,
    },
    { ...k8sChild, dependsOn: [...controllerPolicies, queue] },
  );

  // The node class names the node role: nodes can only join once its policies and access entry exist.
  const nodeClass = new k8s.apiextensions.CustomResource(
    `${name}-karpenter-nodeclass`,
    {
      apiVersion: "karpenter.k8s.aws/v1",
      kind: "EC2NodeClass",
      metadata: { name: NODE_CLASS_NAME },
      spec: nodeClassSpec({ nodeRoleName: nodeRole.name, clusterName, config: cfg, tags: args.instanceTags }),
    },
    { ...k8sChild, dependsOn: [release, accessEntry, ...nodePolicies] },
  );
  const pools: [CapacityType, KarpenterConfig["onDemand"], number][] = [
    ["on-demand", cfg.onDemand, 100],
    ["spot", cfg.spot, 10],
  ];
  for (const [capacityType, pool, weight] of pools) {
    if (pool.cpuLimit === 0) continue; // a pool with no room launches nothing: leave it out
    new k8s.apiextensions.CustomResource(
      `${name}-karpenter-${capacityType}`,
      {
        apiVersion: "karpenter.sh/v1",
        kind: "NodePool",
        metadata: { name: capacityType },
        spec: nodePoolSpec({ capacityType, pool, config: cfg, weight }),
      },
      { ...k8sChild, dependsOn: [release, nodeClass] },
    );
  }
  return release;
}
