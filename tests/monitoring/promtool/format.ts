import * as yaml from "js-yaml";
import { RenderedGroup, RenderedRule } from "../../../components/monitoring/alert-rules";
import { RuleTargets, Severity } from "../../../components/monitoring/rule-types";
import { expandTemplate } from "../../../components/monitoring/template";

/**
 * promtool unit tests (`promtool test rules`, file format of Prometheus 2.42 as shipped by Debian 12:
 * rule_files, evaluation_interval, tests[].input_series / alert_rule_test[].exp_alerts) generated
 * from a typed table. Expected labels and annotations are computed from the rendered rules, so a
 * test checks the expression, the `for`, the labels AND the rendered texts.
 */

export interface InputSeries {
  /** `metric{label="value", ...}` */
  series: string;
  /** promtool expanding notation, e.g. `0+60x30`, `1x10 0x20`. */
  values: string;
}

export interface ExpectedAlert {
  severity: Severity;
  /** Labels of the alert's series (what the expression returns), without the rule's own labels. */
  labels: Record<string, string>;
  /** The sample value the annotations render (`$value`). */
  value: number;
  /** When several rows share alert name and severity (ServiceDown per service): the rule labels that pick one. */
  rule?: Record<string, string>;
}

export interface RuleTestCase {
  /** What is being shown, e.g. "KongHighErrorRate: 6 % errors fires critical and warning". */
  name: string;
  alert: string;
  /** Minutes from the start of the series to evaluate at. */
  evalMinutes: number;
  series: InputSeries[];
  /** Alerts firing at evalMinutes; empty means the alert must NOT fire. */
  expect: ExpectedAlert[];
}

/** Distance from a threshold for the above/below cases. */
export const margin = (threshold: number, cap: number) => Math.min(cap, threshold / 2);

export const counter = (perMinute: number, minutes: number) => `0+${perMinute}x${minutes}`;
export const constant = (value: number, minutes: number) => `${value}x${minutes}`;

export function firing(
  severity: Severity,
  labels: Record<string, string>,
  value: number,
  rule?: Record<string, string>,
): ExpectedAlert {
  return { severity, labels, value, ...(rule ? { rule } : {}) };
}

/** Series labels as a scrape gives them for the first service, from Kong's side and the app's. */
export function sampleLabels(targets: RuleTargets) {
  const svc = targets.services[0];
  const kongName = `${svc.namespace}.${svc.name}.80`;
  return {
    svc,
    kongAlert: { [targets.kongServiceLabel]: kongName },
    kong: { job: targets.kongJob, [targets.kongServiceLabel]: kongName, route: `${kongName}.0`, workspace: "default" },
    appAlert: { namespace: svc.namespace, service: svc.name },
    app: { job: svc.name, namespace: svc.namespace, service: svc.name, method: "GET", route: "/items" },
  };
}

/** "does not fire" or "fires critical + warning", for test names. */
export function verdict(expect: readonly ExpectedAlert[]): string {
  return expect.length === 0 ? "does not fire" : `fires ${expect.map((e) => e.severity).join(" + ")}`;
}

/** `metric{a="1", b="2"}` with label values escaped for the PromQL series notation. */
export function seriesName(metric: string, labels: Record<string, string>): string {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
    .join(", ");
  return `${metric}{${body}}`;
}

function findRule(groups: readonly RenderedGroup[], alert: string, exp: ExpectedAlert): RenderedRule {
  const found = groups
    .flatMap((g) => g.rules)
    .filter((r) => r.alert === alert && r.labels?.severity === exp.severity)
    .filter((r) => Object.entries(exp.rule ?? {}).every(([k, v]) => r.labels?.[k] === v));
  if (found.length !== 1) {
    throw new Error(
      `rule test for ${alert} (${exp.severity}${exp.rule ? ` ${JSON.stringify(exp.rule)}` : ""}): ` +
        `expected exactly one matching rule, found ${found.length}`,
    );
  }
  return found[0];
}

/** What promtool must see firing: the rule's labels over the series labels, texts rendered. */
function expectedAlert(groups: readonly RenderedGroup[], alert: string, exp: ExpectedAlert) {
  const rule = findRule(groups, alert, exp);
  const annotations = Object.fromEntries(
    Object.entries(rule.annotations ?? {}).map(([k, text]) => [k, expandTemplate(text, exp.labels, exp.value)]),
  );
  return { exp_labels: { ...exp.labels, ...rule.labels }, exp_annotations: annotations };
}

/** The promtool test file for these cases against the rendered groups in `rulesFile`. */
export function renderRuleTestFile(
  cases: readonly RuleTestCase[],
  groups: readonly RenderedGroup[],
  rulesFile: string,
): string {
  const names = new Set(groups.flatMap((g) => g.rules.map((r) => r.alert)).filter((a): a is string => a !== undefined));
  const tests = cases.map((c) => {
    if (!names.has(c.alert)) throw new Error(`rule test "${c.name}": no alert named ${c.alert} in the rendered rules`);
    return {
      name: c.name,
      interval: "1m",
      input_series: c.series.map((s) => ({ series: s.series, values: s.values })),
      alert_rule_test: [
        {
          eval_time: `${c.evalMinutes}m`,
          alertname: c.alert,
          exp_alerts: c.expect.map((e) => expectedAlert(groups, c.alert, e)),
        },
      ],
    };
  });
  const doc = { rule_files: [rulesFile], evaluation_interval: "1m", tests };
  return (
    "# Generated by tests/monitoring/promtool/format.ts. Do not edit by hand.\n" +
    yaml.dump(doc, { lineWidth: -1, noRefs: true })
  );
}

/** Every name-like token of an expression: the series and recording rules it reads (and some harmless extras). */
const NAME_TOKEN = /[a-zA-Z_:][a-zA-Z0-9_:]*/g;

/**
 * The rendered groups cut down to what the tests of `alerts` read: every row of those alerts and the recording
 * rules their expressions read (transitively; all alerts if one reads ALERTS), in their groups and order.
 * promtool evaluates every rule of its rules file at every step of every test group, and an alert_rule_test only
 * looks at its own alertname, so a test passes or fails against this file exactly as against the whole one, at a
 * fraction of the cost. The whole file is still what `promtool check rules` checks.
 */
export function groupsForAlerts(groups: readonly RenderedGroup[], alerts: readonly string[]): RenderedGroup[] {
  const all = groups.flatMap((g) => g.rules);
  const keep = new Set(all.filter((r) => r.alert !== undefined && alerts.includes(r.alert)));
  const queue = [...keep];
  for (let rule = queue.pop(); rule; rule = queue.pop()) {
    const read = new Set(rule.expr.match(NAME_TOKEN));
    const needs = (r: RenderedRule) =>
      r.record !== undefined ? read.has(r.record) : read.has("ALERTS") || read.has("ALERTS_FOR_STATE");
    for (const r of all.filter((r) => !keep.has(r) && needs(r))) {
      keep.add(r);
      queue.push(r);
    }
  }
  return groups.map((g) => ({ name: g.name, rules: g.rules.filter((r) => keep.has(r)) })).filter((g) => g.rules.length);
}

/** A promtool rules file of these groups (as renderRulesFile writes them). */
export function renderGroupsFile(groups: readonly RenderedGroup[], note: string): string {
  return (
    `# Generated by tests/monitoring/promtool/format.ts (${note}). Do not edit by hand.\n` +
    yaml.dump({ groups }, { lineWidth: -1, noRefs: true, sortKeys: false })
  );
}
