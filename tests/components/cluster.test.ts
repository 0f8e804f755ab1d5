import * as assert from "assert";
import { EKS_CALENDAR } from "../../policies/lib/eks-versions";
import { supportState } from "../../policies/lib/support-calendar";
import { input, ofType, one, runProgram, stackRun } from "../harness";

/** Access entries for people and CI (STANDARD); Karpenter's node role has its own EC2_LINUX entry. */
const peopleEntries = (run: Awaited<ReturnType<typeof stackRun>>) =>
  ofType(run, "aws:eks/accessEntry:AccessEntry").filter((e) => (e.inputs.type ?? "STANDARD") === "STANDARD");

let custom: ReturnType<typeof runProgram> | undefined;
/**
 * One prod graph for the tests of the non-default access settings (the endpoint's and the people's are independent
 * keys, each test reads its own): one program run instead of one per test.
 */
const customized = () =>
  (custom ??= runProgram({
    stack: "prod",
    config: {
      "edgestack:cluster": {
        publicAccessCidrs: ["203.0.113.0/24"],
        apiAccess: { fromVpc: false, cidrs: ["172.16.0.0/16"], securityGroupIds: ["sg-0123456789abcdef0"] },
        access: {
          deployRoleName: "ci/edgestack-deploy-prod-v2",
          adminRoleNames: ["platform-admin", "ci/edgestack-deploy-prod-v2"],
          viewerRoleNames: ["support"],
        },
      },
    },
  }));

