/** The capacity planner's pure core: replicas follow users within HPA bounds, cost never falls as users grow, crossings flagged. */
import assert from "node:assert/strict";
import { firstCrossings, planCapacity, type PlanInputs } from "../../tools/capacity-plan";
import { parseArgs } from "../../tools/plan-capacity";
import { stackDemand } from "../../policies/capacity/demand";
import { graphCapacity } from "../../policies/capacity/packing";
import { resolveAssumptions } from "../../policies/cost/assumptions";
import { nodeGroup, nodePool, smallPlatform } from "./fixtures";

function inputs(over: Partial<PlanInputs> = {}): PlanInputs {
  const graph = [
    ...smallPlatform(),
    nodeGroup("general", "m7g.large", 1),
    nodePool("on-demand", "on-demand", 100, 4),
    nodePool("spot", "spot", 10, 8),
  ];
  return {
    users: 1000,
    growthPercent: 50,
    months: 6,
    requestsPerUserPerSecond: 0.2,
    podRps: 100,
    targetUtilization: 0.5,
    services: ["api"],
    gateways: [],
    demand: stackDemand(graph),
    capacity: graphCapacity(graph),
    fixedMonthlyUsd: 500,
    rootVolumeGib: 50,
    assumptions: resolveAssumptions(),
    budgetUsd: 700,
    ...over,
  };
}

describe("capacity planner", () => {
  it("gives one entry per month: users compound, replicas follow requests/s within the HPA bounds, cost never decreases", () => {
    const plan = planCapacity(inputs());
    assert.deepEqual(
      plan.map((m) => m.users),
      [1000, 1500, 2250, 3375, 5063, 7594],
    );
    assert.deepEqual(
      plan.map((m) => m.requestsPerSecond),
      [200, 300, 450, 675, 1012.6, 1518.8],
    );
    // 50 req/s per pod: 4, 6, 9 -> clamped to the HPA's 3..6.
    assert.deepEqual(
      plan.map((m) => m.pods.api),
      [4, 6, 6, 6, 6, 6],
    );
    plan
      .slice(1)
      .forEach((m, i) =>
        assert.ok(m.monthlyCostUsd >= plan[i].monthlyCostUsd, `month ${m.month} costs less than month ${m.month - 1}`),
      );
    assert.equal(plan[0].headroomUsd, Math.round((700 - plan[0].monthlyCostUsd) * 100) / 100);
  });

  it("flags the first month the HPA maximum, a NodePool limit or the budget is crossed", () => {
    const plan = planCapacity(inputs({ budgetUsd: 600 }));
    const crossings = firstCrossings(plan);
    assert.ok(
      crossings.some((c) => /^month 3: api needs 9 replicas > maxReplicas 6$/.test(c)),
      crossings.join("; "),
    );
    assert.ok(
      crossings.some((c) => /over the budget of \$600/.test(c)),
      crossings.join("; "),
    );
    assert.deepEqual(
      planCapacity(inputs({ users: 10, growthPercent: 0, months: 2 })).flatMap((m) => m.flags),
      [],
    );
  });

  it("reads its arguments, refusing nonsense with the flag's name", () => {
    assert.deepEqual(
      parseArgs(["--stack", "prod", "--users", "10000", "--growth", "10", "--months", "6", "--json"], "2026-12-03"),
      { stack: "prod", users: 10000, growth: 10, months: 6, json: true, asOf: "2026-12-03" },
    );
    assert.throws(() => parseArgs(["--users", "many"], "2026-12-03"), /--users: expected a number >= 1, got "many"/);
  });
});
