/** Pass/fail cases for the data-safety rules and the cost rules (the budget has budget.test.ts too). */
import { cacheNodeTypes, nodeGroupInstanceTypes, rdsInstanceClasses } from "../../policies/cost/instance-classes";
import { stackBudget } from "../../policies/cost/budget";
import { logRetentionCap } from "../../policies/cost/logs";
import { natGatewayCount } from "../../policies/cost/network";
import { gp3Only } from "../../policies/cost/storage";
import { requiredCostTags } from "../../policies/cost/tags";
import {
  elasticacheMultiAz,
  elasticacheSnapshots,
  rdsBackupRetention,
  rdsDeletionProtection,
  rdsFinalSnapshot,
  rdsForceSsl,
  statefulProtect,
} from "../../policies/reliability/data-safety";
import { versionSupportPolicies } from "../../policies/reliability/version-support";
import { certificateExpiryPolicies } from "../../policies/reliability/certificate-expiry";
import { eksApiReachable } from "../../policies/reliability/api-reachable";
import { mutated, only, type RuleCase } from "./cases";
import { awsProvider, base, COST_TAGS, dependsOn, patch, res, withProvider } from "./fixtures";

const dbPair =
  (
    change?: (
      cluster: ReturnType<typeof base.rdsCluster>,
      group: ReturnType<typeof base.clusterParameterGroup>,
    ) => void,
  ) =>
  () => {
    const cluster = base.rdsCluster();
    const group = base.clusterParameterGroup();
    change?.(cluster, group);
    return [group, cluster];
  };
const tagged = (tags: Record<string, string>, own?: Record<string, string>) => () => {
  const provider = awsProvider(tags);
  const vpc = withProvider(base.vpc(), provider);
  return [provider, own ? patch(vpc, "tags", own) : vpc];
};

/** A private-only cluster, a Kubernetes object deployed into it, and optionally a rule into its security group. */
const privateCluster = (rule?: { fromPort: number; toPort: number }) => () => {
  const eks = patch(
    patch(base.eksCluster(), "vpcConfig.endpointPublicAccess", false),
    "vpcConfig.publicAccessCidrs",
    undefined,
  );
  const objects = [eks, base.storageClass()];
  if (rule)
    objects.push(
      dependsOn(patch(patch(base.ingressRule("api-from-vpc"), "fromPort", rule.fromPort), "toPort", rule.toPort), eks),
    );
  return objects;
};
const API_KEYS =
  /"eks" has a private-only API endpoint .*set edgestack:cluster\.apiAccess\.fromVpc, .*cluster\.publicAccessCidrs/;

const supportRule = (name: string) => versionSupportPolicies.find((p) => p.name === name)!;
const ON = { asOfDate: "2026-12-03" };
const certRule = (name: string) => certificateExpiryPolicies.find((p) => p.name === name)!;
/** The AOP CA Secret as the ingress tier writes it: the pinned origin-pull CA expires 2029-11-01T17:00Z. */
const caSecret = () =>
  res("kubernetes:core/v1:Secret", "aop-ca", {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "edge-aop-ca", annotations: { "edgestack.io/ca-expires-on": "2029-11-01T17:00:00.000Z" } },
    stringData: "[secret]",
  });

