import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { copyFileSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { resolveThresholds } from "../../components/monitoring/thresholds";
import { EXPECTED_ROUTES, main, runRuleChecks, SAMPLE_INPUT, writeRuleCheckFiles } from "../../tools/test-rules";
import { requireBinary } from "./helpers";
import { buildRuleTests } from "./promtool/cases";
import { groupsForAlerts } from "./promtool/format";
import { buildAlertRules, buildRecordingRules, renderRuleGroups } from "../../components/monitoring/alert-rules";

/** Runs the real promtool / amtool (Debian: prometheus, prometheus-alertmanager). */
describe("monitoring: promtool and amtool on the rendered configs", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "edgestack-rules-test-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("promtool checks the rules file and every generated unit test passes", async function () {
    requireBinary(this, "promtool", "prometheus");
    const runs = await runRuleChecks(SAMPLE_INPUT, { dir, only: "promtool" });
    assert.equal(runs.length, 3, "check + two test shards");
    for (const r of runs) assert.ok(r.ok, `${r.command}\n${r.output}`);
    // Every alert of the case table had its own tests file, and promtool passed each one.
    const alerts = new Set(buildRuleTests(SAMPLE_INPUT.thresholds, SAMPLE_INPUT.targets).map((c) => c.alert));
    const output = runs.map((r) => r.output).join("\n");
    for (const alert of alerts)
      assert.match(output, new RegExp(`Unit Testing: +\\S*/rules\\.${alert}\\.test\\.yaml\\n +SUCCESS`));
  });

  it("the generated tests follow non-default thresholds too", async function () {
    requireBinary(this, "promtool", "prometheus");
    const thresholds = resolveThresholds({
      serviceDownMinutes: 10,
      certExpiryDays: 14,
      errorRatePercent: 10,
      errorSpikePercent: 3,
      latencyP95Ms: 2000,
      resourcePercent: 80,
      availabilitySlo: 0.995,
      latencySloTarget: 0.99,
      sloLatencyMs: 1000,
    });
    // One case family per kind of threshold keeps this run short; the full table ran above.
    const alerts = [
      "ServiceDown",
      "TlsCertificateExpiring",
      "KongHighErrorRate",
      "ServiceHighLatencyP95",
      "ContainerMemoryNearLimit",
      "KongErrorBudgetBurn",
    ];
    const runs = await runRuleChecks({ ...SAMPLE_INPUT, thresholds }, { dir, only: "promtool", alerts });
    assert.equal(runs.length, 3);
    for (const r of runs) assert.ok(r.ok, `${r.command}\n${r.output}`);
  });

  it("the generated tests catch a rule whose threshold drifted from the table", function () {
    const promtool = requireBinary(this, "promtool", "prometheus");
    const [unit] = writeRuleCheckFiles(SAMPLE_INPUT, { dir, alerts: ["KongHighErrorRate"], shards: 1 }).unitTests;
    // Same tests (for 5 %), rules rendered with a 7 % page threshold: the 6 % case must fail.
    const drifted = { ...SAMPLE_INPUT, thresholds: resolveThresholds({ errorRatePercent: 7 }) };
    const driftedDir = mkdtempSync(join(dir, "drifted-"));
    copyFileSync(
      writeRuleCheckFiles(drifted, { dir: driftedDir, alerts: [unit.alert] }).unitTests[0].rulesFile,
      unit.rulesFile,
    );
    const r = spawnSync(promtool, ["test", "rules", unit.testsFile], { cwd: dir, encoding: "utf8" });
    assert.notEqual(r.status, 0, "promtool should fail");
    assert.match(r.stdout + r.stderr, /KongHighErrorRate: 6 % errors fires critical \+ warning/);
  });

  it("amtool accepts the Alertmanager config and routes each severity to its receiver", async function () {
    requireBinary(this, "amtool", "prometheus-alertmanager");
    const runs = await runRuleChecks(SAMPLE_INPUT, { dir, only: "amtool" });
    assert.equal(runs.length, 1 + EXPECTED_ROUTES.length);
    for (const r of runs) assert.ok(r.ok, `${r.command}\n${r.output}`);
  });
});

describe("monitoring: tools/test-rules without the tools installed", () => {
  it("fails, naming the Debian package to install, instead of passing silently", async () => {
    const path = process.env.PATH;
    const log = console.log;
    const printed: string[] = [];
    process.env.PATH = "";
    console.log = (...args: unknown[]) => printed.push(args.join(" "));
    try {
      const runs = await runRuleChecks(SAMPLE_INPUT);
      assert.deepEqual(
        runs.map((r) => [r.ok, r.output]),
        [
          [false, "promtool not found: apt-get install prometheus"],
          [false, "amtool not found: apt-get install prometheus-alertmanager"],
        ],
      );
      assert.equal(await main([]), 1);
    } finally {
      process.env.PATH = path;
      console.log = log;
    }
    assert.ok(printed.includes("test-rules: 0 passed, 2 failed"), printed.join("\n"));
  });
});

describe("monitoring: the rules file each alert's promtool tests run against", () => {
  const { thresholds, targets } = SAMPLE_INPUT;
  const groups = renderRuleGroups(buildAlertRules(thresholds, targets), {
    recordingRules: buildRecordingRules(thresholds, targets),
  });
  const names = (alerts: string[]) =>
    groupsForAlerts(groups, alerts).map((g) => [g.name, g.rules.map((r) => r.alert ?? r.record)]);

  it("holds every row of the alert and nothing else when it reads only scraped series", () => {
    assert.deepEqual(names(["ServiceDown"]), [["edgestack.availability", ["ServiceDown", "ServiceDown"]]]);
  });

  it("adds the recording rules the alert reads, before it in its group, and no others", () => {
    const kong = groups.flatMap((g) => g.rules).filter((r) => r.record?.startsWith("kong_service:"));
    assert.ok(kong.length > 0);
    assert.deepEqual(names(["KongErrorBudgetBurn"]), [
      ["edgestack.slo", [...kong.map((r) => r.record), "KongErrorBudgetBurn", "KongErrorBudgetBurn"]],
    ]);
  });

  it("keeps every alert when an expression reads ALERTS", () => {
    const meta = { name: "meta", rules: [{ alert: "Meta", expr: 'count(ALERTS{alertstate="firing"}) > 3' }] };
    const all = [...groups, meta].flatMap((g) => g.rules.filter((r) => r.alert)).length;
    const kept = groupsForAlerts([...groups, meta], ["Meta"]).flatMap((g) => g.rules.filter((r) => r.alert));
    assert.equal(kept.length, all);
  });
});
