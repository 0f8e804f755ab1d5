import { strict as assert } from "assert";
import { buildAlertRules, validateTargets } from "../../components/monitoring/alert-rules";
import { buildDashboards } from "../../components/monitoring/dashboards";
import { FLUENT_BIT, OTELCOL } from "../../components/monitoring/metrics";
import { ruleInputsFromConfig } from "../../components/monitoring/rule-inputs";
import { DEFAULT_ALERT_THRESHOLDS, resolveThresholds } from "../../components/monitoring/thresholds";
import { outputAlias } from "../../components/observability/logs";
import { parseConfig } from "../../config";
import { METRICS_JOBS, NAMESPACES } from "../../components/shared/names";
import { SAMPLE_INPUT, stackRuleInput } from "../../tools/test-rules";
import { buildRuleTests } from "./promtool/cases";

/**
 * The telemetry alerts (rules-telemetry.ts): present exactly for the observability parts that run, reading the
 * metric names the pinned Fluent Bit and collector expose, and each severity with a firing and a not-firing
 * promtool case (the cases themselves run in promtool.test.ts and `npm run test:rules`).
 */

const TELEMETRY = [
  "LogShippingFailing",
  "LogShipperMissing",
  "TraceExportFailing",
  "TraceSpansRefused",
  "TraceCollectorDown",
];
const TOPIC = { arn: "arn:aws:sns:us-east-1:123456789012:edgestack-prod-alerts", region: "us-east-1" };

function rulesFor(logs: boolean, traces: boolean) {
  const cfg = parseConfig(
    "edgestack",
    "prod",
    {
      environment: "prod",
      edge: JSON.stringify({ zone: "example.com" }),
      monitoring: JSON.stringify({ alertEmail: "ops@example.com" }),
      observability: JSON.stringify({ logs: { enabled: logs }, traces: { enabled: traces } }),
    },
    "us-east-1",
    {},
  );
  const inputs = ruleInputsFromConfig(cfg, TOPIC);
  return buildAlertRules(inputs.thresholds, inputs.targets).filter((r) => r.group === "telemetry");
}
const names = (rules: { alert: string }[]) => [...new Set(rules.map((r) => r.alert))].sort();

