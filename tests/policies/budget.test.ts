/** The stack budget rule: estimate vs budgetUsd, top-5 drivers in the message, preview-safe. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { stackBudget } from "../../policies/cost/budget";
import { estimateCost } from "../../policies/cost/estimate";
import { runPolicies } from "../../policies/runner";
import { withAsOfDate } from "../../policies/lib/as-of";
import { platformGraph } from "./cost-graph";
import { base, patch, stackOf } from "./fixtures";

const ON = "2026-11-23";
/** The fixture platform without its deliberately unpriced load balancer (that case has its own test). */
const priced = () => platformGraph().filter((r) => r.name !== "legacy-alb");
const run = (resources = priced(), config: Record<string, unknown> = {}) =>
  runPolicies(stackOf(...resources), { [stackBudget.name]: { asOfDate: ON, ...config } }, [stackBudget]);

describe("stack budget rule", () => {
  const total = estimateCost(priced(), { asOfDate: ON }).totalUsd;

  it("passes when the estimate is within the budget", async () => {
    assert.equal((await run(undefined, { budgetUsd: Math.ceil(total) })).verdicts.length, 0);
  });

  it("fails below the estimate and lists the top five cost drivers with amounts", async () => {
    const { verdicts, mandatoryViolations } = await run(undefined, { budgetUsd: 250 });
    assert.equal(mandatoryViolations, 1);
    const msg = verdicts[0].message;
    assert.match(
      msg,
      new RegExp(
        `Estimated monthly cost \\$${total.toFixed(2)} exceeds the budget of \\$250\\.00 by \\$${(total - 250).toFixed(2)}`,
      ),
    );
    const drivers = [...msg.matchAll(/(\d)\. (\S+) \((\S+)\) \$(\d+\.\d\d)/g)].map((m) => `${m[1]} ${m[2]} ${m[4]}`);
    // writer 0.276 x 730; nodes 2 x 0.0816 x 730 + 80 GiB gp3; proxy (2 vCPU + 8 ACU) x 0.015 x 730; eks 0.10 x 730; reader 0.75 ACU x 0.12 x 730
    assert.deepEqual(drivers, ["1 writer 201.48", "2 nodes 125.54", "3 proxy 109.50", "4 eks 73.00", "5 reader 65.70"]);
  });

  it("applies assumption overrides from its config", async () => {
    const nat = [base.natGateway()];
    assert.equal((await run(nat, { budgetUsd: 40 })).verdicts.length, 0); // 32.85 + 4.50
    assert.equal((await run(nat, { budgetUsd: 40, assumptions: { natGbPerGatewayMonth: 200 } })).verdicts.length, 1); // 32.85 + 9.00
  });

  it("still runs during preview when some values are unknown (they count as zero)", async () => {
    const nodes = patch(base.nodeGroup("m7g.xlarge", 6), "scalingConfig.desiredSize", "[unknown]");
    const { verdicts } = await run([nodes, base.natGateway()], { budgetUsd: 30 });
    assert.equal(verdicts.length, 1);
    assert.equal(verdicts[0].enforcementLevel, "mandatory");
    assert.match(verdicts[0].message, /Estimated monthly cost \$37\.35/);
  });

  it("uses the environment budgets from policies/config: the fixture graph is over dev's and within prod's", async () => {
    const read = (env: string) =>
      JSON.parse(fs.readFileSync(path.join(__dirname, "../../policies/config", `${env}.json`), "utf8"));
    const graph = stackOf(...priced());
    const budgets = { dev: read("dev")[stackBudget.name].budgetUsd, prod: read("prod")[stackBudget.name].budgetUsd };
    assert.ok(budgets.dev < total && total <= budgets.prod, `fixture estimate ${total} must sit between the budgets`);
    const dev = await runPolicies(graph, withAsOfDate(read("dev"), [stackBudget], ON), [stackBudget]);
    const prod = await runPolicies(graph, withAsOfDate(read("prod"), [stackBudget], ON), [stackBudget]);
    assert.match(dev.verdicts[0]?.message ?? "", new RegExp(`exceeds the budget of \\$${budgets.dev}\\.00`));
    assert.deepEqual(prod.verdicts, []);
  });

  it("fails naming the resource when a billable resource has no price (never priced at $0)", async () => {
    const { verdicts } = await run(platformGraph(), { budgetUsd: 10_000 });
    assert.equal(verdicts.length, 1);
    assert.match(
      verdicts[0].message,
      /^1 billable resource\(s\) could not be priced, so the budget cannot be checked: legacy-alb \(aws:lb\/loadBalancer:LoadBalancer: /,
    );
  });
});
