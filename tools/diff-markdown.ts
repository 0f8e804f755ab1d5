/**
 * Markdown for one stack's diff (tools/graph-diff.ts): a one-line summary, replacement and deletion warnings first
 * (stateful and foundational resources in bold, with what `protect` does), the components that change, every
 * changed resource with its property paths (inside <details> when long), the cost delta table and the policy
 * changes. Used by `preview:diff` and, per stack, by the PR comment (tools/pr-comment.ts).
 */
import type { GraphDiff, ResourceDiff } from "./graph-diff";
import type { PropertyChange } from "./value-diff";

/** US dollars with thousands separators and cents: $1,033.46. */
export const usd = (n: number) =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
/** +$1.20 / −$3.00 / ±$0.00 (a real minus sign, so a negative delta is not mistaken for a list item). */
export const signedUsd = (n: number) => (Math.abs(n) < 0.005 ? "±$0.00" : n > 0 ? `+${usd(n)}` : `−${usd(-n)}`);

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const SYMBOL: Record<ResourceDiff["op"], string> = { create: "+", delete: "-", update: "~", replace: "+-" };

/** A value as a reviewer reads it: short JSON, multi-line text summarised by its line count. */
export function showValue(v: unknown, max = 80): string {
  if (v === undefined) return "(unset)";
  if (typeof v === "string" && v.includes("\n")) return `text (${v.split("\n").length} lines)`;
  const s = JSON.stringify(v);
  // Cut in the middle: ARNs, URLs and names differ at the end as often as at the start.
  const keep = Math.floor((max - 1) / 2);
  return code(s.length > max ? `${s.slice(0, keep)}…${s.slice(s.length - keep)}` : s);
}

function textDelta(a: string, b: string): string {
  const [la, lb] = [a.split("\n"), b.split("\n")];
  const [sa, sb] = [new Set(la), new Set(lb)];
  const removed = la.filter((l) => !sb.has(l));
  const added = lb.filter((l) => !sa.has(l));
  const first = added[0] ?? removed[0];
  return `text: +${added.length} −${removed.length} lines${first !== undefined ? `, e.g. ${added.length ? "+" : "−"}${showValue(first.trim(), 70)}` : ""}`;
}

/** Two long one-line strings: only the part that differs, with a little context. */
function stringDelta(a: string, b: string): string {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const from = Math.max(0, start - 12);
  const cut = (s: string) => `${from > 0 ? "…" : ""}${s.slice(from, s.length - end)}${end > 0 ? "…" : ""}`;
  return `${showValue(cut(a))} → ${showValue(cut(b))}`;
}

/** Lists of plain values (CIDRs, ARNs, subnet ids): which items came and went. */
function listDelta(a: unknown[], b: unknown[]): string {
  const [sa, sb] = [new Set(a.map((x) => JSON.stringify(x))), new Set(b.map((x) => JSON.stringify(x)))];
  const added = [...sb].filter((x) => !sa.has(x));
  const removed = [...sa].filter((x) => !sb.has(x));
  if (!added.length && !removed.length) return "same items, new order";
  return [
    ...added.map((x) => `+${showValue(JSON.parse(x))}`),
    ...removed.map((x) => `−${showValue(JSON.parse(x))}`),
  ].join(" ");
}

export function describeChange(c: PropertyChange): string {
  let what: string;
  if (c.secret) what = c.kind === "changed" ? "secret changed (value not shown)" : `secret ${c.kind}`;
  else if (c.kind === "added") what = `(unset) → ${showValue(c.new)}`;
  else if (c.kind === "removed") what = `${showValue(c.old)} → (unset)`;
  else if (typeof c.old === "string" && typeof c.new === "string" && (c.old.includes("\n") || c.new.includes("\n")))
    what = textDelta(c.old, c.new);
  else if (typeof c.old === "string" && typeof c.new === "string" && Math.max(c.old.length, c.new.length) > 60)
    what = stringDelta(c.old, c.new);
  else if (Array.isArray(c.old) && Array.isArray(c.new)) what = listDelta(c.old, c.new);
  else what = `${showValue(c.old)} → ${showValue(c.new)}`;
  const replace = c.forcesReplacement
    ? ` — **forces replacement** ([source](${c.forcesReplacement.source.split(" ")[0]})${c.forcesReplacement.note ? `, ${c.forcesReplacement.note}` : ""})`
    : "";
  return `${code(c.path || "(inputs)")}: ${what}${replace}`;
}

