/**
 * Nodes Karpenter launches are not in the graph: they follow the pods. A NodePool is priced at the nodes it would
 * run at the pods' minimum replicas (policies/capacity/packing.ts, "baseline"), with their root volumes from the
 * EC2NodeClass; `capacityCeiling` reports separately what the HPAs' maximum replicas would cost.
 */
import { stackPackings, type PoolUsage } from "../capacity/packing";
import { asArray, asRecord } from "../lib/values";
import { quantityToGib } from "./estimate-k8s";
import type { CostResource, LineDraft, Pricer } from "./pricer";
import { HOURS_PER_MONTH as H, priceOf } from "./pricing";
import type { CostAssumptions } from "./assumptions";

const NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";

/** Root volume GiB of Karpenter's nodes: the node class' first block device, else the AMI family's 20 GiB default. */
function rootVolumeGib(resources: CostResource[], assumptions: CostAssumptions): { gib: number; assumed: boolean } {
  const nodeClass = resources.find((r) => r.type === NODE_CLASS);
  const gib = quantityToGib(
    asRecord(asRecord(asArray(asRecord(nodeClass?.inputs.spec).blockDeviceMappings)[0]).ebs).volumeSize,
  );
  return gib === undefined ? { gib: assumptions.defaultNodeRootVolumeGb, assumed: true } : { gib, assumed: false };
}

export function poolLines(
  u: PoolUsage,
  volume: { gib: number; assumed: boolean },
  assumptions: CostAssumptions,
  bound: string,
): LineDraft[] {
  const spot = u.capacityType === "spot";
  return Object.entries(u.nodes).flatMap(([type, n]) => {
    const spotPrice = priceOf(`ec2/${type}`).usd * assumptions.spotPriceRatio;
    return [
      {
        description: `${n} x ${type} ${u.capacityType} nodes (Karpenter, pods at ${bound} replicas)`,
        quantity: n * H,
        priceKey: `ec2/${type}`,
        assumption: `bin-packed pod requests${spot ? `; spot at ${assumptions.spotPriceRatio} x on-demand` : ""}`,
        ...(spot ? { unitPriceUsd: spotPrice, reservedUnitPriceUsd: spotPrice } : {}),
      },
      {
        description: `${n} x ${volume.gib} GiB gp3 root volumes (${type})`,
        quantity: n * volume.gib,
        priceKey: "ebs/gp3-gb-month",
        ...(volume.assumed ? { assumption: `default root volume ${volume.gib} GiB` } : {}),
      },
    ];
  });
}

const monthly = (lines: LineDraft[]) =>
  lines.reduce((s, l) => s + l.quantity * (l.unitPriceUsd ?? priceOf(l.priceKey).usd), 0);

const nodePool: Pricer = (r, ctx) => {
  const usage = stackPackings(ctx.resources).min.pools.find((u) => u.source === r.name);
  return usage ? poolLines(usage, rootVolumeGib(ctx.resources, ctx.assumptions), ctx.assumptions, "minimum") : [];
};

interface CapacityCeiling {
  /** Karpenter nodes at minimum and at maximum replicas, $/month. */
  baselineNodesUsd: number;
  ceilingNodesUsd: number;
  /** Pods no pool could place at maximum replicas, by pod set. */
  unplaced: Record<string, number>;
}

/** What Karpenter's nodes cost at the minimum (in the estimate) and at the maximum replicas (the ceiling). */
export function capacityCeiling(resources: CostResource[], assumptions: CostAssumptions): CapacityCeiling {
  const p = stackPackings(resources);
  const volume = rootVolumeGib(resources, assumptions);
  const cost = (pools: PoolUsage[], bound: string) =>
    monthly(pools.flatMap((u) => poolLines(u, volume, assumptions, bound)));
  return {
    baselineNodesUsd: cost(p.min.pools, "minimum"),
    ceilingNodesUsd: cost(p.max.pools, "maximum"),
    unplaced: p.max.unplaced,
  };
}

export const NODE_PRICERS: Record<string, Pricer> = { "kubernetes:karpenter.sh/v1:NodePool": nodePool };
