import {
  APP,
  APP_LATENCY_BUCKETS_SECONDS,
  BLACKBOX,
  KONG,
  pythonFloatLabel,
} from "../../../components/monitoring/metrics";
import { burnRateCases, resourceCases } from "./cases-capacity";
import { telemetryCases } from "./cases-telemetry";
import {
  ExpectedAlert,
  InputSeries,
  RuleTestCase,
  constant,
  counter,
  firing,
  margin,
  sampleLabels,
  seriesName,
  verdict,
} from "./format";
import { RuleTargets } from "../../../components/monitoring/rule-types";
import { AlertThresholds } from "../../../components/monitoring/thresholds";

/**
 * The promtool test table: for each seed alert, inputs just above and just below its threshold,
 * derived from the thresholds so the tests follow the configured values (with the defaults:
 * down 4 min no / 6 min yes, certificate 31 days no / 29 days yes, 4 % errors no page / 6 % page).
 */

/** Kong's request-latency bucket bounds in ms (Kong exporter.lua UPSTREAM_LATENCY_BUCKETS). */
const KONG_BOUNDS_MS = [25, 50, 80, 100, 250, 400, 700, 1000, 2000, 5000, 10000, 30000, 60000];
/** The apps' bucket bounds in seconds, as prometheus_client writes them in `le`. */
const APP_BOUNDS_S = APP_LATENCY_BUCKETS_SECONDS.map(pythonFloatLabel);

/** One metric source of a traffic alert: its series labels and the labels the alert ends up with. */
interface SourceSpec {
  alert: string;
  metric: string;
  status?: string;
  alertLabels: Record<string, string>;
  seriesLabels: Record<string, string>;
}

function downCases(t: AlertThresholds, targets: RuleTargets): RuleTestCase[] {
  const svc = targets.services[0];
  // Healthy for 11 samples (0..10m), down from minute 11 on.
  const upFor = 10;
  const downFrom = upFor + 1;
  const span = downFrom + t.serviceDownMinutes + 5;
  const flap = `1x${upFor} 0x${span - downFrom}`;
  const probe = { instance: "https://api.example.com/healthz", target: "api" };
  const cases: RuleTestCase[] = [];
  for (const [after, fires] of [
    [t.serviceDownMinutes - 1, false],
    [t.serviceDownMinutes + 1, true],
  ] as const) {
    const serviceExpect = fires ? [firing("critical", {}, 1, { namespace: svc.namespace, service: svc.name })] : [];
    const probeExpect = fires ? [firing("critical", probe, 0)] : [];
    cases.push({
      name: `ServiceDown: ${svc.namespace}/${svc.name} down ${after} min ${verdict(serviceExpect)}`,
      alert: "ServiceDown",
      evalMinutes: downFrom + after,
      series: [
        {
          series: seriesName("up", { job: svc.name, namespace: svc.namespace, instance: "10.0.1.10:8001" }),
          values: flap,
        },
        // Every other service stays up: absent() would otherwise (rightly) report them too.
        ...targets.services.slice(1).map((other, i) => ({
          series: seriesName("up", { job: other.name, namespace: other.namespace, instance: `10.0.2.${10 + i}:8001` }),
          values: constant(1, span),
        })),
      ],
      expect: serviceExpect,
    });
    cases.push({
      name: `EndpointDown: probe failing ${after} min ${verdict(probeExpect)}`,
      alert: "EndpointDown",
      evalMinutes: downFrom + after,
      series: [{ series: seriesName(BLACKBOX.success, { ...probe, job: "blackbox" }), values: flap }],
      expect: probeExpect,
    });
  }
  return cases;
}

function certCases(t: AlertThresholds): RuleTestCase[] {
  const evalMinutes = 30; // past the rule's 15m `for`
  const probe = { instance: "https://api.example.com/healthz", target: "api" };
  return [t.certExpiryDays - 1, t.certExpiryDays + 1].map((days) => {
    const expect = days < t.certExpiryDays ? [firing("warning", probe, days)] : [];
    // Expiry timestamp chosen so that at evalMinutes exactly `days` days remain.
    const expiry = days * 86400 + evalMinutes * 60;
    return {
      name: `TlsCertificateExpiring: ${days} days left ${verdict(expect)}`,
      alert: "TlsCertificateExpiring",
      evalMinutes,
      series: [
        {
          series: seriesName(BLACKBOX.certExpiry, { ...probe, job: "blackbox" }),
          values: constant(expiry, evalMinutes + 5),
        },
      ],
      expect,
    };
  });
}

/** Request counters for one service with `percent` % of them 5xx; returns series and the exact %. */
function errorTraffic(
  metric: string,
  labels: Record<string, string>,
  statusLabel: string,
  percent: number,
  total: number,
  minutes: number,
) {
  const bad = Math.round((total * percent) / 100);
  const series: InputSeries[] = [
    { series: seriesName(metric, { ...labels, [statusLabel]: "200" }), values: counter(total - bad, minutes) },
    { series: seriesName(metric, { ...labels, [statusLabel]: "500" }), values: counter(bad, minutes) },
  ];
  return { series, percent: (100 * bad) / total };
}