const atRisk = (d: ResourceDiff) => d.stateful || d.foundational;

function protectNote(d: ResourceDiff): string {
  if (d.op === "delete")
    return d.protect
      ? "protected: the engine refuses the delete (the update fails)"
      : "**not protected: deleted by `pulumi up`**";
  const dependents = d.dependents ? ` ${d.dependents} resource(s) depend on it and follow it.` : "";
  return (
    (d.protectBlocks
      ? "protected: the engine refuses the replacement, the update fails (pulumi#8873); unprotect first if intended"
      : `**not protected: \`pulumi up\` deletes it and creates a new one**${d.protect ? " (protect is only set in head: not enough)" : ""}`) +
    dependents
  );
}

/** Replacements (any type) and deletions of stateful resources: what a reviewer must see first. */
export function renderWarnings(diff: GraphDiff): string[] {
  const rows = diff.resources.filter((d) => d.op === "replace" || (d.op === "delete" && d.stateful));
  if (!rows.length) return [];
  const lines = [
    "#### ⚠️ Replacements and deletions",
    "",
    "| | resource | component | why | protect |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const d of rows) {
    const bold = (s: string) => (atRisk(d) ? `**${s}**` : s);
    const why =
      d.op === "delete"
        ? "removed from the program"
        : d.changes
            .filter((c) => c.forcesReplacement)
            .map(describeChange)
            .join("<br>");
    lines.push(
      `| ${bold(d.op)} | ${bold(`${d.name}`)} ${code(d.type)}${d.stateful ? " (stateful)" : d.foundational ? " (foundational)" : ""} | ${cell(d.component.name)} | ${cell(why)} | ${cell(protectNote(d))} |`,
    );
  }
  return [...lines, ""];
}

export function summaryLine(diff: GraphDiff): string {
  const s = diff.summary;
  const risk = s.statefulAtRisk ? ` (⚠️ ${s.statefulAtRisk} stateful)` : "";
  const cost = `cost ${signedUsd(s.costDeltaUsd)}/month (${usd(diff.cost.baseTotalUsd)} → ${usd(diff.cost.headTotalUsd)}${diff.cost.budgetUsd !== undefined ? `, budget ${usd(diff.cost.budgetUsd)}` : ""})`;
  const status = diff.blocking.head ? "❌ blocked" : "✅";
  return `**${diff.stack}** ${status} — ${s.replace} to replace${risk}, ${s.delete} to delete, ${s.create} to create, ${s.update} to update · ${cost} · policy: ${s.newViolations} new, ${s.fixedViolations} fixed`;
}

function renderComponents(diff: GraphDiff): string[] {
  if (!diff.components.length) return [];
  const lines = [
    "| component | create | update | replace | delete | monthly cost | Δ/month |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const c of diff.components) {
    lines.push(
      `| ${cell(c.label)} | ${c.create} | ${c.update} | ${c.replace} | ${c.delete} | ${usd(c.headUsd)} | ${signedUsd(c.headUsd - c.baseUsd)} |`,
    );
  }
  return [...lines, ""];
}

