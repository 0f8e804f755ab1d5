/**
 * The typed shape of edgestack's configuration, as zod schemas with messages that say what is allowed.
 * `config/index.ts` is the only reader of `pulumi.Config`; it merges the environment defaults table over
 * these schemas and reports every problem as `edgestack:<key.path>: <what is allowed>, got <value>`.
 * This file: the network and cluster tiers; field builders in schema-fields.ts, the data tier in schema-data.ts,
 * the workload side in schema-workloads.ts, schema-edge.ts, schema-monitoring.ts, schema-mesh.ts.
 */
import { z } from "zod";
import { clusterVersionIssues } from "../components/cluster/versions";
import { EKS_CALENDAR } from "../policies/lib/eks-versions";
import {
  bool,
  cidr,
  dnsLabel,
  gravitonInstanceType,
  intIn,
  knownVersion,
  logRetention,
  oneOf,
  pattern,
} from "./schema-fields";

const INTERFACE_ENDPOINTS = [
  "ecr.api",
  "ecr.dkr",
  "sts",
  "secretsmanager",
  "logs",
  "ssm",
  "kms",
  "elasticloadbalancing",
  "autoscaling",
  "ec2",
] as const;

export const networkSchema = z
  .strictObject({
    cidr: cidr()
      .refine(
        (c) => {
          const p = Number(c.split("/")[1]);
          return p >= 16 && p <= 20;
        },
        { error: "expected a VPC CIDR with a prefix between /16 and /20" },
      )
      .describe("VPC CIDR (/16../20). Different per environment so the VPCs can be peered later."),
    azCount: intIn(2, 6).describe(
      "Availability zones used (subnets, NAT, EKS nodes, Aurora/ElastiCache placement). 3 in prod for HA; dev uses 2 (the minimum EKS and Aurora accept).",
    ),
    natGateways: intIn(1, 6).describe(
      "NAT gateways: one per AZ in prod (an AZ outage does not cut egress for the others), one shared in dev ($32/month each).",
    ),
    interfaceEndpoints: z
      .array(oneOf(INTERFACE_ENDPOINTS))
      .describe(
        "Interface VPC endpoints in the private subnets ($7.30 per AZ-month each). prod: STS (IRSA token exchange must not depend on NAT); ECR layers use the free S3 gateway endpoint; add ecr.api/ecr.dkr/secretsmanager/logs when their NAT traffic passes ~490 GB/month each. dev: none.",
      ),
    flowLogRetentionDays: logRetention().describe("Retention of the VPC flow-log group (a CloudWatch-accepted value)."),
  })
  .superRefine((n, ctx) => {
    if (n.natGateways > n.azCount)
      ctx.addIssue({
        code: "custom",
        path: ["natGateways"],
        input: n.natGateways,
        message: `expected at most azCount (${n.azCount}) NAT gateways`,
      });
  });

const nodeGroupSchema = z
  .strictObject({
    name: dnsLabel(),
    instanceTypes: z.array(gravitonInstanceType()).min(1, { error: "expected at least one instance type" }),
    capacityType: oneOf(["ON_DEMAND", "SPOT"] as const),
    minSize: intIn(0, 100),
    maxSize: intIn(1, 100),
    desiredSize: intIn(0, 100),
    diskSizeGiB: intIn(20, 1000),
  })
  .superRefine((g, ctx) => {
    if (g.minSize > g.maxSize)
      ctx.addIssue({
        code: "custom",
        path: ["minSize"],
        input: g.minSize,
        message: `expected minSize <= maxSize (${g.maxSize})`,
      });
    if (g.desiredSize < g.minSize || g.desiredSize > g.maxSize)
      ctx.addIssue({
        code: "custom",
        path: ["desiredSize"],
        input: g.desiredSize,
        message: `expected desiredSize between minSize (${g.minSize}) and maxSize (${g.maxSize})`,
      });
  });

const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** An IAM role name, optionally with its path ("ci/edgestack-deploy"): access entries accept role ARNs with paths. */
const iamRoleName = () =>
  pattern(
    /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/,
    'expected an IAM role name (optionally path/name) such as "edgestack-deploy"',
  );
const SECURITY_GROUP_ID = /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/;

