/**
 * Network exposure: nothing reachable from the internet except ports 80/443 on the edge load
 * balancer's security group, no public databases, an EKS API endpoint limited to known CIDRs,
 * and admin/data ports (SSH, PostgreSQL, Redis) never open beyond the VPC.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType, type PolicyResource, type StackValidationArgs } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { ANY_IPV4, insideAny, isAnyAddress } from "../lib/cidr";
import {
  coversPort,
  describePorts,
  ingressOfRule,
  ingressOfSecurityGroup,
  onlyPorts,
  securityGroupLabel,
  type Ingress,
} from "../lib/ingress";
import { ofType, referencedBy } from "../lib/stack";
import { asRecord, asString, asStrings } from "../lib/values";

/** Aurora instances must never get a public IP. */
export const rdsInstanceNotPublic: EdgestackPolicy = {
  name: "aws-rds-cluster-instance-disallow-public-access",
  description: "Aurora DB instances must not be publicly accessible.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation: "Set `publiclyAccessible: false` and place the instances in the isolated data subnets.",
  validateResource: validateResourceOfType(aws.rds.ClusterInstance, (instance, _args, report) => {
    if (instance.publiclyAccessible === true) {
      report("Aurora instance must not be reachable from the internet: `publiclyAccessible` should be false.");
    }
  }),
};

/**
 * The EKS API endpoint is public by default and open to 0.0.0.0/0. Either make it private
 * (`endpointPublicAccess: false`) or list the CIDRs allowed to reach it.
 */
export const eksEndpointRestricted: EdgestackPolicy = {
  name: "aws-eks-cluster-restrict-public-endpoint",
  description: "The EKS API endpoint must be private or limited to known CIDRs.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set `vpcConfig.endpointPrivateAccess: true` and either `endpointPublicAccess: false` or `publicAccessCidrs` listing the operator/CI CIDRs.",
  validateResource: validateResourceOfType(aws.eks.Cluster, (cluster, _args, report) => {
    const vpc = asRecord(cluster.vpcConfig);
    if (vpc.endpointPublicAccess === false) return;
    // Unset publicAccessCidrs means AWS's default, ["0.0.0.0/0"].
    const cidrs = vpc.publicAccessCidrs === undefined ? [ANY_IPV4] : asStrings(vpc.publicAccessCidrs);
    if (cidrs.length === 0 || cidrs.some(isAnyAddress)) {
      report(
        "EKS public API endpoint must not be open to the whole internet: set `vpcConfig.publicAccessCidrs` to specific CIDRs (not 0.0.0.0/0) or `endpointPublicAccess: false`.",
      );
    }
  }),
};

interface PublicIngressConfig {
  publicPorts: number[];
  allowedPublicSecurityGroupPrefixes: string[];
}

const publicIngressSchema = {
  properties: {
    publicPorts: {
      type: "array",
      items: { type: "integer", minimum: 0, maximum: 65535 },
      default: [80, 443],
      description: "Ports an edge load balancer security group may open to the internet.",
    },
    allowedPublicSecurityGroupPrefixes: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: [],
      description: "Name prefixes of the edge load balancer security groups allowed to admit 0.0.0.0/0 on publicPorts.",
    },
  },
} as const;

function isEdgeGroup(labels: string[], cfg: PublicIngressConfig): boolean {
  return labels.some((l) => cfg.allowedPublicSecurityGroupPrefixes.some((p) => l.startsWith(p)));
}

/** The message for an internet-open rule, or undefined when it is allowed. */
function publicIngressProblem(ing: Ingress, labels: string[], cfg: PublicIngressConfig): string | undefined {
  const open = ing.cidrs.filter(isAnyAddress);
  if (open.length === 0) return undefined;
  if (isEdgeGroup(labels, cfg) && onlyPorts(ing, cfg.publicPorts)) return undefined;
  const allowed = cfg.allowedPublicSecurityGroupPrefixes.length
    ? `security groups named ${cfg.allowedPublicSecurityGroupPrefixes.map((p) => `"${p}*"`).join(", ")}`
    : "no security group (allowedPublicSecurityGroupPrefixes is empty)";
  return `Security group "${labels[0]}" must not admit ${open.join(", ")} on ${describePorts(ing)}: only ports ${cfg.publicPorts.join("/")} on ${allowed} may be open to the internet.`;
}

/** Inline `ingress` blocks of aws.ec2.SecurityGroup. */
export const securityGroupNoPublicIngress: EdgestackPolicy = {
  name: "aws-security-group-disallow-public-ingress",
  description: "Security groups must not admit the internet except 80/443 on the edge load balancer.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Replace 0.0.0.0/0 / ::/0 with the real sources (another security group, the VPC CIDR, Cloudflare's ranges); only the edge load balancer group may open 80/443.",
  configSchema: publicIngressSchema,
  validateResource: validateResourceOfType(aws.ec2.SecurityGroup, (sg, args, report) => {
    const cfg = args.getConfig<PublicIngressConfig>();
    const props = asRecord(sg);
    const labels = [securityGroupLabel(props, args.name), args.name];
    for (const ing of ingressOfSecurityGroup(props)) {
      const problem = publicIngressProblem(ing, labels, cfg);
      if (problem) report(problem);
    }
  }),
};

