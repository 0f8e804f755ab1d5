/**
 * Allowed instance sizes per environment. Defaults are the Graviton sizes priced in
 * pricing.ts; policies/config/<env>.json narrows them (burstable t4g in dev, m7g/c7g/r7g in
 * prod). Anything outside the list is either unpriced (the estimate would be wrong) or a
 * size nobody reviewed for this environment.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ReportViolation } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { asArray, asRecord, asStrings, asString } from "../lib/values";

const list = (items: string[], description: string) => ({
  type: "array" as const,
  items: { type: "string" as const, minLength: 1 },
  minItems: 1,
  default: items,
  description,
});

/** One message format for every "size not in the environment's list" violation. */
function reportIfNotAllowed(what: string, value: string, allowed: string[], report: ReportViolation) {
  if (!allowed.includes(value)) report(`${what} ${value} is not allowed here: use one of ${allowed.join(", ")}.`);
}

interface NodeTypesConfig {
  allowedInstanceTypes: string[];
}

export const nodeGroupInstanceTypes: EdgestackPolicy = {
  name: "aws-eks-node-group-allowed-instance-types",
  description:
    "EKS node groups, launch templates and Karpenter NodePools must use instance types allowed for the environment.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Pick a type from the environment's allowedInstanceTypes (policies/config/<env>.json) or add the type there, with its price in pricing.ts, in a reviewed change.",
  configSchema: {
    properties: {
      allowedInstanceTypes: list(
        [
          "t4g.medium",
          "t4g.large",
          "t4g.xlarge",
          "m7g.large",
          "m7g.xlarge",
          "m7g.2xlarge",
          "c7g.large",
          "c7g.xlarge",
          "r7g.large",
        ],
        "EC2 instance types node groups may use.",
      ),
    },
  },
  validateResource: [
    validateResourceOfType(aws.eks.NodeGroup, (ng, args, report) => {
      const { allowedInstanceTypes } = args.getConfig<NodeTypesConfig>();
      const types = asStrings(ng.instanceTypes);
      // No instanceTypes: the type comes from the launch template (checked below) or EKS's t3.medium default.
      if (types.length === 0 && ng.launchTemplate)
        return args.notApplicable("instance type set by the launch template");
      for (const t of types.length ? types : ["t3.medium (EKS default)"])
        reportIfNotAllowed("Node group instance type", t, allowedInstanceTypes, report);
    }),
    validateResourceOfType(aws.ec2.LaunchTemplate, (lt, args, report) => {
      const { allowedInstanceTypes } = args.getConfig<NodeTypesConfig>();
      const t = asString(lt.instanceType);
      if (t === undefined) return args.notApplicable("launch template sets no instance type");
      reportIfNotAllowed("Launch template instance type", t, allowedInstanceTypes, report);
    }),
    (args, report) => {
      // Karpenter NodePools: every family x size (or instance type) their requirements allow.
      if (args.type !== "kubernetes:karpenter.sh/v1:NodePool") return;
      const { allowedInstanceTypes } = args.getConfig<NodeTypesConfig>();
      const reqs = asArray(asRecord(asRecord(asRecord(asRecord(args.props).spec).template).spec).requirements).map(
        asRecord,
      );
      const values = (key: string) => asStrings(reqs.find((r) => r.key === key && r.operator === "In")?.values);
      const explicit = values("node.kubernetes.io/instance-type");
      const types = explicit.length
        ? explicit
        : values("karpenter.k8s.aws/instance-family").flatMap((f) =>
            values("karpenter.k8s.aws/instance-size").map((sz) => `${f}.${sz}`),
          );
      if (types.length === 0)
        return report(
          "NodePool must restrict instance types (node.kubernetes.io/instance-type, or karpenter.k8s.aws/instance-family and instance-size with operator In).",
        );
      for (const t of types) reportIfNotAllowed("NodePool instance type", t, allowedInstanceTypes, report);
    },
  ],
};

interface DbClassesConfig {
  allowedInstanceClasses: string[];
}

export const rdsInstanceClasses: EdgestackPolicy = {
  name: "aws-rds-cluster-instance-allowed-classes",
  description: "Aurora instances must use an instance class allowed for the environment.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation: "Pick a class from the environment's allowedInstanceClasses (db.serverless for Serverless v2).",
  configSchema: {
    properties: {
      allowedInstanceClasses: list(
        ["db.serverless", "db.t4g.medium", "db.t4g.large", "db.r7g.large", "db.r7g.xlarge"],
        "Aurora instance classes; db.serverless means Serverless v2.",
      ),
    },
  },
  validateResource: validateResourceOfType(aws.rds.ClusterInstance, (instance, args, report) => {
    reportIfNotAllowed(
      "Aurora instance class",
      String(instance.instanceClass),
      args.getConfig<DbClassesConfig>().allowedInstanceClasses,
      report,
    );
  }),
};

interface CacheTypesConfig {
  allowedNodeTypes: string[];
}

export const cacheNodeTypes: EdgestackPolicy = {
  name: "aws-elasticache-replication-group-allowed-node-types",
  description: "ElastiCache replication groups must use a node type allowed for the environment.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation: "Pick a node type from the environment's allowedNodeTypes.",
  configSchema: {
    properties: {
      allowedNodeTypes: list(
        ["cache.t4g.micro", "cache.t4g.small", "cache.t4g.medium", "cache.m7g.large", "cache.r7g.large"],
        "ElastiCache node types.",
      ),
    },
  },
  validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (rg, args, report) => {
    reportIfNotAllowed(
      "ElastiCache node type",
      String(rg.nodeType ?? "(unset)"),
      args.getConfig<CacheTypesConfig>().allowedNodeTypes,
      report,
    );
  }),
};

export const instanceClassPolicies: EdgestackPolicy[] = [nodeGroupInstanceTypes, rdsInstanceClasses, cacheNodeTypes];
