/**
 * Helm values for the Istio charts, as typed subsets of the charts' own values.yaml (istio/istio at tag
 * 1.30.3: manifests/charts/base/values.yaml and manifests/charts/istio-control/istio-discovery/values.yaml;
 * the CNI node agent's are in cni.ts). tests/mesh/fixtures lists the charts' key paths; a test checks ours.
 * The charts nest their defaults under `_internal_defaults_do_not_set`; users set the same keys at the top level.
 * Only keys we set are typed; a key missing from the chart would be silently ignored by Helm, hence the types.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MeshConfig } from "../../config";
import { CLUSTER_DOMAIN } from "./labels";
import { ISTIO_VERSION, type IstioImage } from "./istio-version";
import { NAMESPACES } from "../shared/names";

/** Name of the tracing provider declared in meshConfig.extensionProviders and used by the Telemetry resource. */
export const TRACING_PROVIDER = "otel-tracing";

interface Resources {
  requests: { cpu: string; memory: string };
  limits?: { cpu: string; memory: string };
}

/** Where the charts take their images from (the mesh's ECR mirrors: components/shared/image-mirror.ts). */
export interface IstioImageRefs {
  /**
   * The registry path the mirrors share (`<registry>/<prefix>/mirror/istio`). Every image below is set in full, so
   * the hub only matters for one the charts would add later: it then resolves to this registry (and fails to pull
   * visibly) instead of falling back to Docker Hub.
   */
  hub: pulumi.Input<string>;
  /** Per image, `repo:tag@sha256:…` (the charts use a value containing "/" as the whole reference). */
  refs: Record<IstioImage, pulumi.Input<string>>;
}

interface IstioBaseValues {
  global: { istioNamespace: string };
  /** Revision the cluster-wide default validating webhook (`istiod-default-validator`) sends to. */
  defaultRevision: string;
}

export interface IstiodValues {
  revision: string;
  /** istiod's own image (pilot), in full. */
  image: pulumi.Input<string>;
  autoscaleEnabled: boolean;
  autoscaleMin: number;
  autoscaleMax: number;
  resources: Resources;
  /** Chart renders the PDB only when autoscaleMin > 1 (templates/poddisruptionbudget.yaml). */
  pdb: { minAvailable: number };
  seccompProfile: { type: "RuntimeDefault" };
  /**
   * Injection relies on the CNI node agent: `istio-validation` instead of the NET_ADMIN `istio-init` (cni.ts).
   * Istio's docs spell it `pilot.cni.enabled`; the chart merges `pilot.*` into the top level
   * (templates/zzy_descope_legacy.yaml) and its values.yaml declares it as `cni`.
   */
  cni: { enabled: boolean; provider: "default" };
  sidecarInjectorWebhook: { rewriteAppHTTPProbe: boolean };
  telemetry: { enabled: boolean; v2: { enabled: boolean; prometheus: { enabled: boolean } } };
  meshConfig: {
    trustDomain: string;
    enablePrometheusMerge: boolean;
    accessLogFile: string;
    defaultConfig: { holdApplicationUntilProxyStarts: boolean };
    extensionProviders?: Array<{ name: string; opentelemetry: { service: string; port: number } }>;
  };
  global: {
    hub: pulumi.Input<string>;
    tag: string;
    istioNamespace: string;
    logAsJson: boolean;
    defaultPodDisruptionBudget: { enabled: boolean };
    /**
     * `image`: the injected istio-proxy's image (proxyv2), in full. `privileged` false (the chart's default, set
     * because Pod Security "restricted" depends on it): no privileged sidecar.
     */
    proxy: { image: pulumi.Input<string>; clusterDomain: string; privileged: boolean; resources: Resources };
    /** The injected istio-validation container's image (proxyv2 too), in full. */
    proxy_init: { image: pulumi.Input<string> };
  };
}

export function istioBaseValues(revision: string): IstioBaseValues {
  return { global: { istioNamespace: NAMESPACES.istio }, defaultRevision: revision };
}

/** "otel-collector.monitoring.svc.cluster.local:4317" → { service, port }. */
export function parseHostPort(hostPort: string): { service: string; port: number } {
  const i = hostPort.lastIndexOf(":");
  const port = Number(hostPort.slice(i + 1));
  if (i < 1 || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`tracing collector: expected host:port, got ${JSON.stringify(hostPort)}`);
  }
  return { service: hostPort.slice(0, i), port };
}

export function istiodValues(mesh: MeshConfig, revision: string, images: IstioImageRefs): IstiodValues {
  const collector = mesh.tracingCollector ? parseHostPort(mesh.tracingCollector) : undefined;
  return {
    revision,
    image: images.refs.pilot,
    autoscaleEnabled: true,
    autoscaleMin: mesh.istiod.minReplicas,
    autoscaleMax: mesh.istiod.maxReplicas,
    resources: { requests: { cpu: mesh.istiod.cpuRequest, memory: mesh.istiod.memoryRequest } },
    pdb: { minAvailable: 1 },
    seccompProfile: { type: "RuntimeDefault" },
    cni: { enabled: true, provider: "default" },
    // The chart's default, set explicitly because STRICT mTLS depends on it: kubelet's HTTP probes are
    // rewritten to the agent on :15020, which calls the app from inside the pod (no mTLS needed).
    sidecarInjectorWebhook: { rewriteAppHTTPProbe: true },
    telemetry: { enabled: true, v2: { enabled: true, prometheus: { enabled: true } } },
    meshConfig: {
      trustDomain: CLUSTER_DOMAIN,
      // App metrics are folded into the sidecar's :15020 endpoint (see metricsMergeAnnotations).
      enablePrometheusMerge: true,
      accessLogFile: "/dev/stdout",
      // Apps connect to Aurora/Redis at start-up: the sidecar must be ready first.
      defaultConfig: { holdApplicationUntilProxyStarts: true },
      ...(collector ? { extensionProviders: [{ name: TRACING_PROVIDER, opentelemetry: collector }] } : {}),
    },
    global: {
      hub: images.hub,
      tag: ISTIO_VERSION,
      istioNamespace: NAMESPACES.istio,
      logAsJson: true,
      defaultPodDisruptionBudget: { enabled: true },
      proxy: {
        image: images.refs.proxyv2,
        clusterDomain: CLUSTER_DOMAIN,
        privileged: false,
        resources: {
          requests: { cpu: mesh.proxy.cpuRequest, memory: mesh.proxy.memoryRequest },
          limits: { cpu: mesh.proxy.cpuLimit, memory: mesh.proxy.memoryLimit },
        },
      },
      proxy_init: { image: images.refs.proxyv2 },
    },
  };
}

/** Mirrors the chart's PDB condition, so tests and docs can say whether istiod has a PDB for given values. */
export function istiodHasPdb(values: Pick<IstiodValues, "autoscaleEnabled" | "autoscaleMin" | "global">): boolean {
  return values.global.defaultPodDisruptionBudget.enabled && values.autoscaleEnabled && values.autoscaleMin > 1;
}
