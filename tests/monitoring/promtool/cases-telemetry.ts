import { FLUENT_BIT, KUBE, OTELCOL } from "../../../components/monitoring/metrics";
import { RuleTargets, TelemetryTarget } from "../../../components/monitoring/rule-types";
import { AlertThresholds } from "../../../components/monitoring/thresholds";
import {
  ExpectedAlert,
  InputSeries,
  RuleTestCase,
  constant,
  counter,
  firing,
  margin,
  seriesName,
  verdict,
} from "./format";

/**
 * promtool cases for the telemetry alerts (rules-telemetry.ts): each severity fires when its condition has lasted
 * one minute longer than its `for`, and does not one minute before. Series carry the labels a scrape gives them
 * (Prometheus Operator target labels + the exporters' own: Fluent Bit `name`, the collector's `exporter`/`receiver`).
 */

/** Quiet until minute HEALTHY, then the condition starts (first bad sample at minute HEALTHY + 1). */
const HEALTHY = 10;
/** A counter flat at 0 until HEALTHY, then rising by `perMinute` each minute, over `span` minutes. */
const risingAfter = (perMinute: number, span: number) =>
  perMinute === 0 ? constant(0, span) : `0x${HEALTHY} ${perMinute}+${perMinute}x${span - HEALTHY - 1}`;
/** A gauge 1 until HEALTHY, then 0. */
const downAfter = (span: number) => `1x${HEALTHY} 0x${span - HEALTHY - 1}`;
/** Evaluation minutes just before and just after a condition that started at HEALTHY + 1 has lasted `forMinutes`. */
const around = (forMinutes: number) => ({ before: HEALTHY + forMinutes, after: HEALTHY + forMinutes + 2 });

const target = (x: TelemetryTarget, pod: string, ip: string, port: number) => ({
  job: x.job,
  namespace: x.namespace,
  service: x.job,
  pod,
  instance: `${ip}:${port}`,
});

function logShippingCases(t: AlertThresholds, fb: TelemetryTarget): RuleTestCase[] {
  const { before, after } = around(t.telemetryForMinutes);
  const pod = target(fb, "fluent-bit-7xk2p", "10.0.1.10", 2020);
  const output = { name: "cloudwatch_apps" };
  // 60 records/min dropped = 1 record/s; 6 retries/min = 0.1 flush/s.
  const levels = [
    { what: "records dropped and retried", dropped: 60, retries: 6, at: after },
    { what: "flushes retried, nothing dropped", dropped: 0, retries: 6, at: after },
    { what: "records dropped and retried", dropped: 60, retries: 6, at: before },
  ];
  return levels.map(({ what, dropped, retries, at }) => {
    const lasted = at - HEALTHY - 1;
    const expect: ExpectedAlert[] = [];
    if (at === after && dropped > 0) expect.push(firing("critical", output, dropped / 60));
    if (at === after && retries > 0) expect.push(firing("warning", output, retries / 60));
    const series: InputSeries[] = [
      { series: seriesName(FLUENT_BIT.droppedRecords, { ...pod, ...output }), values: risingAfter(dropped, at + 5) },
      { series: seriesName(FLUENT_BIT.retries, { ...pod, ...output }), values: risingAfter(retries, at + 5) },
    ];
    return {
      name: `LogShippingFailing: ${what} for ${lasted} min ${verdict(expect)}`,
      alert: "LogShippingFailing",
      evalMinutes: at,
      series,
      expect,
    };
  });
}