export const reliabilityCostCases: RuleCase[] = [
  // As of 2029-10-20 the pinned CA has 12 days left; as of 2029-11-02 it has expired.
  {
    policy: certRule("kubernetes-secret-certificate-not-expired"),
    title: "expired",
    config: { asOfDate: "2029-11-02" },
    pass: mutated(caSecret, "metadata.annotations", { "edgestack.io/ca-expires-on": "2031-01-01T00:00:00.000Z" }),
    fail: only(caSecret),
    expect: /edgestack\.io\/ca-expires-on: the certificate expired on 2029-11-01 \(as of 2029-11-02\)/,
  },
  {
    policy: certRule("kubernetes-secret-certificate-expiring-soon"),
    title: "within 30 days",
    config: { asOfDate: "2029-10-20" },
    pass: mutated(caSecret, "metadata.annotations", { "edgestack.io/ca-expires-on": "2031-01-01T00:00:00.000Z" }),
    fail: only(caSecret),
    expect: /expires on 2029-11-01, in 12 days \(as of 2029-10-20\)/,
  },
  {
    policy: eksApiReachable,
    title: "in-VPC runner rule",
    pass: privateCluster({ fromPort: 443, toPort: 443 }),
    fail: privateCluster(),
    expect: API_KEYS,
  },
  {
    policy: eksApiReachable,
    title: "public endpoint with CIDRs",
    pass: () => [base.eksCluster(), base.storageClass()],
    fail: privateCluster({ fromPort: 22, toPort: 22 }),
    expect: API_KEYS,
  },
  {
    policy: eksApiReachable,
    title: "no Kubernetes objects",
    pass: () => privateCluster()().slice(0, 1),
    fail: privateCluster(),
    expect: API_KEYS,
  },
  // EKS 1.34 left standard support on 2026-12-02; 1.35 leaves it on 2027-03-27 (114 days after 2026-12-03).
  {
    policy: supportRule("aws-eks-cluster-require-standard-support"),
    title: "ended",
    config: ON,
    pass: only(base.eksCluster),
    fail: mutated(base.eksCluster, "version", "1.34"),
    expect: /EKS Kubernetes 1\.34 left standard support on 2026-12-02 \(as of 2026-12-03\): upgrade to 1\.35/,
  },
  {
    policy: supportRule("aws-eks-cluster-require-standard-support"),
    title: "unknown",
    config: ON,
    pass: only(base.eksCluster),
    fail: mutated(base.eksCluster, "version", "1.19"),
    expect: /1\.19 is not in the support calendar/,
  },
  {
    policy: supportRule("aws-eks-cluster-standard-support-ending"),
    title: "within 90 days",
    config: { asOfDate: "2027-01-01" },
    pass: mutated(base.eksCluster, "version", "1.34"),
    fail: only(base.eksCluster),
    expect: /1\.35 leaves standard support on 2027-03-27, in 85 days/,
  },
  // Aurora 17.4 ended 2026-11-30; 17.5 ends 2026-12-31 (28 days after 2026-12-03); 17.7 is LTS to 2030-02-28.
  {
    policy: supportRule("aws-rds-cluster-require-standard-support"),
    title: "ended",
    config: ON,
    pass: only(base.rdsCluster),
    fail: mutated(base.rdsCluster, "engineVersion", "17.4"),
    expect: /Aurora PostgreSQL 17\.4 left standard support on 2026-11-30 \(as of 2026-12-03\): upgrade to 17\.6/,
  },
  {
    policy: supportRule("aws-rds-cluster-standard-support-ending"),
    title: "within 90 days",
    config: ON,
    pass: only(base.rdsCluster),
    fail: mutated(base.rdsCluster, "engineVersion", "17.5"),
    expect: /17\.5 leaves standard support on 2026-12-31, in 28 days \(as of 2026-12-03\): upgrade to 17\.6/,
  },
  {
    policy: rdsDeletionProtection,
    title: "off",
    pass: only(base.rdsCluster),
    fail: mutated(base.rdsCluster, "deletionProtection", false),
    expect: /deletionProtection/,
  },
  {
    policy: rdsBackupRetention,
    title: "AWS default of 1 day",
    config: { minBackupRetentionDays: 7 },
    pass: only(base.rdsCluster),
    fail: mutated(base.rdsCluster, "backupRetentionPeriod", undefined),
    expect: /at least 7 days: `backupRetentionPeriod` is 1/,
  },
  {
    policy: rdsFinalSnapshot,
    title: "skipped",
    pass: only(base.rdsCluster),
    fail: mutated(base.rdsCluster, "skipFinalSnapshot", true),
    expect: /skipFinalSnapshot/,
  },
  {
    policy: rdsForceSsl,
    title: "parameter missing",
    pass: dbPair(),
    fail: dbPair((_c, g) => patch(g, "parameters", [{ name: "rds.force_ssl", value: "0" }])),
    expect: /"edgestack-test-db" must set rds\.force_ssl = 1/,
  },
  {
    policy: rdsForceSsl,
    title: "default group",
    pass: dbPair((c, g) => {
      patch(c, "dbClusterParameterGroupName", "mock-id");
      dependsOn(c, g);
    }),
    fail: dbPair((c) => patch(c, "dbClusterParameterGroupName", undefined)),
    expect: /names no ClusterParameterGroup/,
  },
  {
    policy: elasticacheMultiAz,
    title: "single node in prod",
    config: { requireMultiAz: true },
    pass: only(base.replicationGroup),
    fail: mutated(base.replicationGroup, "numCacheClusters", 1),
    expect: /each shard needs a replica/,
  },
  {
    policy: elasticacheMultiAz,
    title: "failover off",
    config: { requireMultiAz: true },
    pass: only(base.replicationGroup),
    fail: mutated(base.replicationGroup, "automaticFailoverEnabled", false),
    expect: /automaticFailoverEnabled/,
  },
  {
    policy: elasticacheSnapshots,
    title: "no final snapshot",
    pass: only(base.replicationGroup),
    fail: mutated(base.replicationGroup, "finalSnapshotIdentifier", undefined),
    expect: /finalSnapshotIdentifier/,
  },
  {
    policy: elasticacheSnapshots,
    title: "short retention",
    config: { minSnapshotRetentionDays: 7 },
    pass: only(base.replicationGroup),
    fail: mutated(base.replicationGroup, "snapshotRetentionLimit", 1),
    expect: /at least 7 days/,
  },
  {
    policy: statefulProtect,
    title: "cluster without protect",
    config: { requireProtect: true },
    pass: () => [base.rdsCluster(), base.kmsKey()],
    fail: () => [{ ...base.rdsCluster(), protect: false }, base.kmsKey()],
    expect: /aws:rds\/cluster:Cluster "db" .*protect: true/,
  },
  {
    policy: statefulProtect,
    title: "key without protect",
    config: { requireProtect: true },
    pass: only(base.kmsKey),
    fail: () => [{ ...base.kmsKey(), protect: false }],
    expect: /aws:kms\/key:Key "key"/,
  },
  {
    policy: nodeGroupInstanceTypes,
    title: "x86 type",
    pass: only(base.nodeGroup),
    fail: only(() => base.nodeGroup("m5.large")),
    expect: /instance type m5\.large is not allowed/,
  },
  {
    policy: nodeGroupInstanceTypes,
    title: "launch template type",
    config: { allowedInstanceTypes: ["t4g.medium"] },
    pass: mutated(base.launchTemplate, "instanceType", "t4g.medium"),
    fail: mutated(base.launchTemplate, "instanceType", "m7g.large"),
    expect: /Launch template instance type m7g\.large/,
  },
  {
    policy: rdsInstanceClasses,
    title: "dev classes",
    config: { allowedInstanceClasses: ["db.serverless", "db.t4g.medium"] },
    pass: only(() => base.clusterInstance("w", "db.serverless")),
    fail: only(base.clusterInstance),
    expect: /db\.r7g\.large is not allowed here: use one of db\.serverless, db\.t4g\.medium/,
  },
  {
    policy: cacheNodeTypes,
    title: "big node",
    pass: only(base.replicationGroup),
    fail: mutated(base.replicationGroup, "nodeType", "cache.r6g.4xlarge"),
    expect: /cache\.r6g\.4xlarge is not allowed/,
  },
  {
    policy: gp3Only,
    title: "gp2 volume",
    pass: only(base.ebsVolume),
    fail: mutated(base.ebsVolume, "type", undefined),
    expect: /unset \(gp2\)/,
  },
  {
    policy: gp3Only,
    title: "gp2 root device",
    pass: only(base.launchTemplate),
    fail: mutated(base.launchTemplate, "blockDeviceMappings.0.ebs.volumeType", "gp2"),
    expect: /\/dev\/xvda must be gp3/,
  },
  {
    policy: gp3Only,
    title: "StorageClass",
    pass: only(base.storageClass),
    fail: mutated(base.storageClass, "parameters.type", "gp2"),
    expect: /StorageClass must provision gp3/,
  },
  {
    policy: logRetentionCap,
    title: "dev cap",
    config: { maxRetentionDays: 30 },
    pass: only(() => base.logGroup()),
    fail: mutated(() => base.logGroup(), "retentionInDays", 365),
    expect: /at most 30/,
  },
  {
    policy: natGatewayCount,
    title: "one per AZ in dev",
    config: { maxNatGateways: 1 },
    pass: () => [base.natGateway()],
    fail: () => [base.natGateway("nat-a"), base.natGateway("nat-b")],
    expect: /creates 2 NAT gateways; at most 1/,
  },
  {
    policy: requiredCostTags,
    title: "provider default tags",
    pass: tagged(COST_TAGS),
    fail: tagged({ project: "edgestack", environment: "test" }),
    expect: /missing component, managed-by, cost-center/,
  },
  {
    policy: requiredCostTags,
    title: "own tags complete what the provider lacks",
    pass: tagged(
      { project: "edgestack", environment: "test" },
      { component: "network", "managed-by": "pulumi", "cost-center": "platform" },
    ),
    fail: () => [base.vpc()],
    expect: /missing project, environment/,
  },
  {
    policy: stackBudget,
    title: "budget",
    config: { budgetUsd: 200, asOfDate: "2026-11-23" },
    pass: () => [base.nodeGroup("m7g.large", 1)],
    fail: () => [base.nodeGroup("m7g.large", 4)],
    expect: /exceeds the budget of \$200\.00/,
  },
];
