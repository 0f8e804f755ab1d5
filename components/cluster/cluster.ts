/**
 * Cluster tier: EKS with KMS envelope encryption of Secrets, control-plane logs, a private endpoint plus a
 * public one restricted to configured CIDRs (or none), managed Graviton node groups from a launch template
 * that requires IMDSv2 and encrypted gp3 root volumes, the IRSA OIDC provider, core add-ons (VPC CNI, CoreDNS,
 * kube-proxy, EBS CSI with its own IRSA role) and the `kubernetes.Provider` every k8s resource uses.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig, KarpenterConfig } from "../../config";
import { irsaTrustPolicy, serviceTrustPolicy } from "../shared/iam";
import { createEncryptedLogGroup, createTierKey } from "../shared/kms";
import { creatorError } from "./access";
import { accessEntries, apiIngressRules } from "./grants";
import { runningVersionError } from "./versions";
import { createKarpenter } from "./karpenter";
import { renderKubeconfig } from "./kubeconfig";
import { createNodeGroup, createNodeRole } from "./nodes";

interface ClusterArgs {
  namePrefix: string;
  region: string;
  config: ClusterConfig;
  /** The VPC's CIDR: admitted on 443 to the API when config.apiAccess.fromVpc. */
  vpcCidr: string;
  privateSubnetIds: pulumi.Input<string>[];
  /** Tags stamped on EC2 instances and volumes launched by the node groups (provider defaultTags don't reach them). */
  instanceTags: Record<string, string>;
  /** `protect` the KMS key (losing it makes every encrypted Secret unreadable). */
  protect: boolean;
  /** Node autoscaling beyond the node groups (components/cluster/karpenter.ts). */
  karpenter: KarpenterConfig;
}

