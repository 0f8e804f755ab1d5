/**
 * AWS Load Balancer Controller (chart aws-load-balancer-controller from eks-charts, pinned): reconciles
 * Services with `loadBalancerClass: service.k8s.aws/nlb` (the edge NLB) and Ingresses of class `alb` into AWS load
 * balancers. Its IRSA role carries the project's official IAM policy of the same version and trusts only the
 * controller's service account.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { irsaTrustPolicy } from "../shared/iam";
import { RELEASES } from "../shared/names";
import {
  LB_CONTROLLER_CHART,
  LB_CONTROLLER_IAM_POLICY_SOURCE,
  LB_CONTROLLER_NAMESPACE,
  LB_CONTROLLER_SERVICE_ACCOUNT,
  lbControllerIamPolicy,
  lbControllerValues,
} from "./lb-controller-values";

interface LoadBalancerControllerArgs {
  namePrefix: string;
  region: string;
  clusterName: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  oidcProviderArn: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
  /** Tags for the load balancers the controller creates (provider defaultTags don't reach them). */
  defaultTags: Record<string, string>;
}

export class LoadBalancerController extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;
  /** Depend on this before creating Services/Ingresses it must reconcile (its webhooks must be up). */
  readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: LoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:LoadBalancerController", name, {}, opts);
    const child = { parent: this };

    const role = new aws.iam.Role(
      `${name}-irsa`,
      {
        description: `${args.namePrefix}: AWS Load Balancer Controller (IRSA)`,
        assumeRolePolicy: pulumi
          .all([args.oidcProviderArn, args.oidcIssuerUrl])
          .apply(([arn, url]) => irsaTrustPolicy(arn, url, LB_CONTROLLER_NAMESPACE, LB_CONTROLLER_SERVICE_ACCOUNT)),
      },
      child,
    );
    const policy = new aws.iam.Policy(
      `${name}-policy`,
      {
        name: `${args.namePrefix}-aws-load-balancer-controller`,
        description: `AWS Load Balancer Controller ${LB_CONTROLLER_CHART.version} (${LB_CONTROLLER_IAM_POLICY_SOURCE})`,
        policy: lbControllerIamPolicy(),
      },
      child,
    );
    const attachment = new aws.iam.RolePolicyAttachment(
      `${name}-policy`,
      { role: role.name, policyArn: policy.arn },
      child,
    );
    this.roleArn = role.arn;

    this.release = new k8s.helm.v3.Release(
      `${name}-release`,
      {
        name: RELEASES.awsLoadBalancerController,
        chart: LB_CONTROLLER_CHART.chart,
        version: LB_CONTROLLER_CHART.version,
        repositoryOpts: { repo: LB_CONTROLLER_CHART.repo },
        namespace: LB_CONTROLLER_NAMESPACE,
        values: pulumi
          .all([args.clusterName, args.vpcId, role.arn])
          .apply(([clusterName, vpcId, roleArn]) =>
            lbControllerValues({ clusterName, region: args.region, vpcId, roleArn, defaultTags: args.defaultTags }),
          ),
        // A failed upgrade rolls back instead of leaving the webhooks half-configured.
        atomic: true,
        cleanupOnFail: true,
        maxHistory: 5,
        timeout: 600,
      },
      { ...child, dependsOn: [attachment] },
    );

    this.registerOutputs({ roleArn: this.roleArn });
  }
}
