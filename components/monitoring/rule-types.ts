/** Types shared by the alert-rule table, its renderers and the promtool test generator. */

export type Severity = "critical" | "warning" | "info";
export const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];

/** One alerting rule: the row of the table in alert-rules.ts. */
export interface AlertRule {
  /** Rule group (rendered as `edgestack.<group>`). */
  group: string;
  /** Alert name, PascalCase. Several rows may share it with different severities (tiered alerts). */
  alert: string;
  expr: string;
  /** Prometheus duration, e.g. "5m". */
  for: string;
  severity: Severity;
  summary: string;
  /** May use `{{ $labels.<name> }}` and `{{ printf "%.<n>f" $value }}` (see template.ts). */
  description: string;
  runbookUrl: string;
  labels?: Record<string, string>;
}

/** A recording rule (burn-rate error ratios). */
export interface RecordingRule {
  group: string;
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

/** An app service scraped through its ServiceMonitor: `job` = Service name. */
export interface ServiceRef {
  name: string;
  namespace: string;
}

/** What the rules point at; job names depend on how the lead wires the charts. */
export interface RuleTargets {
  /** Base URL of the runbooks; each alert links to `${runbookBase}/<alert-name-kebab>.md` (runbookUrl). */
  runbookBase: string;
  /** Our Python services (FastAPI, Flask), one ServiceMonitor each. */
  services: readonly ServiceRef[];
  /** `job` label of the Kong gateway metrics (the Kong chart's metrics/status Service name). */
  kongJob: string;
  /**
   * Label holding Kong's service name: `exported_service` when the ServiceMonitor keeps
   * honorLabels=false (the operator default), `service` with honorLabels=true.
   */
  kongServiceLabel: string;
  /** `job` label of the NGINX edge controller metrics. */
  edgeJob: string;
  /** Namespace of the NGINX edge controller. */
  edgeNamespace: string;
  /** Fluent Bit DaemonSet (observability.logs.enabled); absent: no log-shipping alerts. */
  logShipper?: TelemetryTarget;
  /** OpenTelemetry collector (observability.traces.enabled); absent: no trace-export alerts. */
  traceCollector?: TelemetryTarget;
}

/** A component of the observability tier: its scrape `job` and namespace (also the workload's name there). */
export interface TelemetryTarget {
  job: string;
  namespace: string;
}

/** Sorted, de-duplicated namespaces of the app services. */
export function appNamespaces(targets: RuleTargets): string[] {
  return [...new Set(targets.services.map((s) => s.namespace))].sort();
}

/** What every rule builder receives. */
export interface RuleContext {
  t: import("./thresholds").AlertThresholds;
  targets: RuleTargets;
}

/** `KongHighErrorRate` → `kong-high-error-rate`; digits stay with their word (`P95` → `p95`). */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}

/**
 * A runbook page: `<base>/<slug>.md`, i.e. docs/runbooks/<slug>.md of this repository when the base is where that
 * directory is browsable (GitHub renders the Markdown). The CloudWatch alarms link their pages the same way.
 */
export function runbookPageUrl(runbookBase: string, slug: string): string {
  return `${runbookBase.replace(/\/+$/, "")}/${slug}.md`;
}

/** The runbook of an alert: `KongHighErrorRate` → `<base>/kong-high-error-rate.md`. */
export function runbookUrl(runbookBase: string, alert: string): string {
  return runbookPageUrl(runbookBase, kebabCase(alert));
}

/** A Prometheus duration from whole minutes: 90 → "90m", 60 → "1h". */
export function minutesDuration(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}
