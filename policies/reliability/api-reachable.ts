/**
 * The deployer must reach the Kubernetes API of the cluster it deploys objects into. A private-only endpoint is
 * reachable only through the cluster security group, which admits nothing but itself until a rule says otherwise
 * (EKS User Guide, "Cluster API server endpoint" and "View Amazon EKS security group requirements for clusters"):
 * without a 443 rule for an in-VPC runner, or a public endpoint limited to CIDRs, every Kubernetes resource of the
 * stack fails at `pulumi up` with a connection timeout, after the AWS tiers were already created.
 */
import * as aws from "@pulumi/aws";
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { coversPort, ingressOfRule, ingressOfSecurityGroup } from "../lib/ingress";
import { ofType, refersTo } from "../lib/stack";
import { asRecord } from "../lib/values";

const KEYS =
  "edgestack:cluster.apiAccess.fromVpc, cluster.apiAccess.cidrs or cluster.apiAccess.securityGroupIds (in-VPC runner), or cluster.publicAccessCidrs (public endpoint limited to your CIDRs)";

/** A standalone rule that admits 443 into a group the cluster's ENIs carry (its own group, or one it was given). */
function admits443Into(rule: PolicyResource, targets: PolicyResource[]): boolean {
  const ing = ingressOfRule(rule.type, rule.props);
  if (!ing || !coversPort(ing, 443)) return false;
  return targets.some((t) => refersTo(rule, t, "securityGroupId", ["name"]));
}

/** True when something admits HTTPS to the cluster's private endpoint ENIs. */
function privateEndpointReachable(cluster: PolicyResource, resources: PolicyResource[]): boolean {
  // Extra groups the cluster was given (vpcConfig.securityGroupIds) sit on the same ENIs as the cluster group.
  const extraGroups = ofType(resources, aws.ec2.SecurityGroup).filter((sg) =>
    cluster.dependencies.some((d) => d.urn === sg.urn),
  );
  if (extraGroups.some((sg) => ingressOfSecurityGroup(sg.props).some((i) => coversPort(i, 443)))) return true;
  const rules = resources.filter((r) => ingressOfRule(r.type, r.props) !== undefined);
  return rules.some((r) => admits443Into(r, [cluster, ...extraGroups]));
}

export const eksApiReachable: EdgestackPolicy = {
  name: "aws-eks-cluster-api-reachable-by-deployer",
  description:
    "A stack that deploys Kubernetes objects must let its deployer reach the EKS API: a 443 rule into the cluster security group or a public endpoint limited to CIDRs.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: `Set ${KEYS}.`,
  validateStack: (args: StackValidationArgs, report) => {
    if (!args.resources.some((r) => r.type.startsWith("kubernetes:"))) return;
    for (const cluster of ofType(args.resources, aws.eks.Cluster)) {
      // Unset endpointPublicAccess is AWS's default: public (its CIDRs are another rule's concern).
      if (asRecord(cluster.props.vpcConfig).endpointPublicAccess !== false) continue;
      if (privateEndpointReachable(cluster, args.resources)) continue;
      report(
        `EKS cluster "${cluster.name}" has a private-only API endpoint and nothing admits HTTPS (443) into its cluster security group, ` +
          `so the deployer cannot reach the Kubernetes API this stack deploys into: set ${KEYS}.`,
        cluster.urn,
      );
    }
  },
};

export const apiReachablePolicies: EdgestackPolicy[] = [eksApiReachable];
