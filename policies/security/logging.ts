/**
 * Audit trail: EKS control-plane logs on, every log group with a retention (so logs are kept
 * for the audit window and do not grow forever) and, advisory, encrypted with our own key.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { asNumber, asStrings, isSet } from "../lib/values";

interface ControlPlaneLogsConfig {
  requiredLogTypes: string[];
}

/**
 * API, audit and authenticator logs are the minimum to answer "who did what to the cluster".
 * Ref: https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
 */
export const eksControlPlaneLogging: EdgestackPolicy = {
  name: "aws-eks-cluster-require-control-plane-logging",
  description: "EKS clusters must send api, audit and authenticator control-plane logs to CloudWatch.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    'Set `enabledClusterLogTypes: ["api", "audit", "authenticator"]` (add controllerManager/scheduler when debugging) and create the /aws/eks/<name>/cluster log group with a retention first.',
  configSchema: {
    properties: {
      requiredLogTypes: {
        type: "array",
        items: { type: "string", enum: ["api", "audit", "authenticator", "controllerManager", "scheduler"] },
        default: ["api", "audit", "authenticator"],
      },
    },
  },
  validateResource: validateResourceOfType(aws.eks.Cluster, (cluster, args, report) => {
    const { requiredLogTypes } = args.getConfig<ControlPlaneLogsConfig>();
    const enabled = asStrings(cluster.enabledClusterLogTypes);
    const missing = requiredLogTypes.filter((t) => !enabled.includes(t));
    if (missing.length)
      report(
        `EKS control-plane logging must include ${requiredLogTypes.join(", ")}: \`enabledClusterLogTypes\` lacks ${missing.join(", ")}.`,
      );
  }),
};

/** A log group without `retentionInDays` keeps everything forever (and bills for it). */
export const logGroupRetentionSet: EdgestackPolicy = {
  name: "aws-cloudwatch-log-group-require-retention",
  description: "CloudWatch log groups must set a retention period.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation: "Set `retentionInDays` (e.g. 30 in dev, 90-365 in prod) on the aws.cloudwatch.LogGroup.",
  validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (lg, _args, report) => {
    const days = asNumber(lg.retentionInDays);
    if (days === undefined || days <= 0)
      report("Log group must expire its events: `retentionInDays` should be set (0 or unset means never expire).");
  }),
};

/**
 * A customer-managed key lets us revoke access and audit use of the logs. Advisory: CloudWatch
 * Logs already encrypts with an AWS-owned key.
 */
export const logGroupKmsKey: EdgestackPolicy = {
  name: "aws-cloudwatch-log-group-require-kms-key",
  description: "CloudWatch log groups should be encrypted with a customer-managed KMS key.",
  severity: "low",
  enforcementLevel: "advisory",
  remediation:
    "Pass a KMS key ARN as `kmsKeyId` (the key policy must allow the logs.<region>.amazonaws.com principal).",
  validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (lg, _args, report) => {
    if (!isSet(lg.kmsKeyId))
      report("Log group should be encrypted with a customer-managed KMS key: `kmsKeyId` should be set.");
  }),
};

export const loggingPolicies: EdgestackPolicy[] = [eksControlPlaneLogging, logGroupRetentionSet, logGroupKmsKey];
