/**
 * Renders the offline preview of a pull request as markdown: per stack, resources (+/- against the base branch),
 * policy verdicts and the monthly cost with its delta. Reads the JSON files written by
 * `preview-offline --json --out <dir>/<head|base>-<stack>.json`.
 *   npx tsx tools/pr-comment.ts --head out --base out --stacks dev,prod
 */
import * as fs from "fs";
import * as path from "path";

export interface PreviewJson {
    stack: string;
    resourceCount: number;
    blocking?: boolean;
    components: Array<{ component: string; resourceCount: number }>;
    sections: Record<string, any>;
}

function load(file: string): PreviewJson | undefined {
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as PreviewJson) : undefined;
}

/** US dollars with thousands separators and cents: $1,033.46. */
export const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const signed = (n: number, fmt: (x: number) => string = String) => (n > 0 ? `+${fmt(n)}` : n < 0 ? `−${fmt(-n)}` : "±0");

/** Monthly total of the cost section, whatever plugin produced it (undefined when there is none). */
export function costTotal(p: PreviewJson | undefined): number | undefined {
    const c = p?.sections?.cost;
    return typeof c?.totalUsd === "number" ? c.totalUsd : undefined;
}

export function renderStack(stack: string, head: PreviewJson | undefined, base: PreviewJson | undefined): string[] {
    if (!head) return [`### ${stack}`, "", "No preview was produced (see the job log).", ""];
    const lines = [`### ${stack} ${head.blocking ? "❌ blocked" : "✅"}`, ""];
    if (head.sections?.error) {
        lines.push("The program failed:", "", "```", String(head.sections.error), "```", "");
        return lines;
    }
    const baseCount = new Map((base?.components ?? []).map((c) => [c.component, c.resourceCount]));
    lines.push("| component | resources | vs base |", "| --- | ---: | ---: |");
    for (const c of head.components) {
        lines.push(`| ${c.component} | ${c.resourceCount} | ${base ? signed(c.resourceCount - (baseCount.get(c.component) ?? 0)) : "n/a"} |`);
    }
    lines.push(`| **total** | **${head.resourceCount}** | ${base ? signed(head.resourceCount - base.resourceCount) : "n/a"} |`, "");
    const verdicts: any[] = head.sections?.policy?.verdicts ?? [];
    if (head.sections?.policy) {
        const mandatory = verdicts.filter((v) => v.enforcementLevel === "mandatory");
        lines.push(`**Policy**: ${mandatory.length} mandatory violation(s), ${verdicts.length - mandatory.length} advisory.`, "");
        if (verdicts.length) {
            lines.push("| level | severity | policy | resource | message |", "| --- | --- | --- | --- | --- |");
            for (const v of verdicts.slice(0, 50)) {
                lines.push(`| ${v.enforcementLevel} | ${v.severity ?? ""} | ${v.policy} | ${v.name ?? "(stack)"} | ${String(v.message).replace(/\|/g, "\\|").replace(/\n/g, " ")} |`);
            }
            lines.push("");
        }
    }
    const total = costTotal(head);
    if (total !== undefined) {
        const before = costTotal(base);
        const budget = head.sections.cost.budgetUsd;
        lines.push(`**Estimated monthly cost**: ${usd(total)}${before !== undefined ? ` (${signed(total - before, usd)} vs base)` : ""}${typeof budget === "number" ? ` — budget ${usd(budget)}` : ""}`, "");
    }
    return lines;
}

function main(): void {
    const get = (name: string, fallback: string) => {
        const i = process.argv.indexOf(`--${name}`);
        return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
    };
    const headDir = get("head", "out");
    const baseDir = get("base", headDir);
    const lines = ["## edgestack offline preview", "", "_Mock runtime: nothing was created. Same program, policy pack and price table as `pulumi preview`._", ""];
    for (const stack of get("stacks", "dev,prod").split(",")) {
        lines.push(...renderStack(stack, load(path.join(headDir, `head-${stack}.json`)), load(path.join(baseDir, `base-${stack}.json`))));
    }
    console.log(lines.join("\n"));
}

if (require.main === module) main();