export class Cluster extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  /** The EKS-managed cluster security group: attached to the control plane ENIs and every managed node. */
  readonly nodeSecurityGroupId: pulumi.Output<string>;
  readonly oidcProviderArn: pulumi.Output<string>;
  readonly oidcIssuerUrl: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly k8sProvider: k8s.Provider;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:Cluster", name, {}, opts);
    const { config: cfg, namePrefix } = args;
    const clusterName = `${namePrefix}-eks`;
    const child = { parent: this };

    const key = new aws.kms.Key(
      `${name}-secrets`,
      {
        description: `${clusterName}: envelope encryption of Kubernetes Secrets`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      },
      { ...child, protect: args.protect },
    );
    new aws.kms.Alias(`${name}-secrets`, { name: `alias/${clusterName}-secrets`, targetKeyId: key.keyId }, child);

    const role = new aws.iam.Role(
      `${name}-control-plane`,
      { assumeRolePolicy: serviceTrustPolicy("eks.amazonaws.com") },
      child,
    );
    const rolePolicy = new aws.iam.RolePolicyAttachment(
      `${name}-control-plane`,
      {
        role: role.name,
        policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
      },
      child,
    );

    // Created first so EKS does not create it with unlimited retention; audit logs are sensitive, so they are
    // encrypted with a key of their own (the Secrets key's policy stays limited to EKS).
    const logGroupName = `/aws/eks/${clusterName}/cluster`;
    const logKey = createTierKey(this, `${name}-logs`, {
      description: `${clusterName}: control-plane logs`,
      alias: `alias/${clusterName}-logs`,
      region: args.region,
      logGroupNames: [logGroupName],
      protect: args.protect,
    });
    const logGroup = createEncryptedLogGroup(this, `${name}-control-plane`, logGroupName, cfg.logRetentionDays, logKey);

    const publicAccess = cfg.publicAccessCidrs.length > 0;
    // Before anything changes, from the live account: a control plane AWS upgraded (end of standard support) must
    // not be "downgraded", and a new cluster's creator must be the role config says holds the bootstrap entry.
    const exists = aws.eks.getClustersOutput({}, child).names.apply((names) => (names ?? []).includes(clusterName));
    const running = exists.apply((e) =>
      e ? aws.eks.getClusterOutput({ name: clusterName }, child).version : pulumi.output<string | undefined>(undefined),
    );
    const caller = aws.getCallerIdentityOutput({}, child).arn;
    const checkedVersion = pulumi.all([exists, running, caller]).apply(([e, v, arn]) => {
      const error =
        runningVersionError(clusterName, cfg.version, v) ??
        (e ? undefined : creatorError(arn, cfg.access.clusterCreatorRoleName));
      if (error) throw new Error(error);
      return cfg.version;
    });
    const cluster = new aws.eks.Cluster(
      `${name}-eks`,
      {
        name: clusterName,
        version: checkedVersion,
        roleArn: role.arn,
        vpcConfig: {
          subnetIds: args.privateSubnetIds,
          endpointPrivateAccess: true,
          endpointPublicAccess: publicAccess,
          publicAccessCidrs: publicAccess ? cfg.publicAccessCidrs : undefined,
        },
        encryptionConfig: { provider: { keyArn: key.arn }, resources: ["secrets"] },
        enabledClusterLogTypes: cfg.logTypes,
        // API: access entries only (grants.ts). Both fields as the clusters were created: authenticationMode only
        // moves toward API (EKS User Guide, "Change authentication mode to use access entries") and the bootstrap
        // flag is create-only (ForceNew), so changing it would replace the cluster.
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
        // Never drift into extended support (6x the control-plane price): AWS upgrades instead.
        upgradePolicy: { supportType: "STANDARD" },
        bootstrapSelfManagedAddons: false,
      },
      { ...child, dependsOn: [rolePolicy, logGroup] },
    );

    this.clusterName = cluster.name;
    this.endpoint = cluster.endpoint;
    this.nodeSecurityGroupId = cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId);
    const apiRules = apiIngressRules(this, name, cfg.apiAccess, args.vpcCidr, this.nodeSecurityGroupId);
    const grants = accessEntries(this, name, cfg.access, cluster);
    this.oidcIssuerUrl = cluster.identities.apply((ids) => ids[0].oidcs?.[0]?.issuer ?? "");

    const oidc = new aws.iam.OpenIdConnectProvider(
      `${name}-oidc`,
      {
        url: this.oidcIssuerUrl,
        clientIdLists: ["sts.amazonaws.com"],
      },
      child,
    );
    this.oidcProviderArn = oidc.arn;

    const { nodeRole, nodePolicies } = createNodeRole(this, name);

    const addon = (addonName: string, extra: Partial<aws.eks.AddonArgs> = {}, dependsOn: pulumi.Resource[] = []) =>
      new aws.eks.Addon(
        `${name}-${addonName}`,
        {
          clusterName: cluster.name,
          addonName,
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "PRESERVE",
          ...extra,
        },
        { ...child, dependsOn },
      );
    // The CNI must exist before nodes can become Ready. Its network-policy agent enforces the services'
    // NetworkPolicies (without it they are accepted but do nothing).
    const cni = addon("vpc-cni", { configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }) });
    const kubeProxy = addon("kube-proxy");

    const nodeGroups = cfg.nodeGroups.map((g) =>
      createNodeGroup(this, name, clusterName, g, cluster, nodeRole, args, [cni, ...nodePolicies]),
    );
    const coredns = addon("coredns", {}, nodeGroups);
    addon("eks-pod-identity-agent", {}, nodeGroups);
    // Resource metrics API for the HorizontalPodAutoscalers (EKS community add-on).
    addon("metrics-server", {}, nodeGroups);

    const ebsCsiRole = new aws.iam.Role(
      `${name}-ebs-csi`,
      {
        assumeRolePolicy: pulumi
          .all([oidc.arn, this.oidcIssuerUrl])
          .apply(([arn, url]) => irsaTrustPolicy(arn, url, "kube-system", "ebs-csi-controller-sa")),
      },
      child,
    );
    const ebsCsiPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-ebs-csi`,
      {
        role: ebsCsiRole.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
      },
      child,
    );
    // The add-on only takes the role's ARN: it must also wait for the role's permissions, or its controller
    // starts with a role that may not yet create volumes.
    const ebsCsi = addon("aws-ebs-csi-driver", { serviceAccountRoleArn: ebsCsiRole.arn }, [
      ...nodeGroups,
      ebsCsiPolicy,
    ]);

    this.kubeconfig = pulumi.secret(
      pulumi
        .all([cluster.name, cluster.endpoint, cluster.certificateAuthority])
        .apply(([n, endpoint, ca]) => renderKubeconfig(n, endpoint, ca.data ?? "", args.region)),
    );
    // Every Kubernetes object waits for what all workloads need: nodes, Service routing (kube-proxy), cluster DNS
    // (pods created earlier fail their first lookups, and charts installed with --wait time out) and volumes; and
    // the deployer's way in: the 443 rules and the access entries (the provider authenticates as the caller).
    this.k8sProvider = new k8s.Provider(
      `${name}-k8s`,
      {
        kubeconfig: this.kubeconfig,
        enableServerSideApply: true,
        deleteUnreachable: false,
      },
      { ...child, dependsOn: [...nodeGroups, kubeProxy, coredns, ebsCsi, ...apiRules, ...grants] },
    );

    // gp3, encrypted, as the default StorageClass (EKS ships none by default since 1.30).
    new k8s.storage.v1.StorageClass(
      `${name}-gp3`,
      {
        metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        reclaimPolicy: "Delete",
      },
      { parent: this, provider: this.k8sProvider },
    );

    if (args.karpenter.enabled) {
      createKarpenter(this, name, {
        clusterName,
        cluster,
        region: args.region,
        config: args.karpenter,
        privateSubnetIds: args.privateSubnetIds,
        clusterSecurityGroupId: this.nodeSecurityGroupId,
        oidcProviderArn: oidc.arn,
        oidcIssuerUrl: this.oidcIssuerUrl,
        k8sProvider: this.k8sProvider,
        instanceTags: args.instanceTags,
      });
    }

    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      nodeSecurityGroupId: this.nodeSecurityGroupId,
      oidcProviderArn: this.oidcProviderArn,
      kubeconfig: this.kubeconfig,
    });
  }
}
