/**
 * Sections the offline preview adds after the resource tree: the policy pack's verdicts (run exactly as the
 * engine would, with the stack's policy config) and the monthly cost estimate from policies/cost/pricing.ts.
 * Each plugin returns its JSON section, its text lines and whether it blocks (exit code 1).
 */
import type { Verdict } from "../policies/runner";
import type { RunResult } from "./harness";
import { usd } from "./pr-comment";
import { Report } from "./report";

export interface PluginResult {
  section: unknown;
  text: string[];
  blocking: boolean;
}

/** What every plugin is told besides the run: the as-of day and the --set overrides (they may pick the environment). */
export interface PluginContext {
  asOf: string;
  overrides: Record<string, unknown>;
}

export interface PreviewPlugin {
  name: string;
  run(run: RunResult, report: Report, ctx: PluginContext): Promise<PluginResult>;
}

const BUDGET_POLICY = "stack-monthly-cost-within-budget";

// The policy pack (with @pulumi/policy) and the price table load when their section runs, not when this module
// is imported (parseArgs, the tests of the report, a run that fails on config never need them).
const policyRunner = () => require("../policies/runner") as typeof import("../policies/runner");
const costEstimator = () => require("../policies/cost/estimate") as typeof import("../policies/cost/estimate");
const nodeEstimator = () =>
  require("../policies/cost/estimate-nodes") as typeof import("../policies/cost/estimate-nodes");
const policyConfig = () => require("./policy-config") as typeof import("./policy-config");

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd(),
  );
}

export function renderVerdicts(verdicts: Verdict[]): string[] {
  if (verdicts.length === 0) return ["  no violations"];
  const order = { mandatory: 0, advisory: 1 } as const;
  const sorted = [...verdicts].sort(
    (a, b) => order[a.enforcementLevel] - order[b.enforcementLevel] || a.policy.localeCompare(b.policy),
  );
  return table([
    ["level", "severity", "policy", "resource", "message"],
    ...sorted.map((v) => [
      v.enforcementLevel,
      v.severity,
      v.policy,
      v.name ? `${v.type?.split(":").pop()} ${v.name}` : "(stack)",
      v.message.replace(/\s+/g, " "),
    ]),
  ]).map((l) => `  ${l}`);
}

export const policyPlugin: PreviewPlugin = {
  name: "policy",
  async run(run, _report, ctx) {
    const result = await policyRunner().runPolicies(
      run,
      policyConfig().policyConfigFor(run.stack, ctx.asOf, ctx.overrides),
    );
    const text = [
      `policy pack "edgestack": ${result.mandatoryViolations} mandatory violation(s), ${result.advisoryViolations} advisory`,
      ...renderVerdicts(result.verdicts),
      ...result.configWarnings.map((w) => `  config warning: ${w}`),
    ];
    return {
      section: {
        verdicts: result.verdicts,
        mandatoryViolations: result.mandatoryViolations,
        advisoryViolations: result.advisoryViolations,
        configWarnings: result.configWarnings,
      },
      text,
      blocking: result.mandatoryViolations > 0,
    };
  },
};

export const costPlugin: PreviewPlugin = {
  name: "cost",
  async run(run, _report, ctx) {
    const budgetConfig = policyConfig().policyConfigFor(run.stack, ctx.asOf, ctx.overrides)[BUDGET_POLICY] ?? {};
    const { estimateCost, topCostDrivers } = costEstimator();
    const estimate = estimateCost(run.resources, { ...budgetConfig.assumptions, asOfDate: ctx.asOf });
    const budgetUsd: number | undefined = budgetConfig.budgetUsd;
    const ceiling = nodeEstimator().capacityCeiling(run.resources, estimate.assumptions);
    const ceilingUsd = estimate.totalUsd - ceiling.baselineNodesUsd + ceiling.ceilingNodesUsd;
    const rows = Object.entries(estimate.byComponent)
      .sort((a, b) => b[1].monthlyUsd - a[1].monthlyUsd)
      .map(([name, c]) => [name, usd(c.monthlyUsd), usd(c.reservedMonthlyUsd)]);
    const text = [
      `monthly cost estimate as of ${ctx.asOf} (us-east-1 list prices checked ${estimate.pricesChecked}, ${estimate.hoursPerMonth} h/month; policies/cost/pricing.ts)`,
      ...table([
        ["component", "on-demand", "1-yr reserved/savings plan"],
        ...rows,
        ["total", usd(estimate.totalUsd), usd(estimate.reservedTotalUsd)],
      ]).map((l) => `  ${l}`),
      budgetUsd === undefined
        ? "  no budget configured"
        : `  budget ${usd(budgetUsd)}: ${estimate.totalUsd <= budgetUsd ? "within" : "OVER"} (${Math.round((estimate.totalUsd / budgetUsd) * 100)} %)`,
      `  ceiling at maximum replicas (Karpenter nodes ${usd(ceiling.baselineNodesUsd)} -> ${usd(ceiling.ceilingNodesUsd)}): ${usd(ceilingUsd)}`,
      "  top cost drivers: " +
        topCostDrivers(estimate, 5)
          .map((d) => `${d.name} ${usd(d.monthlyUsd)}`)
          .join(", "),
      ...(estimate.notPriced.length
        ? [`  not priced: ${estimate.notPriced.map((n) => `${n.name} (${n.reason})`).join("; ")}`]
        : []),
    ];
    // The budget verdict itself comes from the policy pack (stack-monthly-cost-within-budget): not blocking here.
    return {
      section: { ...estimate, budgetUsd, ceiling: { ...ceiling, totalUsd: ceilingUsd } },
      text,
      blocking: false,
    };
  },
};

export const PLUGINS: PreviewPlugin[] = [policyPlugin, costPlugin];
