/**
 * Offline preview: `npm run preview:offline -- --stack dev|prod [--json] [--out FILE] [--set key=json]...`
 *
 * Runs index.ts under the mock runtime (no cloud, no CLI, no secrets), then prints the resource tree grouped
 * by component and every plugin's section (policy verdicts, monthly cost). Exit code 1 when the program fails
 * (e.g. invalid config) or a plugin reports a blocking result (a mandatory policy violation).
 */
import * as fs from "fs";
import type { RunResult } from "./harness";
import { renderComponentTable, renderTree, Report, summarize } from "./report";
import { PLUGINS } from "./preview-plugins";
import { assertIsoDay } from "../policies/lib/support-calendar";
import { buildGraphJson } from "./graph-json";
import { readStackConfig } from "./stack-files";

export interface PreviewArgs {
  stack: string;
  json: boolean;
  out?: string;
  overrides: Record<string, unknown>;
  tree: boolean;
  /** The day dated rules and prices are judged on (YYYY-MM-DD); main() defaults it to today. */
  asOf: string;
}

export function parseArgs(argv: string[], today: string): PreviewArgs {
  const args: PreviewArgs = { stack: "dev", json: false, overrides: {}, tree: true, asOf: today };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--stack" || a === "-s") args.stack = value();
    else if (a === "--json") args.json = true;
    else if (a === "--out") args.out = value();
    else if (a === "--no-tree") args.tree = false;
    else if (a === "--as-of") args.asOf = assertIsoDay(value(), "--as-of");
    else if (a === "--set") {
      // --set edgestack:database='{"mode":"serverless"}' : deep-merged into the stack file's value.
      const kv = value();
      const eq = kv.indexOf("=");
      if (eq < 1) throw new Error(`--set expects key=value, got ${JSON.stringify(kv)}`);
      const raw = kv.slice(eq + 1);
      let parsed: unknown = raw;
      try {
        parsed = JSON.parse(raw);
      } catch {
        /* plain string */
      }
      args.overrides[kv.slice(0, eq)] = parsed;
    } else if (a === "--help" || a === "-h") {
      console.log(
        "usage: npm run preview:offline -- --stack <stack> [--as-of YYYY-MM-DD] [--json] [--out FILE] [--no-tree] [--set key=value]...",
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${JSON.stringify(a)} (try --help)`);
  }
  return args;
}

export interface PreviewResult {
  report: Report;
  blocking: boolean;
  text: string[];
  run: RunResult;
}

/** Runs the program and every plugin; pure apart from the program run (no printing, no exit). */
export async function preview(
  args: Pick<PreviewArgs, "stack" | "overrides" | "tree" | "asOf">,
): Promise<PreviewResult> {
  // Loaded here, not at the top: main() answers an unknown stack before the Pulumi SDK loads (~1 s).
  const { runProgram } = require("./harness") as typeof import("./harness");
  const { stackConflicts } = require("./stack-claims") as typeof import("./stack-claims");
  const run = await runProgram({ stack: args.stack, config: args.overrides });
  const report = summarize(run);
  const text: string[] = [];
  if (run.error) {
    text.push(`error: the program failed for stack ${args.stack}:`, String(run.error.message));
    return { report: { ...report, sections: { error: run.error.message } }, blocking: true, text, run };
  }
  const conflicts = stackConflicts(args.stack, args.overrides);
  if (conflicts.length) {
    text.push(
      `error: stack ${args.stack} collides with another stack in this repository:`,
      ...conflicts.map((c) => `  ${c}`),
    );
    return { report: { ...report, sections: { error: conflicts.join("\n") } }, blocking: true, text, run };
  }
  text.push(
    `edgestack offline preview — stack ${run.stack}: ${report.resourceCount} resources (mock runtime, nothing was created)`,
    "",
  );
  const notices = run.logs;
  report.sections.diagnostics = notices;
  if (notices.length) text.push("diagnostics:", ...notices.map((l) => `  ${l.severity}: ${l.message}`), "");
  text.push(...renderComponentTable(report.components), "");
  if (args.tree) text.push(...renderTree(report.tree), "");
  let blocking = false;
  for (const plugin of PLUGINS) {
    const result = await plugin.run(run, report, { asOf: args.asOf, overrides: args.overrides });
    report.sections[plugin.name] = result.section;
    text.push(...result.text, "");
    blocking = blocking || result.blocking;
  }
  text.push("outputs:", ...Object.entries(run.outputs).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`));
  return { report, blocking, text, run };
}

async function main(): Promise<void> {
  let args: PreviewArgs;
  try {
    args = parseArgs(process.argv.slice(2), new Date().toISOString().slice(0, 10)); // the CLI boundary reads the clock once
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    process.exit(2);
  }
  // An unknown stack or a stack file that is not YAML throws here, before the SDK loads: one line, exit 1 (below).
  readStackConfig(args.stack);
  const result = await preview(args);
  // The graph (tools/graph-json.ts): what preview:diff compares and the PR comment is built from.
  const json = JSON.stringify(buildGraphJson(result.report, result.run.resources, result.blocking), null, 2);
  if (args.out) fs.writeFileSync(args.out, json + "\n");
  // Exit only once stdout is flushed: process.exit() right after a large write to a pipe truncates it (64 KiB).
  process.stdout.write((args.json ? json : result.text.join("\n")) + "\n", () => process.exit(result.blocking ? 1 : 0));
}

if (require.main === module) {
  // Bad input (an unknown stack, a stack file that is not YAML) is one line, never a stack trace.
  main().catch((e: Error) => {
    console.error(`error: ${e.message}`);
    process.exit(1);
  });
}
