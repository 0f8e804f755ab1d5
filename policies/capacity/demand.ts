/**
 * What the stack asks the scheduler for, read from the resource graph alone (policies import no components, and the
 * engine hands rules only the graph): every Deployment/StatefulSet at its HPA's bounds, Helm releases by the chart
 * table, EKS add-ons by theirs, Istio sidecars in injected namespaces, and per-node agents (DaemonSets).
 */
import type { CostResource } from "../cost/pricer";
import { asArray, asNumber, asRecord, asString, at, isRecord } from "../lib/values";
import { cpuMillis, memoryMiB } from "./catalog";
import {
  CHART_WORKLOADS,
  EKS_ADDON_WORKLOADS,
  ISTIO_PROXY_DEFAULT,
  type ChartWorkload,
  type Requests,
} from "./sources";

export type { Requests } from "./sources";

/** Pods of one workload: requests per pod (sidecar included), replicas at the minimum and the maximum. */
export interface PodSet {
  name: string;
  /** The graph resource it comes from (Deployment, Helm release, EKS add-on). */
  source: string;
  requests: Requests;
  min: number;
  max: number;
  /** The Istio sidecar's share of `requests` (0 when not injected). */
  sidecar: Requests;
}

/** One pod on every node (DaemonSets, per-node add-ons). */
export interface NodeAgent {
  name: string;
  source: string;
  requests: Requests;
}

export interface Demand {
  podSets: PodSet[];
  agents: NodeAgent[];
}

const ZERO: Requests = { cpuMillis: 0, memoryMiB: 0 };
const add = (a: Requests, b: Requests): Requests => ({
  cpuMillis: a.cpuMillis + b.cpuMillis,
  memoryMiB: a.memoryMiB + b.memoryMiB,
});

function requestsOf(resources: unknown): Requests {
  const r = asRecord(asRecord(resources).requests);
  return { cpuMillis: cpuMillis(r.cpu) ?? 0, memoryMiB: memoryMiB(r.memory) ?? 0 };
}

function podRequests(podSpec: unknown): Requests {
  return asArray(asRecord(podSpec).containers).reduce<Requests>(
    (sum, c) => add(sum, requestsOf(asRecord(c).resources)),
    ZERO,
  );
}

const T = {
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  daemonSet: "kubernetes:apps/v1:DaemonSet",
  hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  namespace: "kubernetes:core/v1:Namespace",
  release: "kubernetes:helm.sh/v3:Release",
  addon: "aws:eks/addon:Addon",
};

/** Namespaces Istio injects sidecars into (label `istio-injection=enabled` or a revision label `istio.io/rev`). */
function injectedNamespaces(resources: CostResource[]): Set<string> {
  const out = new Set<string>();
  for (const ns of resources.filter((r) => r.type === T.namespace)) {
    const meta = asRecord(ns.inputs.metadata);
    const labels = asRecord(meta.labels);
    const name = asString(meta.name);
    if (
      name &&
      (labels["istio-injection"] === "enabled" ||
        (asString(labels["istio.io/rev"]) && labels["istio-injection"] !== "disabled"))
    )
      out.add(name);
  }
  return out;
}

/** Sidecar requests from istiod's values (`global.proxy.resources`), or none when the stack has no istiod. */
function sidecarRequests(resources: CostResource[]): Requests | undefined {
  const istiod = resources.find((r) => r.type === T.release && r.inputs.chart === "istiod");
  if (!istiod) return undefined;
  const set = at(istiod.inputs.values, "global.proxy.resources");
  return isRecord(set) ? requestsOf(set) : ISTIO_PROXY_DEFAULT;
}

