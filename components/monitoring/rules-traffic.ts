import { APP, KONG, promNumber, promRegexAny } from "./metrics";
import { AlertRule, RuleContext, appNamespaces, minutesDuration, runbookUrl } from "./rule-types";

/** Where a request metric comes from and how to read its status and latency. */
export interface TrafficSource {
  /** Alert name prefix: "Kong" or "Service". */
  prefix: string;
  /** Human name used in texts. */
  what: string;
  requests: string;
  /** Label selector (without braces) restricting to our series. */
  selector: string;
  /** Matcher for server errors, e.g. `code=~"5.."`. */
  errorMatcher: string;
  /** Labels to aggregate by: one alert per service. */
  by: string[];
  /** `{{ $labels.x }}` text naming the service in alert texts. */
  nameTemplate: string;
  bucket: string;
  /** Multiply the histogram quantile by this to get milliseconds. */
  toMs: number;
}

/** Kong's view: every API request, including the ones Kong itself failed (no upstream, timeouts). */
export function kongSource(ctx: RuleContext): TrafficSource {
  const svc = ctx.targets.kongServiceLabel;
  return {
    prefix: "Kong",
    what: "Kong service",
    requests: KONG.requests,
    selector: `job="${ctx.targets.kongJob}", ${svc}!=""`,
    errorMatcher: `code=~"5.."`,
    by: [svc],
    nameTemplate: `{{ $labels.${svc} }}`,
    bucket: KONG.requestLatencyBucket,
    toMs: 1,
  };
}

/** The apps' own view (prometheus_client metrics), per Kubernetes Service. */
export function appSource(ctx: RuleContext): TrafficSource {
  const jobs = promRegexAny(ctx.targets.services.map((s) => s.name));
  const namespaces = promRegexAny(appNamespaces(ctx.targets));
  return {
    prefix: "Service",
    what: "Service",
    requests: APP.requests,
    selector: `namespace=~"${namespaces}", job=~"${jobs}"`,
    errorMatcher: `status=~"5.."`,
    by: ["namespace", "service"],
    nameTemplate: "{{ $labels.namespace }}/{{ $labels.service }}",
    bucket: APP.durationBucket,
    toMs: 1000,
  };
}

/** `sum by (...) (rate(metric{selector}[window]))` */
export function sumRate(metric: string, selector: string, by: readonly string[], window: string): string {
  return `sum by (${by.join(", ")}) (rate(${metric}{${selector}}[${window}]))`;
}

/** 5xx share in percent, only where traffic is above the noise floor. */
function errorPercentAbove(src: TrafficSource, percent: number, minRps: number): string {
  const errors = sumRate(src.requests, `${src.selector}, ${src.errorMatcher}`, src.by, "5m");
  const all = sumRate(src.requests, src.selector, src.by, "5m");
  return `100 * ${errors} / ${all} > ${promNumber(percent)} and ${all} > ${promNumber(minRps)}`;
}

function errorRules(ctx: RuleContext, src: TrafficSource): AlertRule[] {
  const { t } = ctx;
  const alert = `${src.prefix}HighErrorRate`;
  const common = {
    group: "traffic",
    alert,
    summary: `${src.what} ${src.nameTemplate} is returning 5xx errors.`,
    runbookUrl: runbookUrl(ctx.targets.runbookBase, alert),
  };
  // One alert name, two tiers: Alertmanager's "critical inhibits warning with the same alertname"
  // then silences the spike warning while the sustained-rate page is firing.
  return [
    {
      ...common,
      expr: errorPercentAbove(src, t.errorRatePercent, t.minRequestsPerSecond),
      for: minutesDuration(t.errorRateForMinutes),
      severity: "critical",
      description:
        `{{ printf "%.2f" $value }}% of requests to ${src.nameTemplate} failed with 5xx over 5 minutes ` +
        `(threshold ${t.errorRatePercent}%, sustained ${t.errorRateForMinutes}m).`,
    },
    {
      ...common,
      expr: errorPercentAbove(src, t.errorSpikePercent, t.minRequestsPerSecond),
      for: minutesDuration(t.errorSpikeForMinutes),
      severity: "warning",
      description:
        `Error spike: {{ printf "%.2f" $value }}% of requests to ${src.nameTemplate} failed with 5xx ` +
        `over 5 minutes (threshold ${t.errorSpikePercent}%).`,
    },
  ];
}

function latencyRule(ctx: RuleContext, src: TrafficSource): AlertRule {
  const { t } = ctx;
  const alert = `${src.prefix}HighLatencyP95`;
  const quantile = `histogram_quantile(0.95, ${sumRate(src.bucket, src.selector, [...src.by, "le"], "5m")})`;
  const inMs = src.toMs === 1 ? quantile : `${src.toMs} * ${quantile}`;
  return {
    group: "traffic",
    alert,
    expr: `${inMs} > ${promNumber(t.latencyP95Ms)}`,
    for: minutesDuration(t.latencyForMinutes),
    severity: "warning",
    summary: `${src.what} ${src.nameTemplate} is slow (p95).`,
    description:
      `p95 latency of ${src.nameTemplate} is {{ printf "%.0f" $value }} ms over 5 minutes ` +
      `(threshold ${t.latencyP95Ms} ms).`,
    runbookUrl: runbookUrl(ctx.targets.runbookBase, alert),
  };
}

/** Error rate, error spike and p95 latency, from Kong and from the apps. */
export function trafficRules(ctx: RuleContext): AlertRule[] {
  return [kongSource(ctx), appSource(ctx)].flatMap((src) => [...errorRules(ctx, src), latencyRule(ctx, src)]);
}
