/** What the program deploys for Karpenter, and how the estimate and the gate follow the pods (acceptance, issue 17). */
import assert from "node:assert/strict";
import { meshOverhead } from "../../components/mesh/capacity";
import { parseConfig } from "../../config";
import { stackDemand } from "../../policies/capacity/demand";
import { estimateCost } from "../../policies/cost/estimate";
import { capacityCeiling } from "../../policies/cost/estimate-nodes";
import { runPolicies } from "../../policies/runner";
import { policyConfigFor } from "../../tools/policy-config";
import { AS_OF, input, ofType, one, runProgram, stackRun, type RunResult } from "../harness";

const NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool";
const NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";
const services = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    i < 2
      ? [
          { name: "items", framework: "fastapi", paths: ["/api/v1/items"], allowedGroups: ["readers", "writers"] },
          { name: "orders", framework: "flask", paths: ["/api/v1/orders"], allowedGroups: ["writers"] },
        ][i]
      : { name: `svc${i}`, framework: "fastapi", paths: [`/api/v1/svc${i}`], allowedGroups: ["readers"] },
  );

describe("Karpenter (program)", () => {
  it("installs the pinned official chart from its OCI registry, with IRSA and the interruption queue in its settings", async () => {
    const run = await stackRun("prod");
    const release = ofType(run, "kubernetes:helm.sh/v3:Release").find((r) => r.name === "cluster-karpenter")!;
    assert.deepEqual(
      [release.inputs.chart, release.inputs.version, release.inputs.namespace],
      ["oci://public.ecr.aws/karpenter/karpenter", "1.14.1", "kube-system"],
    );
    const queue = one(run, "aws:sqs/queue:Queue");
    assert.equal(input(release, "values.settings.interruptionQueue"), queue.inputs.name);
    assert.equal(input(release, "values.settings.clusterName"), "edgestack-prod-eks");
    const role = ofType(run, "aws:iam/role:Role").find((r) => r.name === "cluster-karpenter-controller")!;
    const trust = JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0];
    assert.match(JSON.stringify(trust.Condition.StringEquals), /system:serviceaccount:kube-system:karpenter/);
    const policies = ofType(run, "aws:iam/policy:Policy").filter((p) => p.name.startsWith("cluster-karpenter-"));
    assert.equal(policies.length, 5);
    const lifecycle = JSON.parse(policies.find((p) => p.name.endsWith("node-lifecycle"))!.inputs.policy as string);
    assert.ok(
      lifecycle.Statement.every((s: any) => s.Sid === "AllowScopedEC2InstanceAccessActions" || s.Condition),
      "instance actions are scoped by cluster tags",
    );
  });

  it("lets its nodes join through an EC2_LINUX access entry and finds subnets and the security group by discovery tag", async () => {
    const run = await stackRun("prod");
    assert.equal(input(one(run, "aws:eks/cluster:Cluster"), "accessConfig.authenticationMode"), "API");
    assert.equal(
      ofType(run, "aws:eks/accessEntry:AccessEntry").find((e) => e.inputs.type === "EC2_LINUX")!.inputs.type,
      "EC2_LINUX",
    );
    const tags = ofType(run, "aws:ec2/tag:Tag").filter((t) => t.inputs.key === "karpenter.sh/discovery");
    assert.equal(tags.length, 4, "3 private subnets + the cluster security group");
    assert.ok(tags.every((t) => t.inputs.value === "edgestack-prod-eks"));
    const nodeClass = one(run, NODE_CLASS);
    assert.deepEqual(input(nodeClass, "spec.subnetSelectorTerms"), [
      { tags: { "karpenter.sh/discovery": "edgestack-prod-eks" } },
    ]);
  });

  it("feeds the queue (SSE, 300 s) from the spot, rebalance, state-change and scheduled-change events", async () => {
    const run = await stackRun("prod");
    const queue = one(run, "aws:sqs/queue:Queue");
    assert.deepEqual([queue.inputs.sqsManagedSseEnabled, queue.inputs.messageRetentionSeconds], [true, 300]);
    const kinds = ofType(run, "aws:cloudwatch/eventRule:EventRule").map(
      (r) => JSON.parse(r.inputs.eventPattern as string)["detail-type"][0],
    );
    for (const k of [
      "EC2 Spot Instance Interruption Warning",
      "EC2 Instance Rebalance Recommendation",
      "EC2 Instance State-change Notification",
      "AWS Health Event",
    ])
      assert.ok(kinds.includes(k), k);
    assert.equal(ofType(run, "aws:cloudwatch/eventTarget:EventTarget").length, kinds.length);
    const policy = JSON.parse(one(run, "aws:sqs/queuePolicy:QueuePolicy").inputs.policy as string);
    assert.deepEqual(policy.Statement[0].Principal.Service, ["events.amazonaws.com", "sqs.amazonaws.com"]);
  });

  it("creates the node class and both pools after the release (its CRDs), with prod's and dev's limits", async () => {
    for (const [stack, onDemandCpu] of [
      ["prod", "8"],
      ["dev", "2"],
    ] as const) {
      const run = await stackRun(stack);
      const release = ofType(run, "kubernetes:helm.sh/v3:Release").find((r) => r.name === "cluster-karpenter")!;
      const pools = ofType(run, NODE_POOL);
      assert.deepEqual(
        pools.map((p) => input(p, "metadata.name")),
        ["on-demand", "spot"],
      );
      for (const r of [one(run, NODE_CLASS), ...pools])
        assert.ok(r.dependencies.includes(release.urn), `${r.name} waits for the release`);
      assert.equal(input(pools[0], "spec.limits.cpu"), onDemandCpu);
      assert.equal(input(pools[0], "spec.disruption.consolidationPolicy"), "WhenEmptyOrUnderutilized");
      assert.deepEqual(input(one(run, NODE_CLASS), "spec.amiSelectorTerms"), [{ alias: "al2023@v20260520" }]);
    }
  });
});

