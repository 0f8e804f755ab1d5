/**
 * `npm run test:rules` (tsx tools/test-rules.ts [--out DIR]): renders the alert rules, the promtool
 * unit tests and the Alertmanager config exactly as the Monitoring component does, then runs
 *   promtool check rules, promtool test rules      (Debian package: prometheus)
 *   amtool check-config, amtool config routes test (Debian package: prometheus-alertmanager)
 * prints the tools' output and exits non-zero on any failure or missing tool.
 */
import { spawnSync } from "child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { delimiter, join } from "path";
import { buildAlertRules, buildRecordingRules, renderRuleGroups, renderRulesFile, RuleTargets } from "../components/monitoring/alert-rules";
import { AlertmanagerOptions, renderAlertmanagerConfig } from "../components/monitoring/alertmanager";
import { buildRuleTests } from "../components/monitoring/rule-test-cases";
import { renderRuleTestFile } from "../components/monitoring/rule-tests";
import { AlertThresholds, DEFAULT_ALERT_THRESHOLDS } from "../components/monitoring/thresholds";

export interface RuleCheckInput {
    thresholds: AlertThresholds;
    targets: RuleTargets;
    alertmanager: AlertmanagerOptions;
}

/**
 * Sample inputs used when no stack config is given: two services in one namespace and the job
 * names the charts produce with release names "kong" and "nginx-edge". The rules' logic does not
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
        edgeJob: "nginx-edge-nginx-ingress-prometheus",
        edgeNamespace: "ingress",
    },
    alertmanager: {
        secretName: "alertmanager-notifiers",
        email: { to: ["oncall@example.com"], from: "alerts@example.com", smarthost: "smtp.example.com:587", authUsername: "alerts" },
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
    rulesFile: string;
    testsFile: string;
    alertmanagerFile: string;
}

export function writeRuleCheckFiles(input: RuleCheckInput, dir: string = mkdtempSync(join(tmpdir(), "edgestack-rules-"))): RuleCheckFiles {
    const rules = buildAlertRules(input.thresholds, input.targets);
    const opts = { recordingRules: buildRecordingRules(input.thresholds, input.targets) };
    const files = {
        dir,
        rulesFile: join(dir, "rules.yaml"),
        testsFile: join(dir, "rules.test.yaml"),
        alertmanagerFile: join(dir, "alertmanager.yaml"),
    };
    writeFileSync(files.rulesFile, renderRulesFile(rules, opts));
    const cases = buildRuleTests(input.thresholds, input.targets);
    // rule_files are resolved relative to the test file, so the bare name is enough.
    writeFileSync(files.testsFile, renderRuleTestFile(cases, renderRuleGroups(rules, opts), "rules.yaml"));
    writeFileSync(files.alertmanagerFile, renderAlertmanagerConfig(input.alertmanager).yaml);
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

function run(bin: string, args: string[], cwd: string, expectStdout?: string): ToolRun {
    const r = spawnSync(bin, args, { cwd, encoding: "utf8", timeout: 60_000 });
    const output = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}`.trim();
    const ok = r.status === 0 && (expectStdout === undefined || r.stdout.trim() === expectStdout);
    const note = expectStdout !== undefined && !ok ? `\n(expected receiver "${expectStdout}")` : "";
    return { command: [bin, ...args].join(" "), ok, output: output + note };
}

export const REQUIRED_TOOLS = { promtool: "prometheus", amtool: "prometheus-alertmanager" } as const;

/**
 * Run every check; a missing tool is a failed run that names its Debian package. Files go to `dir`
 * when given (and stay there), else to a temporary directory removed afterwards.
 */
export function runRuleChecks(input: RuleCheckInput = SAMPLE_INPUT, dir?: string): ToolRun[] {
    const files = writeRuleCheckFiles(input, dir);
    try {
        return runTools(files);
    } finally {
        if (dir === undefined) rmSync(files.dir, { recursive: true, force: true });
    }
}

function runTools(files: RuleCheckFiles): ToolRun[] {
    const runs: ToolRun[] = [];
    const promtool = findBinary("promtool");
    const amtool = findBinary("amtool");
    for (const [tool, bin] of [["promtool", promtool], ["amtool", amtool]] as const) {
        if (!bin) runs.push({ command: tool, ok: false, output: `${tool} not found: apt-get install ${REQUIRED_TOOLS[tool]}` });
    }
    if (promtool) {
        runs.push(run(promtool, ["check", "rules", files.rulesFile], files.dir));
        runs.push(run(promtool, ["test", "rules", files.testsFile], files.dir));
    }
    if (amtool) {
        runs.push(run(amtool, ["check-config", files.alertmanagerFile], files.dir));
        for (const route of EXPECTED_ROUTES) {
            const labels = Object.entries(route.labels).map(([k, v]) => `${k}=${v}`);
            runs.push(run(amtool, ["config", "routes", "test", `--config.file=${files.alertmanagerFile}`, ...labels], files.dir, route.receiver));
        }
    }
    return runs;
}

function main(argv: string[]): number {
    const outIndex = argv.indexOf("--out");
    const dir = outIndex >= 0 ? argv[outIndex + 1] : undefined;
    if (outIndex >= 0 && !dir) {
        console.error("--out: expected a directory");
        return 2;
    }
    const runs = runRuleChecks(SAMPLE_INPUT, dir);
    for (const r of runs) {
        console.log(`${r.ok ? "PASS" : "FAIL"}  ${r.command}`);
        if (r.output) console.log(r.output.replace(/^/gm, "      "));
    }
    const failed = runs.filter((r) => !r.ok).length;
    console.log(`test-rules: ${runs.length - failed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
