import { strict as assert } from "assert";
import * as yaml from "js-yaml";
import {
  buildAlertRules,
  buildRecordingRules,
  renderRuleGroups,
  renderRulesFile,
  validateTargets,
} from "../../components/monitoring/alert-rules";
import { leRegex } from "../../components/monitoring/metrics";
import { kebabCase, SEVERITIES } from "../../components/monitoring/rule-types";
import { buildRuleTests } from "./promtool/cases";
import { templateLabels, templateProblems } from "../../components/monitoring/template";
import { DEFAULT_ALERT_THRESHOLDS, resolveThresholds } from "../../components/monitoring/thresholds";
import { SAMPLE_INPUT } from "../../tools/test-rules";
import { balanced } from "./helpers";

const t = { ...DEFAULT_ALERT_THRESHOLDS };
const targets = SAMPLE_INPUT.targets;
const rules = buildAlertRules(t, targets);
const recording = buildRecordingRules(t, targets);

interface FileRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const parsed = yaml.load(renderRulesFile(rules, { recordingRules: recording })) as {
  groups: { name: string; rules: FileRule[] }[];
};
const fileRules = parsed.groups.flatMap((g) => g.rules);
const fileAlerts = fileRules.filter((r) => r.alert);

describe("monitoring: alert rule table ↔ rendered rules file", () => {
  it("renders every table row once, with its expression, for, severity and texts", () => {
    assert.equal(fileAlerts.length, rules.length);
    for (const r of rules) {
      const match = fileAlerts.filter(
        (f) => f.alert === r.alert && f.expr === r.expr && f.labels?.severity === r.severity,
      );
      assert.equal(match.length, 1, `${r.alert}/${r.severity} rendered ${match.length} times`);
      assert.equal(match[0].for, r.for);
      assert.equal(match[0].annotations?.summary, r.summary);
      assert.equal(match[0].annotations?.description, r.description);
    }
    assert.equal(fileRules.filter((f) => f.record).length, recording.length);
  });

  it("gives the PrometheusRule spec.groups the same content as the promtool file", () => {
    assert.deepEqual(renderRuleGroups(rules, { recordingRules: recording }), parsed.groups);
  });

  it("puts recording rules before the alerts of their group, so alerts read fresh values", () => {
    const slo = parsed.groups.find((g) => g.name === "edgestack.slo");
    assert.ok(slo);
    const firstAlert = slo.rules.findIndex((r) => r.alert);
    assert.ok(firstAlert > 0 && slo.rules.slice(firstAlert).every((r) => r.alert));
  });

  it("has a valid severity, summary, description and a runbook_url under the runbook base for every alert", () => {
    for (const f of fileAlerts) {
      assert.ok(SEVERITIES.includes(f.labels?.severity as never), `${f.alert}: severity ${f.labels?.severity}`);
      assert.ok((f.annotations?.summary ?? "").length > 10, `${f.alert}: summary`);
      assert.ok((f.annotations?.description ?? "").length > 20, `${f.alert}: description`);
      assert.equal(f.annotations?.runbook_url, `${targets.runbookBase}/${kebabCase(f.alert as string)}.md`);
    }
  });

  it("writes expressions with balanced brackets and closed strings", () => {
    for (const f of fileRules) assert.ok(balanced(f.expr), `${f.alert ?? f.record}: unbalanced: ${f.expr}`);
    assert.equal(balanced('sum(rate(x{a="b"}[5m])'), false, "the checker itself must catch a missing paren");
  });

  it("uses only the template subset the test generator can render, and no $labels where absent() leaves none", () => {
    for (const r of rules) {
      for (const text of [r.summary, r.description])
        assert.deepEqual(templateProblems(text), [], `${r.alert}: ${text}`);
      if (r.expr.startsWith("absent(")) {
        assert.deepEqual(
          [...templateLabels(r.summary), ...templateLabels(r.description)],
          [],
          `${r.alert} reads labels absent() does not give`,
        );
      }
    }
  });

  it("defines a recording rule for every window the burn-rate alerts read", () => {
    const recorded = new Set(recording.map((r) => r.record));
    const used = rules.flatMap((r) => r.expr.match(/[a-z_]+:[a-z_]+:ratio_rate\w+/g) ?? []);
    assert.ok(used.length >= 16, "burn-rate alerts read the recorded ratios");
    for (const name of used) assert.ok(recorded.has(name), `${name} is read but never recorded`);
  });

  it("covers the alerts the platform promises", () => {
    const have = new Set(rules.map((r) => `${r.alert}/${r.severity}`));
    for (const want of [
      "ServiceDown/critical",
      "EndpointDown/critical",
      "KongGatewayDown/critical",
      "NginxEdgeDown/critical",
      "TlsCertificateExpiring/warning",
      "KongHighErrorRate/critical",
      "KongHighErrorRate/warning",
      "ServiceHighErrorRate/critical",
      "ServiceHighErrorRate/warning",
      "KongHighLatencyP95/warning",
      "ServiceHighLatencyP95/warning",
      "KongErrorBudgetBurn/critical",
      "KongErrorBudgetBurn/warning",
      "ServiceLatencyBudgetBurn/critical",
      "ServiceLatencyBudgetBurn/warning",
      "ContainerCpuNearLimit/warning",
      "ContainerMemoryNearLimit/warning",
      "NodeCpuHigh/warning",
      "NodeMemoryHigh/warning",
      "NodeDiskHigh/warning",
      "PersistentVolumeNearFull/warning",
      "PodCrashLooping/warning",
      "HpaMaxedOut/warning",
    ])
      assert.ok(have.has(want), `missing ${want}`);
    assert.equal(
      rules.filter((r) => r.alert === "ServiceDown").length,
      targets.services.length,
      "one ServiceDown per service",
    );
  });

  it("takes thresholds from the caller: changing one changes the expressions", () => {
    const custom = buildAlertRules(
      resolveThresholds({ errorRatePercent: 7, resourcePercent: 80, certExpiryDays: 14 }),
      targets,
    );
    const crit = custom.find((r) => r.alert === "KongHighErrorRate" && r.severity === "critical");
    assert.match(crit?.expr ?? "", /\) > 7 and /);
    assert.match(custom.find((r) => r.alert === "NodeMemoryHigh")?.expr ?? "", /> 80$/);
    assert.match(custom.find((r) => r.alert === "TlsCertificateExpiring")?.expr ?? "", /< 14$/);
  });

  it("uses SRE-workbook burn factors against the 99.9 % budget", () => {
    const page = rules.find((r) => r.alert === "KongErrorBudgetBurn" && r.severity === "critical")?.expr ?? "";
    assert.match(page, /ratio_rate1h > 1\.44 and .*ratio_rate5m > 0\.0144\)/);
    assert.match(page, /ratio_rate6h > 0\.6 and .*ratio_rate30m > 0\.006\)/);
    const ticket = rules.find((r) => r.alert === "KongErrorBudgetBurn" && r.severity === "warning")?.expr ?? "";
    assert.match(ticket, /ratio_rate1d > 0\.3 and .*ratio_rate2h > 0\.003\)/);
    assert.match(ticket, /ratio_rate3d > 0\.1 and .*ratio_rate6h > 0\.001\)/);
  });
});

