/**
 * The mesh's Grafana dashboard, generated from code: request rate, 5xx rate and p95 latency per service, and
 * the share of requests that arrived over mutual TLS. Queries use Istio's standard metrics as reported by the
 * destination sidecar (istio_requests_total, istio_request_duration_milliseconds; labels per Istio's "Standard
 * Metrics" reference: destination_service_name, destination_service_namespace, response_code,
 * connection_security_policy = "mutual_tls" | "none").
 *
 * Exported for the monitoring tier, which ships it like its other dashboards (a ConfigMap for Grafana's sidecar).
 */

export interface DashboardPanel {
    id: number;
    type: "timeseries" | "stat";
    title: string;
    gridPos: { x: number; y: number; w: number; h: number };
    datasource: { type: "prometheus"; uid: string };
    fieldConfig: { defaults: { unit: string; min?: number; max?: number }; overrides: [] };
    targets: Array<{ refId: string; expr: string; legendFormat: string }>;
}

export interface GrafanaDashboard {
    uid: string;
    title: string;
    tags: string[];
    schemaVersion: number;
    time: { from: string; to: string };
    refresh: string;
    templating: { list: Array<Record<string, unknown>> };
    panels: DashboardPanel[];
}

export const ISTIO_DASHBOARD_UID = "edgestack-mesh";
const DATASOURCE = { type: "prometheus" as const, uid: "${datasource}" };

/** Label matcher restricting the queries to the app namespace, as seen by the destination sidecar. */
function selector(namespace: string, extra = ""): string {
    if (!/^[a-z0-9-]+$/.test(namespace)) throw new Error(`dashboard: expected a namespace name, got ${JSON.stringify(namespace)}`);
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

function panel(id: number, title: string, type: DashboardPanel["type"], expr: string, unit: string, gridPos: DashboardPanel["gridPos"], legend = "{{destination_service_name}}"): DashboardPanel {
    return {
        id, type, title, gridPos, datasource: DATASOURCE,
        fieldConfig: { defaults: { unit, ...(unit === "percentunit" ? { min: 0, max: 1 } : {}) }, overrides: [] },
        targets: [{ refId: "A", expr, legendFormat: legend }],
    };
}

export function istioDashboard(namespace: string): GrafanaDashboard {
    const q = istioDashboardQueries(namespace);
    return {
        uid: ISTIO_DASHBOARD_UID,
        title: "Mesh: services",
        tags: ["edgestack", "istio"],
        schemaVersion: 39,
        time: { from: "now-3h", to: "now" },
        refresh: "1m",
        templating: { list: [{ name: "datasource", type: "datasource", query: "prometheus", label: "Data source" }] },
        panels: [
            panel(1, "Requests per second", "timeseries", q.requestRate, "reqps", { x: 0, y: 0, w: 12, h: 8 }),
            panel(2, "5xx per second", "timeseries", q.errorRate, "reqps", { x: 12, y: 0, w: 12, h: 8 }),
            panel(3, "p95 latency", "timeseries", q.p95LatencyMs, "ms", { x: 0, y: 8, w: 18, h: 8 }),
            panel(4, "Requests over mTLS", "stat", q.mtlsShare, "percentunit", { x: 18, y: 8, w: 6, h: 8 }, "mTLS share"),
        ],
    };
}

/** The dashboard as the JSON text Grafana imports. */
export function istioDashboardJson(namespace: string): string {
    return JSON.stringify(istioDashboard(namespace), null, 2);
}
