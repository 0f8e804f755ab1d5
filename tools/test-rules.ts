/**
 * `npm run test:rules` (tsx tools/test-rules.ts [--stack prod|dev | --sample] [--out DIR]): renders the alert
 * rules, the promtool unit tests and the Alertmanager config exactly as the Monitoring component does for the
 * stack's configuration (Pulumi.<stack>.yaml over the environment defaults; prod unless told), then runs
 *   promtool check rules, promtool test rules      (Debian package: prometheus)
 *   amtool check-config, amtool config routes test (Debian package: prometheus-alertmanager)
 * prints the tools' output and exits non-zero on any failure or missing tool.
 */
import { spawn } from "child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { basename, delimiter, join } from "path";
import {
  buildAlertRules,
  buildRecordingRules,
  renderRuleGroups,
  renderRulesFile,
} from "../components/monitoring/alert-rules";
import { renderAlertmanagerYaml } from "../components/monitoring/alertmanager";
import { buildRuleTests } from "../tests/monitoring/promtool/cases";
import { groupsForAlerts, renderGroupsFile, renderRuleTestFile } from "../tests/monitoring/promtool/format";
import { MonitoringRuleInputs, ruleInputsFromConfig } from "../components/monitoring/rule-inputs";
import { DEFAULT_ALERT_THRESHOLDS } from "../components/monitoring/thresholds";
import { parseConfig, PlatformSecrets, SECRET_KEYS } from "../config";
import * as pulumi from "@pulumi/pulumi";
import { physicalNamePrefix } from "../components/shared/names";
import { readProjectName, readStackConfig } from "./stack-files";
import { MOCK_ACCOUNT } from "./mock-outputs";

export type RuleCheckInput = MonitoringRuleInputs;

/**
 * The rule inputs of a stack, from its stack file exactly as the program reads it (config.ts, then
 * ruleInputsFromConfig). Secret settings only count as present or absent: a stack file holds them encrypted.
 */
