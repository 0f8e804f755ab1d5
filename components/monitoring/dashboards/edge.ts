import { BLACKBOX, KONG, NGINX_EDGE } from "../metrics";
import { PanelSpec, prom, row, stat, timeseries } from "./panels";

/** NGINX edge (stub_status through nginx-prometheus-exporter), Kong gateway, and the public probes. */
interface EdgeDashboardInput {
  kongJob: string;
  kongServiceLabel: string;
  edgeJob: string;
  edgeNamespace: string;
}

const RATE = "$__rate_interval";

export function edgePanels({
  kongJob,
  kongServiceLabel: svc,
  edgeJob,
  edgeNamespace,
}: EdgeDashboardInput): PanelSpec[] {
  const edge = `job="${edgeJob}", namespace="${edgeNamespace}"`;
  const kong = `job="${kongJob}", ${svc}!=""`;
  const p95 = (bucket: string, by: string) =>
    `histogram_quantile(0.95, sum by (${by}le) (rate(${bucket}{${kong}}[${RATE}])))`;
  return [
    row("Public endpoints (blackbox)"),
    stat("Probe up", [prom(`max by (target) (${BLACKBOX.success})`, "{{target}}")], {
      unit: "bool_on_off",
      base: "red",
      thresholds: [[1, "green"]],
      w: 8,
    }),
    stat("Certificate days left", [prom(`(min by (target) (${BLACKBOX.certExpiry}) - time()) / 86400`, "{{target}}")], {
      unit: "d",
      base: "red",
      thresholds: [
        [14, "orange"],
        [30, "green"],
      ],
      w: 8,
    }),
    stat("Probe duration", [prom(`max by (target) (${BLACKBOX.duration})`, "{{target}}")], { unit: "s", w: 8 }),

    row("NGINX edge"),
    stat("NGINX up", [prom(`min(${NGINX_EDGE.up}{${edge}})`, "up")], {
      unit: "bool_on_off",
      base: "red",
      thresholds: [[1, "green"]],
      w: 6,
    }),
    timeseries("Edge requests", [prom(`sum(rate(${NGINX_EDGE.requests}{${edge}}[${RATE}]))`, "requests")], {
      unit: "reqps",
      w: 9,
    }),
    timeseries("Active connections", [prom(`sum(${NGINX_EDGE.connectionsActive}{${edge}})`, "active")], {
      unit: "short",
      w: 9,
    }),
    timeseries(
      "Connections by state",
      [
        prom(`sum(${NGINX_EDGE.connectionsReading}{${edge}})`, "reading"),
        prom(`sum(${NGINX_EDGE.connectionsWriting}{${edge}})`, "writing"),
        prom(`sum(${NGINX_EDGE.connectionsWaiting}{${edge}})`, "waiting (keep-alive)"),
      ],
      {
        unit: "short",
        w: 24,
        description:
          "From stub_status (nginx-prometheus-exporter sidecar). stub_status has no status codes or latency: " +
          "5xx and latency are on the Kong panels.",
      },
    ),

    row("Kong gateway"),
    timeseries(
      "Requests by service",
      [prom(`sum by (${svc}) (rate(${KONG.requests}{${kong}}[${RATE}]))`, `{{${svc}}}`)],
      { unit: "reqps" },
    ),
    timeseries(
      "5xx share by service",
      [
        prom(
          `sum by (${svc}) (rate(${KONG.requests}{${kong}, code=~"5.."}[${RATE}])) / ` +
            `sum by (${svc}) (rate(${KONG.requests}{${kong}}[${RATE}]))`,
          `{{${svc}}}`,
        ),
      ],
      { unit: "percentunit", min: 0 },
    ),
    timeseries(
      "5xx by source",
      [prom(`sum by (source) (rate(${KONG.requests}{${kong}, code=~"5.."}[${RATE}]))`, "{{source}}")],
      {
        unit: "reqps",
        description: 'source="service": the upstream answered 5xx; "kong": Kong failed the request itself.',
      },
    ),
    timeseries("Request latency p95 by service", [prom(p95(KONG.requestLatencyBucket, `${svc}, `), `{{${svc}}}`)], {
      unit: "ms",
    }),
    timeseries("Upstream latency p95 by service", [prom(p95(KONG.upstreamLatencyBucket, `${svc}, `), `{{${svc}}}`)], {
      unit: "ms",
    }),
    timeseries("Kong's own latency p95", [prom(p95(KONG.kongLatencyBucket, ""), "kong p95")], {
      unit: "ms",
      description: "Time Kong and its plugins add (rate limiting in Redis, JWT, ACL).",
    }),
    timeseries(
      "Bandwidth",
      [prom(`sum by (direction) (rate(${KONG.bandwidth}{job="${kongJob}"}[${RATE}]))`, "{{direction}}")],
      { unit: "Bps", w: 24 },
    ),
  ];
}