function logShipperCases(t: AlertThresholds, fb: TelemetryTarget): RuleTestCase[] {
  const nodes = ["ip-10-0-1-10.ec2.internal", "ip-10-0-2-20.ec2.internal"];
  const pods = [target(fb, "fluent-bit-7xk2p", "10.0.1.10", 2020), target(fb, "fluent-bit-m4q9z", "10.0.2.20", 2020)];
  const ksm = { job: KUBE.kubeStateMetricsJob, instance: "10.0.1.5:8080" };
  const cases: RuleTestCase[] = [];
  // Every shipper pod stops answering (the DaemonSet is gone or broken everywhere): critical.
  const all = around(t.serviceDownMinutes);
  for (const at of [all.before, all.after]) {
    const expect = at === all.after ? [firing("critical", {}, 1)] : [];
    cases.push({
      name: `LogShipperMissing: every Fluent Bit target down ${at - HEALTHY - 1} min ${verdict(expect)}`,
      alert: "LogShipperMissing",
      evalMinutes: at,
      series: pods.map((p) => ({ series: seriesName("up", p), values: downAfter(at + 5) })),
      expect,
    });
  }
  // One node's shipper fails (its pod runs but no longer answers), the other keeps shipping: warning for that node.
  const one = around(t.telemetryForMinutes);
  for (const at of [one.before, one.after]) {
    const span = at + 5;
    const expect = at === one.after ? [firing("warning", { node: nodes[1] }, 1)] : [];
    cases.push({
      name: `LogShipperMissing: node without a working Fluent Bit for ${at - HEALTHY - 1} min ${verdict(expect)}`,
      alert: "LogShipperMissing",
      evalMinutes: at,
      series: [
        ...nodes.map((node) => ({ series: seriesName("kube_node_info", { ...ksm, node }), values: constant(1, span) })),
        ...pods.map((p, i) => ({
          series: seriesName("kube_pod_info", {
            ...ksm,
            namespace: fb.namespace,
            pod: p.pod,
            node: nodes[i],
            created_by_kind: "DaemonSet",
            created_by_name: fb.job,
          }),
          values: constant(1, span),
        })),
        { series: seriesName("up", pods[0]), values: constant(1, span) },
        { series: seriesName("up", pods[1]), values: downAfter(span) },
      ],
      expect,
    });
  }
  return cases;
}

function traceExportCases(t: AlertThresholds, oc: TelemetryTarget): RuleTestCase[] {
  // A share above or below the threshold from the start (the ratio needs a full 5-minute window), past the `for`.
  const evalMinutes = t.telemetryForMinutes + 10;
  const pod = { ...target(oc, "otel-collector-5d8f7-q2w3e", "10.0.1.30", 8888), service_name: "otelcol-contrib" };
  const exporter = { exporter: "awsxray" };
  const perMinute = 1000;
  const p = t.traceExportFailPercent;
  return [p - margin(p, 1), p + margin(p, 1)].map((percent) => {
    const failed = Math.round((perMinute * percent) / 100);
    const share = (100 * failed) / perMinute;
    const expect = share > p ? [firing("warning", exporter, share)] : [];
    return {
      name: `TraceExportFailing: ${share} % of spans failing ${verdict(expect)}`,
      alert: "TraceExportFailing",
      evalMinutes,
      series: [
        {
          series: seriesName(OTELCOL.sentSpans, { ...pod, ...exporter }),
          values: counter(perMinute - failed, evalMinutes + 5),
        },
        {
          series: seriesName(OTELCOL.sendFailedSpans, { ...pod, ...exporter }),
          values: counter(failed, evalMinutes + 5),
        },
      ],
      expect,
    };
  });
}

function traceCollectorCases(t: AlertThresholds, oc: TelemetryTarget): RuleTestCase[] {
  const pod = { ...target(oc, "otel-collector-5d8f7-q2w3e", "10.0.1.30", 8888), service_name: "otelcol-contrib" };
  const receiver = { receiver: "otlp" };
  const refused = around(t.telemetryForMinutes);
  const down = around(t.serviceDownMinutes);
  return [
    ...[refused.before, refused.after].map((at): RuleTestCase => {
      // 30 spans/min refused = 0.5 span/s.
      const expect = at === refused.after ? [firing("warning", receiver, 0.5)] : [];
      return {
        name: `TraceSpansRefused: spans refused for ${at - HEALTHY - 1} min ${verdict(expect)}`,
        alert: "TraceSpansRefused",
        evalMinutes: at,
        series: [
          {
            series: seriesName(OTELCOL.refusedSpans, { ...pod, ...receiver, transport: "grpc" }),
            values: risingAfter(30, at + 5),
          },
        ],
        expect,
      };
    }),
    ...[down.before, down.after].map((at): RuleTestCase => {
      const expect = at === down.after ? [firing("warning", {}, 1)] : [];
      return {
        name: `TraceCollectorDown: collector target down ${at - HEALTHY - 1} min ${verdict(expect)}`,
        alert: "TraceCollectorDown",
        evalMinutes: at,
        series: [{ series: seriesName("up", pod), values: downAfter(at + 5) }],
        expect,
      };
    }),
  ];
}

/** The telemetry cases for the parts the targets have (none when the observability tier is off). */
export function telemetryCases(t: AlertThresholds, targets: RuleTargets): RuleTestCase[] {
  return [
    ...(targets.logShipper
      ? [...logShippingCases(t, targets.logShipper), ...logShipperCases(t, targets.logShipper)]
      : []),
    ...(targets.traceCollector
      ? [...traceExportCases(t, targets.traceCollector), ...traceCollectorCases(t, targets.traceCollector)]
      : []),
  ];
}
