/**
 * Which nodes the stack's pods need: first-fit-decreasing bin packing of every pod onto the managed node groups
 * (at their desired size) and then onto nodes Karpenter would launch from its NodePools (by weight, on the pool's
 * instance types). Two bounds:
 *  - baseline: pods at their minimum replicas; beyond the node groups, nodes come from the highest-weight pool
 *    (the on-demand baseline pool), counted even past its limits - that is what running the minimum costs, and the
 *    schedulability gate fails when it passes them;
 *  - ceiling: pods at their maximum replicas; pools fill in weight order up to their limits, the last one beyond
 *    (the advisory rule reports that), so the cost is what the HPAs' peak would cost.
 * Each node first carries one copy of every per-node agent (DaemonSets), then pods, within the allocatable capacity
 * and pod slots of its type (catalog.ts). Karpenter picks the cheapest type that fits; here: the type with the lowest
 * price per allocatable vCPU (after agents) that holds the pod, an approximation of its batch decision.
 */
import type { CostResource } from "../cost/pricer";
import { hasPrice, priceOf } from "../cost/pricing";
import { asArray, asNumber, asRecord, asString, asStrings } from "../lib/values";
import { allocatable, cpuMillis, INSTANCE_SHAPES, memoryMiB, type Allocatable } from "./catalog";
import { stackDemand, type Demand, type Requests } from "./demand";

export interface NodeGroupCapacity {
  name: string;
  type: string;
  nodes: number;
  capacityType: "on-demand" | "spot";
}

export interface NodePoolCapacity {
  name: string;
  /** Graph resource name (the CustomResource). */
  source: string;
  weight: number;
  capacityType: "on-demand" | "spot";
  types: string[];
  limits: Requests;
}

export interface Capacity {
  groups: NodeGroupCapacity[];
  pools: NodePoolCapacity[];
}

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool";

function requirement(reqs: unknown[], key: string): string[] | undefined {
  const r = reqs.map(asRecord).find((x) => x.key === key && x.operator === "In");
  return r ? asStrings(r.values) : undefined;
}

/** The instance types a NodePool's requirements allow that this estimator knows (shape and price). */
function poolTypes(spec: Record<string, unknown>): string[] {
  const reqs = asArray(asRecord(asRecord(asRecord(spec.template).spec)).requirements);
  const explicit = requirement(reqs, "node.kubernetes.io/instance-type");
  const families = requirement(reqs, "karpenter.k8s.aws/instance-family") ?? [];
  const sizes = requirement(reqs, "karpenter.k8s.aws/instance-size") ?? [];
  const types = explicit ?? families.flatMap((f) => sizes.map((s) => `${f}.${s}`));
  return types.filter((t) => allocatable(t) && hasPrice(`ec2/${t}`));
}

export function graphCapacity(resources: CostResource[]): Capacity {
  const groups = resources
    .filter((r) => r.type === NODE_GROUP)
    .map((r) => ({
      name: r.name,
      type: asStrings(r.inputs.instanceTypes)[0] ?? "",
      nodes: asNumber(asRecord(r.inputs.scalingConfig).desiredSize) ?? 0,
      capacityType: r.inputs.capacityType === "SPOT" ? ("spot" as const) : ("on-demand" as const),
    }));
  const pools = resources
    .filter((r) => r.type === NODE_POOL)
    .map((r) => {
      const spec = asRecord(r.inputs.spec);
      const reqs = asArray(asRecord(asRecord(spec.template).spec).requirements);
      const limits = asRecord(spec.limits);
      return {
        name: asString(asRecord(r.inputs.metadata).name) ?? r.name,
        source: r.name,
        weight: asNumber(spec.weight) ?? 0,
        capacityType: (requirement(reqs, "karpenter.sh/capacity-type") ?? []).includes("on-demand")
          ? ("on-demand" as const)
          : ("spot" as const),
        types: poolTypes(spec),
        limits: { cpuMillis: cpuMillis(limits.cpu) ?? Infinity, memoryMiB: memoryMiB(limits.memory) ?? Infinity },
      };
    })
    .sort((a, b) => b.weight - a.weight);
  return { groups, pools };
}

export interface PlacedNode {
  pool?: string;
  group?: string;
  type: string;
  capacityType: "on-demand" | "spot";
  free: Allocatable;
}

export interface PoolUsage {
  pool: string;
  source: string;
  capacityType: "on-demand" | "spot";
  nodes: Record<string, number>;
  cpuMillis: number;
  memoryMiB: number;
  limits: Requests;
  overLimit: boolean;
}

export interface Packing {
  bound: "min" | "max";
  nodes: PlacedNode[];
  pools: PoolUsage[];
  /** Pods no node could take (no pool, or none of its types is big enough), by pod set. */
  unplaced: Record<string, number>;
}

