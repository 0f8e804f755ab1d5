/**
 * Mesh tier (optional): Istio's control plane and the mesh's traffic policies.
 *
 * - `Mesh`: istio-system, the `base` chart (CRDs, default validating webhook), the `cni` chart (node agent that
 *   redirects injected pods' traffic, so they need no privileged init container: mesh/cni.ts) and `istiod`
 *   (revisioned, HPA, PDB), mesh-wide Telemetry (trace sampling), Prometheus monitors for the sidecars and
 *   istiod, and the Grafana dashboard JSON for the monitoring tier. Workloads that should get sidecars depend
 *   on `controlPlane`, so their pods are admitted after the injector and the node agents are up.
 * - `MeshTrafficPolicy`: per app namespace, STRICT mTLS, deny-by-default authorization with one ALLOW per
 *   service (Kong's identity only), and per service a DestinationRule (connection pool, outlier detection) and
 *   a VirtualService (timeout, bounded retries). Created after the namespace it governs exists.
 *
 * Every Kubernetes object goes through the cluster's provider, passed by the platform as
 * `providers: { kubernetes }` on these components. Pure specs live in components/mesh/*.ts.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { MeshConfig } from "../../config";
import { SERVICES, type ServiceName } from "../../config/apps";
import { APP_LABEL, NAMESPACES, PART_OF, PART_OF_LABEL, RELEASES } from "../shared/names";
import type { BuiltDashboard } from "../monitoring";
import { istioDashboard } from "./dashboard";
import { ISTIO_CNI_RELEASE, ISTIO_SYSTEM_POD_SECURITY, istioCniValues } from "./cni";
import { mirrorImage } from "../shared/image-mirror";
import {
  ISTIO_CHART_REPO,
  ISTIO_IMAGES,
  ISTIO_REVISION,
  ISTIO_UPSTREAM_HUB,
  ISTIO_VERSION,
  type IstioImage,
} from "./istio-version";
import { serviceHost } from "./labels";
import { istiodServiceMonitorSpec, meshTelemetrySpec, monitorLabels, sidecarPodMonitorSpec } from "./observability";
import {
  allowFromSpec,
  allowNothingSpec,
  destinationRuleSpec,
  ISTIO_API,
  strictPeerAuthenticationSpec,
  virtualServiceSpec,
} from "./traffic";
import { istioBaseValues, istiodValues, type IstioImageRefs } from "./values";

// Also public, for platform.ts and the workloads tier: how a workload joins the mesh.
export { istioDashboard } from "./dashboard";
export {
  isInjected,
  MESH_PORTS,
  meshInjectionLabels,
  meshTrustedPeerCidrs,
  meshRouteAnnotations,
  meshServiceAnnotations,
  metricsMergeAnnotations,
  type MeshInjection,
} from "./labels";
export { principal } from "./traffic";

const MONITORING_API = "monitoring.coreos.com/v1";

interface MeshArgs {
  /** Physical-name prefix (`<project>-<stack>`) of the ECR repositories the Istio images are mirrored into. */
  namePrefix: string;
  /** ECR forceDelete of those repositories (components/shared/image-mirror.ts). */
  forceDeleteImages: boolean;
  config: MeshConfig;
  /** Namespaces whose sidecars Prometheus scrapes (the app namespaces). */
  scrapeNamespaces: string[];
  /** The app namespace the dashboard shows. */
  dashboardNamespace: string;
  /**
   * What installs the monitoring.coreos.com CRDs (the kube-prometheus-stack release): the PodMonitor and
   * ServiceMonitor wait for it.
   */
  monitoringDependsOn: pulumi.Resource[];
}