function workloadPods(
  resources: CostResource[],
  inject: (ns: string | undefined, annotations: Record<string, unknown>) => Requests,
): PodSet[] {
  const hpas = resources.filter((r) => r.type === T.hpa);
  return resources
    .filter((r) => r.type === T.deployment || r.type === T.statefulSet)
    .map((r) => {
      const meta = asRecord(r.inputs.metadata);
      const spec = asRecord(r.inputs.spec);
      const template = asRecord(spec.template);
      const kind = r.type === T.deployment ? "Deployment" : "StatefulSet";
      const hpa = hpas.find((h) => {
        const target = asRecord(asRecord(h.inputs.spec).scaleTargetRef);
        return (
          target.kind === kind && target.name === meta.name && asRecord(h.inputs.metadata).namespace === meta.namespace
        );
      });
      const replicas = asNumber(spec.replicas) ?? 1;
      const hpaSpec = asRecord(hpa?.inputs.spec);
      const sidecar = inject(asString(meta.namespace), asRecord(asRecord(template.metadata).annotations));
      return {
        name: asString(meta.name) ?? r.name,
        source: r.name,
        requests: add(podRequests(template.spec), sidecar),
        min: hpa ? (asNumber(hpaSpec.minReplicas) ?? 1) : replicas,
        max: hpa ? (asNumber(hpaSpec.maxReplicas) ?? replicas) : replicas,
        sidecar,
      };
    });
}

function chartReplicas(values: unknown, w: ChartWorkload): { min: number; max: number } {
  const r = w.replicas ?? { defaultCount: 1 };
  const count = (r.countPath ? asNumber(at(values, r.countPath)) : undefined) ?? r.defaultCount;
  if (r.hpa && at(values, r.hpa.enabledPath) === true) {
    const min = asNumber(at(values, r.hpa.minPath)) ?? count;
    return { min, max: asNumber(at(values, r.hpa.maxPath)) ?? min };
  }
  return { min: count, max: count };
}

function releasePods(r: CostResource, sidecar: Requests, podSets: PodSet[], agents: NodeAgent[]) {
  const chart = asString(r.inputs.chart) ?? "";
  const values = r.inputs.values;
  // OCI charts are named by their last path segment (oci://public.ecr.aws/karpenter/karpenter → karpenter).
  const table = CHART_WORKLOADS[chart] ?? CHART_WORKLOADS[chart.split("/").pop() ?? ""];
  if (!table) return;
  for (const w of table) {
    if (w.enabledPath && at(values, w.enabledPath) === false) continue;
    const set = w.resourcePaths.map((p) => at(values, p)).filter(isRecord);
    const requests = set.length
      ? set.reduce<Requests>((sum, res) => add(sum, requestsOf(res)), ZERO)
      : (w.defaultRequests ?? ZERO);
    if (w.perNode) {
      agents.push({ name: w.name, source: r.name, requests });
      continue;
    }
    podSets.push({
      name: w.name,
      source: r.name,
      requests: add(requests, sidecar),
      ...chartReplicas(values, w),
      sidecar,
    });
  }
}

/** Every pod the stack's graph implies. */
export function stackDemand(resources: CostResource[]): Demand {
  const injected = injectedNamespaces(resources);
  const proxy = sidecarRequests(resources);
  const inject = (ns: string | undefined, annotations: Record<string, unknown>): Requests =>
    proxy && ns && injected.has(ns) && String(annotations["sidecar.istio.io/inject"]) !== "false" ? proxy : ZERO;

  const podSets = workloadPods(resources, inject);
  const agents: NodeAgent[] = [];
  for (const ds of resources.filter((r) => r.type === T.daemonSet)) {
    agents.push({
      name: asString(asRecord(ds.inputs.metadata).name) ?? ds.name,
      source: ds.name,
      requests: podRequests(asRecord(asRecord(ds.inputs.spec).template).spec),
    });
  }
  for (const r of resources.filter((x) => x.type === T.release))
    releasePods(r, inject(asString(r.inputs.namespace), {}), podSets, agents);
  for (const a of resources.filter((x) => x.type === T.addon)) {
    for (const w of EKS_ADDON_WORKLOADS[asString(a.inputs.addonName) ?? ""] ?? []) {
      if (w.perNode) agents.push({ name: w.name, source: a.name, requests: w.requests });
      else
        podSets.push({
          name: w.name,
          source: a.name,
          requests: w.requests,
          min: w.replicas,
          max: w.replicas,
          sidecar: ZERO,
        });
    }
  }
  return { podSets, agents };
}

/** Total requests of the pod sets at a bound (agents excluded: they depend on the node count). */
export function totalAt(podSets: PodSet[], bound: "min" | "max"): Requests {
  return podSets.reduce<Requests>(
    (s, p) => ({
      cpuMillis: s.cpuMillis + p.requests.cpuMillis * p[bound],
      memoryMiB: s.memoryMiB + p.requests.memoryMiB * p[bound],
    }),
    ZERO,
  );
}
