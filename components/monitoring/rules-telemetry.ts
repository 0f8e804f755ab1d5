import { FLUENT_BIT, KUBE, OTELCOL, promNumber } from "./metrics";
import { AlertRule, RuleContext, TelemetryTarget, minutesDuration, runbookUrl } from "./rule-types";

/**
 * Is our own telemetry getting out? Log shipping (Fluent Bit DaemonSet → CloudWatch Logs) and trace export
 * (OpenTelemetry collector → X-Ray), each only when the observability tier runs that part (targets.logShipper,
 * targets.traceCollector). Metric names and what increments them: metrics.ts (FLUENT_BIT, OTELCOL).
 *
 * What pages (critical): log records being lost for good (dropped after retries or rejected) and no log shipper
 * running anywhere. Logs are the only copy once a pod or node is gone (kubelet rotates container logs, Karpenter
 * removes nodes), and they are the record an incident is investigated from. Everything about traces warns: they
 * are sampled (1 % dev, 5 % prod), so losing some degrades debugging but loses nothing a user or an audit needs.
 */
export function telemetryRules({ t, targets }: RuleContext): AlertRule[] {
  return [
    ...(targets.logShipper ? logRules(t, targets.runbookBase, targets.logShipper) : []),
    ...(targets.traceCollector ? traceRules(t, targets.runbookBase, targets.traceCollector) : []),
  ];
}

type Thresholds = RuleContext["t"];
const selector = (x: TelemetryTarget) => `job="${x.job}", namespace="${x.namespace}"`;
/** Rule labels naming the component: the inhibition (critical over warning) matches on namespace and service. */
const component = (x: TelemetryTarget) => ({ namespace: x.namespace, service: x.job });

function logRules(t: Thresholds, runbookBase: string, fb: TelemetryTarget): AlertRule[] {
  const sel = selector(fb);
  const sustained = minutesDuration(t.telemetryForMinutes);
  const rule = (r: Omit<AlertRule, "runbookUrl" | "group" | "labels">): AlertRule => ({
    group: "telemetry",
    labels: component(fb),
    ...r,
    runbookUrl: runbookUrl(runbookBase, r.alert),
  });
  // One row per output (`name` = its Alias, e.g. cloudwatch_apps), summed over the DaemonSet's pods.
  const byOutput = (metric: string) => `sum by (name) (rate(${metric}{${sel}}[5m]))`;
  return [
    rule({
      alert: "LogShippingFailing",
      expr: `${byOutput(FLUENT_BIT.droppedRecords)} > 0`,
      for: sustained,
      severity: "critical",
      summary: "Fluent Bit output {{ $labels.name }} is dropping log records.",
      description:
        `Output {{ $labels.name }} has dropped {{ printf "%.2f" $value }} records/s for ${t.telemetryForMinutes} ` +
        `minutes (retries exhausted or rejected by CloudWatch Logs): those log lines are lost.`,
    }),
    rule({
      alert: "LogShippingFailing",
      expr: `${byOutput(FLUENT_BIT.retries)} > 0`,
      for: sustained,
      severity: "warning",
      summary: "Fluent Bit output {{ $labels.name }} keeps retrying.",
      description:
        `Output {{ $labels.name }} has retried {{ printf "%.2f" $value }} flushes/s for ${t.telemetryForMinutes} ` +
        `minutes: logs reach CloudWatch late, and are dropped once a chunk runs out of retries.`,
    }),
    rule({
      alert: "LogShipperMissing",
      // Every target gone or failing its scrape: no node's logs are shipped.
      expr: `absent(up{${sel}} == 1)`,
      for: minutesDuration(t.serviceDownMinutes),
      severity: "critical",
      summary: `No Fluent Bit pod is running in ${fb.namespace}.`,
      description:
        `No target of job ${fb.job} in namespace ${fb.namespace} has answered a scrape for ` +
        `${t.serviceDownMinutes} minutes: no container or node log is being shipped to CloudWatch Logs.`,
    }),
    rule({
      alert: "LogShipperMissing",
      // Nodes (kube-state-metrics) without a DaemonSet pod that answers its scrape: that node's logs stay on it.
      expr:
        `count by (node) (kube_node_info{job="${KUBE.kubeStateMetricsJob}"}) unless on (node) ` +
        `count by (node) (kube_pod_info{job="${KUBE.kubeStateMetricsJob}", namespace="${fb.namespace}", ` +
        `created_by_kind="DaemonSet", created_by_name="${fb.job}"} and on (namespace, pod) (up{${sel}} == 1))`,
      for: sustained,
      severity: "warning",
      summary: "Node {{ $labels.node }} has no working Fluent Bit.",
      description:
        `Node {{ $labels.node }} has had no Fluent Bit pod answering its scrape for ${t.telemetryForMinutes} ` +
        `minutes: its container and kubelet logs are not shipped.`,
    }),
  ];
}

function traceRules(t: Thresholds, runbookBase: string, oc: TelemetryTarget): AlertRule[] {
  const sel = selector(oc);
  const sustained = minutesDuration(t.telemetryForMinutes);
  const pct = promNumber(t.traceExportFailPercent);
  const rule = (r: Omit<AlertRule, "runbookUrl" | "group" | "labels" | "severity">): AlertRule => ({
    group: "telemetry",
    severity: "warning",
    labels: component(oc),
    ...r,
    runbookUrl: runbookUrl(runbookBase, r.alert),
  });
  const failed = `sum by (exporter) (rate(${OTELCOL.sendFailedSpans}{${sel}}[5m]))`;
  const sent = `sum by (exporter) (rate(${OTELCOL.sentSpans}{${sel}}[5m]))`;
  return [
    rule({
      alert: "TraceExportFailing",
      // sent_spans is recorded on every export (0 included), failed ones only when > 0: a full outage is 100 %.
      expr: `100 * ${failed} / (${sent} + ${failed}) > ${pct}`,
      for: sustained,
      summary: "Collector exporter {{ $labels.exporter }} fails to send spans.",
      description:
        `{{ printf "%.1f" $value }}% of the spans exporter {{ $labels.exporter }} sent in the last 5 minutes ` +
        `failed (threshold ${pct}%, for ${t.telemetryForMinutes} minutes): those traces are missing in X-Ray.`,
    }),
    rule({
      alert: "TraceSpansRefused",
      expr: `sum by (receiver) (rate(${OTELCOL.refusedSpans}{${sel}}[5m])) > 0`,
      for: sustained,
      summary: "Collector receiver {{ $labels.receiver }} refuses spans.",
      description:
        `Receiver {{ $labels.receiver }} has refused {{ printf "%.1f" $value }} spans/s for ` +
        `${t.telemetryForMinutes} minutes (the memory limiter pushes back): senders drop what they cannot retry.`,
    }),
    rule({
      alert: "TraceCollectorDown",
      expr: `absent(up{${sel}} == 1)`,
      for: minutesDuration(t.serviceDownMinutes),
      summary: `The OpenTelemetry collector in ${oc.namespace} is down.`,
      description:
        `No target of job ${oc.job} in namespace ${oc.namespace} has answered a scrape for ` +
        `${t.serviceDownMinutes} minutes: spans from the sidecars and the apps go nowhere.`,
    }),
  ];
}