export class Mesh extends pulumi.ComponentResource {
  /** Control-plane revision namespaces select with `istio.io/rev` (meshInjectionLabels). */
  readonly revision: string;
  readonly istioNamespace: string;
  /** The istio-base, istio-cni and istiod releases: anything that creates injected pods or Istio objects waits for them. */
  readonly controlPlane: pulumi.Resource[];
  /** Grafana dashboard (request rate, 5xx, p95 per service, mTLS share) for the monitoring tier to ship. */
  readonly dashboard: BuiltDashboard;
  /** ECR repositories of the mirrored Istio images (their scans alert like the services'). */
  readonly mirroredRepositories: string[];

  constructor(name: string, args: MeshArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:Mesh", name, {}, opts);
    const child = { parent: this };
    const cfg = args.config;
    this.revision = ISTIO_REVISION;
    this.istioNamespace = NAMESPACES.istio;

    const ns = new k8s.core.v1.Namespace(
      `${name}-istio-system`,
      {
        metadata: { name: NAMESPACES.istio, labels: { [PART_OF_LABEL]: PART_OF, ...ISTIO_SYSTEM_POD_SECURITY } },
      },
      child,
    );
    const release = (
      logical: string,
      chart: string,
      releaseName: string,
      values: object,
      dependsOn: pulumi.Resource[],
    ) =>
      new k8s.helm.v3.Release(
        `${name}-${logical}`,
        {
          name: releaseName,
          chart,
          version: ISTIO_VERSION,
          repositoryOpts: { repo: ISTIO_CHART_REPO },
          namespace: ns.metadata.name,
          values,
          // Roll back a failed upgrade instead of leaving a half-applied control plane.
          atomic: true,
          cleanupOnFail: true,
          timeout: 600,
          maxHistory: 10,
        },
        { ...child, dependsOn },
      );
    // Docker Hub is the only registry left for Istio's images (istio-version.ts): the charts run mirrored digests.
    const { images, repositories } = mirrorIstioImages(this, name, args.namePrefix, args.forceDeleteImages);
    this.mirroredRepositories = repositories;
    // Base carries the CRDs (as templates, so Helm upgrades them) and the default validating webhook.
    const base = release("base", "base", RELEASES.istioBase, istioBaseValues(this.revision), []);
    // The node agent needs no CRD, only its namespace. istiod waits for it (the release waits like `helm
    // --wait`: agents ready on all nodes but at most the rollout's maxUnavailable of 1): once istiod injects `istio-validation` instead of `istio-init`, a pod
    // created on a node without the agent would have no traffic redirection.
    const cni = release("cni", "cni", ISTIO_CNI_RELEASE, istioCniValues(images), []);
    const istiod = release("istiod", "istiod", RELEASES.istiod, istiodValues(cfg, this.revision, images), [base, cni]);
    this.controlPlane = [base, cni, istiod];

    new k8s.apiextensions.CustomResource(
      `${name}-telemetry`,
      {
        apiVersion: ISTIO_API.telemetry,
        kind: "Telemetry",
        // "mesh-default" in the root namespace is the mesh-wide default every workload inherits.
        metadata: { name: "mesh-default", namespace: NAMESPACES.istio },
        spec: meshTelemetrySpec(cfg.tracingSamplingPercent, cfg.tracingCollector !== ""),
      },
      { ...child, dependsOn: this.controlPlane },
    );

    const monitorOpts = { ...child, dependsOn: [...this.controlPlane, ...args.monitoringDependsOn] };
    new k8s.apiextensions.CustomResource(
      `${name}-sidecars`,
      {
        apiVersion: MONITORING_API,
        kind: "PodMonitor",
        metadata: { name: "istio-sidecars", namespace: NAMESPACES.istio, labels: monitorLabels() },
        spec: sidecarPodMonitorSpec(args.scrapeNamespaces),
      },
      monitorOpts,
    );
    new k8s.apiextensions.CustomResource(
      `${name}-istiod-metrics`,
      {
        apiVersion: MONITORING_API,
        kind: "ServiceMonitor",
        metadata: { name: "istiod", namespace: NAMESPACES.istio, labels: monitorLabels() },
        spec: istiodServiceMonitorSpec(NAMESPACES.istio, this.revision),
      },
      monitorOpts,
    );

    this.dashboard = istioDashboard(args.dashboardNamespace);
    this.registerOutputs({ revision: this.revision, istioNamespace: this.istioNamespace });
  }
}

