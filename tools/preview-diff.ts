/**
 * `npm run preview:diff -- --base BASE.json --head HEAD.json [--json]`
 *
 * Compares two graphs written by `preview:offline --out` (or `--json`): resources added, removed, changed and
 * replaced (matched by URN), property paths old → new, replacement risk with its source, cost delta per resource
 * and in total, policy verdicts new and fixed. Prints markdown (the PR comment's section for that stack) or, with
 * --json, the diff itself (tools/graph-diff.ts GraphDiff). Exit code 0 either way: a diff is a report, not a gate.
 */
import * as fs from "fs";
import { diffGraphs } from "./graph-diff";
import type { GraphJson } from "./graph-json";
import { renderStackDiff } from "./pr-comment";

export function readGraph(file: string): GraphJson {
  if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as GraphJson;
}

function main(argv: string[]): void {
  const { values } = require("util").parseArgs({
    args: argv,
    options: {
      base: { type: "string" },
      head: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  }) as { values: { base?: string; head?: string; json: boolean; help?: boolean } };
  if (values.help || !values.base || !values.head) {
    console.error("usage: npm run preview:diff -- --base BASE.json --head HEAD.json [--json]");
    process.exit(values.help ? 0 : 2);
  }
  const diff = diffGraphs(readGraph(values.base), readGraph(values.head));
  const text = values.json ? JSON.stringify(diff, null, 2) : renderStackDiff(diff).join("\n");
  process.stdout.write(text + "\n", () => process.exit(0));
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    process.exit(2);
  }
}