/** One list item per resource; at most `maxChanges` property lines each (the full report has them all). */
export function renderResource(d: ResourceDiff, maxChanges = Infinity): string[] {
  const cost = Math.abs(d.cost.deltaUsd) >= 0.005 ? ` ${signedUsd(d.cost.deltaUsd)}/month` : "";
  const head = `- ${code(SYMBOL[d.op])} ${atRisk(d) && d.op !== "create" && d.op !== "update" ? `**${d.name}**` : d.name} ${code(d.type)} (${d.component.name})${cost}`;
  const shown = d.changes.slice(0, maxChanges).map((c) => `  - ${describeChange(c)}`);
  const more = d.changes.length > maxChanges ? [`  - … and ${d.changes.length - maxChanges} more`] : [];
  return [head, ...shown, ...more];
}

function renderCost(diff: GraphDiff): string[] {
  const rows = diff.resources
    .filter((d) => Math.abs(d.cost.deltaUsd) >= 0.005)
    .sort((a, b) => Math.abs(b.cost.deltaUsd) - Math.abs(a.cost.deltaUsd));
  if (!rows.length) return [`**Monthly cost**: ${usd(diff.cost.headTotalUsd)}, unchanged.`, ""];
  const lines = ["| resource | component | base | head | Δ/month |", "| --- | --- | ---: | ---: | ---: |"];
  for (const d of rows)
    lines.push(
      `| ${code(SYMBOL[d.op])} ${cell(d.name)} ${code(d.type.split(":").pop()!)} | ${cell(d.component.name)} | ${usd(d.cost.baseUsd)} | ${usd(d.cost.headUsd)} | ${signedUsd(d.cost.deltaUsd)} |`,
    );
  lines.push(
    `| **total** | | **${usd(diff.cost.baseTotalUsd)}** | **${usd(diff.cost.headTotalUsd)}** | **${signedUsd(diff.cost.deltaUsd)}** |`,
    "",
  );
  return lines;
}

function renderPolicy(diff: GraphDiff): string[] {
  const { new: added, fixed } = diff.policy;
  if (!added.length && !fixed.length) return ["**Policy**: no new or fixed violations.", ""];
  const lines = ["| | level | policy | resource | message |", "| --- | --- | --- | --- | --- |"];
  for (const [tag, list] of [
    ["new", added],
    ["fixed", fixed],
  ] as const) {
    for (const v of list)
      lines.push(
        `| ${tag} | ${v.enforcementLevel} | ${v.policy} | ${cell(v.name ?? "(stack)")} | ${cell(v.message)} |`,
      );
  }
  return [...lines, ""];
}

export interface RenderOptions {
  /** Characters allowed for the changed-resources list; the rest is summarised with a pointer to the artifact. */
  maxDetailChars?: number;
  /** Property lines per resource. */
  maxChanges?: number;
}

export function renderStackDiff(diff: GraphDiff, opts: RenderOptions = {}): string[] {
  const { maxDetailChars = Infinity, maxChanges = Infinity } = opts;
  const lines = [`### ${diff.stack}`, "", summaryLine(diff), "", ...renderWarnings(diff), ...renderComponents(diff)];
  const changed = diff.resources;
  if (changed.length) {
    const detail: string[] = [];
    let used = 0;
    let shown = 0;
    for (const d of changed) {
      const item = renderResource(d, maxChanges);
      const size = item.join("\n").length + 1;
      if (used + size > maxDetailChars) break;
      detail.push(...item);
      used += size;
      shown += 1;
    }
    if (shown < changed.length)
      detail.push(
        "",
        `_… ${changed.length - shown} more resource(s) not shown here: see the full report (artifact \`offline-preview\`, \`full-report.md\`)._`,
      );
    const long = changed.length > 10 || detail.length > 40;
    lines.push(`#### Changed resources (${changed.length})`, "");
    if (long)
      lines.push(
        `<details><summary>${changed.length} resources, ${changed.reduce((n, d) => n + d.changes.length, 0)} property changes</summary>`,
        "",
      );
    lines.push(...detail, "");
    if (long) lines.push("</details>", "");
  } else {
    lines.push("No resource changes.", "");
  }
  lines.push("#### Cost", "", ...renderCost(diff), "#### Policy", "", ...renderPolicy(diff));
  return lines;
}