function errorRateCases(t: AlertThresholds, targets: RuleTargets): RuleTestCase[] {
  const evalMinutes = Math.max(t.errorRateForMinutes, t.errorSpikeForMinutes) + 10;
  const l = sampleLabels(targets);
  const kongRequest = { ...l.kong, source: "service", consumer: "" };
  const sources: SourceSpec[] = [
    {
      alert: "KongHighErrorRate",
      metric: KONG.requests,
      status: "code",
      alertLabels: l.kongAlert,
      seriesLabels: kongRequest,
    },
    {
      alert: "ServiceHighErrorRate",
      metric: APP.requests,
      status: "status",
      alertLabels: l.appAlert,
      seriesLabels: l.app,
    },
  ];
  const percents = [
    t.errorRatePercent - margin(t.errorRatePercent, 1),
    t.errorRatePercent + margin(t.errorRatePercent, 1),
    t.errorSpikePercent - margin(t.errorSpikePercent, 1),
    t.errorSpikePercent + margin(t.errorSpikePercent, 1),
  ];
  return sources.flatMap((src) =>
    percents.map((p) => {
      const traffic = errorTraffic(src.metric, src.seriesLabels, src.status ?? "code", p, 1000, evalMinutes + 5);
      const expect: ExpectedAlert[] = [];
      if (traffic.percent > t.errorRatePercent) expect.push(firing("critical", src.alertLabels, traffic.percent));
      if (traffic.percent > t.errorSpikePercent) expect.push(firing("warning", src.alertLabels, traffic.percent));
      return {
        name: `${src.alert}: ${traffic.percent} % errors ${verdict(expect)}`,
        alert: src.alert,
        evalMinutes,
        series: traffic.series,
        expect,
      };
    }),
  );
}

/** Histogram series with every request in the bucket (lo, hi]; p95 is then lo + 0.95 (hi - lo). */
function histogramIn(
  metric: string,
  labels: Record<string, string>,
  lo: string,
  hi: string,
  perMinute: number,
  minutes: number,
): InputSeries[] {
  return [
    { series: seriesName(metric, { ...labels, le: lo }), values: constant(0, minutes) },
    { series: seriesName(metric, { ...labels, le: hi }), values: counter(perMinute, minutes) },
    { series: seriesName(metric, { ...labels, le: "+Inf" }), values: counter(perMinute, minutes) },
  ];
}

function latencyCases(t: AlertThresholds, targets: RuleTargets): RuleTestCase[] {
  const evalMinutes = t.latencyForMinutes + 10;
  const l = sampleLabels(targets);
  const kong = {
    alert: "KongHighLatencyP95",
    metric: KONG.requestLatencyBucket,
    alertLabels: l.kongAlert,
    seriesLabels: l.kong,
  };
  const app = {
    alert: "ServiceHighLatencyP95",
    metric: APP.durationBucket,
    alertLabels: l.appAlert,
    seriesLabels: l.app,
  };
  const sources: (SourceSpec & { bounds: string[]; toMs: number })[] = [
    { ...kong, bounds: KONG_BOUNDS_MS.map(String), toMs: 1 },
    { ...app, bounds: APP_BOUNDS_S, toMs: 1000 },
  ];
  return sources.flatMap((src) => {
    const ms = src.bounds.map((b) => Number(b) * src.toMs);
    const above = ms.findIndex((b) => b >= t.latencyP95Ms); // bucket (ms[above], ms[above+1]] is all slower
    const below = ms.findIndex((b) => b > t.latencyP95Ms) - 1; // bucket (ms[below-1], ms[below]] is all faster
    if (above < 0 || above + 1 >= ms.length || below < 1)
      throw new Error(`latencyP95Ms ${t.latencyP95Ms} is outside the ${src.alert} buckets`);
    return [
      [below - 1, false],
      [above, true],
    ].map(([lo, fires]) => {
      const i = lo as number;
      const p95 = ms[i] + 0.95 * (ms[i + 1] - ms[i]);
      const expect = fires ? [firing("warning", src.alertLabels, p95)] : [];
      return {
        name: `${src.alert}: p95 ${p95} ms ${verdict(expect)}`,
        alert: src.alert,
        evalMinutes,
        series: histogramIn(src.metric, src.seriesLabels, src.bounds[i], src.bounds[i + 1], 100, evalMinutes + 5),
        expect,
      };
    });
  });
}

/** Every promtool test case for these thresholds and targets. */
export function buildRuleTests(t: AlertThresholds, targets: RuleTargets): RuleTestCase[] {
  if (targets.services.length === 0)
    throw new Error("rule tests: targets.services is empty; at least one service is needed");
  return [
    ...downCases(t, targets),
    ...certCases(t),
    ...errorRateCases(t, targets),
    ...latencyCases(t, targets),
    ...resourceCases(t, targets),
    ...burnRateCases(t, targets),
    ...telemetryCases(t, targets),
  ];
}
