/**
 * The cluster's two kinds of grants to people and CI: network (who reaches the API endpoint) and identity (who may
 * use it, as EKS access entries). Each returns the resources the Kubernetes provider must wait for.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig } from "../../config";
import { accessEntryPlan, roleArn, roleKey } from "./access";

/**
 * HTTPS into the cluster security group from in-VPC deployers. The private endpoint's ENIs carry only this group,
 * which by default admits only itself (EKS User Guide, "View Amazon EKS security group requirements for clusters"),
 * so a runner in the VPC is refused until a rule admits it.
 */
export function apiIngressRules(
  parent: pulumi.Resource,
  name: string,
  cfg: ClusterConfig["apiAccess"],
  vpcCidr: string,
  clusterSecurityGroupId: pulumi.Input<string>,
): aws.vpc.SecurityGroupIngressRule[] {
  const child = { parent };
  const rule = (
    suffix: string,
    description: string,
    source: { cidrIpv4?: string; referencedSecurityGroupId?: string },
  ) =>
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-api-${suffix}`,
      {
        securityGroupId: clusterSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description,
        ...source,
      },
      child,
    );
  // The VPC's rule keeps its name when network.cidr changes (an update, not a delete + create).
  return [
    ...(cfg.fromVpc ? [rule("vpc", "Kubernetes API from the VPC (in-VPC deployers)", { cidrIpv4: vpcCidr })] : []),
    ...cfg.cidrs
      .filter((c) => !(cfg.fromVpc && c === vpcCidr))
      .map((c) => rule(c.replace(/[./]/g, "-"), `Kubernetes API from ${c}`, { cidrIpv4: c })),
    ...cfg.securityGroupIds.map((sg) =>
      rule(sg, `Kubernetes API from deployer group ${sg}`, { referencedSecurityGroupId: sg }),
    ),
  ];
}

/** Access entries + cluster-scoped access-policy associations for the configured roles (access.ts). */
export function accessEntries(
  parent: pulumi.Resource,
  name: string,
  cfg: ClusterConfig["access"],
  cluster: aws.eks.Cluster,
): aws.eks.AccessPolicyAssociation[] {
  const child = { parent };
  const caller = aws.getCallerIdentityOutput({}, child);
  const partition = aws.getPartitionOutput({}, child);
  return accessEntryPlan(cfg).map((p) => {
    const principalArn = pulumi
      .all([partition.partition, caller.accountId])
      .apply(([part, account]) => roleArn(part, account, p.roleName));
    const entry = new aws.eks.AccessEntry(
      `${name}-access-${roleKey(p.roleName)}`,
      {
        clusterName: cluster.name,
        principalArn,
        type: "STANDARD",
      },
      child,
    );
    return new aws.eks.AccessPolicyAssociation(
      `${name}-access-${roleKey(p.roleName)}`,
      {
        clusterName: cluster.name,
        principalArn: entry.principalArn,
        policyArn: p.policyArn,
        accessScope: { type: "cluster" },
      },
      child,
    );
  });
}
