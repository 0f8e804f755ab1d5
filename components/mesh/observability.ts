/**
 * Tracing and Prometheus scraping for the mesh, as pure specs.
 *
 * Tracing uses the Telemetry API (telemetry.istio.io/v1), the way Istio recommends since 1.22 for sampling and
 * providers; meshConfig.defaultConfig.tracing and the chart's `traceSampling` are the legacy knobs.
 *
 * Scraping follows Istio's prometheus-operator sample (samples/addons/extras/prometheus-operator.yaml, 1.30):
 * a PodMonitor on the sidecars' merged endpoint (port from the `prometheus.io/port` annotation the injector
 * rewrites to 15020) and a ServiceMonitor on istiod's `http-monitoring` port.
 */
import { APP_LABEL, RELEASES } from "../shared/names";
import { TRACING_PROVIDER } from "./values";

/** Labels kube-prometheus-stack's Prometheus selects monitors by (its default `release: <release>` selector). */
export function monitorLabels(): Record<string, string> {
  return { release: RELEASES.kubePrometheusStack };
}

/** Mesh-wide Telemetry (in the root namespace): trace sampling, and the export provider when one is configured. */
export function meshTelemetrySpec(samplingPercent: number, exportTraces: boolean) {
  if (!(samplingPercent >= 0 && samplingPercent <= 100)) {
    throw new Error(`tracing sampling: expected a percentage between 0 and 100, got ${samplingPercent}`);
  }
  return {
    tracing: [
      {
        ...(exportTraces ? { providers: [{ name: TRACING_PROVIDER }] } : {}),
        randomSamplingPercentage: samplingPercent,
      },
    ],
  };
}

/** The series labels Prometheus relabelling turns `__meta_kubernetes_pod_label_<label>` into. */
function metaLabel(label: string): string {
  return `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, "_")}`;
}

/**
 * Scrapes every injected pod of `namespaces` on the sidecar's merged endpoint: Envoy's istio_* metrics plus the
 * app's own metrics (metrics merging). `job` and `service` are the pod's APP_LABEL value, the same labels a
 * ServiceMonitor on the app's Service would give, so alert rules written against those keep working.
 */
export function sidecarPodMonitorSpec(namespaces: string[]) {
  if (namespaces.length === 0) throw new Error("PodMonitor: expected at least one namespace to scrape");
  return {
    namespaceSelector: { matchNames: namespaces },
    selector: { matchExpressions: [{ key: "security.istio.io/tlsMode", operator: "Exists" }] },
    jobLabel: APP_LABEL,
    podMetricsEndpoints: [
      {
        path: "/stats/prometheus",
        interval: "30s",
        relabelings: [
          { action: "keep", sourceLabels: ["__meta_kubernetes_pod_container_name"], regex: "istio-proxy" },
          {
            action: "keep",
            sourceLabels: ["__meta_kubernetes_pod_annotationpresent_prometheus_io_port"],
            regex: "true",
          },
          {
            // IPv4 pod IP + annotated port (EKS clusters here are IPv4).
            action: "replace",
            sourceLabels: ["__meta_kubernetes_pod_annotation_prometheus_io_port", "__meta_kubernetes_pod_ip"],
            regex: "(\\d+);((([0-9]+?)(\\.|$)){4})",
            replacement: "$2:$1",
            targetLabel: "__address__",
          },
          { action: "replace", sourceLabels: [metaLabel(APP_LABEL)], targetLabel: "service" },
          { action: "replace", sourceLabels: ["__meta_kubernetes_namespace"], targetLabel: "namespace" },
          { action: "replace", sourceLabels: ["__meta_kubernetes_pod_name"], targetLabel: "pod" },
        ],
      },
    ],
  };
}

/** istiod's own metrics (pilot_xds_*, citadel_*), through its Service's `http-monitoring` port (15014). */
export function istiodServiceMonitorSpec(istioNamespace: string, revision: string) {
  return {
    namespaceSelector: { matchNames: [istioNamespace] },
    selector: { matchLabels: { app: "istiod", "istio.io/rev": revision } },
    jobLabel: "istio",
    endpoints: [{ port: "http-monitoring", interval: "30s" }],
  };
}
