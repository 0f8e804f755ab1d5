import { APP, KONG, KUBE, promNumber, promRegexLiteral } from "../metrics";
import { ServiceRef } from "../rule-types";
import { AlertThresholds } from "../thresholds";
import { PanelSpec, prom, row, stat, timeseries } from "./panels";

/**
 * Golden signals for one Python service: traffic, errors, latency, saturation, and the SLO burn
 * rates from the recording rules. Assumes the PythonService component names the container and the
 * HPA after the service (as the Deployment does), and that Kong names its service
 * `<namespace>.<service>.<port>` (KIC's naming).
 */
interface ServiceDashboardInput {
  service: ServiceRef;
  kongJob: string;
  kongServiceLabel: string;
  thresholds: AlertThresholds;
}

const RATE = "$__rate_interval";

export function servicePanels({
  service,
  kongJob,
  kongServiceLabel,
  thresholds: t,
}: ServiceDashboardInput): PanelSpec[] {
  const sel = `namespace="${service.namespace}", job="${service.name}"`;
  // KIC names Kong services `<namespace>.<service>.<port>`.
  const kongService = `${kongServiceLabel}=~"${promRegexLiteral(`${service.namespace}.${service.name}.`)}.*"`;
  const kongSel = `job="${kongJob}", ${kongService}`;
  const appSlo = `namespace="${service.namespace}", service="${service.name}"`;
  const burnColours: [number, string][] = [
    [1, "orange"],
    [14.4, "red"],
  ];
  const container = `namespace="${service.namespace}", container="${service.name}"`;
  const cadvisor = `job="${KUBE.kubeletJob}", metrics_path="${KUBE.cadvisorPath}", ${container}`;
  const ksm = `job="${KUBE.kubeStateMetricsJob}"`;
  const hpa = `${ksm}, namespace="${service.namespace}", horizontalpodautoscaler="${service.name}"`;
  const quantile = (q: number) =>
    prom(
      `histogram_quantile(${q}, sum by (le) (rate(${APP.durationBucket}{${sel}}[${RATE}])))`,
      `p${Math.round(q * 100)}`,
    );
  const budget = 1 - t.availabilitySlo;
  const latencyBudget = 1 - t.latencySloTarget;

  return [
    row("Traffic"),
    timeseries("Requests by route", [prom(`sum by (route) (rate(${APP.requests}{${sel}}[${RATE}]))`, "{{route}}")], {
      unit: "reqps",
    }),
    timeseries("Requests by status", [prom(`sum by (status) (rate(${APP.requests}{${sel}}[${RATE}]))`, "{{status}}")], {
      unit: "reqps",
    }),

    row("Errors"),
    timeseries(
      "5xx share",
      [
        prom(
          `sum(rate(${APP.requests}{${sel}, status=~"5.."}[${RATE}])) / sum(rate(${APP.requests}{${sel}}[${RATE}]))`,
          "app",
        ),
        prom(
          `sum(rate(${KONG.requests}{${kongSel}, code=~"5.."}[${RATE}])) / sum(rate(${KONG.requests}{${kongSel}}[${RATE}]))`,
          "kong",
        ),
      ],
      {
        unit: "percentunit",
        min: 0,
        thresholds: [
          [t.errorSpikePercent / 100, "orange"],
          [t.errorRatePercent / 100, "red"],
        ],
        description: "Kong's share includes failures the app never sees (no upstream, timeouts).",
      },
    ),
    timeseries(
      "5xx by route",
      [prom(`sum by (route) (rate(${APP.requests}{${sel}, status=~"5.."}[${RATE}]))`, "{{route}}")],
      { unit: "reqps" },
    ),

    row("Latency"),
    timeseries("App latency p50 / p95 / p99", [quantile(0.5), quantile(0.95), quantile(0.99)], {
      unit: "s",
      thresholds: [
        [t.sloLatencyMs / 1000, "orange"],
        [t.latencyP95Ms / 1000, "red"],
      ],
    }),
    timeseries(
      "Kong upstream latency p95",
      [
        prom(
          `histogram_quantile(0.95, sum by (le) (rate(${KONG.upstreamLatencyBucket}{${kongSel}}[${RATE}])))`,
          "upstream p95",
        ),
      ],
      { unit: "ms", description: "Time the service took as seen by Kong (Kong buckets: 400, 700, 1000 ms...)." },
    ),

    row("Saturation"),
    timeseries(
      "CPU vs limit",
      [
        prom(
          `sum by (pod) (rate(container_cpu_usage_seconds_total{${cadvisor}}[${RATE}])) / ` +
            `sum by (pod) (kube_pod_container_resource_limits{${ksm}, ${container}, resource="cpu"})`,
          "{{pod}}",
        ),
      ],
      { unit: "percentunit", min: 0, thresholds: [[t.resourcePercent / 100, "red"]], w: 8 },
    ),
    timeseries(
      "Memory vs limit",
      [
        prom(
          `sum by (pod) (container_memory_working_set_bytes{${cadvisor}}) / ` +
            `sum by (pod) (kube_pod_container_resource_limits{${ksm}, ${container}, resource="memory"})`,
          "{{pod}}",
        ),
      ],
      { unit: "percentunit", min: 0, thresholds: [[t.resourcePercent / 100, "red"]], w: 8 },
    ),
    timeseries(
      "HPA replicas",
      [
        prom(`kube_horizontalpodautoscaler_status_current_replicas{${hpa}}`, "current"),
        prom(`kube_horizontalpodautoscaler_status_desired_replicas{${hpa}}`, "desired"),
        prom(`kube_horizontalpodautoscaler_spec_max_replicas{${hpa}}`, "max"),
        prom(`kube_horizontalpodautoscaler_spec_min_replicas{${hpa}}`, "min"),
      ],
      { unit: "short", min: 0, w: 8 },
    ),

    row("SLO"),
    stat(
      "Availability burn rate (1h)",
      [prom(`kong_service:request_errors:ratio_rate1h{${kongService}} / ${promNumber(budget)}`, "1h")],
      {
        unit: "x",
        thresholds: burnColours,
        description: `1 = spending the ${t.availabilitySlo * 100}% budget exactly over 30 days; 14.4 pages.`,
        w: 12,
      },
    ),
    stat(
      `Latency burn rate (1h, > ${t.sloLatencyMs} ms)`,
      [prom(`app_service:request_slow:ratio_rate1h{${appSlo}} / ${promNumber(latencyBudget)}`, "1h")],
      {
        unit: "x",
        thresholds: burnColours,
        description: `Share of requests slower than ${t.sloLatencyMs} ms over its ${promNumber(latencyBudget * 100)}% budget.`,
        w: 12,
      },
    ),
  ];
}