export function stackRuleInput(stack: string): RuleCheckInput {
  const project = readProjectName();
  const raw: Record<string, string> = {};
  const secrets: PlatformSecrets = {};
  let region = "us-east-1";
  for (const [key, value] of Object.entries(readStackConfig(stack))) {
    if (key === "aws:region") region = String(value);
    if (!key.startsWith(`${project}:`)) continue;
    const name = key.slice(project.length + 1);
    if ((SECRET_KEYS as readonly string[]).includes(name)) {
      // Encrypted in the file (`secure: ...`): only its presence shapes the rendered config.
      secrets[name as (typeof SECRET_KEYS)[number]] = pulumi.secret("[set in the stack file]");
    } else {
      raw[name] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  // The alert topic's ARN as the program builds it, in the mock runtime's account (AWS's documentation example):
  // amtool checks its form; the real account is only known at deploy.
  const topicArn = `arn:aws:sns:${region}:${MOCK_ACCOUNT}:${physicalNamePrefix(project, stack)}-alerts`;
  return ruleInputsFromConfig(parseConfig(project, stack, raw, region, secrets), { arn: topicArn, region });
}

/**
 * Sample inputs used when no stack config is given: two services in one namespace and the job
 * names the Kong chart (release "kong") and the NGINX edge's exporter Service produce. The rules' logic does not
 * depend on these names; a stack's own targets can be checked by calling runRuleChecks.
 */
export const SAMPLE_INPUT: RuleCheckInput = {
  thresholds: { ...DEFAULT_ALERT_THRESHOLDS },
  targets: {
    runbookBase: "https://runbooks.example.com/edgestack",
    services: [
      { name: "api", namespace: "apps" },
      { name: "web", namespace: "apps" },
    ],
    kongJob: "kong-kong-proxy",
    kongServiceLabel: "exported_service",
    edgeJob: "nginx-edge-metrics",
    edgeNamespace: "edge",
    logShipper: { job: "fluent-bit", namespace: "observability" },
    traceCollector: { job: "otel-collector", namespace: "observability" },
  },
  alertmanager: {
    secretName: "alertmanager-notifiers",
    email: { topicArn: `arn:aws:sns:us-east-1:${MOCK_ACCOUNT}:edgestack-prod-alerts`, region: "us-east-1" },
    slack: { channel: "#alerts" },
  },
};

/** Labels → receiver the route tree must produce (checked with `amtool config routes test`). */
export const EXPECTED_ROUTES: readonly { labels: Record<string, string>; receiver: string }[] = [
  { labels: { alertname: "KongHighErrorRate", severity: "critical", namespace: "apps" }, receiver: "critical" },
  { labels: { alertname: "KongHighErrorRate", severity: "warning", namespace: "apps" }, receiver: "warning" },
  { labels: { alertname: "Watchdog", severity: "none" }, receiver: "null" },
  { labels: { alertname: "InfoInhibitor", severity: "none" }, receiver: "null" },
  { labels: { alertname: "CPUThrottlingHigh", severity: "info" }, receiver: "null" },
  { labels: { alertname: "RuleWithoutSeverity" }, receiver: "warning" },
];

export interface RuleCheckFiles {
  dir: string;
  /** The whole rendered rules file (what `promtool check rules` checks and the cluster loads). */
  rulesFile: string;
  /** Per alert with cases: its promtool tests and a rules file of only the rules those tests read. */
  unitTests: { alert: string; testsFile: string; rulesFile: string }[];
  /** The tests files each parallel promtool process runs (promtool 2.42 runs files and groups serially). */
  shards: string[][];
  alertmanagerFile: string;
}

export interface RuleCheckOptions {
  /** Directory for the files (kept); default a temporary directory removed after the run. */
  dir?: string;
  /** Only these alerts' unit tests (default all). */
  alerts?: readonly string[];
  /** Parallel promtool test processes (default 2, the machine's cores). */
  shards?: number;
  /** Which tools to run (default both). */
  only?: "promtool" | "amtool";
}

export function writeRuleCheckFiles(input: RuleCheckInput, options: RuleCheckOptions = {}): RuleCheckFiles {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "edgestack-rules-"));
  const rules = buildAlertRules(input.thresholds, input.targets);
  const opts = { recordingRules: buildRecordingRules(input.thresholds, input.targets) };
  const groups = renderRuleGroups(rules, opts);
  const cases = buildRuleTests(input.thresholds, input.targets);
  const alerts = [...new Set(cases.map((c) => c.alert))].filter((a) => !options.alerts || options.alerts.includes(a));
  const untested = (options.alerts ?? []).filter((a) => !alerts.includes(a));
  if (untested.length > 0) throw new Error(`no promtool cases for ${untested.join(", ")}`);
  const shards = Math.max(1, Math.min(options.shards ?? 2, alerts.length));
  const files: RuleCheckFiles = {
    dir,
    rulesFile: join(dir, "rules.yaml"),
    unitTests: [],
    shards: Array.from({ length: shards }, () => []),
    alertmanagerFile: join(dir, "alertmanager.yaml"),
  };
  writeFileSync(files.rulesFile, renderRulesFile(rules, opts));
  const load = files.shards.map(() => 0);
  for (const alert of alerts) {
    const own = cases.filter((c) => c.alert === alert);
    const unit = {
      alert,
      testsFile: join(dir, `rules.${alert}.test.yaml`),
      rulesFile: join(dir, `rules.${alert}.yaml`),
    };
    writeFileSync(unit.rulesFile, renderGroupsFile(groupsForAlerts(groups, [alert]), `the rows ${alert}'s tests read`));
    // rule_files are resolved relative to the test file, so the bare name is enough.
    writeFileSync(unit.testsFile, renderRuleTestFile(own, groups, basename(unit.rulesFile)));
    files.unitTests.push(unit);
    // To the shard with the fewest cases so far.
    const i = load.indexOf(Math.min(...load));
    files.shards[i].push(unit.testsFile);
    load[i] += own.length;
  }
  writeFileSync(files.alertmanagerFile, renderAlertmanagerYaml(input.alertmanager));
  return files;
}