interface MeshService {
  name: string;
  /** Selects the container port (config/apps.ts), the port the AuthorizationPolicy admits. */
  framework: ServiceName;
}

interface MeshTrafficPolicyArgs {
  config: MeshConfig;
  /** The app namespace (an output of the tier that creates it, so these objects wait for it). */
  namespace: pulumi.Input<string>;
  services: MeshService[];
  /** SPIFFE principals allowed to call the services (Kong's proxy: `principal(NAMESPACES.kong, SERVICE_ACCOUNTS.kongProxy)`). */
  allowedPrincipals: string[];
  /** The mesh's control plane (Mesh.controlPlane): the CRDs and the validating webhook must exist first. */
  controlPlane: pulumi.Resource[];
}

export class MeshTrafficPolicy extends pulumi.ComponentResource {
  constructor(name: string, args: MeshTrafficPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:MeshTrafficPolicy", name, {}, opts);
    const cr = (logical: string, apiVersion: string, kind: string, objectName: string, spec: object) =>
      new k8s.apiextensions.CustomResource(
        `${name}-${logical}`,
        {
          apiVersion,
          kind,
          metadata: { name: objectName, namespace: args.namespace },
          spec,
        },
        { parent: this, dependsOn: args.controlPlane },
      );

    // "default" is the conventional name of the namespace-wide policy (no selector).
    cr("mtls", ISTIO_API.security, "PeerAuthentication", "default", strictPeerAuthenticationSpec());
    cr("allow-nothing", ISTIO_API.security, "AuthorizationPolicy", "allow-nothing", allowNothingSpec());
    for (const svc of args.services) {
      const host = pulumi.output(args.namespace).apply((ns) => serviceHost(svc.name, ns));
      const app = SERVICES[svc.framework];
      cr(
        `${svc.name}-authz`,
        ISTIO_API.security,
        "AuthorizationPolicy",
        `${svc.name}-from-gateway`,
        allowFromSpec({ [APP_LABEL]: svc.name }, args.allowedPrincipals, app.port, [
          app.livenessPath,
          app.readinessPath,
          app.metricsPath,
        ]),
      );
      cr(
        `${svc.name}-dr`,
        ISTIO_API.networking,
        "DestinationRule",
        svc.name,
        host.apply((h) => destinationRuleSpec(h, args.config)),
      );
      cr(
        `${svc.name}-vs`,
        ISTIO_API.networking,
        "VirtualService",
        svc.name,
        host.apply((h) => virtualServiceSpec(h, args.config)),
      );
    }
    this.registerOutputs({});
  }
}

/** Each image of ISTIO_IMAGES at ISTIO_VERSION copied into `<prefix>/mirror/istio/<image>`; their shared path is the hub. */
function mirrorIstioImages(
  parent: pulumi.Resource,
  name: string,
  namePrefix: string,
  forceDelete: boolean,
): { images: IstioImageRefs; repositories: string[] } {
  const refs = {} as Record<IstioImage, pulumi.Output<string>>;
  const repositories: string[] = [];
  let hub: pulumi.Output<string> | undefined;
  for (const image of ISTIO_IMAGES) {
    const mirror = mirrorImage(parent, `${name}-${image}`, {
      namePrefix,
      upstream: { repository: `${ISTIO_UPSTREAM_HUB}/${image}`, tag: ISTIO_VERSION },
      forceDelete,
    });
    refs[image] = mirror.ref;
    repositories.push(mirror.repositoryName);
    hub ??= mirror.repositoryUrl.apply((url) => url.slice(0, url.lastIndexOf("/")));
  }
  return { images: { hub: hub!, refs }, repositories };
}
