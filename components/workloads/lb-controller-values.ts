/**
 * AWS Load Balancer Controller: the pinned chart and its values, as a pure function of the cluster's facts.
 * Every key set here exists in the chart's values.yaml of the pinned version (tests/workloads/fixtures lists
 * the verified keys); the IAM policy is the project's own docs/install/iam_policy.json of the same version.
 */
import { NAMESPACES, RELEASES } from "../shared/names";
import iamPolicy from "./aws-load-balancer-controller-iam-policy.json";

export const LB_CONTROLLER_CHART = {
  chart: "aws-load-balancer-controller",
  version: "3.5.0",
  repo: "https://aws.github.io/eks-charts",
} as const;

/** Where the IAM policy JSON comes from (kept next to it in components/workloads/README.md). */
export const LB_CONTROLLER_IAM_POLICY_SOURCE =
  "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/docs/install/iam_policy.json";

export const LB_CONTROLLER_NAMESPACE = NAMESPACES.kubeSystem;
export const LB_CONTROLLER_SERVICE_ACCOUNT = RELEASES.awsLoadBalancerController;

/** The controller's IAM policy document (JSON string, as IAM takes it). */
export function lbControllerIamPolicy(): string {
  return JSON.stringify(iamPolicy);
}

interface LbControllerValuesInputs {
  clusterName: string;
  region: string;
  vpcId: string;
  roleArn: string;
  /** Tags the controller puts on every load balancer, target group and security group it creates. */
  defaultTags: Record<string, string>;
}

export function lbControllerValues(i: LbControllerValuesInputs): Record<string, unknown> {
  return {
    clusterName: i.clusterName,
    // Explicit region and VPC: the controller then never needs the instance metadata service.
    region: i.region,
    vpcId: i.vpcId,
    // One leader, one hot standby; the webhooks are served by both.
    replicaCount: 2,
    serviceAccount: {
      create: true,
      name: LB_CONTROLLER_SERVICE_ACCOUNT,
      annotations: { "eks.amazonaws.com/role-arn": i.roleArn },
    },
    // Rendered only when replicaCount > 1 (templates/pdb.yaml).
    podDisruptionBudget: { maxUnavailable: 1 },
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
    podSecurityContext: { fsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } },
    securityContext: {
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    },
    // Off: the controller must not silently take over every Service of type LoadBalancer (the in-tree
    // controller would then be bypassed without anyone asking). Services opt in with
    // `spec.loadBalancerClass: service.k8s.aws/nlb`.
    enableServiceMutatorWebhook: false,
    defaultTags: i.defaultTags,
  };
}