describe("monitoring: telemetry alerts (log shipping, trace export)", () => {
  it("renders the log alerts only with observability.logs.enabled, the trace alerts only with traces.enabled", () => {
    assert.deepEqual(names(rulesFor(false, false)), []);
    assert.deepEqual(names(rulesFor(true, false)), ["LogShipperMissing", "LogShippingFailing"]);
    assert.deepEqual(names(rulesFor(false, true)), ["TraceCollectorDown", "TraceExportFailing", "TraceSpansRefused"]);
    assert.deepEqual(names(rulesFor(true, true)), [...TELEMETRY].sort());
    for (const stack of ["dev", "prod"]) {
      const input = stackRuleInput(stack);
      assert.deepEqual(input.targets.logShipper, { job: METRICS_JOBS.fluentBit, namespace: NAMESPACES.observability });
      assert.deepEqual(input.targets.traceCollector, {
        job: METRICS_JOBS.otelCollector,
        namespace: NAMESPACES.observability,
      });
    }
  });

  it("pages (critical) only for lost logs and a cluster without any shipper; trace alerts warn", () => {
    const rules = rulesFor(true, true);
    const critical = rules.filter((r) => r.severity === "critical").map((r) => r.alert);
    assert.deepEqual(critical.sort(), ["LogShipperMissing", "LogShippingFailing"]);
    for (const r of rules.filter((x) => x.alert.startsWith("Trace"))) assert.equal(r.severity, "warning", r.alert);
    // Rule labels name the component, so Alertmanager's critical-over-warning inhibition pairs them.
    for (const r of rules) assert.deepEqual(Object.keys(r.labels ?? {}).sort(), ["namespace", "service"], r.alert);
  });

  it("reads Fluent Bit's output counters and the collector's un-suffixed metrics, scoped to their jobs", () => {
    const expr = (alert: string, severity: string) =>
      rulesFor(true, true).find((r) => r.alert === alert && r.severity === severity)!.expr;
    const fb = `job="fluent-bit", namespace="observability"`;
    const oc = `job="otel-collector", namespace="observability"`;
    assert.ok(expr("LogShippingFailing", "critical").includes(`${FLUENT_BIT.droppedRecords}{${fb}}`));
    assert.ok(expr("LogShippingFailing", "warning").includes(`${FLUENT_BIT.retries}{${fb}}`));
    assert.ok(expr("LogShipperMissing", "critical").startsWith(`absent(up{${fb}} == 1)`));
    assert.match(expr("LogShipperMissing", "warning"), /created_by_kind="DaemonSet", created_by_name="fluent-bit"/);
    assert.ok(expr("TraceExportFailing", "warning").includes(`${OTELCOL.sendFailedSpans}{${oc}}`));
    assert.ok(expr("TraceSpansRefused", "warning").includes(`${OTELCOL.refusedSpans}{${oc}}`));
    for (const name of Object.values(OTELCOL)) assert.ok(!name.endsWith("_total"), name);
  });

  it("follows the thresholds: telemetryForMinutes sets every `for` but the down alerts', traceExportFailPercent the share", () => {
    const t = resolveThresholds({ telemetryForMinutes: 20, traceExportFailPercent: 2.5 });
    const rules = buildAlertRules(t, SAMPLE_INPUT.targets).filter((r) => r.group === "telemetry");
    for (const r of rules) {
      const down = r.expr.startsWith("absent(");
      assert.equal(r.for, down ? `${t.serviceDownMinutes}m` : "20m", `${r.alert} ${r.severity}`);
    }
    assert.match(rules.find((r) => r.alert === "TraceExportFailing")!.expr, / > 2\.5$/);
    assert.throws(
      () => resolveThresholds({ traceExportFailPercent: 0 }),
      /thresholds\.traceExportFailPercent: expected a percentage between 0 and 100/,
    );
  });

  it("rejects a bad telemetry target with the key and value", () => {
    assert.throws(
      () => validateTargets({ ...SAMPLE_INPUT.targets, logShipper: { job: "Fluent_Bit", namespace: "observability" } }),
      /targets\.logShipper\.job: expected a DNS-1123 label, got "Fluent_Bit"/,
    );
  });

  it("has a firing and a not-firing promtool case for every severity, on the output names Fluent Bit reports", () => {
    const cases = buildRuleTests({ ...DEFAULT_ALERT_THRESHOLDS }, SAMPLE_INPUT.targets);
    for (const alert of TELEMETRY) {
      const mine = cases.filter((c) => c.alert === alert);
      const severities = new Set(mine.flatMap((c) => c.expect.map((e) => e.severity)));
      const rendered = new Set(
        buildAlertRules(DEFAULT_ALERT_THRESHOLDS, SAMPLE_INPUT.targets)
          .filter((r) => r.alert === alert)
          .map((r) => r.severity),
      );
      assert.deepEqual([...severities].sort(), [...rendered].sort(), `${alert}: a firing case per severity`);
      for (const sev of severities)
        assert.ok(
          mine.some((c) => !c.expect.some((e) => e.severity === sev)),
          `${alert}: no case where ${sev} does not fire`,
        );
    }
    const outputs = cases.flatMap((c) => c.expect.map((e) => e.labels.name)).filter(Boolean);
    assert.ok(outputs.length > 0 && outputs.every((n) => n === outputAlias("apps")), outputs.join(", "));
    const without = { ...SAMPLE_INPUT.targets, logShipper: undefined, traceCollector: undefined };
    assert.ok(!buildRuleTests({ ...DEFAULT_ALERT_THRESHOLDS }, without).some((c) => TELEMETRY.includes(c.alert)));
  });

  it("charts the series the alerts read on a telemetry dashboard, which exists only when a part runs", () => {
    const telemetry = (targets: typeof SAMPLE_INPUT.targets) =>
      buildDashboards(targets).find((d) => d.uid === "edgestack-telemetry");
    const model = JSON.parse(telemetry(SAMPLE_INPUT.targets)!.json) as {
      panels: { targets?: { expr?: string }[] }[];
    };
    const all = model.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? "")).join("\n");
    for (const metric of [...Object.values(FLUENT_BIT), ...Object.values(OTELCOL), "kube_node_info"])
      assert.ok(all.includes(metric), `missing ${metric}`);
    const logsOnly = telemetry({ ...SAMPLE_INPUT.targets, traceCollector: undefined })!.json;
    assert.ok(!logsOnly.includes("otelcol_") && logsOnly.includes("fluentbit_"));
    assert.equal(telemetry({ ...SAMPLE_INPUT.targets, logShipper: undefined, traceCollector: undefined }), undefined);
  });
});
