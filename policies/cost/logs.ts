/**
 * Log storage is billed per GB-month for as long as logs are kept: cap retention per
 * environment (30 days in dev is plenty; prod keeps its audit window). Unset retention is
 * reported by aws-cloudwatch-log-group-require-retention.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { asNumber } from "../lib/values";

interface RetentionConfig {
  maxRetentionDays: number;
}

export const logRetentionCap: EdgestackPolicy = {
  name: "aws-cloudwatch-log-group-limit-retention",
  description: "CloudWatch log groups must not keep logs longer than the environment allows.",
  severity: "low",
  enforcementLevel: "mandatory",
  remediation:
    "Lower `retentionInDays` to the environment's maxRetentionDays; archive to S3 if logs must be kept longer.",
  configSchema: {
    properties: { maxRetentionDays: { type: "integer", minimum: 1, default: 365 } },
  },
  validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (lg, args, report) => {
    const { maxRetentionDays } = args.getConfig<RetentionConfig>();
    const days = asNumber(lg.retentionInDays);
    if (days !== undefined && days > maxRetentionDays)
      report(`Log group keeps logs ${days} days: \`retentionInDays\` should be at most ${maxRetentionDays} here.`);
  }),
};

export const logCostPolicies: EdgestackPolicy[] = [logRetentionCap];
