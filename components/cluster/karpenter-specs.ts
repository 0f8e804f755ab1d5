/**
 * Pure specs of what Karpenter is told: the Helm values of the official chart and the v1 API objects
 * (`karpenter.k8s.aws/v1 EC2NodeClass`, `karpenter.sh/v1 NodePool`). Field names checked against the chart's
 * values.yaml and CRDs of v1.14.1 (aws/karpenter-provider-aws charts/karpenter/values.yaml and pkg/apis/crds/,
 * 2026-12-03).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { KarpenterConfig } from "../../config";

/** The official chart from its OCI registry, pinned. 1.14 supports Kubernetes 1.30-1.36 (docs v1.14 "Compatibility"). */
export const KARPENTER_CHART = { chart: "oci://public.ecr.aws/karpenter/karpenter", version: "1.14.1" } as const;
export const KARPENTER_NAMESPACE = "kube-system";
export const KARPENTER_SERVICE_ACCOUNT = "karpenter";
/** Tag Karpenter selects subnets and security groups by (docs "Getting Started": `karpenter.sh/discovery: <cluster>`). */
export const DISCOVERY_TAG = "karpenter.sh/discovery";
export const NODE_CLASS_NAME = "default";

interface KarpenterValuesInputs {
  clusterName: string;
  queueName: pulumi.Input<string>;
  controllerRoleArn: pulumi.Input<string>;
  controller: KarpenterConfig["controller"];
}

export function karpenterValues(i: KarpenterValuesInputs): Record<string, unknown> {
  return {
    replicas: i.controller.replicas,
    serviceAccount: {
      create: true,
      name: KARPENTER_SERVICE_ACCOUNT,
      annotations: { "eks.amazonaws.com/role-arn": i.controllerRoleArn },
    },
    controller: {
      // The chart sets no requests by default: without them the gate could not count the controller.
      resources: {
        requests: { cpu: i.controller.cpuRequest, memory: i.controller.memoryRequest },
        limits: { memory: i.controller.memoryRequest },
      },
    },
    settings: { clusterName: i.clusterName, interruptionQueue: i.queueName },
    // The chart's default affinity already keeps the controller off Karpenter's own nodes
    // (karpenter.sh/nodepool DoesNotExist): it runs on the managed node group, as the docs require.
  };
}

interface NodeClassInputs {
  nodeRoleName: pulumi.Input<string>;
  clusterName: string;
  config: Pick<KarpenterConfig, "amiAlias" | "diskSizeGiB">;
  tags: Record<string, string>;
}

export function nodeClassSpec(i: NodeClassInputs): Record<string, unknown> {
  const discovery = [{ tags: { [DISCOVERY_TAG]: i.clusterName } }];
  return {
    role: i.nodeRoleName,
    amiSelectorTerms: [{ alias: i.config.amiAlias }],
    subnetSelectorTerms: discovery,
    securityGroupSelectorTerms: discovery,
    // IMDSv2 only; 2 hops so pods behind the VPC CNI can still reach IMDS where they need the node role
    // (same as the managed node groups' launch template).
    metadataOptions: {
      httpEndpoint: "enabled",
      httpProtocolIPv6: "disabled",
      httpPutResponseHopLimit: 2,
      httpTokens: "required",
    },
    // Encrypted with the account's EBS key, like the managed node groups: the cluster's KMS key encrypts Secrets
    // and its key policy stays limited to EKS (a CMK here would need grants for the EC2 and Karpenter roles).
    blockDeviceMappings: [
      {
        deviceName: "/dev/xvda",
        rootVolume: true,
        ebs: { volumeSize: `${i.config.diskSizeGiB}Gi`, volumeType: "gp3", encrypted: true, deleteOnTermination: true },
      },
    ],
    // Provider defaultTags do not reach what Karpenter launches: the node class stamps them on instances,
    // volumes, network interfaces and launch templates (the CRD refuses kubernetes.io/cluster/* and karpenter.* keys).
    tags: i.tags,
  };
}

export type CapacityType = "on-demand" | "spot";

interface NodePoolInputs {
  capacityType: CapacityType;
  pool: KarpenterConfig["onDemand"];
  config: Pick<KarpenterConfig, "consolidateAfter" | "disruptionBudgetPercent">;
  /** Higher first: the on-demand pool is filled before the spot pool is used. */
  weight: number;
}

export function nodePoolSpec(i: NodePoolInputs): Record<string, unknown> {
  return {
    weight: i.weight,
    template: {
      metadata: { labels: { "edgestack.io/capacity-type": i.capacityType } },
      spec: {
        nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: NODE_CLASS_NAME },
        requirements: [
          { key: "kubernetes.io/arch", operator: "In", values: ["arm64"] },
          { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
          { key: "karpenter.sh/capacity-type", operator: "In", values: [i.capacityType] },
          { key: "karpenter.k8s.aws/instance-family", operator: "In", values: [...i.pool.instanceFamilies] },
          { key: "karpenter.k8s.aws/instance-size", operator: "In", values: [...i.pool.instanceSizes] },
        ],
        // Nodes are replaced at least monthly (patched AMIs within the pinned alias' drift, fresh kernels).
        expireAfter: "720h",
      },
    },
    disruption: {
      consolidationPolicy: "WhenEmptyOrUnderutilized",
      consolidateAfter: i.config.consolidateAfter,
      // Karpenter evicts through the Eviction API, so every PodDisruptionBudget still holds; this caps how many
      // nodes voluntary disruption (consolidation, drift, expiry) takes at once on top of that.
      budgets: [{ nodes: `${i.config.disruptionBudgetPercent}%` }],
    },
    limits: { cpu: String(i.pool.cpuLimit), memory: `${i.pool.memoryLimitGiB}Gi` },
  };
}