describe("monitoring: threshold and target validation", () => {
  it("names every bad key and what is allowed", () => {
    assert.throws(
      () => resolveThresholds({ errorSpikePercent: 8, sloLatencyMs: 400, availabilitySlo: 1.5 }),
      (e: Error) =>
        /thresholds\.errorSpikePercent: expected a percentage above 0 and below errorRatePercent, got 8/.test(
          e.message,
        ) &&
        /thresholds\.sloLatencyMs: expected one of the app histogram bucket bounds in ms \(.*500.*\), got 400/.test(
          e.message,
        ) &&
        /thresholds\.availabilitySlo: expected a ratio between 0\.9 and 1/.test(e.message),
    );
  });

  it("rejects bad targets with the key and value", () => {
    assert.throws(
      () =>
        validateTargets({
          ...targets,
          runbookBase: "http://x",
          services: [{ name: "Api_1", namespace: "apps" }],
          kongServiceLabel: "exported-service",
        }),
      (e: Error) =>
        e.message.includes('targets.runbookBase: expected an https:// URL, got "http://x"') &&
        e.message.includes('targets.services[0].name: expected a DNS-1123 label, got "Api_1"') &&
        e.message.includes("targets.kongServiceLabel"),
    );
  });

  it("turns alert names into runbook slugs", () => {
    assert.equal(kebabCase("KongHighLatencyP95"), "kong-high-latency-p95");
    assert.equal(kebabCase("TlsCertificateExpiring"), "tls-certificate-expiring");
    assert.equal(kebabCase("HpaMaxedOut"), "hpa-maxed-out");
  });

  it("matches histogram bounds in both Prometheus 2 and 3 spellings", () => {
    const asRegex = (bound: number) => new RegExp(`^(?:${leRegex(bound).replace(/\\\\/g, "\\")})$`);
    assert.ok(asRegex(0.5).test("0.5"));
    assert.ok(!asRegex(0.5).test("0.05") && !asRegex(0.5).test("0.55"));
    assert.ok(asRegex(1).test("1") && asRegex(1).test("1.0") && !asRegex(1).test("10"));
    assert.ok(asRegex(1000).test("1000") && asRegex(1000).test("1000.0"));
  });
});

describe("monitoring: promtool test table", () => {
  const cases = buildRuleTests(t, targets);
  for (const alert of [
    "ServiceDown",
    "EndpointDown",
    "TlsCertificateExpiring",
    "KongHighErrorRate",
    "ServiceHighErrorRate",
    "KongHighLatencyP95",
    "ServiceHighLatencyP95",
    "ContainerMemoryNearLimit",
    "ContainerCpuNearLimit",
    "PersistentVolumeNearFull",
    "KongErrorBudgetBurn",
    "ServiceLatencyBudgetBurn",
  ]) {
    it(`has a firing and a not-firing case for every severity of ${alert}`, () => {
      const mine = cases.filter((c) => c.alert === alert);
      const severities = new Set(mine.flatMap((c) => c.expect.map((e) => e.severity)));
      assert.ok(severities.size > 0, "no firing case");
      for (const sev of severities) {
        assert.ok(
          mine.some((c) => !c.expect.some((e) => e.severity === sev)),
          `no case where ${sev} does not fire`,
        );
      }
    });
  }

  it("tests right at the thresholds with the default values", () => {
    const names = cases.map((c) => c.name);
    for (const n of [
      "ServiceDown: apps/api down 4 min does not fire",
      "ServiceDown: apps/api down 6 min fires critical",
      "TlsCertificateExpiring: 29 days left fires warning",
      "TlsCertificateExpiring: 31 days left does not fire",
      "KongHighErrorRate: 4 % errors fires warning",
      "KongHighErrorRate: 6 % errors fires critical + warning",
      "KongHighErrorRate: 1 % errors does not fire",
      "KongHighErrorRate: 3 % errors fires warning",
    ]) {
      assert.ok(names.includes(n), `missing case "${n}" in ${JSON.stringify(names)}`);
    }
  });
});