/** Absolute path of an executable on PATH, or undefined. */
export function findBinary(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export interface ToolRun {
  command: string;
  ok: boolean;
  output: string;
}

function run(bin: string, args: string[], cwd: string, expectStdout?: string): Promise<ToolRun> {
  return new Promise((resolve) => {
    // One Go scheduler thread per process: the shards and amtool's route checks already run side by side, one per
    // core, and each Go runtime sized for every core only adds scheduling and GC threads (the promtool test: 5.0 s of
    // CPU with the default, 4.3 s with 1, measured 2026-12-04 on 2 cores). An explicit GOMAXPROCS wins.
    const env = { ...process.env, GOMAXPROCS: process.env.GOMAXPROCS ?? "1" };
    const child = spawn(bin, args, { cwd, timeout: 60_000, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const finish = (status: number | null, error?: Error) => {
      const ok = status === 0 && (expectStdout === undefined || stdout.trim() === expectStdout);
      const note = expectStdout !== undefined && !ok ? `\n(expected receiver "${expectStdout}")` : "";
      resolve({
        command: [bin, ...args].join(" "),
        ok,
        output: `${stdout}${stderr}${error ? String(error) : ""}`.trim() + note,
      });
    };
    child.on("error", (e) => finish(null, e));
    child.on("close", (code) => finish(code));
  });
}

export const REQUIRED_TOOLS = { promtool: "prometheus", amtool: "prometheus-alertmanager" } as const;

/** Run the checks; a missing tool is a failed run that names its Debian package. */
export async function runRuleChecks(
  input: RuleCheckInput = SAMPLE_INPUT,
  options: RuleCheckOptions = {},
): Promise<ToolRun[]> {
  const files = writeRuleCheckFiles(input, options);
  try {
    const tools = options.only ? [options.only] : (["promtool", "amtool"] as const);
    const runs = await Promise.all(
      tools.map((tool) => (tool === "promtool" ? promtoolRuns(files) : amtoolRuns(files))),
    );
    return runs.flat();
  } finally {
    if (options.dir === undefined) rmSync(files.dir, { recursive: true, force: true });
  }
}

function missing(tool: keyof typeof REQUIRED_TOOLS): ToolRun {
  return { command: tool, ok: false, output: `${tool} not found: apt-get install ${REQUIRED_TOOLS[tool]}` };
}

async function promtoolRuns(files: RuleCheckFiles): Promise<ToolRun[]> {
  const promtool = findBinary("promtool");
  if (!promtool) return [missing("promtool")];
  const check = await run(promtool, ["check", "rules", files.rulesFile], files.dir);
  if (!check.ok) return [check];
  const tests = await Promise.all(files.shards.map((f) => run(promtool, ["test", "rules", ...f], files.dir)));
  return [check, ...tests];
}

async function amtoolRuns(files: RuleCheckFiles): Promise<ToolRun[]> {
  const amtool = findBinary("amtool");
  if (!amtool) return [missing("amtool")];
  const check = await run(amtool, ["check-config", files.alertmanagerFile], files.dir);
  if (!check.ok) return [check];
  const routes = await Promise.all(
    EXPECTED_ROUTES.map((route) => {
      const labels = Object.entries(route.labels).map(([k, v]) => `${k}=${v}`);
      return run(
        amtool,
        ["config", "routes", "test", `--config.file=${files.alertmanagerFile}`, ...labels],
        files.dir,
        route.receiver,
      );
    }),
  );
  return [check, ...routes];
}

/** The CLI: prints each run and a closing "N passed, M failed" line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const option = (flag: string): string | undefined | null => {
    const i = argv.indexOf(flag);
    return i < 0 ? undefined : (argv[i + 1] ?? null);
  };
  const dir = option("--out");
  const stack = option("--stack");
  if (dir === null || stack === null) {
    console.error(`${dir === null ? "--out: expected a directory" : "--stack: expected a stack name such as prod"}`);
    return 2;
  }
  const input = argv.includes("--sample") ? SAMPLE_INPUT : stackRuleInput(stack ?? "prod");
  console.log(
    `test-rules: ${argv.includes("--sample") ? "sample targets" : `stack ${stack ?? "prod"}`} ` +
      `(${input.targets.services.length} services, errors page at ${input.thresholds.errorRatePercent} %)`,
  );
  const runs = await runRuleChecks(input, { dir });
  for (const r of runs) {
    console.log(`${r.ok ? "PASS" : "FAIL"}  ${r.command}`);
    if (r.output) console.log(r.output.replace(/^/gm, "      "));
  }
  const failed = runs.filter((r) => !r.ok).length;
  console.log(`test-rules: ${runs.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
