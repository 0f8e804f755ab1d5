import { APP, APP_LATENCY_BUCKETS_SECONDS, KONG, KUBE } from "../../../components/monitoring/metrics";
import {
  ExpectedAlert,
  InputSeries,
  RuleTestCase,
  constant,
  counter,
  firing,
  sampleLabels,
  seriesName,
  verdict,
} from "./format";
import { RuleTargets } from "../../../components/monitoring/rule-types";
import { AlertThresholds } from "../../../components/monitoring/thresholds";

/** promtool cases for saturation (> resourcePercent) and the SLO burn-rate alerts. */

const MEMORY_LIMIT = 512 * 1024 * 1024;
const PVC_CAPACITY = 10 * 1024 ** 3;

/** Usage levels just above and just below the resource threshold. */
function resourceLevels(t: AlertThresholds): number[] {
  const p = t.resourcePercent;
  return [p - Math.min(5, p / 2), p + Math.min(5, (100 - p) / 2)];
}

export function resourceCases(t: AlertThresholds, targets: RuleTargets): RuleTestCase[] {
  const evalMinutes = t.resourceForMinutes + 5;
  const span = evalMinutes + 5;
  const svc = targets.services[0];
  const container = { namespace: svc.namespace, pod: `${svc.name}-7d9f8-x2x4q`, container: svc.name };
  const cadvisor = { job: KUBE.kubeletJob, metrics_path: KUBE.cadvisorPath, ...container, image: "app:1" };
  const ksm = { job: KUBE.kubeStateMetricsJob, ...container, node: "ip-10-0-1-10" };
  const pvc = {
    job: KUBE.kubeletJob,
    metrics_path: KUBE.kubeletPath,
    namespace: "monitoring",
    persistentvolumeclaim: "prometheus-db-0",
    instance: "10.0.1.10:10250",
  };
  const says = (p: number) => (p > t.resourcePercent ? "fires" : "does not fire");
  const expectIf = (p: number, labels: Record<string, string>, value: number): ExpectedAlert[] =>
    p > t.resourcePercent ? [firing("warning", labels, value)] : [];

  return resourceLevels(t).flatMap((p): RuleTestCase[] => {
    const workingSet = Math.round((MEMORY_LIMIT * p) / 100);
    const cpuSecondsPerMinute = (60 * p) / 100; // against a limit of 1 core
    const available = Math.round(PVC_CAPACITY * (1 - p / 100));
    return [
      {
        name: `ContainerMemoryNearLimit: ${p} % of the limit ${says(p)}`,
        alert: "ContainerMemoryNearLimit",
        evalMinutes,
        series: [
          { series: seriesName("container_memory_working_set_bytes", cadvisor), values: constant(workingSet, span) },
          {
            series: seriesName("kube_pod_container_resource_limits", { ...ksm, resource: "memory", unit: "byte" }),
            values: constant(MEMORY_LIMIT, span),
          },
        ],
        expect: expectIf(p, container, (100 * workingSet) / MEMORY_LIMIT),
      },
      {
        name: `ContainerCpuNearLimit: ${p} % of the limit ${says(p)}`,
        alert: "ContainerCpuNearLimit",
        evalMinutes,
        series: [
          {
            series: seriesName("container_cpu_usage_seconds_total", cadvisor),
            values: counter(cpuSecondsPerMinute, span),
          },
          {
            series: seriesName("kube_pod_container_resource_limits", { ...ksm, resource: "cpu", unit: "core" }),
            values: constant(1, span),
          },
        ],
        expect: expectIf(p, container, p),
      },
      {
        name: `PersistentVolumeNearFull: ${p} % full ${says(p)}`,
        alert: "PersistentVolumeNearFull",
        evalMinutes,
        series: [
          { series: seriesName("kubelet_volume_stats_available_bytes", pvc), values: constant(available, span) },
          { series: seriesName("kubelet_volume_stats_capacity_bytes", pvc), values: constant(PVC_CAPACITY, span) },
        ],
        expect: expectIf(p, pvc, 100 * (1 - available / PVC_CAPACITY)),
      },
    ];
  });
}

/**
 * Three bad-request shares per SLO, all windows seeing the same share: a fast burn (above 14.4x and
 * 6x: critical and warning), a slow burn (4.5x, between 3x and 6x: warning only), and 0.5x (nothing).
 */
function burnLevels(budgetPct: number): number[] {
  return [Math.min(20 * budgetPct, (14.4 * budgetPct + 100) / 2), 4.5 * budgetPct, 0.5 * budgetPct];
}

function burnExpect(sharePct: number, budgetPct: number, labels: Record<string, string>): ExpectedAlert[] {
  const expect: ExpectedAlert[] = [];
  if (sharePct > 6 * budgetPct) expect.push(firing("critical", labels, sharePct));
  if (sharePct > budgetPct) expect.push(firing("warning", labels, sharePct));
  return expect;
}

const BURN_EVAL_MINUTES = 20; // past the warning tier's 15m `for` (the ratios exist from minute 1)
const BURN_SPAN = BURN_EVAL_MINUTES + 5;
const PER_MINUTE = 10000;

/** One SLO's three cases; `series(bad)` gives the input with `bad` of PER_MINUTE requests bad. */
function burnCases(
  alert: string,
  budgetPct: number,
  alertLabels: Record<string, string>,
  what: string,
  series: (bad: number) => InputSeries[],
): RuleTestCase[] {
  return burnLevels(budgetPct).map((p) => {
    const bad = Math.round((PER_MINUTE * p) / 100);
    const share = (100 * bad) / PER_MINUTE;
    const expect = burnExpect(share, budgetPct, alertLabels);
    return {
      name: `${alert}: ${share} % ${what} ${verdict(expect)}`,
      alert,
      evalMinutes: BURN_EVAL_MINUTES,
      series: series(bad),
      expect,
    };
  });
}

export function burnRateCases(t: AlertThresholds, targets: RuleTargets): RuleTestCase[] {
  const l = sampleLabels(targets);
  const kongLabels = { ...l.kong, source: "service", consumer: "" };
  const sloLe = APP_LATENCY_BUCKETS_SECONDS.find((s) => Math.round(s * 1000) === t.sloLatencyMs);
  if (sloLe === undefined) throw new Error(`thresholds.sloLatencyMs ${t.sloLatencyMs} is not an app histogram bucket`);
  // prometheus_client writes whole seconds as "1.0"; the rules match either form.
  const le = Number.isInteger(sloLe) ? sloLe.toFixed(1) : String(sloLe);
  return [
    ...burnCases("KongErrorBudgetBurn", 100 * (1 - t.availabilitySlo), l.kongAlert, "errors", (bad) => [
      {
        series: seriesName(KONG.requests, { ...kongLabels, code: "200" }),
        values: counter(PER_MINUTE - bad, BURN_SPAN),
      },
      { series: seriesName(KONG.requests, { ...kongLabels, code: "503" }), values: counter(bad, BURN_SPAN) },
    ]),
    ...burnCases(
      "ServiceLatencyBudgetBurn",
      100 * (1 - t.latencySloTarget),
      l.appAlert,
      `slower than ${t.sloLatencyMs} ms`,
      (slow) => [
        { series: seriesName(APP.durationBucket, { ...l.app, le }), values: counter(PER_MINUTE - slow, BURN_SPAN) },
        { series: seriesName(APP.durationCount, l.app), values: counter(PER_MINUTE, BURN_SPAN) },
      ],
    ),
  ];
}
