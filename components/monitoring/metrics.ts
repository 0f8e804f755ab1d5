/**
 * Metric names and label conventions the alert rules and dashboards query, in one place, each with
 * the source it was checked against. A rename upstream is then a one-line change here.
 *
 * Sources (read 2026-11):
 * - Kong 3.x prometheus plugin: Kong/kong `kong/plugins/prometheus/exporter.lua` registers
 *   `http_requests_total{service,route,code,source,workspace,consumer}` and the histograms
 *   `request_latency_ms`, `upstream_latency_ms`, `kong_latency_ms` {service,route,workspace} under the
 *   prefix `kong_`. They are only exported when the plugin has `status_code_metrics: true` and
 *   `latency_metrics: true` (schema.lua, both default false): the Kong plugin config must set them.
 *   Latency buckets (ms) for request/upstream: 25 50 80 100 250 400 700 1000 2000 5000 10000 30000 60000.
 * - When Prometheus Operator scrapes Kong through a ServiceMonitor without `honorLabels`, Kong's own
 *   `service` label collides with the target label `service` and is stored as `exported_service`
 *   (seen in Kong/kubernetes-ingress-controller#4679). KIC names Kong services
 *   `<namespace>.<k8s service>.<port>` (older releases `...pnum-<port>`), see KIC#3511.
 * - App metrics: our FastAPI/Flask apps expose, through prometheus_client,
 *   `http_requests_total{method,route,status}` and `http_request_duration_seconds_bucket{method,route,le}`
 *   with the buckets in APP_LATENCY_BUCKETS_SECONDS (apps/common/edgeapp/metrics.py; the Counter `http_requests`
 *   is exposed as `http_requests_total`).
 *   The Prometheus Operator adds `namespace`, `service`, `pod`, `job` (= Service name) target labels.
 * - blackbox exporter: `probe_success`, `probe_ssl_earliest_cert_expiry` (unix seconds),
 *   `probe_duration_seconds`, `probe_http_status_code`. prometheus-blackbox-exporter chart 11.x
 *   ServiceMonitor sets `instance` = probed URL and `target` = target name.
 * - kube-prometheus-stack 88.x default rules (templates/prometheus/rules-1.14): jobs `kubelet`
 *   (cAdvisor at metrics_path="/metrics/cadvisor", volume stats at "/metrics"), `kube-state-metrics`,
 *   `node-exporter`; metric names as used in KubePodCrashLooping, KubeHpaMaxedOut,
 *   KubePersistentVolumeFillingUp, node.rules.
 * - NGINX edge: plain nginx with the nginx-prometheus-exporter sidecar (nginx/nginx-prometheus-exporter,
 *   `collector/nginx.go`): stub_status as `nginx_up`, `nginx_http_requests_total`, `nginx_connections_{active,
 *   accepted,handled,reading,writing,waiting}` (namespace `nginx`, no labels of its own). stub_status has no
 *   per-status-code counters and no latency histogram: 5xx and latency are measured at Kong and in the apps.
 */

export const KONG = {
  requests: "kong_http_requests_total",
  requestLatencyBucket: "kong_request_latency_ms_bucket",
  upstreamLatencyBucket: "kong_upstream_latency_ms_bucket",
  kongLatencyBucket: "kong_kong_latency_ms_bucket",
  bandwidth: "kong_bandwidth_bytes",
} as const;

export const APP = {
  requests: "http_requests_total",
  durationBucket: "http_request_duration_seconds_bucket",
  durationCount: "http_request_duration_seconds_count",
} as const;

/**
 * The apps' latency histogram buckets in seconds (apps/common/edgeapp/metrics.py LATENCY_BUCKETS: fine around the
 * 500 ms objective). A test reads the Python file and fails when the two drift.
 */
export const APP_LATENCY_BUCKETS_SECONDS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** A bucket bound as prometheus_client writes it in `le` (Python float repr: 1 → "1.0", 0.25 → "0.25"). */
export function pythonFloatLabel(bound: number): string {
  return Number.isInteger(bound) ? bound.toFixed(1) : String(bound);
}

export const BLACKBOX = {
  success: "probe_success",
  certExpiry: "probe_ssl_earliest_cert_expiry",
  duration: "probe_duration_seconds",
  statusCode: "probe_http_status_code",
} as const;

