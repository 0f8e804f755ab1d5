/**
 * Karpenter's controller permissions, transcribed from the getting-started CloudFormation template of the release we
 * install: aws/karpenter-provider-aws, website/content/en/v1.14/getting-started/getting-started-with-karpenter/
 * cloudformation.yaml (v1.14.1, checked 2026-12-03): KarpenterControllerNodeLifecyclePolicy, ...IAMIntegrationPolicy,
 * ...EKSIntegrationPolicy, ...InterruptionPolicy and ...ResourceDiscoveryPolicy, one managed policy each (a single
 * document would pass IAM's 6,144-character managed-policy limit). The ZonalShift policy is left out: the chart's
 * `settings.enableZonalShift` stays false. Pure: statements only, the caller fills the ARNs.
 */
import { policyDocument, type PolicyStatement } from "../shared/iam";

interface KarpenterIamScope {
  partition: string;
  region: string;
  accountId: string;
  clusterName: string;
  nodeRoleArn: string;
  queueArn: string;
}

const CLUSTER_OWNED = (c: string) => `kubernetes.io/cluster/${c}`;

function nodeLifecycle(s: KarpenterIamScope): PolicyStatement[] {
  const ec2 = (what: string) => `arn:${s.partition}:ec2:${s.region}:*:${what}`;
  const tagged = [
    ec2("fleet/*"),
    ec2("instance/*"),
    ec2("volume/*"),
    ec2("network-interface/*"),
    ec2("launch-template/*"),
    ec2("spot-instances-request/*"),
  ];
  const owned = { [`aws:ResourceTag/${CLUSTER_OWNED(s.clusterName)}`]: "owned" };
  const requestOwned = {
    [`aws:RequestTag/${CLUSTER_OWNED(s.clusterName)}`]: "owned",
    "aws:RequestTag/eks:eks-cluster-name": s.clusterName,
  };
  return [
    {
      Sid: "AllowScopedEC2InstanceAccessActions",
      Effect: "Allow",
      Action: ["ec2:RunInstances", "ec2:CreateFleet"],
      Resource: [
        `arn:${s.partition}:ec2:${s.region}::image/*`,
        `arn:${s.partition}:ec2:${s.region}::snapshot/*`,
        ec2("security-group/*"),
        ec2("subnet/*"),
        ec2("capacity-reservation/*"),
        ec2("placement-group/*"),
      ],
    },
    {
      Sid: "AllowScopedEC2LaunchTemplateAccessActions",
      Effect: "Allow",
      Action: ["ec2:RunInstances", "ec2:CreateFleet"],
      Resource: ec2("launch-template/*"),
      Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
    },
    {
      Sid: "AllowScopedEC2InstanceActionsWithTags",
      Effect: "Allow",
      Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
      Resource: tagged,
      Condition: { StringEquals: requestOwned, StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" } },
    },
    {
      Sid: "AllowScopedResourceCreationTagging",
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: tagged,
      Condition: {
        StringEquals: { ...requestOwned, "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"] },
        StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
      },
    },
    {
      Sid: "AllowScopedResourceTagging",
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: ec2("instance/*"),
      Condition: {
        StringEquals: owned,
        StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
        StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": s.clusterName },
        "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
      },
    },
    {
      Sid: "AllowScopedDeletion",
      Effect: "Allow",
      Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
      Resource: [ec2("instance/*"), ec2("launch-template/*")],
      Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
    },
  ];
}

function iamIntegration(s: KarpenterIamScope): PolicyStatement[] {
  const profiles = `arn:${s.partition}:iam::${s.accountId}:instance-profile/*`;
  const owned = CLUSTER_OWNED(s.clusterName);
  return [
    {
      Sid: "AllowPassingInstanceRole",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: s.nodeRoleArn,
      Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } },
    },
    {
      Sid: "AllowScopedInstanceProfileCreationActions",
      Effect: "Allow",
      Action: ["iam:CreateInstanceProfile"],
      Resource: profiles,
      Condition: {
        StringEquals: {
          [`aws:RequestTag/${owned}`]: "owned",
          "aws:RequestTag/eks:eks-cluster-name": s.clusterName,
          "aws:RequestTag/topology.kubernetes.io/region": s.region,
        },
        StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
      },
    },
    {
      Sid: "AllowScopedInstanceProfileTagActions",
      Effect: "Allow",
      Action: ["iam:TagInstanceProfile"],
      Resource: profiles,
      Condition: {
        StringEquals: {
          [`aws:ResourceTag/${owned}`]: "owned",
          "aws:ResourceTag/topology.kubernetes.io/region": s.region,
          [`aws:RequestTag/${owned}`]: "owned",
          "aws:RequestTag/eks:eks-cluster-name": s.clusterName,
          "aws:RequestTag/topology.kubernetes.io/region": s.region,
        },
        StringLike: {
          "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*",
          "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*",
        },
      },
    },
    {
      Sid: "AllowScopedInstanceProfileActions",
      Effect: "Allow",
      Action: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
      Resource: profiles,
      Condition: {
        StringEquals: {
          [`aws:ResourceTag/${owned}`]: "owned",
          "aws:ResourceTag/topology.kubernetes.io/region": s.region,
        },
        StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
      },
    },
  ];
}

