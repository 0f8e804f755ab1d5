import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { AlertRule, buildAlertRules } from "../../components/monitoring/alert-rules";
import {
  ALARM_RUNBOOKS,
  AlarmSpec,
  AlarmThresholds,
  MAX_ALARM_DESCRIPTION,
  auroraAlarms,
  cacheAlarms,
} from "../../components/monitoring/cloudwatch-alarms";
import { SEVERITIES, kebabCase } from "../../components/monitoring/rule-types";
import { stackRuleInput } from "../../tools/test-rules";
import { BACKUP_RUNBOOKS } from "../../components/data/backup-plan";
import { FINDINGS_RUNBOOK } from "../../components/workloads/image-scan";

/**
 * The runbooks under docs/runbooks are what an on-call engineer opens from an alert. These tests keep the links,
 * the pages and the index in step with the rule table and the CloudWatch alarm table, for both committed stacks.
 */

const DIR = path.resolve(__dirname, "../../docs/runbooks");
const INDEX = "README.md";
const SECTIONS = ["Meaning", "Impact", "Diagnosis", "Causes and fixes", "Escalation", "Silencing"];
const STACKS = ["dev", "prod"] as const;

const pages = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".md") && f !== INDEX)
  .sort();
const read = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");

function stackAlerts(stack: string): { base: string; rules: AlertRule[] } {
  const input = stackRuleInput(stack);
  return { base: input.targets.runbookBase, rules: buildAlertRules(input.thresholds, input.targets) };
}
const stacks = STACKS.map((stack) => ({ stack, ...stackAlerts(stack) }));
const prodRules = stacks.find((s) => s.stack === "prod")!.rules;
const allRules = stacks.flatMap((s) => s.rules);
const alertNames = [...new Set(allRules.map((r) => r.alert))];
/** Pages of the EventBridge alerts (restore results, image scan findings) and the restore procedure. */
const EVENT_ALERT_PAGES = [`${BACKUP_RUNBOOKS.restoreTestFailed}.md`, `${FINDINGS_RUNBOOK}.md`];
const PROCEDURE_PAGES = [`${BACKUP_RUNBOOKS.restore}.md`];

/**
 * Every alarm the table can produce: a reader (replica lag, READER role) and two cache nodes (replication lag).
 * Each threshold key gets a distinct value, so a spec's threshold tells which config key set it.
 */
const SENTINELS: AlarmThresholds = {
  cpuPercent: 91,
  freeableMemoryMiB: 257,
  databaseConnections: 701,
  auroraReplicaLagMs: 2001,
  cacheMemoryPercent: 86,
  cacheEvictions: 101,
  cacheReplicationLagSeconds: 11,
};
const MIB = 1024 * 1024;
function alarmSpecs(runbookBase?: string): AlarmSpec<string>[] {
  return [
    ...auroraAlarms({ clusterIdentifier: "edgestack-prod-database", readers: 1 }, SENTINELS, runbookBase),
    ...cacheAlarms(
      {
        replicationGroupId: "edgestack-prod-cache",
        memberClusters: ["edgestack-prod-cache-001", "edgestack-prod-cache-002"],
      },
      SENTINELS,
      runbookBase,
    ),
  ];
}
function thresholdKey(spec: AlarmSpec<string>): string {
  const keys = (Object.keys(SENTINELS) as (keyof AlarmThresholds)[]).filter(
    (k) => spec.threshold === SENTINELS[k] || spec.threshold === SENTINELS[k] * MIB,
  );
  assert.equal(keys.length, 1, `${spec.key}: threshold ${spec.threshold} matches ${keys.length} config keys`);
  return `monitoring.alarms.${keys[0]}`;
}
/** `cache-2-engine-cpu` → `cache-<n>-engine-cpu`: one page covers every node. */
const alarmKeyInPage = (key: string) => key.replace(/^cache-\d+-/, "cache-<n>-");

