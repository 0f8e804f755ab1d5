/**
 * What the mesh adds to the cluster's resource requests, so node sizing can account for it: one sidecar per
 * injected pod, istiod's replicas and one CNI node agent per node. Requests (not usage) are what the scheduler packs nodes by.
 *
 * Istio's performance page (istio.io/latest/docs/ops/deployment/performance-and-scalability, Istio 1.24 run):
 * a sidecar with 2 worker threads uses about 0.20 vCPU and 60 MB per 1000 requests/s (1 KB payloads); istiod
 * uses 1 vCPU and 1.5 GB for 1000 services and 2000 sidecars. Our requests are sized from those figures.
 */
import type { MeshConfig, ServiceConfig } from "../../config";
import { CNI_AGENT_REQUESTS } from "./cni";

/** "250m" → 250, "1" → 1000, "0.5" → 500 (millicores). */
export function cpuMillis(quantity: string): number {
  const m = /^(\d+)m$/.exec(quantity);
  if (m) return Number(m[1]);
  if (/^\d+(\.\d+)?$/.test(quantity)) return Math.round(Number(quantity) * 1000);
  throw new Error(`CPU quantity: expected "250m" or "1", got ${JSON.stringify(quantity)}`);
}

/** "128Mi" → 128, "2Gi" → 2048 (MiB). */
export function memoryMiB(quantity: string): number {
  const m = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!m) throw new Error(`memory quantity: expected "128Mi" or "2Gi", got ${JSON.stringify(quantity)}`);
  return Number(m[1]) * (m[2] === "Gi" ? 1024 : 1);
}

interface Requests {
  cpuMillis: number;
  memoryMiB: number;
}

interface MeshOverhead {
  /** Pods that get a sidecar (at the given replica bound). */
  sidecars: number;
  sidecarRequests: Requests;
  istiodRequests: Requests;
  /** One CNI node agent per node (DaemonSet). */
  cniRequests: Requests;
  total: Requests;
}

/**
 * Mesh requests at the services' and Kong's minimum or maximum replica counts (istiod at its own bound) on
 * `nodes` nodes. `kongReplicas` and `nodes` are the ingress tier's Kong replicas and the node groups' size
 * at the same bound.
 */
export function meshOverhead(
  mesh: Pick<MeshConfig, "proxy" | "istiod">,
  services: Pick<ServiceConfig, "minReplicas" | "maxReplicas">[],
  kongReplicas: number,
  nodes: number,
  bound: "min" | "max",
): MeshOverhead {
  const sidecars = services.reduce((n, s) => n + (bound === "min" ? s.minReplicas : s.maxReplicas), 0) + kongReplicas;
  const istiods = bound === "min" ? mesh.istiod.minReplicas : mesh.istiod.maxReplicas;
  const times = (n: number, cpu: string, memory: string): Requests => ({
    cpuMillis: n * cpuMillis(cpu),
    memoryMiB: n * memoryMiB(memory),
  });
  const sidecarRequests = times(sidecars, mesh.proxy.cpuRequest, mesh.proxy.memoryRequest);
  const istiodRequests = times(istiods, mesh.istiod.cpuRequest, mesh.istiod.memoryRequest);
  const cniRequests = times(nodes, CNI_AGENT_REQUESTS.cpu, CNI_AGENT_REQUESTS.memory);
  const parts = [sidecarRequests, istiodRequests, cniRequests];
  return {
    sidecars,
    sidecarRequests,
    istiodRequests,
    cniRequests,
    total: {
      cpuMillis: parts.reduce((n, r) => n + r.cpuMillis, 0),
      memoryMiB: parts.reduce((n, r) => n + r.memoryMiB, 0),
    },
  };
}