function eksIntegration(s: KarpenterIamScope): PolicyStatement[] {
  return [
    {
      Sid: "AllowAPIServerEndpointDiscovery",
      Effect: "Allow",
      Action: "eks:DescribeCluster",
      Resource: `arn:${s.partition}:eks:${s.region}:${s.accountId}:cluster/${s.clusterName}`,
    },
  ];
}

function interruption(s: KarpenterIamScope): PolicyStatement[] {
  return [
    {
      Sid: "AllowInterruptionQueueActions",
      Effect: "Allow",
      Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
      Resource: s.queueArn,
    },
  ];
}

function resourceDiscovery(s: KarpenterIamScope): PolicyStatement[] {
  return [
    {
      // Describe* calls cannot be scoped to resources; the condition keeps them to this region.
      Sid: "AllowRegionalReadActions",
      Effect: "Allow",
      Resource: "*",
      Action: [
        "ec2:DescribeCapacityReservations",
        "ec2:DescribeImages",
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceStatus",
        "ec2:DescribeInstanceTypeOfferings",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribePlacementGroups",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSpotPriceHistory",
        "ec2:DescribeSubnets",
      ],
      Condition: { StringEquals: { "aws:RequestedRegion": s.region } },
    },
    {
      Sid: "AllowSSMReadActions",
      Effect: "Allow",
      Action: "ssm:GetParameter",
      Resource: `arn:${s.partition}:ssm:${s.region}::parameter/aws/service/*`,
    },
    { Sid: "AllowPricingReadActions", Effect: "Allow", Action: "pricing:GetProducts", Resource: "*" },
    {
      Sid: "AllowUnscopedInstanceProfileListAction",
      Effect: "Allow",
      Action: "iam:ListInstanceProfiles",
      Resource: "*",
    },
    {
      Sid: "AllowInstanceProfileReadActions",
      Effect: "Allow",
      Action: "iam:GetInstanceProfile",
      Resource: `arn:${s.partition}:iam::${s.accountId}:instance-profile/*`,
    },
  ];
}

/** The five controller policy documents, by the CloudFormation template's policy name suffix. */
export function karpenterControllerPolicies(s: KarpenterIamScope): Record<string, string> {
  return {
    "node-lifecycle": policyDocument(nodeLifecycle(s)),
    "iam-integration": policyDocument(iamIntegration(s)),
    "eks-integration": policyDocument(eksIntegration(s)),
    interruption: policyDocument(interruption(s)),
    "resource-discovery": policyDocument(resourceDiscovery(s)),
  };
}

/**
 * The interruption queue's policy (CloudFormation `KarpenterInterruptionQueuePolicy`): EventBridge (and SQS itself)
 * may send; nothing may use the queue without TLS.
 */
export function interruptionQueuePolicy(queueArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Id: "EC2InterruptionPolicy",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
        Action: "sqs:SendMessage",
        Resource: queueArn,
      },
      {
        Sid: "DenyHTTP",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: queueArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
}

/** EventBridge patterns whose events Karpenter handles (same template: five rules into the queue). */
export const INTERRUPTION_EVENTS: Record<string, { source: string; detailType: string }> = {
  "scheduled-change": { source: "aws.health", detailType: "AWS Health Event" },
  "spot-interruption": { source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning" },
  rebalance: { source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation" },
  "state-change": { source: "aws.ec2", detailType: "EC2 Instance State-change Notification" },
  "capacity-reservation-interruption": {
    source: "aws.ec2",
    detailType: "EC2 Capacity Reservation Instance Interruption Warning",
  },
};