function headings(md: string): string[] {
  return [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1].trim());
}
/** Lines inside fenced code blocks. */
function codeLines(md: string): Set<string> {
  return new Set(
    [...md.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].flatMap((m) => m[1].split("\n").map((l) => l.trim())),
  );
}
/** Relative Markdown links (`[text](file.md)`), without anchors. */
function localLinks(md: string): string[] {
  return [...md.matchAll(/\]\(([^)#\s]+\.md)(#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
}

describe("runbooks: every alert links an existing page", () => {
  for (const { stack, base, rules } of stacks) {
    it(`${stack}: each alert's runbook_url is <monitoring.runbookBaseUrl>/<alert-kebab>.md and the file exists`, () => {
      assert.ok(rules.length > 15, `${stack}: expected the full rule table, got ${rules.length} rules`);
      for (const rule of rules) {
        assert.ok(rule.runbookUrl.startsWith(`${base}/`), `${rule.alert}: ${rule.runbookUrl} is not under ${base}`);
        const file = rule.runbookUrl.slice(base.length + 1);
        assert.equal(file, `${kebabCase(rule.alert)}.md`, `${rule.alert}: links ${file}`);
        assert.ok(pages.includes(file), `${rule.alert}: docs/runbooks/${file} does not exist`);
      }
    });
  }

  it("each CloudWatch alarm's description ends with its family's runbook link, within CloudWatch's length limit", () => {
    const base = stacks[0].base;
    for (const spec of alarmSpecs(base)) {
      assert.ok(spec.description.endsWith(` Runbook: ${base}/${spec.runbook}.md`), `${spec.key}: ${spec.description}`);
      assert.ok(spec.description.length <= MAX_ALARM_DESCRIPTION, `${spec.key}: ${spec.description.length} characters`);
      assert.ok(pages.includes(`${spec.runbook}.md`), `${spec.key}: docs/runbooks/${spec.runbook}.md does not exist`);
    }
    // A caller that does not pass the base still names the page.
    for (const spec of alarmSpecs())
      assert.ok(spec.description.endsWith(` Runbook: docs/runbooks/${spec.runbook}.md`), spec.key);
    assert.throws(
      () => alarmSpecs(`https://example.com/${"x".repeat(1000)}`),
      /description is \d+ characters, CloudWatch allows 1024/,
    );
  });

  it("has no orphan pages: every page belongs to an alert or a CloudWatch alarm family, and no page to both", () => {
    const alertPages = alertNames.map((a) => `${kebabCase(a)}.md`);
    const alarmPages = Object.values(ALARM_RUNBOOKS).map((slug) => `${slug}.md`);
    assert.deepEqual(
      alertPages.filter((p) => alarmPages.includes(p)),
      [],
    );
    assert.deepEqual(
      pages,
      [...new Set([...alertPages, ...alarmPages, ...EVENT_ALERT_PAGES, ...PROCEDURE_PAGES])].sort(),
    );
    const used = new Set(alarmSpecs().map((s) => s.runbook));
    assert.deepEqual(
      [...used].sort(),
      Object.values(ALARM_RUNBOOKS).sort(),
      "every family in ALARM_RUNBOOKS is used by an alarm",
    );
  });
});

describe("runbooks: page content", () => {
  for (const alert of alertNames) {
    const file = `${kebabCase(alert)}.md`;
    it(`${file}: names ${alert}, has every section, the config key of its threshold and the expressions prod renders`, () => {
      const md = read(file);
      assert.equal(md.split("\n")[0], `# ${alert}`);
      assert.deepEqual(headings(md), SECTIONS);
      assert.ok(
        /monitoring\.thresholds\.\w+|components\/monitoring\/thresholds\.ts/.test(md),
        `${file}: names no threshold setting`,
      );
      const code = codeLines(md);
      for (const rule of prodRules.filter((r) => r.alert === alert)) {
        assert.ok(
          code.has(rule.expr),
          `${file}: update the expression (${rule.severity}) in a code block to:\n${rule.expr}`,
        );
      }
    });
  }

  for (const slug of Object.values(ALARM_RUNBOOKS)) {
    const file = `${slug}.md`;
    it(`${file}: has every section and names each alarm it covers, its metric and the config key of its threshold`, () => {
      const md = read(file);
      assert.match(md.split("\n")[0], /^# .+ \(CloudWatch\)$/);
      assert.deepEqual(headings(md), SECTIONS);
      for (const spec of alarmSpecs().filter((s) => s.runbook === slug)) {
        for (const needle of [alarmKeyInPage(spec.key), spec.metricName, thresholdKey(spec)]) {
          assert.ok(md.includes(needle), `${file}: does not mention ${needle} (alarm ${spec.key})`);
        }
      }
    });
  }

  for (const file of EVENT_ALERT_PAGES) {
    it(`${file}: has every section`, () => {
      assert.deepEqual(headings(read(file)), SECTIONS);
    });
  }

  it("every page is concise (30-80 lines) and its relative links resolve", () => {
    for (const file of [...pages, INDEX]) {
      const md = read(file);
      const lines = md.trimEnd().split("\n").length;
      if (file !== INDEX) assert.ok(lines >= 30 && lines <= 80, `${file}: ${lines} lines`);
      for (const link of localLinks(md)) assert.ok(fs.existsSync(path.join(DIR, link)), `${file}: broken link ${link}`);
    }
  });
});

describe("runbooks: the index (docs/runbooks/README.md)", () => {
  const index = read(INDEX);
  const rows = index
    .split("\n")
    .filter((l) => l.startsWith("| "))
    .map((l) =>
      l
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    );

  it("lists every alert with its severities, group and page, as the rule table has them", () => {
    for (const alert of alertNames) {
      const rules = allRules.filter((r) => r.alert === alert);
      const severities = SEVERITIES.filter((s) => rules.some((r) => r.severity === s)).join(", ");
      const file = `${kebabCase(alert)}.md`;
      assert.deepEqual(
        rows.find((r) => r[0] === alert),
        [alert, severities, rules[0].group, `[${file}](${file})`],
      );
    }
  });

  it("lists every alarm family with its alarms, and links every page", () => {
    for (const slug of Object.values(ALARM_RUNBOOKS)) {
      const row = rows.find((r) => r[r.length - 1] === `[${slug}.md](${slug}.md)`);
      assert.ok(row, `no index row links ${slug}.md`);
      for (const spec of alarmSpecs().filter((s) => s.runbook === slug)) {
        assert.ok(row[0].includes(`\`${alarmKeyInPage(spec.key)}\``), `${slug}: row does not list ${spec.key}`);
        assert.ok(row[1].includes(spec.metricName), `${slug}: row does not name ${spec.metricName}`);
      }
    }
    assert.deepEqual([...new Set(localLinks(index))].sort(), pages);
  });
});