export const clusterSchema = z
  .strictObject({
    version: knownVersion(EKS_CALENDAR, "1.35").describe(
      "EKS Kubernetes version, one the support calendar knows (policies/lib/eks-versions.ts). A policy fails it past the end of standard support, so the cluster never bills extended support (6× control-plane price).",
    ),
    publicAccessCidrs: z
      .array(
        cidr().refine((c) => !c.endsWith("/0"), {
          error: "expected a restricted CIDR (not /0): the API endpoint must not be open to the internet",
        }),
      )
      .describe(
        "CIDRs allowed to reach the EKS API from outside the VPC (operators' VPN, CI egress). Empty = private endpoint only. /0 is refused.",
      ),
    /** In-VPC deployers: HTTPS (443) into the cluster security group, which the private endpoint's ENIs carry. */
    apiAccess: z.strictObject({
      fromVpc: bool().describe(
        "Admit HTTPS (443) from the whole VPC CIDR into the cluster security group: a runner anywhere in the VPC (self-hosted or CodeBuild) reaches the private API endpoint (docs/deploying.md).",
      ),
      cidrs: z
        .array(
          cidr().refine((c) => Number(c.split("/")[1]) >= 8, {
            error: "expected a private network CIDR of /8 or longer",
          }),
        )
        .describe("Other private CIDRs (peered VPCs, VPN) admitted on 443 to the cluster security group."),
      securityGroupIds: z
        .array(pattern(SECURITY_GROUP_ID, "expected a security group id such as sg-0123456789abcdef0"))
        .describe("Security groups (e.g. a CodeBuild runner's) admitted on 443 to the cluster security group."),
    }),
    access: z.strictObject({
      deployRoleName: iamRoleName().describe(
        "IAM role name the deploy workflow assumes (cluster admin). ARNs are built from the caller's account at deploy time.",
      ),
      clusterCreatorRoleName: iamRoleName().describe(
        "Role that created the cluster: EKS's own bootstrap entry makes it admin, so no access entry is created for it (one entry per principal).",
      ),
      adminRoleNames: z
        .array(iamRoleName())
        .describe("Roles granted AmazonEKSClusterAdminPolicy through access entries (operators)."),
      viewerRoleNames: z.array(iamRoleName()).describe("Roles granted AmazonEKSViewPolicy (read-only, no Secrets)."),
      readAllRoleNames: z
        .array(iamRoleName())
        .describe(
          "Roles granted AmazonEKSAdminViewPolicy (read everything incl. Secrets), e.g. the drift workflow's refresh.",
        ),
    }),
    /** What the deployed control plane runs; see components/cluster/versions.ts. */
    pinned: z.strictObject({
      version: knownVersion(EKS_CALENDAR, "1.35").describe(
        "The control plane's running version: cluster.version may equal it or be the next minor (one-step upgrades); set it to the running version after an AWS-initiated upgrade.",
      ),
    }),
    logTypes: z
      .array(oneOf(CONTROL_PLANE_LOG_TYPES))
      .min(1, { error: "expected at least one control-plane log type" })
      .describe("Control-plane log types sent to CloudWatch. prod logs all five; dev keeps api/audit/authenticator."),
    logRetentionDays: logRetention().describe("Retention of the control-plane log group."),
    nodeGroups: z
      .array(nodeGroupSchema)
      .min(1, { error: "expected at least one node group" })
      .describe(
        "Managed node groups (Graviton only): name, instanceTypes, capacityType ON_DEMAND|SPOT, min/max/desired size, root volume GiB. One ON_DEMAND group with minSize > 0 is required for system pods; prod adds a SPOT burst group.",
      ),
  })
  .superRefine((c, ctx) => {
    const names = c.nodeGroups.map((g) => g.name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i)
        ctx.addIssue({
          code: "custom",
          path: ["nodeGroups", i, "name"],
          input: n,
          message: "expected unique node group names",
        });
    });
    clusterVersionIssues(c).forEach((i) =>
      ctx.addIssue({ code: "custom", path: i.path, input: i.input, message: i.message }),
    );
    if (!c.nodeGroups.some((g) => g.capacityType === "ON_DEMAND" && g.minSize > 0)) {
      ctx.addIssue({
        code: "custom",
        path: ["nodeGroups"],
        input: names,
        message: "expected an ON_DEMAND node group with minSize > 0 (the base capacity for system pods)",
      });
    }
  });
