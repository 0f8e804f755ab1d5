import { APP_LATENCY_BUCKETS_SECONDS } from "./metrics";

/**
 * Alert thresholds. The caller passes them in (config.ts owns the values per environment); the
 * defaults below are the platform's stated targets: 99.9 % availability, p95 < 500 ms.
 */
export interface AlertThresholds {
  /** Minutes a service/endpoint must be down before it pages. */
  serviceDownMinutes: number;
  /** TLS certificate warning when it expires in fewer days than this. */
  certExpiryDays: number;
  /** 5xx share (%) that pages (critical), sustained for errorRateForMinutes. */
  errorRatePercent: number;
  /** 5xx share (%) that warns: a short spike, sustained for errorSpikeForMinutes. */
  errorSpikePercent: number;
  errorRateForMinutes: number;
  errorSpikeForMinutes: number;
  /** Below this request rate (req/s) error ratios are noise and do not alert. */
  minRequestsPerSecond: number;
  /** p95 latency (ms) that warns, sustained for latencyForMinutes. */
  latencyP95Ms: number;
  latencyForMinutes: number;
  /** Availability SLO (good / all requests) for the burn-rate alerts. */
  availabilitySlo: number;
  /** Latency SLO: share `latencySloTarget` of requests faster than `sloLatencyMs` (p95 < 500 ms). */
  sloLatencyMs: number;
  latencySloTarget: number;
  /** CPU / memory / disk / PVC usage (%) that warns, sustained for resourceForMinutes. */
  resourcePercent: number;
  resourceForMinutes: number;
  /** Minutes of CrashLoopBackOff before the crash-loop alert fires. */
  crashLoopMinutes: number;
  /** Minutes an HPA may sit at max replicas before it warns. */
  hpaMaxedMinutes: number;
  /** Minutes logs must keep being dropped or retried, a node miss its shipper, or spans be refused, before alerting. */
  telemetryForMinutes: number;
  /** Share (%) of spans the collector fails to export that warns, sustained for telemetryForMinutes. */
  traceExportFailPercent: number;
}

export const DEFAULT_ALERT_THRESHOLDS: Readonly<AlertThresholds> = Object.freeze({
  serviceDownMinutes: 5,
  certExpiryDays: 30,
  errorRatePercent: 5,
  errorSpikePercent: 2,
  errorRateForMinutes: 5,
  errorSpikeForMinutes: 2,
  minRequestsPerSecond: 0.1,
  latencyP95Ms: 1000,
  latencyForMinutes: 10,
  availabilitySlo: 0.999,
  sloLatencyMs: 500,
  latencySloTarget: 0.95,
  resourcePercent: 90,
  resourceForMinutes: 15,
  crashLoopMinutes: 15,
  hpaMaxedMinutes: 15,
  telemetryForMinutes: 10,
  traceExportFailPercent: 5,
});

type Check = [key: keyof AlertThresholds, ok: (v: number, t: AlertThresholds) => boolean, expected: string];

const between = (lo: number, hi: number) => (v: number) => v > lo && v < hi;
const minutes = (v: number) => Number.isInteger(v) && v >= 1 && v <= 1440;

const CHECKS: readonly Check[] = [
  ["serviceDownMinutes", minutes, "a whole number of minutes between 1 and 1440"],
  ["certExpiryDays", (v) => Number.isInteger(v) && v >= 1 && v <= 365, "a whole number of days between 1 and 365"],
  ["errorRatePercent", between(0, 100), "a percentage between 0 and 100 (exclusive)"],
  ["errorSpikePercent", (v, t) => v > 0 && v < t.errorRatePercent, "a percentage above 0 and below errorRatePercent"],
  ["errorRateForMinutes", minutes, "a whole number of minutes between 1 and 1440"],
  ["errorSpikeForMinutes", minutes, "a whole number of minutes between 1 and 1440"],
  ["minRequestsPerSecond", (v) => v >= 0 && v < 1000, "a request rate >= 0 and below 1000"],
  ["latencyP95Ms", (v) => v >= 1 && v <= 60000, "milliseconds between 1 and 60000"],
  ["latencyForMinutes", minutes, "a whole number of minutes between 1 and 1440"],
  ["availabilitySlo", between(0.9, 1), "a ratio between 0.9 and 1 (exclusive), e.g. 0.999"],
  ["latencySloTarget", between(0.5, 1), "a ratio between 0.5 and 1 (exclusive), e.g. 0.95"],
  ["resourcePercent", between(0, 100), "a percentage between 0 and 100 (exclusive)"],
  ["resourceForMinutes", minutes, "a whole number of minutes between 1 and 1440"],
  ["crashLoopMinutes", minutes, "a whole number of minutes between 1 and 1440"],
  ["hpaMaxedMinutes", minutes, "a whole number of minutes between 1 and 1440"],
  ["telemetryForMinutes", minutes, "a whole number of minutes between 1 and 1440"],
  ["traceExportFailPercent", between(0, 100), "a percentage between 0 and 100 (exclusive)"],
];

/**
 * Validate thresholds; throws one error listing every bad key with what is allowed.
 * `sloLatencyMs` must be a bucket bound of the apps' histogram: a `le` selector on a bound that
 * does not exist matches nothing and the latency SLO would silently read as 100 % slow.
 */
export function validateThresholds(t: AlertThresholds): AlertThresholds {
  const problems: string[] = [];
  for (const [key, ok, expected] of CHECKS) {
    const v = t[key];
    if (typeof v !== "number" || !Number.isFinite(v) || !ok(v, t)) {
      problems.push(`thresholds.${key}: expected ${expected}, got ${JSON.stringify(v)}`);
    }
  }
  const boundsMs = APP_LATENCY_BUCKETS_SECONDS.map((s) => Math.round(s * 1000));
  if (!boundsMs.includes(t.sloLatencyMs)) {
    problems.push(
      `thresholds.sloLatencyMs: expected one of the app histogram bucket bounds in ms ` +
        `(${boundsMs.join(", ")}), got ${JSON.stringify(t.sloLatencyMs)}`,
    );
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return t;
}

/** Defaults overlaid with the caller's values, validated. */
export function resolveThresholds(overrides: Partial<AlertThresholds> = {}): AlertThresholds {
  return validateThresholds({ ...DEFAULT_ALERT_THRESHOLDS, ...overrides });
}
