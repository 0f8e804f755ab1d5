import { APP, leRegex, promNumber } from "./metrics";
import { AlertRule, RecordingRule, RuleContext, Severity, runbookUrl } from "./rule-types";
import { TrafficSource, appSource, kongSource, sumRate } from "./rules-traffic";

/**
 * Multi-window, multi-burn-rate SLO alerts (Google SRE workbook, "Alerting on SLOs", table 5-8):
 * page when 2 % of the 30-day budget burns in 1 h (14.4x, checked over 1h and 5m) or 5 % in 6 h
 * (6x, over 6h and 30m); ticket when 10 % burns in 1 day (3x, over 1d and 2h) or in 3 days
 * (1x, over 3d and 6h). The short window makes the alert stop soon after the burn stops.
 */
interface BurnWindow {
  long: string;
  short: string;
  factor: number;
  severity: Severity;
}

const BURN_WINDOWS: readonly BurnWindow[] = [
  { long: "1h", short: "5m", factor: 14.4, severity: "critical" },
  { long: "6h", short: "30m", factor: 6, severity: "critical" },
  { long: "1d", short: "2h", factor: 3, severity: "warning" },
  { long: "3d", short: "6h", factor: 1, severity: "warning" },
];

/** Every window a recording rule is needed for, shortest first. */
function burnWindowsUsed(windows: readonly BurnWindow[] = BURN_WINDOWS): string[] {
  const unit = { m: 60, h: 3600, d: 86400 } as const;
  const seconds = (d: string) => Number(d.slice(0, -1)) * unit[d.slice(-1) as keyof typeof unit];
  const all = new Set(windows.flatMap((w) => [w.long, w.short]));
  return [...all].sort((a, b) => seconds(a) - seconds(b));
}

/** One service level indicator: the "bad" share of requests, per service. */
interface Sli {
  /** Recording rule name prefix; the window is appended: `<prefix>:ratio_rate<window>`. */
  record: string;
  alert: string;
  badRatio: (window: string) => string;
  objective: number;
  what: string;
  /** What a bad request is, for the texts: "failed", "slower than 500 ms". */
  bad: string;
  nameTemplate: string;
}

function recordingRules(sli: Sli): RecordingRule[] {
  return burnWindowsUsed().map((w) => ({
    group: "slo",
    record: `${sli.record}:ratio_rate${w}`,
    expr: sli.badRatio(w),
  }));
}

function burnAlerts(ctx: RuleContext, sli: Sli): AlertRule[] {
  const budget = 1 - sli.objective;
  const objectivePct = promNumber(sli.objective * 100);
  const severities: Severity[] = ["critical", "warning"];
  return severities.map((severity) => {
    const pairs = BURN_WINDOWS.filter((w) => w.severity === severity);
    // The value is the long-window bad share in percent, so the text can show it as such.
    const expr = pairs
      .map((w) => {
        const limit = w.factor * budget;
        return (
          `(100 * ${sli.record}:ratio_rate${w.long} > ${promNumber(100 * limit)} ` +
          `and ${sli.record}:ratio_rate${w.short} > ${promNumber(limit)})`
        );
      })
      .join(" or ");
    const windows = pairs.map((w) => `${w.factor}x over ${w.long}/${w.short}`).join(" or ");
    return {
      group: "slo",
      alert: sli.alert,
      expr,
      for: severity === "critical" ? "2m" : "15m",
      severity,
      labels: { slo: `${objectivePct}%` },
      summary: `${sli.what} ${sli.nameTemplate} is burning its error budget ${severity === "critical" ? "fast" : "steadily"}.`,
      description:
        `{{ printf "%.3f" $value }}% of requests ${sli.bad} for ` +
        `${sli.nameTemplate} against an objective of ${objectivePct}% (burn ${windows}).`,
      runbookUrl: runbookUrl(ctx.targets.runbookBase, sli.alert),
    };
  });
}

/** Availability SLI: Kong 5xx share per Kong service (the gateway sees upstream failures too). */
function availabilitySli(ctx: RuleContext): Sli {
  const src: TrafficSource = kongSource(ctx);
  return {
    record: `kong_service:request_errors`,
    alert: "KongErrorBudgetBurn",
    badRatio: (w) =>
      `${sumRate(src.requests, `${src.selector}, ${src.errorMatcher}`, src.by, w)} / ` +
      sumRate(src.requests, src.selector, src.by, w),
    objective: ctx.t.availabilitySlo,
    what: "Availability of",
    bad: "failed with 5xx",
    nameTemplate: src.nameTemplate,
  };
}

/**
 * Latency SLI: share of app requests slower than sloLatencyMs. Measured in the apps because Kong's
 * latency histogram has no 500 ms bucket (its bounds jump 400 → 700 ms).
 */
function latencySli(ctx: RuleContext): Sli {
  const src = appSource(ctx);
  const le = leRegex(ctx.t.sloLatencyMs / 1000);
  return {
    record: `app_service:request_slow`,
    alert: "ServiceLatencyBudgetBurn",
    badRatio: (w) =>
      `1 - ${sumRate(APP.durationBucket, `${src.selector}, le=~"${le}"`, src.by, w)} / ` +
      sumRate(APP.durationCount, src.selector, src.by, w),
    objective: ctx.t.latencySloTarget,
    what: "Latency of",
    bad: `slower than ${ctx.t.sloLatencyMs} ms`,
    nameTemplate: src.nameTemplate,
  };
}

export function sloRecordingRules(ctx: RuleContext): RecordingRule[] {
  return [availabilitySli(ctx), latencySli(ctx)].flatMap(recordingRules);
}

export function sloAlertRules(ctx: RuleContext): AlertRule[] {
  return [availabilitySli(ctx), latencySli(ctx)].flatMap((sli) => burnAlerts(ctx, sli));
}
