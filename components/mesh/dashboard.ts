/**
 * The mesh's Grafana dashboard, generated from code with the monitoring tier's panel builders: request rate,
 * 5xx rate and p95 latency per service, and the share of requests that arrived over mutual TLS. Queries use
 * Istio's standard metrics as reported by the destination sidecar (istio_requests_total,
 * istio_request_duration_milliseconds; labels per Istio's "Standard Metrics" reference:
 * destination_service_name, destination_service_namespace, response_code,
 * connection_security_policy = "mutual_tls" | "none").
 *
 * Returned as a BuiltDashboard, the shape the monitoring tier ships in a ConfigMap for Grafana's sidecar.
 */
import { type BuiltDashboard, dashboard, dashboardUid, prom, stat, timeseries } from "../monitoring";

/** Label matcher restricting the queries to the app namespace, as seen by the destination sidecar. */
function selector(namespace: string, extra = ""): string {
  if (!/^[a-z0-9-]+$/.test(namespace))
    throw new Error(`mesh dashboard: expected a namespace name, got ${JSON.stringify(namespace)}`);
  return `reporter="destination", destination_service_namespace="${namespace}"${extra}`;
}

export function istioDashboardQueries(namespace: string) {
  const rate = (metric: string, extra = "") => `rate(${metric}{${selector(namespace, extra)}}[$__rate_interval])`;
  return {
    requestRate: `sum by (destination_service_name) (${rate("istio_requests_total")})`,
    errorRate: `sum by (destination_service_name) (${rate("istio_requests_total", ', response_code=~"5.."')})`,
    p95LatencyMs: `histogram_quantile(0.95, sum by (destination_service_name, le) (${rate("istio_request_duration_milliseconds_bucket")}))`,
    mtlsShare: `sum(${rate("istio_requests_total", ', connection_security_policy="mutual_tls"')}) / sum(${rate("istio_requests_total")})`,
  };
}

export function istioDashboard(namespace: string, uidPrefix = "edgestack"): BuiltDashboard {
  const q = istioDashboardQueries(namespace);
  const perService = "{{destination_service_name}}";
  const uid = dashboardUid(uidPrefix, "mesh", namespace);
  const title = `Mesh: ${namespace}`;
  const model = dashboard({
    uid,
    title,
    description:
      "Istio sidecar view of the services: traffic, errors and latency as the receiving sidecar measures them, and how much of it is mutual TLS.",
    tags: [uidPrefix, "istio"],
    panels: [
      timeseries("Requests per second", [prom(q.requestRate, perService)], { unit: "reqps" }),
      timeseries("5xx per second", [prom(q.errorRate, perService)], { unit: "reqps" }),
      timeseries("p95 latency", [prom(q.p95LatencyMs, perService)], { unit: "ms", w: 18 }),
      stat("Requests over mTLS", [prom(q.mtlsShare, "mTLS share")], {
        unit: "percentunit",
        min: 0,
        max: 1,
        base: "red",
        thresholds: [[1, "green"]],
        h: 8,
        description: "Should be 100 % with STRICT mTLS: anything less means plaintext reached a sidecar.",
      }),
    ],
  });
  return { uid, title, json: JSON.stringify(model, null, 2) };
}
