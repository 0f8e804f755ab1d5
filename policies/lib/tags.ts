/**
 * Cost-allocation tags. The program sets them once, through the AWS provider's `defaultTags`,
 * so a resource's effective tags are its provider's default tags overlaid with its own `tags`
 * (the AWS provider merges them the same way into `tagsAll`).
 *
 * Note: the AWS provider SDK sends `defaultTags` to the engine JSON-encoded
 * (`pulumi.output(args.defaultTags).apply(JSON.stringify)` in @pulumi/aws/provider.js), so
 * the provider's props carry a string like '{"tags":{"project":"edgestack"}}'; both that and
 * a plain object are accepted.
 */
import { asRecord, asString, isRecord } from "./values";

/**
 * AWS resource types that accept `tags` (each checked against its `<Name>Args` interface in
 * @pulumi/aws 7.x by tests/policies/tags.test.ts). Types not listed are not checked: some AWS
 * resources (route table associations, IAM role policies, KMS aliases...) cannot carry tags.
 */
export const TAGGABLE_AWS_TYPES: readonly string[] = [
  "aws:acm/certificate:Certificate",
  "aws:budgets/budget:Budget",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:ebs/volume:Volume",
  "aws:ec2/eip:Eip",
  "aws:ec2/flowLog:FlowLog",
  "aws:ec2/instance:Instance",
  "aws:ec2/internetGateway:InternetGateway",
  "aws:ec2/launchTemplate:LaunchTemplate",
  "aws:ec2/natGateway:NatGateway",
  "aws:ec2/routeTable:RouteTable",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/vpc:Vpc",
  "aws:ec2/vpcEndpoint:VpcEndpoint",
  "aws:ecr/repository:Repository",
  "aws:eks/accessEntry:AccessEntry",
  "aws:eks/addon:Addon",
  "aws:eks/cluster:Cluster",
  "aws:eks/nodeGroup:NodeGroup",
  "aws:eks/podIdentityAssociation:PodIdentityAssociation",
  "aws:elasticache/parameterGroup:ParameterGroup",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:elasticache/subnetGroup:SubnetGroup",
  "aws:iam/instanceProfile:InstanceProfile",
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  "aws:iam/policy:Policy",
  "aws:iam/role:Role",
  "aws:kms/key:Key",
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:lb/targetGroup:TargetGroup",
  "aws:rds/cluster:Cluster",
  "aws:rds/clusterInstance:ClusterInstance",
  "aws:rds/clusterParameterGroup:ClusterParameterGroup",
  "aws:rds/parameterGroup:ParameterGroup",
  "aws:rds/proxy:Proxy",
  "aws:rds/subnetGroup:SubnetGroup",
  "aws:route53/zone:Zone",
  "aws:s3/bucket:Bucket",
  "aws:secretsmanager/secret:Secret",
  "aws:sns/topic:Topic",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
];

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(asRecord(v))) {
    const s = asString(val);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** The `defaultTags.tags` of an AWS provider's props (object or JSON-encoded string). */
function providerDefaultTags(providerProps: Record<string, unknown> | undefined): Record<string, string> {
  let dt: unknown = providerProps?.defaultTags;
  if (typeof dt === "string") {
    try {
      dt = JSON.parse(dt);
    } catch {
      return {};
    }
  }
  return isRecord(dt) ? stringMap(dt.tags) : {};
}

export function effectiveTags(
  props: Record<string, unknown>,
  providerProps: Record<string, unknown> | undefined,
): Record<string, string> {
  return { ...providerDefaultTags(providerProps), ...stringMap(props.tags) };
}