/** The security group a standalone rule belongs to (through its `securityGroupId` dependency). */
function owningGroup(rule: PolicyResource, groups: PolicyResource[]): PolicyResource | undefined {
  return referencedBy(rule, groups, "securityGroupId", ["name"])[0];
}

function standaloneIngress(resources: PolicyResource[]) {
  const groups = ofType(resources, aws.ec2.SecurityGroup);
  return resources.flatMap((r) => {
    const ing = ingressOfRule(r.type, r.props);
    if (!ing) return [];
    const owner = owningGroup(r, groups);
    const labels = owner ? [securityGroupLabel(owner.props, owner.name), owner.name, r.name] : [r.name];
    return [{ resource: r, ing, labels }];
  });
}

/**
 * Standalone rules (aws.vpc.SecurityGroupIngressRule, aws.ec2.SecurityGroupRule type
 * "ingress"). A stack rule because the edge allowance depends on the owning group's name.
 */
export const securityGroupRuleNoPublicIngress: EdgestackPolicy = {
  name: "aws-security-group-rule-disallow-public-ingress",
  description: "Security group rules must not admit the internet except 80/443 on the edge load balancer.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Use a specific source (`referencedSecurityGroupId`, the VPC CIDR, Cloudflare's ranges) instead of 0.0.0.0/0 / ::/0.",
  configSchema: publicIngressSchema,
  validateStack: (args: StackValidationArgs, report) => {
    const cfg = args.getConfig<PublicIngressConfig>();
    for (const { resource, ing, labels } of standaloneIngress(args.resources)) {
      const problem = publicIngressProblem(ing, labels, cfg);
      if (problem) report(problem, resource.urn);
    }
  },
};

interface SensitivePortsConfig {
  sensitivePorts: number[];
  extraAllowedCidrs: string[];
}

/**
 * SSH (22), PostgreSQL (5432) and Redis (6379) may only be reached from inside the VPC (the
 * VPCs' `cidrBlock`s in this stack, plus `extraAllowedCidrs`). A stack rule because the
 * VPC's CIDR is another resource's input.
 */
export const sensitivePortsInsideVpc: EdgestackPolicy = {
  name: "aws-security-group-restrict-sensitive-ports-to-vpc",
  description: "SSH, PostgreSQL and Redis ports must only admit sources inside the VPC.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Admit these ports only from security groups (nodes, proxy) or the VPC CIDR; use SSM Session Manager instead of SSH.",
  configSchema: {
    properties: {
      sensitivePorts: { type: "array", items: { type: "integer" }, default: [22, 5432, 6379] },
      extraAllowedCidrs: { type: "array", items: { type: "string" }, default: [] },
    },
  },
  validateStack: (args: StackValidationArgs, report) => {
    const cfg = args.getConfig<SensitivePortsConfig>();
    const vpcCidrs = [
      ...ofType(args.resources, aws.ec2.Vpc).map((v) => asString(v.props.cidrBlock)),
      ...ofType(args.resources, aws.ec2.VpcIpv4CidrBlockAssociation).map((a) => asString(a.props.cidrBlock)),
    ].filter((c): c is string => !!c);
    const allowed = [...vpcCidrs, ...cfg.extraAllowedCidrs];
    const groups = ofType(args.resources, aws.ec2.SecurityGroup).flatMap((sg) =>
      ingressOfSecurityGroup(sg.props).map((ing) => ({
        resource: sg,
        ing,
        labels: [securityGroupLabel(sg.props, sg.name)],
      })),
    );
    for (const { resource, ing, labels } of [...groups, ...standaloneIngress(args.resources)]) {
      const ports = cfg.sensitivePorts.filter((p) => coversPort(ing, p));
      const outside = ing.cidrs.filter((c) => !insideAny(c, allowed));
      if (ports.length && outside.length) {
        report(
          `"${labels[0]}" must not admit ${outside.join(", ")} on port ${ports.join("/")}: these ports may only be reached from inside the VPC (${allowed.join(", ") || "no VPC CIDR found"}).`,
          resource.urn,
        );
      }
    }
  },
};

export const networkPolicies: EdgestackPolicy[] = [
  rdsInstanceNotPublic,
  eksEndpointRestricted,
  securityGroupNoPublicIngress,
  securityGroupRuleNoPublicIngress,
  sensitivePortsInsideVpc,
];
