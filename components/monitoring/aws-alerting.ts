/**
 * The Monitoring tier's AWS side: the KMS-encrypted SNS alert topic with its email subscription, CloudWatch alarms on
 * Aurora and ElastiCache, the environment's AWS Budget, and the IRSA role of Grafana's CloudWatch datasource.
 * Resources are children of the Monitoring component (its AWS provider carries the tier's tags).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { irsaTrustPolicy } from "../shared/iam";
import {
  alertKeyPolicy,
  alertmanagerPublishPolicy,
  alertTopicPolicy,
  BUDGET_NOTIFICATIONS,
  costAllocationTagFilter,
  grafanaCloudWatchPolicy,
} from "./aws-policies";
import {
  AlarmSpec,
  AlarmThresholds,
  auroraAlarms,
  AuroraTargets,
  cacheAlarms,
  CacheTargets,
} from "./cloudwatch-alarms";

interface AlertingArgs {
  namePrefix: string;
  region: string;
  alertEmail: string;
  budgetMonthlyUsd: number;
  /** Cost allocation tag the budget filters on (the `environment` tag every resource carries). */
  costTag: { key: string; value: string };
  alarms: AlarmThresholds;
  /** Base URL of docs/runbooks: each alarm description ends with its runbook's link. */
  runbookBaseUrl: string;
  aurora?: AuroraTargets<pulumi.Input<string>>;
  cache?: CacheTargets<pulumi.Input<string>>;
  protect: boolean;
}

interface Alerting {
  topicArn: pulumi.Output<string>;
  /** The topic's KMS key: publishers need GenerateDataKey/Decrypt on it. */
  keyArn: pulumi.Output<string>;
  alarmNames: string[];
  budgetName: string;
}

export function createAlerting(name: string, args: AlertingArgs, parent: pulumi.Resource): Alerting {
  const child = { parent };
  const account = aws.getCallerIdentityOutput({}, child).accountId;
  const key = new aws.kms.Key(
    `${name}-alerts`,
    {
      description: `${args.namePrefix}: SNS alert topic (CloudWatch alarms, budgets)`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: account.apply(alertKeyPolicy),
    },
    { ...child, protect: args.protect },
  );
  new aws.kms.Alias(`${name}-alerts`, { name: `alias/${args.namePrefix}-alerts`, targetKeyId: key.keyId }, child);

  const topic = new aws.sns.Topic(
    `${name}-alerts`,
    { name: `${args.namePrefix}-alerts`, kmsMasterKeyId: key.arn },
    child,
  );
  const alarmPrefix = `${args.namePrefix}-`;
  const topicPolicy = new aws.sns.TopicPolicy(
    `${name}-alerts`,
    {
      arn: topic.arn,
      policy: pulumi
        .all([topic.arn, account])
        .apply(([arn, id]) => alertTopicPolicy(arn, id, args.region, alarmPrefix)),
    },
    child,
  );
  // AWS mails a confirmation link first: nothing arrives until someone clicks it (README).
  new aws.sns.TopicSubscription(
    `${name}-alerts-email`,
    { topic: topic.arn, protocol: "email", endpoint: args.alertEmail },
    child,
  );

  const specs: AlarmSpec<pulumi.Input<string>>[] = [
    ...(args.aurora ? auroraAlarms(args.aurora, args.alarms, args.runbookBaseUrl) : []),
    ...(args.cache ? cacheAlarms(args.cache, args.alarms, args.runbookBaseUrl) : []),
  ];
  const alarmNames = specs.map((s) => {
    const alarmName = `${alarmPrefix}${s.key}`;
    new aws.cloudwatch.MetricAlarm(
      `${name}-${s.key}`,
      {
        name: alarmName,
        alarmDescription: s.description,
        namespace: s.namespace,
        metricName: s.metricName,
        dimensions: s.dimensions,
        statistic: s.statistic,
        period: s.period,
        evaluationPeriods: s.evaluationPeriods,
        threshold: s.threshold,
        comparisonOperator: s.comparisonOperator,
        treatMissingData: s.treatMissingData,
        alarmActions: [topic.arn],
        okActions: [topic.arn],
      },
      child,
    );
    return alarmName;
  });

  const budgetName = `${args.namePrefix}-monthly`;
  // Only the topic's ARN is an input: the budget waits for the topic policy that lets Budgets publish to it.
  new aws.budgets.Budget(
    `${name}-monthly`,
    {
      name: budgetName,
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: args.budgetMonthlyUsd.toFixed(2),
      limitUnit: "USD",
      costFilters: [costAllocationTagFilter(args.costTag.key, args.costTag.value)],
      notifications: BUDGET_NOTIFICATIONS.map((n) => ({
        ...n,
        subscriberEmailAddresses: [args.alertEmail],
        subscriberSnsTopicArns: [topic.arn],
      })),
    },
    { ...child, dependsOn: [topicPolicy] },
  );

  return { topicArn: topic.arn, keyArn: key.arn, alarmNames, budgetName };
}

interface AlertmanagerRoleArgs {
  oidcProviderArn: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
  namespace: string;
  serviceAccount: string;
  topicArn: pulumi.Input<string>;
  keyArn: pulumi.Input<string>;
}

/**
 * IRSA role of Alertmanager's service account: publish alert email to the SNS topic. Returns the role's ARN and its
 * policy (whatever hands the ARN to Alertmanager waits for the policy, else the first alert meets AccessDenied).
 */
export function createAlertmanagerRole(
  name: string,
  args: AlertmanagerRoleArgs,
  parent: pulumi.Resource,
): { roleArn: pulumi.Output<string>; policy: aws.iam.RolePolicy } {
  const role = new aws.iam.Role(
    `${name}-alertmanager`,
    {
      description: "Alertmanager SNS receiver (IRSA): publish to the alert topic",
      assumeRolePolicy: pulumi
        .all([args.oidcProviderArn, args.oidcIssuerUrl])
        .apply(([arn, url]) => irsaTrustPolicy(arn, url, args.namespace, args.serviceAccount)),
    },
    { parent },
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-alertmanager-sns`,
    {
      role: role.id,
      policy: pulumi.all([args.topicArn, args.keyArn]).apply(([topic, key]) => alertmanagerPublishPolicy(topic, key)),
    },
    { parent },
  );
  return { roleArn: role.arn, policy };
}

interface GrafanaRoleArgs {
  oidcProviderArn: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
  namespace: string;
  serviceAccount: string;
  /** Also read AWS X-Ray (the traces datasource). */
  xray?: boolean;
}

/**
 * IRSA role of Grafana's service account: read-only CloudWatch metrics for the data and cost dashboards. Returns the
 * role's ARN and its policy: whatever hands the ARN to Grafana must also wait for the policy.
 */
export function createGrafanaRole(
  name: string,
  args: GrafanaRoleArgs,
  parent: pulumi.Resource,
): { roleArn: pulumi.Output<string>; policy: aws.iam.RolePolicy } {
  const role = new aws.iam.Role(
    `${name}-grafana`,
    {
      description: "Grafana CloudWatch datasource (IRSA), read-only",
      assumeRolePolicy: pulumi
        .all([args.oidcProviderArn, args.oidcIssuerUrl])
        .apply(([arn, url]) => irsaTrustPolicy(arn, url, args.namespace, args.serviceAccount)),
    },
    { parent },
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-grafana-cloudwatch`,
    { role: role.id, policy: grafanaCloudWatchPolicy(args.xray ?? false) },
    { parent },
  );
  return { roleArn: role.arn, policy };
}
