/** VPC flow logs: every flow, 1-minute aggregation, to a log group encrypted with the tier's own key. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, serviceTrustPolicy } from "../shared/iam";
import { createEncryptedLogGroup, createTierKey } from "../shared/kms";

/** Flow logs (ALL traffic, 1-minute aggregation) to a CloudWatch log group with bounded retention. */
export function createFlowLogs(
  parent: pulumi.Resource,
  name: string,
  physical: string,
  vpc: aws.ec2.Vpc,
  retentionInDays: number,
  region: string,
  protect: boolean,
): void {
  const child = { parent };
  const logGroupName = `/edgestack/${physical}/vpc-flow-logs`;
  // Flow logs name every internal address and port: encrypted with the tier's own key, not AWS's default.
  const key = createTierKey(parent, `${name}-logs`, {
    description: `${physical}: VPC flow logs`,
    alias: `alias/${physical}-logs`,
    region,
    logGroupNames: [logGroupName],
    protect,
  });
  const logGroup = createEncryptedLogGroup(parent, `${name}-flow-logs`, logGroupName, retentionInDays, key);
  const role = new aws.iam.Role(
    `${name}-flow-logs`,
    {
      assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com"),
    },
    child,
  );
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-flow-logs`,
    {
      role: role.id,
      policy: logGroup.arn.apply((arn) =>
        policyDocument([
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
            Resource: [arn, `${arn}:*`],
          },
        ]),
      ),
    },
    child,
  );
  // Only the role's ARN is an input: without the explicit dependency the flow log can be created before the
  // role may write to the group, and reports DeliverLogsPermissionIssue until the delivery is retried.
  new aws.ec2.FlowLog(
    `${name}-flow-logs`,
    {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: `${physical}-flow-logs` },
    },
    { ...child, dependsOn: [rolePolicy] },
  );
}
