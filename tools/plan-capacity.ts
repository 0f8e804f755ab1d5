/**
 * Capacity planner: `npm run plan:capacity -- --stack prod --users 10000 --growth 10 --months 6 [--json]
 *                    [--pod-rps N] [--as-of YYYY-MM-DD]`
 *
 * Runs the program under the mock runtime (as the offline preview does) to read the stack's sizing from its graph:
 * workloads and their HPA bounds, node groups, NodePools and their limits, the estimate of everything else. Then,
 * month by month (tools/capacity-plan.ts): users, requests/s, pods per scaled workload, nodes, monthly cost and budget
 * headroom, flagging the month a limit or the budget is crossed. Traffic inputs come from `capacity.planner`
 * (per-pod throughput measured by `npm run bench:apps`, README "Capacity"); --pod-rps overrides it.
 */
import { parseConfig } from "../config";
import { stackDemand } from "../policies/capacity/demand";
import { graphCapacity } from "../policies/capacity/packing";
import { estimateCost } from "../policies/cost/estimate";
import { capacityCeiling } from "../policies/cost/estimate-nodes";
import { quantityToGib } from "../policies/cost/estimate-k8s";
import { assertIsoDay } from "../policies/lib/support-calendar";
import { firstCrossings, planCapacity, type PlanInputs, type PlanMonth } from "./capacity-plan";
import { runProgram } from "./harness";
import { readProjectName, readStackConfig } from "./stack-files";
import { policyConfigFor } from "./policy-config";

interface Args {
  stack: string;
  users: number;
  growth: number;
  months: number;
  json: boolean;
  podRps?: number;
  asOf: string;
}

export function parseArgs(argv: string[], today: string): Args {
  const a: Args = { stack: "prod", users: 10000, growth: 10, months: 6, json: false, asOf: today };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const num = (min: number) => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < min)
        throw new Error(`${flag}: expected a number >= ${min}, got ${JSON.stringify(argv[i])}`);
      return v;
    };
    if (flag === "--stack") a.stack = argv[++i] ?? "";
    else if (flag === "--users") a.users = num(1);
    else if (flag === "--growth") a.growth = num(-99);
    else if (flag === "--months") a.months = Math.round(num(1));
    else if (flag === "--pod-rps") a.podRps = num(1);
    else if (flag === "--json") a.json = true;
    else if (flag === "--as-of") a.asOf = assertIsoDay(argv[++i] ?? "", "--as-of");
    else
      throw new Error(
        `unknown argument ${JSON.stringify(flag)} (usage: --stack S --users N --growth PCT --months M [--pod-rps N] [--json] [--as-of YYYY-MM-DD])`,
      );
  }
  return a;
}

/** The stack's validated config, read the way the CLI hands it to the program. */
function stackConfig(stack: string) {
  const project = readProjectName();
  const raw = Object.fromEntries(
    Object.entries(readStackConfig(stack))
      .filter(([k]) => k.startsWith(`${project}:`))
      .map(([k, v]) => [k.slice(project.length + 1), typeof v === "string" ? v : JSON.stringify(v)]),
  );
  return parseConfig(project, stack, raw, "us-east-1");
}

export async function buildInputs(a: Args): Promise<{ inputs: PlanInputs; assumptions: string[] }> {
  const cfg = stackConfig(a.stack);
  const run = await runProgram({ stack: a.stack });
  if (run.error) throw run.error;
  const budget = policyConfigFor(a.stack, a.asOf)["stack-monthly-cost-within-budget"] ?? {};
  const estimate = estimateCost(run.resources, { ...budget.assumptions, asOfDate: a.asOf });
  const ceiling = capacityCeiling(run.resources, estimate.assumptions);
  const demand = stackDemand(run.resources);
  const services = cfg.services.map((s) => s.name);
  // Gateways: the other HPA-scaled workloads that see every request (Kong, the NGINX edge); istiod scales with sidecars.
  const gateways = demand.podSets
    .filter((s) => s.max > s.min && !services.includes(s.name) && s.name !== "istiod")
    .map((s) => s.name);
  const planner = cfg.capacity.planner;
  const nodeClass = run.resources.find((r) => r.type === "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass");
  const volume =
    quantityToGib((nodeClass?.inputs as any)?.spec?.blockDeviceMappings?.[0]?.ebs?.volumeSize) ??
    estimate.assumptions.defaultNodeRootVolumeGb;
  const inputs: PlanInputs = {
    users: a.users,
    growthPercent: a.growth,
    months: a.months,
    requestsPerUserPerSecond: planner.requestsPerUserPerSecond,
    podRps: a.podRps ?? planner.podRps,
    targetUtilization: planner.targetUtilization,
    services,
    gateways,
    demand,
    capacity: graphCapacity(run.resources),
    fixedMonthlyUsd: estimate.totalUsd - ceiling.baselineNodesUsd,
    rootVolumeGib: volume,
    assumptions: estimate.assumptions,
    budgetUsd: budget.budgetUsd,
  };
  const assumptions = [
    `stack ${a.stack}: ${a.users} users growing ${a.growth} %/month for ${a.months} months; ${planner.requestsPerUserPerSecond} requests/s per user`,
    `one pod sustains ${inputs.podRps} req/s${a.podRps ? " (--pod-rps)" : " (capacity.planner.podRps, npm run bench:apps)"} and runs at ${planner.targetUtilization * 100} % of it`,
    `services share requests evenly: ${services.join(", ")}; gateways carry all of them: ${gateways.join(", ") || "none"}; everything else at minimum replicas`,
    `nodes: node groups at desired size, then NodePools by weight within their limits (${inputs.capacity.pools.map((p) => `${p.name} ${p.limits.cpuMillis / 1000} vCPU`).join(", ") || "none"})`,
    `cost: $${inputs.fixedMonthlyUsd.toFixed(2)}/month that does not follow the pods + Karpenter's nodes (prices as of ${a.asOf}, spot at ${estimate.assumptions.spotPriceRatio} x on-demand); budget ${budget.budgetUsd ?? "none"}`,
  ];
  return { inputs, assumptions };
}

export function renderPlan(plan: PlanMonth[], assumptions: string[]): string[] {
  const scaled = Object.keys(plan[0]?.pods ?? {});
  const rows = [
    ["month", "users", "req/s", ...scaled, "nodes", "cost/month", "headroom", "flags"],
    ...plan.map((m) => [
      String(m.month),
      String(m.users),
      m.requestsPerSecond.toFixed(0),
      ...scaled.map((s) => String(m.pods[s])),
      String(m.nodes),
      `$${m.monthlyCostUsd.toFixed(2)}`,
      m.headroomUsd === undefined ? "-" : `$${m.headroomUsd.toFixed(2)}`,
      m.flags.length ? "!" : "",
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const crossings = firstCrossings(plan);
  return [
    "assumptions:",
    ...assumptions.map((x) => `  - ${x}`),
    "",
    ...rows.map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    ),
    "",
    ...(crossings.length ? ["crossed:", ...crossings.map((c) => `  ${c}`)] : ["no limit or budget crossed"]),
  ];
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2), new Date().toISOString().slice(0, 10));
  const { inputs, assumptions } = await buildInputs(a);
  const plan = planCapacity(inputs);
  console.log(a.json ? JSON.stringify(plan, null, 2) : renderPlan(plan, assumptions).join("\n"));
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