function agentLoad(demand: Demand): Allocatable {
  return demand.agents.reduce(
    (s, a) => ({
      cpuMillis: s.cpuMillis + a.requests.cpuMillis,
      memoryMiB: s.memoryMiB + a.requests.memoryMiB,
      pods: s.pods + 1,
    }),
    { cpuMillis: 0, memoryMiB: 0, pods: 0 },
  );
}

function emptyNode(type: string, agents: Allocatable): Allocatable | undefined {
  const a = allocatable(type);
  return (
    a && {
      cpuMillis: a.cpuMillis - agents.cpuMillis,
      memoryMiB: a.memoryMiB - agents.memoryMiB,
      pods: a.pods - agents.pods,
    }
  );
}

const fits = (free: Allocatable, r: Requests) =>
  free.cpuMillis >= r.cpuMillis && free.memoryMiB >= r.memoryMiB && free.pods >= 1;

function cheapestFit(types: string[], agents: Allocatable, r: Requests): string | undefined {
  const per = (t: string) => priceOf(`ec2/${t}`).usd / Math.max(1, emptyNode(t, agents)!.cpuMillis);
  return types
    .filter((t) => fits(emptyNode(t, agents)!, r))
    .sort((a, b) => per(a) - per(b) || priceOf(`ec2/${a}`).usd - priceOf(`ec2/${b}`).usd)[0];
}

/** Bin-packs the demand at `bound` (see the header for the two bounds). */
export function pack(demand: Demand, capacity: Capacity, bound: "min" | "max"): Packing {
  const agents = agentLoad(demand);
  const nodes: PlacedNode[] = capacity.groups.flatMap((g) =>
    Array.from({ length: g.nodes }, () => emptyNode(g.type, agents))
      .filter((f): f is Allocatable => f !== undefined)
      .map((free) => ({ group: g.name, type: g.type, capacityType: g.capacityType, free })),
  );
  const pools = bound === "min" ? capacity.pools.slice(0, 1) : capacity.pools;
  const usage: PoolUsage[] = pools.map((p) => ({
    pool: p.name,
    source: p.source,
    capacityType: p.capacityType,
    nodes: {},
    cpuMillis: 0,
    memoryMiB: 0,
    limits: p.limits,
    overLimit: false,
  }));
  const pods = demand.podSets
    .flatMap((s) => Array.from({ length: s[bound] }, () => ({ set: s.name, r: s.requests })))
    .sort((a, b) => b.r.cpuMillis - a.r.cpuMillis || b.r.memoryMiB - a.r.memoryMiB);
  const unplaced: Record<string, number> = {};
  for (const pod of pods) {
    let node = nodes.find((n) => fits(n.free, pod.r));
    if (!node) {
      for (const [i, p] of pools.entries()) {
        const type = cheapestFit(p.types, agents, pod.r);
        if (!type) continue;
        // NodePool limits count the nodes' capacity (vCPU, memory), not what is allocatable on them.
        const shape = {
          cpuMillis: INSTANCE_SHAPES[type].vcpu * 1000,
          memoryMiB: INSTANCE_SHAPES[type].memoryGiB * 1024,
        };
        const u = usage[i];
        const last = i === pools.length - 1;
        const within =
          u.cpuMillis + shape.cpuMillis <= p.limits.cpuMillis && u.memoryMiB + shape.memoryMiB <= p.limits.memoryMiB;
        if (!within && !last) continue;
        u.nodes[type] = (u.nodes[type] ?? 0) + 1;
        u.cpuMillis += shape.cpuMillis;
        u.memoryMiB += shape.memoryMiB;
        u.overLimit ||= !within;
        node = { pool: p.name, type, capacityType: p.capacityType, free: emptyNode(type, agents)! };
        nodes.push(node);
        break;
      }
    }
    if (!node) {
      unplaced[pod.set] = (unplaced[pod.set] ?? 0) + 1;
      continue;
    }
    node.free = {
      cpuMillis: node.free.cpuMillis - pod.r.cpuMillis,
      memoryMiB: node.free.memoryMiB - pod.r.memoryMiB,
      pods: node.free.pods - 1,
    };
  }
  return { bound, nodes, pools: usage, unplaced };
}

const cache = new WeakMap<CostResource[], Record<"min" | "max", Packing>>();

/** Both packings of a graph, computed once per resource list (the pricer runs per NodePool). */
export function stackPackings(resources: CostResource[]): Record<"min" | "max", Packing> {
  let p = cache.get(resources);
  if (!p) {
    const demand = stackDemand(resources);
    const cap = graphCapacity(resources);
    p = { min: pack(demand, cap, "min"), max: pack(demand, cap, "max") };
    cache.set(resources, p);
  }
  return p;
}
