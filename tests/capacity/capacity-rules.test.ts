/** Capacity and Karpenter rules: one compliant and one failing case each. */
import assert from "node:assert/strict";
import { maxReplicasFitLimits, podsFitBaseline } from "../../policies/capacity/gate";
import {
  karpenterPolicies,
  nodeClassEncryptedVolumes,
  nodeClassImdsV2,
  nodeClassTags,
  sqsEncryption,
} from "../../policies/capacity/karpenter-rules";
import { nodeGroupInstanceTypes } from "../../policies/cost/instance-classes";
import { runPolicies } from "../../policies/runner";
import { patch, res, stackOf } from "../policies/fixtures";
import { deployment, hpa, nodeGroup, nodePool, smallPlatform } from "./fixtures";

const TAGS = {
  project: "edgestack",
  environment: "test",
  component: "cluster",
  "managed-by": "pulumi",
  "cost-center": "platform",
};
const nodeClass = () =>
  res("kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "nodeclass", {
    spec: {
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 },
      blockDeviceMappings: [
        { deviceName: "/dev/xvda", ebs: { volumeType: "gp3", encrypted: true, volumeSize: "50Gi" } },
      ],
      tags: { ...TAGS },
    },
  });
const queue = () => res("aws:sqs/queue:Queue", "queue", { sqsManagedSseEnabled: true, messageRetentionSeconds: 300 });
const verdicts = async (policy: (typeof karpenterPolicies)[number], ...resources: ReturnType<typeof res>[]) =>
  (await runPolicies(stackOf(...resources), {}, [policy])).verdicts.map((v) => v.message);

describe("Karpenter resource rules", () => {
  it("SQS: SSE passes; a queue without encryption fails", async () => {
    assert.deepEqual(await verdicts(sqsEncryption, queue()), []);
    assert.match(
      (await verdicts(sqsEncryption, patch(queue(), "sqsManagedSseEnabled", false)))[0],
      /must encrypt messages at rest/,
    );
  });
  it("EC2NodeClass IMDSv2: required tokens with 2 hops pass; optional tokens or 3 hops fail", async () => {
    assert.deepEqual(await verdicts(nodeClassImdsV2, nodeClass()), []);
    assert.match(
      (await verdicts(nodeClassImdsV2, patch(nodeClass(), "spec.metadataOptions.httpTokens", "optional")))[0],
      /httpTokens "required"/,
    );
    assert.equal(
      (await verdicts(nodeClassImdsV2, patch(nodeClass(), "spec.metadataOptions.httpPutResponseHopLimit", 3))).length,
      1,
    );
  });
  it("EC2NodeClass volumes: encrypted gp3 passes; unencrypted or missing mappings fail", async () => {
    assert.deepEqual(await verdicts(nodeClassEncryptedVolumes, nodeClass()), []);
    assert.match(
      (
        await verdicts(nodeClassEncryptedVolumes, patch(nodeClass(), "spec.blockDeviceMappings.0.ebs.encrypted", false))
      )[0],
      /must be encrypted gp3/,
    );
    assert.match(
      (await verdicts(nodeClassEncryptedVolumes, patch(nodeClass(), "spec.blockDeviceMappings", [])))[0],
      /must declare blockDeviceMappings/,
    );
  });
  it("EC2NodeClass tags: the cost tags pass; a missing one fails by name", async () => {
    assert.deepEqual(await verdicts(nodeClassTags, nodeClass()), []);
    assert.match(
      (await verdicts(nodeClassTags, patch(nodeClass(), "spec.tags.cost-center", undefined)))[0],
      /missing cost-center/,
    );
  });
  it("NodePool instance types: allowed family x size passes; one outside the list fails", async () => {
    const config = { [nodeGroupInstanceTypes.name]: { allowedInstanceTypes: ["m7g.large", "m7g.xlarge"] } };
    const ok = await runPolicies(stackOf(nodePool("od", "on-demand", 100, 8)), config, [nodeGroupInstanceTypes]);
    assert.deepEqual(ok.verdicts, []);
    const bad = await runPolicies(stackOf(nodePool("od", "on-demand", 100, 8, ["m7g"], ["large", "4xlarge"])), config, [
      nodeGroupInstanceTypes,
    ]);
    assert.match(bad.verdicts[0].message, /NodePool instance type m7g.4xlarge is not allowed/);
  });
});

describe("schedulability gate", () => {
  const capacity = (onDemandCpu: number, spotCpu: number) => [
    nodeGroup("general", "m7g.large", 1),
    nodePool("on-demand", "on-demand", 100, onDemandCpu),
    nodePool("spot", "spot", 10, spotCpu),
  ];
  const gate = async (resources: ReturnType<typeof res>[]) =>
    (await runPolicies(stackOf(...resources), {}, [podsFitBaseline, maxReplicasFitLimits])).verdicts;

  it("passes when the minimum fits the node group + on-demand pool and the maximum fits all limits", async () => {
    assert.deepEqual(await gate([...smallPlatform(), ...capacity(8, 16)]), []);
  });
  it("fails (mandatory) when the minimum needs more than the on-demand pool's limits, naming the biggest consumers", async () => {
    const big = [deployment("search", "apps", "1500m", "2Gi", 4), hpa("search", "apps", 4, 4)];
    const v = await gate([...smallPlatform(), ...big, ...capacity(2, 16)]);
    const baseline = v.find((x) => x.policy === podsFitBaseline.name)!;
    assert.equal(baseline.enforcementLevel, "mandatory");
    assert.match(
      baseline.message,
      /pods at minimum replicas request .* do not fit the baseline capacity \(1 x m7g.large \(general\) \+ NodePool on-demand up to 2.00 vCPU/,
    );
    assert.match(baseline.message, /Biggest consumers: search 4 x 1600m \(sidecar 100m\) = 6.40 vCPU, api 3 x 600m/);
  });
  it("fails without any NodePool when the node groups cannot hold the minimum", async () => {
    const v = await gate([...smallPlatform(), nodeGroup("general", "t4g.medium", 1)]);
    assert.match(
      v.find((x) => x.policy === podsFitBaseline.name)!.message,
      /\(1 x t4g.medium \(general\) and no NodePool\): no node type can take 1 x istiod, 2 x coredns/,
    );
  });
  it("warns (advisory) when the maximum replicas exceed the NodePools' limits", async () => {
    const graph = smallPlatform();
    patch(
      graph.find((r) => r.name === "api-hpa")!,
      "spec.maxReplicas",
      40,
    );
    const v = await gate([...graph, ...capacity(4, 4)]);
    const ceiling = v.find((x) => x.policy === maxReplicasFitLimits.name)!;
    assert.equal(ceiling.enforcementLevel, "advisory");
    assert.match(ceiling.message, /NodePool spot would need .* \(limits 4.00 vCPU/);
    assert.ok(!v.some((x) => x.policy === podsFitBaseline.name), "the minimum still fits");
  });
});
