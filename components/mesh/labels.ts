/**
 * What other tiers put on their own objects so that the mesh works with them. Each tier creates its own
 * namespace, Service and Ingress; these pure helpers give the labels and annotations to merge in, and return
 * nothing when the mesh is off, so callers need no branch of their own.
 */
import type { MeshConfig } from "../../config";
import { ISTIO_REVISION } from "./istio-version";

/** Cluster DNS suffix and SPIFFE trust domain (Istio's and EKS's default; set explicitly in istiod's meshConfig). */
export const CLUSTER_DOMAIN = "cluster.local";

/**
 * Ports the sidecar adds to every injected pod. NetworkPolicies of the injected namespaces must admit
 * `mergedMetrics` from the monitoring namespace (Prometheus scrapes app + Envoy metrics there), `mergedMetrics`
 * and `health` from the node (the app's HTTP probes are rewritten to the agent on 15020; the sidecar's own
 * readiness probe is on 15021); egress must reach istiod on `istiodXds`.
 */
export const MESH_PORTS = {
  /** istio-agent: merged Prometheus metrics (`/stats/prometheus`) and rewritten app probes (`/app-health/...`). */
  mergedMetrics: 15020,
  /** Envoy readiness (`/healthz/ready`). */
  health: 15021,
  /** istiod xDS + certificate signing over mTLS: every sidecar connects here. */
  istiodXds: 15012,
} as const;

/**
 * Namespace labels that turn sidecar injection on (revision-based: `istio.io/rev`, not `istio-injection`,
 * which would take precedence and pin the namespace to the default revision). Empty when disabled.
 */
export function meshNamespaceLabels(enabled: boolean, revision: string): Record<string, string> {
  if (!enabled) return {};
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(revision)) {
    throw new Error(`mesh revision: expected a label value such as "1-30", got ${JSON.stringify(revision)}`);
  }
  return { "istio.io/rev": revision };
}

/** What a tier needs to know of the mesh configuration to label its namespace and shape its pods. */
export type MeshInjection = Pick<MeshConfig, "enabled" | "injectNamespaces">;

/** Whether pods created in `namespace` get a sidecar under this mesh configuration. */
export function isInjected(mesh: MeshInjection, namespace: string): boolean {
  return mesh.enabled && mesh.injectNamespaces.includes(namespace);
}

/** The injection labels for `namespace` under this mesh configuration (what the namespace's owner applies). */
export function meshInjectionLabels(mesh: MeshInjection, namespace: string): Record<string, string> {
  return meshNamespaceLabels(isInjected(mesh, namespace), ISTIO_REVISION);
}

/**
 * Where an injected pod's inbound connections come from, as its app sees them: the sidecar hands each inbound
 * connection to the app from 127.0.0.6 (IPv4) or ::6 (IPv6), its inbound passthrough bind addresses, not from the
 * caller (istio.io/latest/blog/2021/upcoming-networking-changes/, Istio >= 1.10; Envoy clusters
 * InboundPassthroughClusterIpv4/Ipv6). A proxy in an injected pod that reads a client-IP header must trust these.
 */
const SIDECAR_INBOUND_SOURCE_CIDRS: readonly string[] = Object.freeze(["127.0.0.6/32", "::6/128"]);

/** The peer addresses an app in `namespace` must trust besides its real callers: the sidecar's, when injected. */
export function meshTrustedPeerCidrs(mesh: MeshInjection, namespace: string): string[] {
  return isInjected(mesh, namespace) ? [...SIDECAR_INBOUND_SOURCE_CIDRS] : [];
}

/** In-cluster FQDN of a Service: the host the mesh's DestinationRules and VirtualServices match. */
export function serviceHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.${CLUSTER_DOMAIN}`;
}

/**
 * Annotations for an app's Kubernetes Service when Kong (in the mesh) routes to it:
 * - `ingress.kubernetes.io/service-upstream`: Kong sends to the Service's cluster IP instead of pod IPs, so
 *   Kong's sidecar sees a mesh service and applies its VirtualService (timeouts, retries), DestinationRule
 *   (pool, outlier detection) and mTLS;
 * - `konghq.com/host-header`: the sidecar routes HTTP by Host; the public host would miss every mesh route and
 *   fall through to the passthrough cluster (plaintext, rejected by STRICT mTLS);
 * - `konghq.com/retries: "0"`: the mesh retries (bounded); Kong's default of 5 on top would multiply them.
 */
export function meshServiceAnnotations(enabled: boolean, name: string, namespace: string): Record<string, string> {
  if (!enabled) return {};
  return {
    "ingress.kubernetes.io/service-upstream": "true",
    "konghq.com/host-header": serviceHost(name, namespace),
    "konghq.com/retries": "0",
  };
}

/** Annotations for the Ingress/HTTPRoute Kong serves an app from: send the upstream Host, not the client's. */
export function meshRouteAnnotations(enabled: boolean): Record<string, string> {
  return enabled ? { "konghq.com/preserve-host": "false" } : {};
}

/**
 * Pod annotations asking Istio's metrics merging to fold the app's own metrics into the sidecar's
 * `:15020/stats/prometheus`. Under STRICT mTLS a Prometheus outside the mesh cannot scrape the app port
 * directly; port 15020 is not intercepted, so the mesh's PodMonitor scrapes both there. Harmless without mesh.
 */
export function metricsMergeAnnotations(port: number, path = "/metrics"): Record<string, string> {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`metrics port: expected 1-65535, got ${port}`);
  if (!path.startsWith("/"))
    throw new Error(`metrics path: expected a path starting with '/', got ${JSON.stringify(path)}`);
  return { "prometheus.io/scrape": "true", "prometheus.io/port": String(port), "prometheus.io/path": path };
}