export const NGINX_EDGE = {
  up: "nginx_up",
  requests: "nginx_http_requests_total",
  connectionsActive: "nginx_connections_active",
  connectionsReading: "nginx_connections_reading",
  connectionsWriting: "nginx_connections_writing",
  connectionsWaiting: "nginx_connections_waiting",
} as const;

/** Job names and selectors as kube-prometheus-stack sets them. */
export const KUBE = {
  kubeletJob: "kubelet",
  cadvisorPath: "/metrics/cadvisor",
  kubeletPath: "/metrics",
  kubeStateMetricsJob: "kube-state-metrics",
  nodeExporterJob: "node-exporter",
} as const;

/**
 * A regex matcher value for a histogram `le` bound. Prometheus 3 normalises `le` on ingestion to a
 * float form ("1" becomes "1.0"), Prometheus 2 keeps what the exporter wrote (Kong writes "1000",
 * prometheus_client writes "1.0"): matching both forms keeps queries valid across versions.
 */
export function leRegex(bound: number): string {
  if (!Number.isFinite(bound) || bound <= 0) {
    throw new Error(`histogram bound: expected a positive number, got ${bound}`);
  }
  const text = String(bound).replace(/\./g, "\\\\.");
  return Number.isInteger(bound) ? `${text}(\\\\.0+)?` : `${text}0*`;
}

/** Escape a literal for use inside a PromQL regex matcher written in a double-quoted string. */
export function promRegexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\\\${c}`);
}

/** `a|b|c` for a list of literal values (empty list: a regex that matches nothing). */
export function promRegexAny(values: readonly string[]): string {
  return values.length === 0 ? "$^" : values.map(promRegexLiteral).join("|");
}

/** Format a number for PromQL without float noise (14.4 * 0.001 is 0.014400000000000001 in JS). */
export function promNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`expected a finite number, got ${value}`);
  return String(Number(value.toPrecision(12)));
}

/**
 * Fluent Bit's own metrics (aws-for-fluent-bit chart: ServiceMonitor on port `monitor-agent` = 2020, path
 * `/api/v1/metrics/prometheus`, job = the Service's `app.kubernetes.io/instance` label = the release's fullname).
 * fluent/fluent-bit v4.2.2 `src/http_server/api/v1/metrics.c` writes `fluentbit_<input|output>_<metric>_total{name=
 * "<Alias or plugin.N>"}` and `src/flb_output.c` registers the output metrics below. `src/flb_engine.c`: a flush that
 * returns FLB_RETRY counts in `retries`, one whose retries run out (retry_limit) in `retries_failed`, one that
 * returns FLB_ERROR in `errors`; both of the last two add the chunk's records to `dropped_records`: lost for good.
 */
export const FLUENT_BIT = {
  procRecords: "fluentbit_output_proc_records_total",
  retries: "fluentbit_output_retries_total",
  retriesFailed: "fluentbit_output_retries_failed_total",
  errors: "fluentbit_output_errors_total",
  droppedRecords: "fluentbit_output_dropped_records_total",
  inputRecords: "fluentbit_input_records_total",
} as const;

/**
 * The OpenTelemetry collector's own metrics at the pinned 0.158.0 (open-telemetry/opentelemetry-collector v0.158.0
 * `exporter/exporterhelper/metadata.yaml`, `receiver/receiverhelper/metadata.yaml`; labels `exporter`, `receiver`,
 * `transport`). No `_total`: with `service.telemetry.metrics.readers[].pull.exporter.prometheus` and
 * `without_type_suffix` + `without_units` true (the collector's defaults, set explicitly in
 * components/observability/traces.ts), otelconf v0.3.0 picks the NoTranslation strategy: names as in metadata.yaml.
 * The awsxray exporter has no sending queue (exporterhelper.NewTraces without WithQueue), so a failed
 * PutTraceSegments drops the batch and counts its spans in `send_failed_spans`; backpressure shows as spans the
 * receiver refused (the memory_limiter processor refusing data).
 */
export const OTELCOL = {
  sentSpans: "otelcol_exporter_sent_spans",
  sendFailedSpans: "otelcol_exporter_send_failed_spans",
  acceptedSpans: "otelcol_receiver_accepted_spans",
  refusedSpans: "otelcol_receiver_refused_spans",
} as const;