describe("Cluster component", function () {
  this.timeout(180_000); // several program runs; the machine is shared
  it("encrypts Kubernetes Secrets with a rotating customer KMS key", async () => {
    const run = await stackRun("prod");
    const eks = one(run, "aws:eks/cluster:Cluster");
    const key = ofType(run, "aws:kms/key:Key").find((k) => k.name === "cluster-secrets")!;
    assert.deepStrictEqual(input(eks, "encryptionConfig.resources"), ["secrets"]);
    assert.match(input(eks, "encryptionConfig.provider.keyArn"), /^arn:aws:kms:us-east-1:\d{12}:key\//);
    assert.strictEqual(key.inputs.enableKeyRotation, true);
    assert.strictEqual(key.protect, true, "prod protects the key: losing it makes every Secret unreadable");
    assert.strictEqual(
      ofType(await stackRun("dev"), "aws:kms/key:Key").find((k) => k.name === "cluster-secrets")!.protect,
      false,
    );
  });

  it("keeps the API endpoint private and admits in-VPC deployers on 443 into the cluster security group", async () => {
    for (const [stack, vpcCidr] of [
      ["dev", "10.20.0.0/16"],
      ["prod", "10.30.0.0/16"],
    ] as const) {
      const run = await stackRun(stack);
      const eks = one(run, "aws:eks/cluster:Cluster");
      assert.strictEqual(input(eks, "vpcConfig.endpointPrivateAccess"), true);
      assert.strictEqual(
        input(eks, "vpcConfig.endpointPublicAccess"),
        false,
        "no CIDRs configured → no public endpoint at all",
      );
      assert.strictEqual(input(eks, "vpcConfig.publicAccessCidrs"), undefined);
      const rules = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
        (r) => r.name.startsWith("cluster-api-") && r.dependencies.includes(eks.urn),
      );
      assert.deepStrictEqual(
        rules.map((r) => [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]),
        [["tcp", 443, 443, vpcCidr]],
      );
      assert.match(
        rules[0].inputs.securityGroupId as string,
        /^sg-/,
        "the EKS-managed cluster security group (vpcConfig.clusterSecurityGroupId)",
      );
      const provider = one(run, "pulumi:providers:kubernetes");
      assert.ok(
        provider.dependencies.includes(rules[0].urn),
        "Kubernetes objects wait until the deployer can reach the API",
      );
    }
  });

  it("takes extra deployer CIDRs and security groups, and a public endpoint limited to CIDRs", async () => {
    const run = await customized();
    const eks = one(run, "aws:eks/cluster:Cluster");
    assert.strictEqual(input(eks, "vpcConfig.endpointPublicAccess"), true);
    assert.deepStrictEqual(input(eks, "vpcConfig.publicAccessCidrs"), ["203.0.113.0/24"]);
    const rules = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
      (r) => r.name.startsWith("cluster-api-") && r.dependencies.includes(eks.urn),
    );
    assert.deepStrictEqual(
      rules.map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4, r.inputs.referencedSecurityGroupId]),
      [
        [443, "172.16.0.0/16", undefined],
        [443, undefined, "sg-0123456789abcdef0"],
      ],
    );
  });

  it("grants the CI deploy role, admins and viewers through access entries with ARNs of the deploying account", async () => {
    const run = await customized();
    const eks = one(run, "aws:eks/cluster:Cluster");
    assert.deepStrictEqual(input(eks, "accessConfig"), {
      authenticationMode: "API",
      bootstrapClusterCreatorAdminPermissions: true,
    });
    const entries = peopleEntries(run);
    const grants = ofType(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
    const policyOf = (role: string) =>
      grants.find((g) => g.inputs.principalArn === `arn:aws:iam::123456789012:role/${role}`);
    // The rotated CI role gets an entry; the creator (edgestack-deploy-prod) keeps the one EKS made at creation.
    assert.deepStrictEqual(
      entries.map((e) => e.inputs.principalArn).sort(),
      ["ci/edgestack-deploy-prod-v2", "edgestack-drift", "platform-admin", "support"].map(
        (r) => `arn:aws:iam::123456789012:role/${r}`,
      ),
    );
    assert.ok(entries.every((e) => e.inputs.type === "STANDARD" && e.inputs.clusterName === eks.inputs.name));
    assert.strictEqual(
      policyOf("ci/edgestack-deploy-prod-v2")!.inputs.policyArn,
      "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
    );
    assert.strictEqual(
      policyOf("platform-admin")!.inputs.policyArn,
      "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
    );
    assert.strictEqual(
      policyOf("support")!.inputs.policyArn,
      "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
    );
    assert.ok(grants.every((g) => (g.inputs.accessScope as any).type === "cluster"));
    const provider = one(run, "pulumi:providers:kubernetes");
    assert.ok(
      grants.every((g) => provider.dependencies.includes(g.urn)),
      "the provider (as the caller) waits for the grants",
    );
  });

  it("both committed stacks: the drift role reads everything; the deploy role created the cluster, so its admin entry is EKS's own", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const run = await stackRun(stack);
      assert.strictEqual(
        input(one(run, "aws:eks/cluster:Cluster"), "accessConfig.bootstrapClusterCreatorAdminPermissions"),
        true,
      );
      const entries = peopleEntries(run);
      const grants = ofType(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
      assert.deepStrictEqual(
        entries.map((e) => e.inputs.principalArn),
        ["arn:aws:iam::123456789012:role/edgestack-drift"],
      );
      assert.deepStrictEqual(
        grants.map((g) => [g.inputs.principalArn, g.inputs.policyArn]),
        [
          [
            "arn:aws:iam::123456789012:role/edgestack-drift",
            "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy",
          ],
        ],
      );
      assert.ok(grants[0].dependencies.includes(entries[0].urn), "the association waits for its entry");
    }
    const rotated = await runProgram({
      stack: "dev",
      config: { "edgestack:cluster": { access: { deployRoleName: "edgestack-deploy-dev-2026" } } },
    });
    assert.deepStrictEqual(
      peopleEntries(rotated).map((e) => e.inputs.principalArn),
      ["edgestack-deploy-dev-2026", "edgestack-drift"].map((r) => `arn:aws:iam::123456789012:role/${r}`),
    );
  });

  it("node groups follow the control plane's version", async () => {
    const run = await stackRun("prod");
    const eks = one(run, "aws:eks/cluster:Cluster");
    assert.ok(
      ofType(run, "aws:eks/nodeGroup:NodeGroup").every(
        (g) => g.inputs.version === eks.inputs.version && g.dependencies.includes(eks.urn),
      ),
    );
  });

  it("runs a version in standard support, pinned to standard support, with control-plane logs retained", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const run = await stackRun(stack);
      const eks = one(run, "aws:eks/cluster:Cluster");
      assert.strictEqual(
        supportState(EKS_CALENDAR, eks.inputs.version as string, "2026-11-23").state,
        "standard",
        `${eks.inputs.version} in standard support`,
      );
      assert.strictEqual(input(eks, "upgradePolicy.supportType"), "STANDARD");
      assert.ok((eks.inputs.enabledClusterLogTypes as string[]).includes("audit"));
      const group = ofType(run, "aws:cloudwatch/logGroup:LogGroup").find(
        (g) => g.inputs.name === `/aws/eks/${eks.inputs.name}/cluster`,
      );
      assert.ok(
        group && typeof group.inputs.retentionInDays === "number",
        "control-plane log group exists with retention",
      );
      assert.ok(eks.dependencies.includes(group!.urn), "log group is created before the cluster");
      assert.match(
        group!.inputs.kmsKeyId as string,
        /^arn:aws:kms:us-east-1:\d{12}:key\//,
        "audit logs encrypted with a customer key",
      );
      const logKey = ofType(run, "aws:kms/key:Key").find((k) => k.name === "cluster-logs-key")!;
      const logsStatement = JSON.parse(logKey.inputs.policy as string).Statement.find(
        (s: any) => s.Principal?.Service === "logs.us-east-1.amazonaws.com",
      );
      assert.deepStrictEqual(logsStatement.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"], [
        `arn:aws:logs:us-east-1:123456789012:log-group:${group!.inputs.name}`,
      ]);
    }
  });

  it("node launch templates require IMDSv2 (hop limit 2) and encrypted gp3 root volumes", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const lts = ofType(await stackRun(stack), "aws:ec2/launchTemplate:LaunchTemplate");
      assert.ok(lts.length > 0);
      for (const lt of lts) {
        assert.strictEqual(input(lt, "metadataOptions.httpTokens"), "required");
        assert.strictEqual(input(lt, "metadataOptions.httpPutResponseHopLimit"), 2);
        const ebs = (lt.inputs.blockDeviceMappings as any[])[0].ebs;
        assert.strictEqual(ebs.volumeType, "gp3");
        assert.strictEqual(ebs.encrypted, "true");
      }
    }
  });

  it("node groups are Graviton: t4g on-demand + spot in dev, an m7g on-demand base in prod (Karpenter's spot pool bursts)", async () => {
    const dev = ofType(await stackRun("dev"), "aws:eks/nodeGroup:NodeGroup");
    const prod = ofType(await stackRun("prod"), "aws:eks/nodeGroup:NodeGroup");
    assert.deepStrictEqual(
      dev.map((g) => [g.inputs.capacityType, g.inputs.instanceTypes]),
      [
        ["ON_DEMAND", ["t4g.medium"]],
        ["SPOT", ["t4g.medium", "t4g.large"]],
      ],
    );
    assert.deepStrictEqual(
      prod.map((g) => g.inputs.capacityType),
      ["ON_DEMAND"],
    );
    assert.ok(prod.every((g) => g.inputs.amiType === "AL2023_ARM_64_STANDARD"));
    assert.deepStrictEqual(input(prod[0], "scalingConfig"), { minSize: 3, maxSize: 9, desiredSize: 3 });
    assert.ok(
      prod.every((g) => g.ignoreChanges.includes("scalingConfig.desiredSize")),
      "autoscaler owns desiredSize",
    );
  });

  it("IRSA: an OIDC provider for the cluster and the EBS CSI driver's role trusts only its service account", async () => {
    const run = await stackRun("prod");
    const oidc = one(run, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    assert.match(oidc.inputs.url as string, /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\//);
    assert.deepStrictEqual(oidc.inputs.clientIdLists, ["sts.amazonaws.com"]);
    const role = ofType(run, "aws:iam/role:Role").find((r) => r.name === "cluster-ebs-csi")!;
    const trust = JSON.parse(role.inputs.assumeRolePolicy as string);
    const cond = trust.Statement[0].Condition.StringEquals;
    assert.ok(
      Object.entries(cond).some(
        ([k, v]) => k.endsWith(":sub") && v === "system:serviceaccount:kube-system:ebs-csi-controller-sa",
      ),
    );
    const addon = ofType(run, "aws:eks/addon:Addon").find((a) => a.inputs.addonName === "aws-ebs-csi-driver")!;
    assert.match(addon.inputs.serviceAccountRoleArn as string, /^arn:aws:iam::\d{12}:role\/cluster-ebs-csi/);
  });

  it("exposes a Kubernetes provider built from a secret kubeconfig that uses aws eks get-token", async () => {
    const run = await stackRun("prod");
    const provider = one(run, "pulumi:providers:kubernetes");
    assert.strictEqual(provider.inputs.kubeconfig, "[secret]");
    assert.strictEqual(run.outputs.kubeconfig, "[secret]");
    const gp3 = one(run, "kubernetes:storage.k8s.io/v1:StorageClass");
    assert.strictEqual(gp3.provider?.split("::").slice(0, -1).join("::"), provider.urn);
    assert.deepStrictEqual(gp3.inputs.parameters, {
      type: "gp3",
      encrypted: "true",
      "csi.storage.k8s.io/fstype": "ext4",
    });
  });

  it("core add-ons: NetworkPolicy enforcement in the VPC CNI, metrics-server for the HPAs, EBS CSI", async () => {
    const addons = ofType(await stackRun("prod"), "aws:eks/addon:Addon");
    const byName = new Map(addons.map((a) => [a.inputs.addonName as string, a]));
    assert.deepStrictEqual([...byName.keys()].sort(), [
      "aws-ebs-csi-driver",
      "coredns",
      "eks-pod-identity-agent",
      "kube-proxy",
      "metrics-server",
      "vpc-cni",
    ]);
    assert.deepStrictEqual(JSON.parse(byName.get("vpc-cni")!.inputs.configurationValues as string), {
      enableNetworkPolicy: "true",
    });
    const nodeGroups = ofType(await stackRun("prod"), "aws:eks/nodeGroup:NodeGroup").map((g) => g.urn);
    assert.ok(
      nodeGroups.every((g) => byName.get("metrics-server")!.dependencies.includes(g)),
      "scheduled once nodes exist",
    );
  });
});
