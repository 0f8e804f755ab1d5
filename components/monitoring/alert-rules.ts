import * as yaml from "js-yaml";
import { AlertRule, RecordingRule, RuleTargets, SEVERITIES } from "./rule-types";
import { availabilityRules } from "./rules-availability";
import { resourceRules } from "./rules-resources";
import { sloAlertRules, sloRecordingRules } from "./rules-slo";
import { AlertThresholds, validateThresholds } from "./thresholds";
import { telemetryRules } from "./rules-telemetry";
import { trafficRules } from "./rules-traffic";

export type { AlertRule } from "./rule-types";

/**
 * The alert-rule table of the platform. Rows are built by one function per concern
 * (availability, traffic, slo, resources, telemetry) from thresholds the caller passes in; this module joins
 * them and renders them, for the Prometheus Operator (PrometheusRule `spec.groups`) and for
 * promtool (a rules file), from the same data.
 */

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Throws one error listing every bad target setting. */
export function validateTargets(targets: RuleTargets): RuleTargets {
  const problems: string[] = [];
  if (!/^https:\/\/[^\s/]+(\/\S*)?$/.test(targets.runbookBase)) {
    problems.push(`targets.runbookBase: expected an https:// URL, got ${JSON.stringify(targets.runbookBase)}`);
  }
  targets.services.forEach((s, i) => {
    if (!NAME.test(s.name))
      problems.push(`targets.services[${i}].name: expected a DNS-1123 label, got ${JSON.stringify(s.name)}`);
    if (!NAME.test(s.namespace)) {
      problems.push(`targets.services[${i}].namespace: expected a DNS-1123 label, got ${JSON.stringify(s.namespace)}`);
    }
  });
  const seen = new Set<string>();
  for (const s of targets.services) {
    const key = `${s.namespace}/${s.name}`;
    if (seen.has(key)) problems.push(`targets.services: ${key} is listed twice`);
    seen.add(key);
  }
  for (const key of ["kongJob", "edgeJob", "edgeNamespace"] as const) {
    if (!NAME.test(targets[key]))
      problems.push(`targets.${key}: expected a DNS-1123 label, got ${JSON.stringify(targets[key])}`);
  }
  for (const key of ["logShipper", "traceCollector"] as const) {
    for (const field of ["job", "namespace"] as const) {
      const v = targets[key]?.[field];
      if (v !== undefined && !NAME.test(v))
        problems.push(`targets.${key}.${field}: expected a DNS-1123 label, got ${JSON.stringify(v)}`);
    }
  }
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(targets.kongServiceLabel)) {
    problems.push(
      `targets.kongServiceLabel: expected a Prometheus label name, got ${JSON.stringify(targets.kongServiceLabel)}`,
    );
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return targets;
}

/** Every alerting rule for these thresholds and targets. */
export function buildAlertRules(thresholds: AlertThresholds, targets: RuleTargets): AlertRule[] {
  const ctx = { t: validateThresholds(thresholds), targets: validateTargets(targets) };
  return [
    ...availabilityRules(ctx),
    ...trafficRules(ctx),
    ...sloAlertRules(ctx),
    ...resourceRules(ctx),
    ...telemetryRules(ctx),
  ];
}

/** The recording rules the SLO burn-rate alerts read. */
export function buildRecordingRules(thresholds: AlertThresholds, targets: RuleTargets): RecordingRule[] {
  return sloRecordingRules({ t: validateThresholds(thresholds), targets: validateTargets(targets) });
}

/** A rule as Prometheus (and the PrometheusRule CRD) spells it. */
export interface RenderedRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RenderedGroup {
  name: string;
  rules: RenderedRule[];
}

interface RenderOptions {
  /** Recording rules; rendered first in their group so alerts read this evaluation's values. */
  recordingRules?: readonly RecordingRule[];
}

function renderAlert(rule: AlertRule): RenderedRule {
  if (!SEVERITIES.includes(rule.severity)) {
    throw new Error(
      `alert ${rule.alert}: severity must be one of ${SEVERITIES.join(", ")}, got ${JSON.stringify(rule.severity)}`,
    );
  }
  return {
    alert: rule.alert,
    expr: rule.expr,
    for: rule.for,
    labels: { ...rule.labels, severity: rule.severity },
    annotations: { summary: rule.summary, description: rule.description, runbook_url: rule.runbookUrl },
  };
}

/**
 * `spec.groups` of a monitoring.coreos.com/v1 PrometheusRule. Groups appear in the order the table
 * first names them; within a group, recording rules come before alerts (Prometheus evaluates a
 * group's rules in order, so the alerts read this evaluation's recorded values).
 */
export function renderRuleGroups(rules: readonly AlertRule[], opts: RenderOptions = {}): RenderedGroup[] {
  const recording = opts.recordingRules ?? [];
  const order = [...new Set([...rules.map((r) => r.group), ...recording.map((r) => r.group)])];
  return order.map((group) => ({
    name: `edgestack.${group}`,
    rules: [
      ...recording
        .filter((r) => r.group === group)
        .map((r): RenderedRule => ({ record: r.record, expr: r.expr, ...(r.labels ? { labels: r.labels } : {}) })),
      ...rules.filter((r) => r.group === group).map((r) => renderAlert(r)),
    ],
  }));
}

/** The same groups as a Prometheus rules file (YAML) for `promtool check rules` / `test rules`. */
export function renderRulesFile(rules: readonly AlertRule[], opts: RenderOptions = {}): string {
  const header = "# Generated by components/monitoring/alert-rules.ts. Do not edit by hand.\n";
  return (
    header + yaml.dump({ groups: renderRuleGroups(rules, opts) }, { lineWidth: -1, noRefs: true, sortKeys: false })
  );
}
