import { FLUENT_BIT, KUBE, OTELCOL } from "../metrics";
import type { TelemetryTarget } from "../rule-types";
import type { AlertThresholds } from "../thresholds";
import { PanelSpec, prom, row, stat, timeseries } from "./panels";

/**
 * Is our telemetry getting out: Fluent Bit's outputs (per `name` = Alias = log group) and the collector's receiver
 * and exporter, the same series the telemetry alerts read (rules-telemetry.ts).
 */
interface TelemetryDashboardInput {
  logShipper?: TelemetryTarget;
  traceCollector?: TelemetryTarget;
  thresholds: AlertThresholds;
}

const RATE = "$__rate_interval";
const sel = (x: TelemetryTarget) => `job="${x.job}", namespace="${x.namespace}"`;

function logPanels(fb: TelemetryTarget): PanelSpec[] {
  const s = sel(fb);
  const byOutput = (metric: string) => `sum by (name) (rate(${metric}{${s}}[${RATE}]))`;
  const ksm = `job="${KUBE.kubeStateMetricsJob}"`;
  return [
    row("Log shipping (Fluent Bit → CloudWatch Logs)"),
    stat("Shippers answering", [prom(`count(up{${s}} == 1)`, "shippers")], { w: 6 }),
    stat("Nodes", [prom(`count(kube_node_info{${ksm}})`, "nodes")], {
      w: 6,
      description: "One Fluent Bit per node: fewer shippers than nodes means some node's logs are not shipped.",
    }),
    stat("Records dropped (1 h)", [prom(`sum(increase(${FLUENT_BIT.droppedRecords}{${s}}[1h]))`, "dropped")], {
      base: "green",
      thresholds: [[1, "red"]],
      w: 6,
    }),
    stat("Retries failed (1 h)", [prom(`sum(increase(${FLUENT_BIT.retriesFailed}{${s}}[1h]))`, "chunks")], {
      base: "green",
      thresholds: [[1, "red"]],
      w: 6,
    }),
    timeseries(
      "Records read and shipped",
      [
        prom(`sum(rate(${FLUENT_BIT.inputRecords}{${s}}[${RATE}]))`, "read (all inputs)"),
        prom(byOutput(FLUENT_BIT.procRecords), "shipped {{name}}"),
      ],
      {
        unit: "cps",
        description: "Output `name` is the log group: cloudwatch_<namespace>, cloudwatch_other, cloudwatch_nodes.",
      },
    ),
    timeseries(
      "Retries, errors and drops by output",
      [
        prom(byOutput(FLUENT_BIT.retries), "retries {{name}}"),
        prom(byOutput(FLUENT_BIT.errors), "errors {{name}}"),
        prom(byOutput(FLUENT_BIT.droppedRecords), "dropped records {{name}}"),
      ],
      {
        unit: "cps",
        min: 0,
        description:
          "Retries delay delivery; errors and dropped records are lost (LogShippingFailing: warning on sustained " +
          "retries, critical on drops).",
      },
    ),
  ];
}

function tracePanels(oc: TelemetryTarget, t: AlertThresholds): PanelSpec[] {
  const s = sel(oc);
  const failed = `sum by (exporter) (rate(${OTELCOL.sendFailedSpans}{${s}}[${RATE}]))`;
  const sent = `sum by (exporter) (rate(${OTELCOL.sentSpans}{${s}}[${RATE}]))`;
  return [
    row("Trace export (OpenTelemetry collector → X-Ray)"),
    stat("Collectors answering", [prom(`count(up{${s}} == 1)`, "collectors")], {
      base: "red",
      thresholds: [[1, "green"]],
      w: 6,
    }),
    timeseries(
      "Spans received and refused",
      [
        prom(`sum by (receiver) (rate(${OTELCOL.acceptedSpans}{${s}}[${RATE}]))`, "accepted {{receiver}}"),
        prom(`sum by (receiver) (rate(${OTELCOL.refusedSpans}{${s}}[${RATE}]))`, "refused {{receiver}}"),
      ],
      { unit: "cps", min: 0, w: 18, description: "Refused: the memory limiter pushing back (TraceSpansRefused)." },
    ),
    timeseries("Spans exported and failed", [prom(sent, "sent {{exporter}}"), prom(failed, "failed {{exporter}}")], {
      unit: "cps",
      min: 0,
      w: 12,
    }),
    timeseries("Export failure share", [prom(`${failed} / (${sent} + ${failed})`, "{{exporter}}")], {
      unit: "percentunit",
      min: 0,
      thresholds: [[t.traceExportFailPercent / 100, "red"]],
      w: 12,
      description: `TraceExportFailing warns above ${t.traceExportFailPercent} % (thresholds.traceExportFailPercent).`,
    }),
  ];
}

export function telemetryPanels({ logShipper, traceCollector, thresholds }: TelemetryDashboardInput): PanelSpec[] {
  return [
    ...(logShipper ? logPanels(logShipper) : []),
    ...(traceCollector ? tracePanels(traceCollector, thresholds) : []),
  ];
}
