/**
 * The offline preview's PR comment, built from the diff of each stack's graph against the base branch's
 * (tools/graph-diff.ts, rendered by tools/diff-markdown.ts). Reads `<dir>/head-<stack>.json` and
 * `<dir>/base-<stack>.json` (written by `preview:offline --out`), writes:
 *   - the comment (stdout or --out), kept under GitHub's 65,536-character comment limit (details are cut first,
 *     with a note pointing at the artifact);
 *   - with --report-dir, the full report (`full-report.md`) and each stack's diff (`diff-<stack>.json`).
 *   npx tsx tools/pr-comment.ts --head out --base out --stacks dev,prod [--out out/comment.md] [--report-dir out]
 */
import * as fs from "fs";
import * as path from "path";
import { diffGraphs, GraphDiff } from "./graph-diff";
import type { GraphJson } from "./graph-json";
import { renderStackDiff, usd } from "./diff-markdown";

export { renderStackDiff, signedUsd, usd } from "./diff-markdown";

/** GitHub rejects issue and PR comment bodies longer than 65,536 characters (REST API: "body is too long"). */
export const GITHUB_COMMENT_LIMIT = 65536;
/** Room for the sticky-comment marker preview-comment.yml prepends (JS counts UTF-16 units, never fewer than GitHub). */
const SAFETY = 2000;

export interface StackInput {
  stack: string;
  head?: GraphJson;
  base?: GraphJson;
}

export const HEADER = [
  "## edgestack offline preview",
  "",
  "_Mock runtime: nothing was created. Same program, policy pack and price table as `pulumi preview`; replacements are judged from the provider schema's ForceNew properties of the stateful and foundational types (docs/previews.md)._",
  "",
];

/** A stack without a comparable base (first run, failed base preview, or a base written before the graph format). */
function renderHeadOnly(s: StackInput): string[] {
  const head = s.head!;
  const cost = (head.sections as { cost?: { totalUsd?: number } }).cost?.totalUsd;
  const mandatory = (head.sections as { policy?: { mandatoryViolations?: number } }).policy?.mandatoryViolations ?? 0;
  return [
    `### ${s.stack}`,
    "",
    `**${s.stack}** ${head.blocking ? "❌ blocked" : "✅"} — ${head.resourceCount} resources${cost !== undefined ? ` · cost ${usd(cost)}/month` : ""} · ${mandatory} mandatory violation(s)`,
    "",
    "_No base graph to compare with (the base branch's preview failed or predates the graph format): no diff._",
    "",
  ];
}

export function stackSection(
  s: StackInput,
  diff: GraphDiff | undefined,
  maxDetailChars: number,
  maxChanges = 25,
): string[] {
  if (!s.head) return [`### ${s.stack}`, "", "No preview was produced (see the job log).", ""];
  const error = (s.head.sections as { error?: string }).error;
  if (error) return [`### ${s.stack} ❌ blocked`, "", "The program failed:", "", "```", String(error), "```", ""];
  if (!diff) return renderHeadOnly(s);
  return renderStackDiff(diff, { maxDetailChars, maxChanges });
}

export function tryDiff(s: StackInput): GraphDiff | undefined {
  if (!s.head?.resources || !s.base?.resources || (s.head.sections as { error?: string }).error) return undefined;
  return diffGraphs(s.base, s.head);
}

/** The whole comment, under `limit` characters: each stack's changed-resources list shares what the rest leaves. */
export function renderComment(stacks: StackInput[], limit = GITHUB_COMMENT_LIMIT - SAFETY): string {
  const diffs = stacks.map(tryDiff);
  const full = [...HEADER, ...stacks.flatMap((s, i) => stackSection(s, diffs[i], Infinity))].join("\n");
  if (full.length <= limit) return full;
  const essentials = stacks.map((s, i) => stackSection(s, diffs[i], 0).join("\n").length);
  const note =
    "_The comment is shortened to fit GitHub's 65,536-character limit; the full report is in the `offline-preview` artifact (`full-report.md`)._";
  const spare = Math.max(
    0,
    limit - HEADER.join("\n").length - note.length - essentials.reduce((a, b) => a + b, 0) - 100 * stacks.length,
  );
  const per = Math.floor(spare / stacks.length);
  const text = [...HEADER, note, "", ...stacks.flatMap((s, i) => stackSection(s, diffs[i], per))].join("\n");
  // Essentials alone (warnings, cost and policy tables) could still be too long for an absurd change: hard cut.
  return text.length <= limit ? text : `${text.slice(0, limit - note.length - 10)}\n\n${note}`;
}

/** Everything, uncut: the artifact the comment points to. */
export function renderFullReport(stacks: StackInput[]): string {
  return [...HEADER, ...stacks.flatMap((s) => stackSection(s, tryDiff(s), Infinity, Infinity))].join("\n");
}

function load(file: string): GraphJson | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as GraphJson) : undefined;
}

function main(): void {
  const { values } = require("util").parseArgs({
    options: {
      head: { type: "string", default: "out" },
      base: { type: "string" },
      stacks: { type: "string", default: "dev,prod" },
      out: { type: "string" },
      "report-dir": { type: "string" },
    },
  }) as { values: { head: string; base?: string; stacks: string; out?: string; "report-dir"?: string } };
  const stacks: StackInput[] = values.stacks.split(",").map((stack) => ({
    stack,
    head: load(path.join(values.head, `head-${stack}.json`)),
    base: load(path.join(values.base ?? values.head, `base-${stack}.json`)),
  }));
  const comment = renderComment(stacks);
  if (values["report-dir"]) {
    const dir = values["report-dir"];
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "full-report.md"), renderFullReport(stacks) + "\n");
    for (const s of stacks) {
      const diff = tryDiff(s);
      if (diff) fs.writeFileSync(path.join(dir, `diff-${s.stack}.json`), JSON.stringify(diff, null, 2) + "\n");
    }
  }
  if (values.out) fs.writeFileSync(values.out, comment + "\n");
  else process.stdout.write(comment + "\n");
}

if (require.main === module) main();
