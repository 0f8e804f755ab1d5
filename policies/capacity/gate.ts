/**
 * The schedulability gate. HPAs add pods, Karpenter adds nodes, and both stop at limits someone chose: these rules
 * check the program's pod requests (demand.ts: workloads at their replica bounds, Istio sidecars, per-node agents,
 * EKS add-ons) against the capacity it provisions (packing.ts).
 *  - Baseline (mandatory): at minimum replicas every pod must fit on the managed node groups at their desired size
 *    plus the highest-weight NodePool (the on-demand baseline pool) within its limits. Otherwise pods stay Pending
 *    on a fresh cluster and atomic Helm releases roll back.
 *  - Ceiling (advisory): at maximum replicas every pod must fit within the NodePools' limits; otherwise the HPAs
 *    promise replicas no node will run.
 */
import type { EdgestackPolicy } from "../types";
import { toCostResources } from "../cost/budget";
import { stackDemand, totalAt, type Demand, type PodSet } from "./demand";
import { graphCapacity, pack, type Packing } from "./packing";

const vcpu = (m: number) => `${(m / 1000).toFixed(2)} vCPU`;
const gib = (m: number) => `${(m / 1024).toFixed(1)} GiB`;

/** The `n` pod sets requesting the most CPU at `bound`, for messages. */
function biggestConsumers(podSets: PodSet[], bound: "min" | "max", n = 5): string {
  return [...podSets]
    .sort((a, b) => b.requests.cpuMillis * b[bound] - a.requests.cpuMillis * a[bound])
    .slice(0, n)
    .map(
      (p) =>
        `${p.name} ${p[bound]} x ${p.requests.cpuMillis}m${p.sidecar.cpuMillis ? ` (sidecar ${p.sidecar.cpuMillis}m)` : ""} = ${vcpu(p.requests.cpuMillis * p[bound])}`,
    )
    .join(", ");
}

function summary(demand: Demand, bound: "min" | "max"): string {
  const total = totalAt(demand.podSets, bound);
  const perNode = demand.agents.reduce((s, a) => s + a.requests.cpuMillis, 0);
  return `pods at ${bound === "min" ? "minimum" : "maximum"} replicas request ${vcpu(total.cpuMillis)} / ${gib(total.memoryMiB)}, plus ${perNode}m per node for ${demand.agents.length} per-node agents`;
}

const unplacedText = (p: Packing) =>
  Object.entries(p.unplaced)
    .map(([set, n]) => `${n} x ${set}`)
    .join(", ");

/** The stack's pod demand packed onto its capacity at min or max replicas; undefined when no pod is in the graph. */
function packStack(graph: Parameters<typeof toCostResources>[0], bound: "min" | "max") {
  const resources = toCostResources(graph);
  const demand = stackDemand(resources);
  if (demand.podSets.length === 0) return undefined;
  const cap = graphCapacity(resources);
  return { demand, cap, p: pack(demand, cap, bound) };
}

export const podsFitBaseline: EdgestackPolicy = {
  name: "kubernetes-pods-fit-baseline-capacity",
  description:
    "At minimum replicas, every pod (sidecars, DaemonSets and EKS add-ons included) must fit the node groups at desired size plus the on-demand NodePool's limits.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Raise the on-demand NodePool's limits (capacity.karpenter.onDemand.cpuLimit/memoryLimitGiB) or the node group's desiredSize, or lower minReplicas/requests of the biggest consumers (docs/capacity.md).",
  validateStack: (args, report) => {
    const packed = packStack(args.resources, "min");
    if (!packed) return;
    const { demand, cap, p } = packed;
    const baseline = cap.pools[0];
    const usage = p.pools[0];
    const groups = cap.groups.map((g) => `${g.nodes} x ${g.type} (${g.name})`).join(", ") || "no node groups";
    const where = `${groups}${baseline ? ` + NodePool ${baseline.name} up to ${vcpu(baseline.limits.cpuMillis)} / ${gib(baseline.limits.memoryMiB)}` : " and no NodePool"}`;
    const problems: string[] = [];
    if (Object.keys(p.unplaced).length) problems.push(`no node type can take ${unplacedText(p)}`);
    if (usage?.overLimit) {
      const nodes = Object.entries(usage.nodes)
        .map(([t, n]) => `${n} x ${t}`)
        .join(", ");
      problems.push(
        `NodePool ${usage.pool} would need ${nodes} (${vcpu(usage.cpuMillis)} / ${gib(usage.memoryMiB)}), over its limits`,
      );
    }
    if (problems.length === 0) return;
    report(
      `The ${summary(demand, "min")}, which do not fit the baseline capacity (${where}): ${problems.join("; ")}. Biggest consumers: ${biggestConsumers(demand.podSets, "min")}.`,
    );
  },
};

export const maxReplicasFitLimits: EdgestackPolicy = {
  name: "kubernetes-max-replicas-fit-nodepool-limits",
  description:
    "At maximum replicas (every HPA at its max), pods should fit the node groups plus all NodePools' limits.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediation:
    "Raise the spot NodePool's limits (capacity.karpenter.spot.cpuLimit/memoryLimitGiB) or lower maxReplicas of the biggest consumers; see `npm run plan:capacity`.",
  validateStack: (args, report) => {
    const packed = packStack(args.resources, "max");
    if (!packed) return;
    const { demand, p } = packed;
    const over = p.pools
      .filter((u) => u.overLimit)
      .map(
        (u) =>
          `NodePool ${u.pool} would need ${vcpu(u.cpuMillis)} / ${gib(u.memoryMiB)} (limits ${vcpu(u.limits.cpuMillis)} / ${gib(u.limits.memoryMiB)})`,
      );
    if (Object.keys(p.unplaced).length) over.push(`nothing can take ${unplacedText(p)}`);
    if (over.length === 0) return;
    report(
      `The ${summary(demand, "max")}, beyond what the cluster may launch: ${over.join("; ")}. Biggest consumers: ${biggestConsumers(demand.podSets, "max")}.`,
    );
  },
};

export const capacityGatePolicies: EdgestackPolicy[] = [podsFitBaseline, maxReplicasFitLimits];