describe("the gate's demand agrees with the mesh's node-sizing helper", () => {
  it("counts the same sidecars, istiod and CNI agents from the graph as meshOverhead does from config (prod, minimum)", async () => {
    const cfg = parseConfig(
      "edgestack",
      "prod",
      {
        environment: "prod",
        edge: JSON.stringify({ zone: "example.com" }),
        monitoring: JSON.stringify({ alertEmail: "ops@example.com" }),
      },
      "us-east-1",
    );
    const d = stackDemand((await stackRun("prod")).resources);
    const mesh = meshOverhead(cfg.mesh, cfg.services, cfg.ingress.kong.minReplicas, 1, "min");
    const sidecars = d.podSets.reduce((s, p) => s + p.sidecar.cpuMillis * p.min, 0);
    assert.equal(sidecars, mesh.sidecarRequests.cpuMillis);
    const istiod = d.podSets.find((p) => p.name === "istiod")!;
    assert.equal(istiod.requests.cpuMillis * istiod.min, mesh.istiodRequests.cpuMillis);
    assert.equal(d.agents.find((a) => a.name === "istio-cni-node")!.requests.cpuMillis, mesh.cniRequests.cpuMillis);
  });
});

describe("cost and capacity follow the pods (acceptance)", () => {
  let fifty: RunResult;
  before(async function () {
    this.timeout(300_000);
    fifty = await runProgram({ stack: "prod", config: { "edgestack:services": services(50) } });
    if (fifty.error) throw fifty.error;
  });
  const estimateOf = (run: RunResult) => estimateCost(run.resources, { asOfDate: AS_OF }).totalUsd;

  it("prices Karpenter's nodes at minimum replicas: 50 services cost at least $400/month more than 2", async () => {
    const two = await stackRun("prod");
    assert.ok(
      estimateOf(fifty) - estimateOf(two) >= 400,
      `${estimateOf(fifty).toFixed(2)} vs ${estimateOf(two).toFixed(2)}`,
    );
    const ceiling = capacityCeiling(two.resources, estimateCost(two.resources, { asOfDate: AS_OF }).assumptions);
    assert.ok(ceiling.ceilingNodesUsd > ceiling.baselineNodesUsd, "the maximum replicas cost more than the minimum");
  });

  it("fails the 50-service prod preview naming the capacity and budget rules; the default prod and dev pass", async () => {
    const result = await runPolicies(fifty, policyConfigFor("prod", AS_OF));
    const failed = result.verdicts.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy);
    assert.deepEqual(failed.sort(), ["kubernetes-pods-fit-baseline-capacity", "stack-monthly-cost-within-budget"]);
    for (const stack of ["prod", "dev"] as const) {
      const ok = await runPolicies(await stackRun(stack), policyConfigFor(stack, AS_OF));
      assert.equal(ok.mandatoryViolations, 0, `${stack}: ${ok.verdicts.map((v) => v.message).join(" | ")}`);
    }
  });
});
