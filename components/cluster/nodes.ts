/**
 * The nodes' side of the cluster tier: the role every managed node runs as and one managed node group per config
 * entry, each on its own launch template (IMDSv2 required, hop limit 2, encrypted gp3 root, tagged instances).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NodeGroupConfig } from "../../config";
import { serviceTrustPolicy } from "../shared/iam";

const NODE_POLICIES = [
  "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
  "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
  "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
  "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
];

/** The node role and its managed policies (the node groups wait for the policies). */
export function createNodeRole(
  parent: pulumi.Resource,
  name: string,
): { nodeRole: aws.iam.Role; nodePolicies: aws.iam.RolePolicyAttachment[] } {
  const child = { parent };
  const nodeRole = new aws.iam.Role(
    `${name}-nodes`,
    { assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com") },
    child,
  );
  const nodePolicies = NODE_POLICIES.map(
    (policyArn) =>
      new aws.iam.RolePolicyAttachment(
        `${name}-nodes-${policyArn.split("/").pop()}`,
        { role: nodeRole.name, policyArn },
        child,
      ),
  );
  return { nodeRole, nodePolicies };
}

/** One managed node group on its own launch template (IMDSv2 required, hop limit 2, encrypted gp3 root). */
export function createNodeGroup(
  parent: pulumi.Resource,
  name: string,
  clusterName: string,
  g: NodeGroupConfig,
  cluster: aws.eks.Cluster,
  nodeRole: aws.iam.Role,
  args: { instanceTags: Record<string, string>; privateSubnetIds: pulumi.Input<string>[] },
  dependsOn: pulumi.Resource[],
): aws.eks.NodeGroup {
  const child = { parent };
  const instanceTags = { ...args.instanceTags, Name: `${clusterName}-${g.name}` };
  const lt = new aws.ec2.LaunchTemplate(
    `${name}-${g.name}`,
    {
      namePrefix: `${clusterName}-${g.name}-`,
      description: `${clusterName} node group ${g.name}`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        // 2 hops: pods behind the CNI can still reach IMDS for the node role where needed.
        httpPutResponseHopLimit: 2,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { volumeSize: g.diskSizeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
        },
      ],
      monitoring: { enabled: true },
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
        resourceType,
        tags: instanceTags,
      })),
    },
    child,
  );
  return new aws.eks.NodeGroup(
    `${name}-${g.name}`,
    {
      clusterName: cluster.name,
      nodeGroupNamePrefix: `${g.name}-`,
      nodeRoleArn: nodeRole.arn,
      subnetIds: args.privateSubnetIds,
      // Follows the control plane: without `version` a node group stays on the version it was created with (the
      // provider only diffs it when set), and kubelets may not be newer than the API server.
      version: cluster.version,
      amiType: "AL2023_ARM_64_STANDARD",
      capacityType: g.capacityType,
      instanceTypes: g.instanceTypes,
      scalingConfig: { minSize: g.minSize, maxSize: g.maxSize, desiredSize: g.desiredSize },
      updateConfig: { maxUnavailablePercentage: 33 },
      launchTemplate: { id: lt.id, version: lt.latestVersion.apply(String) },
      labels: { "edgestack.io/node-group": g.name, "edgestack.io/capacity-type": g.capacityType.toLowerCase() },
    },
    {
      ...child,
      dependsOn,
      // Scaling beyond the group is Karpenter's (new nodes, not desiredSize); keep a hand-set desiredSize.
      ignoreChanges: ["scalingConfig.desiredSize"],
    },
  );
}
