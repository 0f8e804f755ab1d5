/**
 * Pure core of the capacity planner (tools/plan-capacity.ts is the CLI): month by month, users → requests/s →
 * replicas per scaled workload → nodes (the same bin packing the schedulability gate and the estimate use,
 * policies/capacity/packing.ts) → monthly cost and budget headroom. It flags the first month a limit (an HPA's
 * maxReplicas, a NodePool's limits) or the budget is crossed.
 *
 * Model (printed with every plan):
 *  - users grow by `growthPercent` a month, compounding; each sends `requestsPerUserPerSecond`;
 *  - the app services share the requests evenly; the gateways (Kong, the NGINX edge) each carry all of them;
 *  - one pod sustains `podRps` and runs at `targetUtilization` of it; replicas are clamped to the HPA's bounds;
 *  - everything else stays at its minimum replicas; nodes: node groups at desired size, then NodePools by weight
 *    within their limits (the last pool past them, which is flagged); cost: the stack's estimate with Karpenter's
 *    minimum-replica nodes replaced by the month's.
 */
import type { Capacity } from "../policies/capacity/packing";
import { pack } from "../policies/capacity/packing";
import type { Demand, PodSet } from "../policies/capacity/demand";
import { poolLines } from "../policies/cost/estimate-nodes";
import type { CostAssumptions } from "../policies/cost/assumptions";
import { priceOf } from "../policies/cost/pricing";

export interface PlanInputs {
  users: number;
  growthPercent: number;
  months: number;
  requestsPerUserPerSecond: number;
  podRps: number;
  targetUtilization: number;
  /** Pod sets that are app services (share the traffic) and gateways (carry all of it). */
  services: string[];
  gateways: string[];
  demand: Demand;
  capacity: Capacity;
  /** The stack's estimate without Karpenter's nodes (everything that does not follow the pods), $/month. */
  fixedMonthlyUsd: number;
  rootVolumeGib: number;
  assumptions: CostAssumptions;
  budgetUsd?: number;
}

export interface PlanMonth {
  month: number;
  users: number;
  requestsPerSecond: number;
  /** Replicas of each scaled workload. */
  pods: Record<string, number>;
  nodes: number;
  nodesByType: Record<string, number>;
  monthlyCostUsd: number;
  budgetUsd?: number;
  headroomUsd?: number;
  /** What this month crosses: HPA maxima, NodePool limits, the budget. */
  flags: string[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function replicasFor(set: PodSet, rps: number, i: PlanInputs): { replicas: number; wanted: number } {
  const wanted = Math.ceil(rps / (i.podRps * i.targetUtilization));
  return { replicas: Math.min(set.max, Math.max(set.min, wanted)), wanted };
}

export function planMonth(i: PlanInputs, month: number): PlanMonth {
  const users = Math.round(i.users * (1 + i.growthPercent / 100) ** (month - 1));
  const rps = users * i.requestsPerUserPerSecond;
  const flags: string[] = [];
  const pods: Record<string, number> = {};
  const podSets = i.demand.podSets.map((s) => {
    const share = i.services.includes(s.name)
      ? rps / Math.max(1, i.services.length)
      : i.gateways.includes(s.name)
        ? rps
        : undefined;
    if (share === undefined) return { ...s, max: s.min };
    const { replicas, wanted } = replicasFor(s, share, i);
    pods[s.name] = replicas;
    if (wanted > s.max) flags.push(`${s.name} needs ${wanted} replicas > maxReplicas ${s.max}`);
    return { ...s, max: replicas };
  });
  const p = pack({ ...i.demand, podSets }, i.capacity, "max");
  for (const u of p.pools.filter((x) => x.overLimit))
    flags.push(`NodePool ${u.pool} over its limits (${u.cpuMillis / 1000} vCPU)`);
  for (const [set, n] of Object.entries(p.unplaced)) flags.push(`${n} x ${set} fit no node type`);
  const nodesByType: Record<string, number> = {};
  for (const n of p.nodes) nodesByType[n.type] = (nodesByType[n.type] ?? 0) + 1;
  const karpenterUsd = p.pools
    .flatMap((u) => poolLines(u, { gib: i.rootVolumeGib, assumed: false }, i.assumptions, "planned"))
    .reduce((s, l) => s + l.quantity * (l.unitPriceUsd ?? priceOf(l.priceKey).usd), 0);
  const cost = round2(i.fixedMonthlyUsd + karpenterUsd);
  if (i.budgetUsd !== undefined && cost > i.budgetUsd) flags.push(`over the budget of $${i.budgetUsd}`);
  return {
    month,
    users,
    requestsPerSecond: round2(rps),
    pods,
    nodes: p.nodes.length,
    nodesByType,
    monthlyCostUsd: cost,
    ...(i.budgetUsd !== undefined ? { budgetUsd: i.budgetUsd, headroomUsd: round2(i.budgetUsd - cost) } : {}),
    flags,
  };
}

export function planCapacity(i: PlanInputs): PlanMonth[] {
  return Array.from({ length: i.months }, (_, k) => planMonth(i, k + 1));
}

/** The first month each kind of flag appears (limit or budget), for the summary line. */
export function firstCrossings(plan: PlanMonth[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of plan) {
    for (const f of m.flags) {
      const kind = f.replace(/\d+(\.\d+)?/g, "#");
      if (!seen.has(kind)) {
        seen.add(kind);
        out.push(`month ${m.month}: ${f}`);
      }
    }
  }
  return out;
}
