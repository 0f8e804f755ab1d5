/** The capacity model: node reserve, pod demand from a graph, bin packing at both bounds. */
import assert from "node:assert/strict";
import { allocatable, kubeReservedCpuMillis, kubeReservedMemoryMiB } from "../../policies/capacity/catalog";
import { stackDemand, totalAt } from "../../policies/capacity/demand";
import { graphCapacity, pack } from "../../policies/capacity/packing";
import { deployment, nodeGroup, nodePool, release, smallPlatform } from "./fixtures";

describe("capacity model", () => {
  it("reserves per node what the EKS AMI formula does (m7g.large: 70m CPU, 574 MiB + 100 MiB eviction + 7.5 % VM overhead)", () => {
    assert.equal(kubeReservedCpuMillis(2), 70);
    assert.equal(kubeReservedCpuMillis(8), 60 + 10 + 10 + 10); // 6 % + 1 % + 2 x 0.5 % + 4 x 0.25 %
    assert.equal(kubeReservedMemoryMiB(29), 574);
    assert.deepEqual(allocatable("m7g.large"), {
      cpuMillis: 1930,
      memoryMiB: Math.floor(8192 * 0.925) - 574 - 100,
      pods: 29,
    });
    assert.equal(allocatable("x9.huge"), undefined);
  });

  it("reads pods from the graph: HPA bounds, the sidecar in injected namespaces, charts, DaemonSets and add-ons", () => {
    const d = stackDemand(smallPlatform());
    const api = d.podSets.find((p) => p.name === "api")!;
    assert.deepEqual(
      [api.min, api.max, api.requests, api.sidecar],
      [3, 6, { cpuMillis: 600, memoryMiB: 640 }, { cpuMillis: 100, memoryMiB: 128 }],
    );
    assert.deepEqual(d.podSets.find((p) => p.name === "istiod")!.requests, { cpuMillis: 200, memoryMiB: 256 });
    assert.deepEqual(d.podSets.find((p) => p.name === "coredns")!.min, 2);
    assert.deepEqual(
      d.agents.map((a) => [a.name, a.requests.cpuMillis]),
      [
        ["agent", 50],
        ["aws-node", 25],
      ],
    );
    assert.deepEqual(totalAt(d.podSets, "min"), {
      cpuMillis: 3 * 600 + 200 + 2 * 100,
      memoryMiB: 3 * 640 + 256 + 2 * 70,
    });
    // Outside an injected namespace no sidecar is added.
    const plain = stackDemand([...smallPlatform(), deployment("job", "batch", "1", "1Gi")]).podSets.find(
      (p) => p.name === "job",
    )!;
    assert.deepEqual(plain.sidecar, { cpuMillis: 0, memoryMiB: 0 });
  });

  it("counts chart pods by the chart table: Kong with its controller container and HPA bounds", () => {
    const kong = release("kong", "kong", "kong", {
      resources: { requests: { cpu: "250m", memory: "512Mi" } },
      ingressController: { resources: { requests: { cpu: "50m", memory: "128Mi" } } },
      autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 9 },
    });
    const pod = stackDemand([kong]).podSets[0];
    assert.deepEqual([pod.name, pod.requests, pod.min, pod.max], ["kong", { cpuMillis: 300, memoryMiB: 640 }, 3, 9]);
  });

  it("packs the minimum onto the node groups first, then the highest-weight pool; the maximum fills pools by weight within limits", () => {
    const graph = [
      ...smallPlatform(),
      nodeGroup("general", "m7g.large", 1),
      nodePool("on-demand", "on-demand", 100, 4),
      nodePool("spot", "spot", 10, 16),
    ];
    const d = stackDemand(graph);
    const cap = graphCapacity(graph);
    assert.deepEqual(
      cap.pools.map((p) => p.name),
      ["on-demand", "spot"],
    );
    const min = pack(d, cap, "min");
    assert.deepEqual(min.unplaced, {});
    assert.equal(min.pools.length, 1, "the minimum only uses the baseline pool");
    assert.ok(min.pools[0].cpuMillis > 0 && !min.pools[0].overLimit);
    const max = pack(d, cap, "max");
    const launched = (p: typeof min) => p.pools.reduce((s, u) => s + u.cpuMillis, 0);
    assert.ok(
      launched(max) >= launched(min) && max.nodes.length >= min.nodes.length,
      "more replicas never need fewer nodes",
    );
    assert.ok(max.pools[0].cpuMillis <= 4000, "the on-demand pool never passes its limit before spot is used");
    for (const n of max.nodes)
      assert.ok(n.free.cpuMillis >= 0 && n.free.memoryMiB >= 0 && n.free.pods >= 0, "no node is overcommitted");
  });

  it("marks the baseline pool over its limits rather than dropping pods (the cost counts them, the gate fails)", () => {
    const graph = [
      ...smallPlatform(),
      deployment("big", "batch", "1500m", "1Gi", 6),
      nodeGroup("general", "m7g.large", 1),
      nodePool("on-demand", "on-demand", 100, 2),
    ];
    const min = pack(stackDemand(graph), graphCapacity(graph), "min");
    assert.deepEqual(min.unplaced, {});
    assert.equal(min.pools[0].overLimit, true);
  });
});
