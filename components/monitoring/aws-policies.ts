import { policyDocument } from "../shared/iam";

/**
 * IAM documents and budget settings of the monitoring tier's AWS side, as pure functions of names and ids.
 */

/**
 * Services that publish to the alert topic: CloudWatch alarms, AWS Budgets and EventBridge rules (backup restore
 * results, image scan findings). An EventBridge target on a KMS-encrypted topic needs kms:Decrypt and
 * kms:GenerateDataKey for events.amazonaws.com in the key policy (EventBridge user guide, "Amazon SNS permissions").
 */
export const ALERT_PUBLISHERS = ["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "events.amazonaws.com"] as const;

/**
 * Key policy of the alert topic's KMS key. The AWS-managed `alias/aws/sns` key cannot be used: its policy does not
 * let CloudWatch alarms or Budgets use it, so their notifications would fail (AWS re:Post "configure a CloudWatch
 * alarm with an encrypted SNS topic"). The account keeps administering the key through IAM.
 */
export function alertKeyPolicy(accountId: string): string {
  return policyDocument([
    {
      Sid: "AccountAdministersThroughIam",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    },
    {
      Sid: "AlertPublishersEncrypt",
      Effect: "Allow",
      Principal: { Service: [...ALERT_PUBLISHERS] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    },
  ]);
}

/**
 * Topic policy: CloudWatch may publish for this stack's alarms only, Budgets for this account's budgets only,
 * EventBridge for this stack's rules only (names under the same prefix as the alarms); the source conditions stop
 * another account's alarm, budget or rule from using the topic (confused deputy).
 */
export function alertTopicPolicy(topicArn: string, accountId: string, region: string, alarmNamePrefix: string): string {
  return policyDocument([
    {
      Sid: "CloudWatchAlarmsPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: {
        ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${region}:${accountId}:alarm:${alarmNamePrefix}*` },
        StringEquals: { "aws:SourceAccount": accountId },
      },
    },
    {
      Sid: "BudgetsPublish",
      Effect: "Allow",
      Principal: { Service: "budgets.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: {
        ArnLike: { "aws:SourceArn": `arn:aws:budgets::${accountId}:*` },
        StringEquals: { "aws:SourceAccount": accountId },
      },
    },
    {
      Sid: "EventBridgeRulesPublish",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: {
        ArnLike: { "aws:SourceArn": `arn:aws:events:${region}:${accountId}:rule/${alarmNamePrefix}*` },
        StringEquals: { "aws:SourceAccount": accountId },
      },
    },
  ]);
}

/**
 * What Alertmanager's SNS receiver needs (IRSA role of its service account): publish to the alert topic only, and
 * use the topic's KMS key for the envelope SNS encrypts the message with. A publisher to an SSE topic needs
 * kms:GenerateDataKey* and kms:Decrypt on the key (Amazon SNS developer guide, "Managing Amazon SNS encryption keys
 * and costs": the key policy must allow them, ours does through the account's IAM statement).
 */
export function alertmanagerPublishPolicy(topicArn: string, keyArn: string): string {
  return policyDocument([
    { Sid: "PublishAlerts", Effect: "Allow", Action: "sns:Publish", Resource: topicArn },
    { Sid: "EncryptForTheTopic", Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: keyArn },
  ]);
}

/**
 * What Grafana's CloudWatch datasource needs to draw metrics (the metrics part of AWS's
 * AmazonGrafanaCloudWatchAccess, without Logs Insights): read-only, account-wide by nature of the APIs.
 */
export function grafanaCloudWatchPolicy(xray = false): string {
  return policyDocument([
    // The X-Ray datasource plugin's minimum policy (grafana/x-ray-datasource README, "IAM policies"; checked
    // 2026-08 at 2.17.2): read-only trace queries, account-wide by nature of the APIs.
    ...(xray
      ? [
          {
            Sid: "ReadTraces",
            Effect: "Allow" as const,
            Action: [
              "xray:BatchGetTraces",
              "xray:GetTraceSummaries",
              "xray:GetTraceGraph",
              "xray:GetGroups",
              "xray:GetTimeSeriesServiceStatistics",
              "xray:GetInsightSummaries",
              "xray:GetInsight",
              "xray:GetServiceGraph",
            ],
            Resource: "*",
          },
        ]
      : []),
    {
      Sid: "ReadMetricsAndAlarms",
      Effect: "Allow",
      Action: [
        "cloudwatch:DescribeAlarmsForMetric",
        "cloudwatch:DescribeAlarmHistory",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:ListMetrics",
        "cloudwatch:GetMetricStatistics",
        "cloudwatch:GetMetricData",
        "cloudwatch:GetInsightRuleReport",
      ],
      Resource: "*",
    },
    // Dimension value pickers filter by tags; the region picker lists regions.
    {
      Sid: "ResolveTagsAndRegions",
      Effect: "Allow",
      Action: ["tag:GetResources", "ec2:DescribeRegions"],
      Resource: "*",
    },
  ]);
}

/**
 * Budgets filter cost by a cost allocation tag as `user:<key>$<value>`. The tag must be activated once per account
 * (Billing → Cost allocation tags) before Budgets sees any cost under it.
 */
export function costAllocationTagFilter(key: string, value: string): { name: "TagKeyValue"; values: string[] } {
  if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(key))
    throw new Error(`budget cost filter: ${JSON.stringify(key)} is not a tag key`);
  return { name: "TagKeyValue", values: [`user:${key}$${value}`] };
}

interface BudgetNotification {
  comparisonOperator: "GREATER_THAN";
  threshold: number;
  thresholdType: "PERCENTAGE";
  notificationType: "FORECASTED" | "ACTUAL";
}

/** 80 % of the month's budget forecast (time to act), 100 % actually spent (over budget). */
export const BUDGET_NOTIFICATIONS: readonly BudgetNotification[] = Object.freeze([
  { comparisonOperator: "GREATER_THAN", threshold: 80, thresholdType: "PERCENTAGE", notificationType: "FORECASTED" },
  { comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", notificationType: "ACTUAL" },
]);
