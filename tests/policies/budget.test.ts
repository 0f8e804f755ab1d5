/** The stack budget rule: estimate vs budgetUsd, top-5 drivers in the message, preview-safe. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { stackBudget } from "../../policies/cost/budget";
import { estimateCost } from "../../policies/cost/estimate";
import { runPolicies } from "../../policies/runner";
import { platformGraph } from "./cost-graph";
import { base, patch, stackOf } from "./fixtures";

const ON = "2026-11-23";
const run = (resources = platformGraph(), config: Record<string, unknown> = {}) =>
    runPolicies(stackOf(...resources), { [stackBudget.name]: { asOfDate: ON, ...config } }, [stackBudget]);

describe("stack budget rule", () => {
    const total = estimateCost(platformGraph(), { asOfDate: ON }).totalUsd;

    it("passes when the estimate is within the budget", async () => {
        assert.equal((await run(undefined, { budgetUsd: Math.ceil(total) })).verdicts.length, 0);
    });

    it("fails below the estimate and lists the top five cost drivers with amounts", async () => {
        const { verdicts, mandatoryViolations } = await run(undefined, { budgetUsd: 250 });
        assert.equal(mandatoryViolations, 1);
        const msg = verdicts[0].message;
        assert.match(msg, new RegExp(`Estimated monthly cost \\$${total.toFixed(2)} exceeds the budget of \\$250\\.00 by \\$${(total - 250).toFixed(2)}`));
        const drivers = [...msg.matchAll(/(\d)\. (\S+) \((\S+)\) \$(\d+\.\d\d)/g)].map((m) => `${m[1]} ${m[2]} ${m[4]}`);
        // writer 0.276 x 730; nodes 2 x 0.0816 x 730 + 80 GiB gp3; proxy (2 vCPU + 8 ACU) x 0.015 x 730; eks 0.10 x 730; reader 0.75 ACU x 0.12 x 730
        assert.deepEqual(drivers, ["1 writer 201.48", "2 nodes 125.54", "3 proxy 109.50", "4 eks 73.00", "5 reader 65.70"]);
        assert.match(msg, /1 resource\(s\) could not be priced/);
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

    it("uses the environment budgets from policies/config (dev 250, prod 1000)", async () => {
        const read = (env: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "../../policies/config", `${env}.json`), "utf8"));
        const graph = stackOf(...platformGraph());
        const dev = await runPolicies(graph, read("dev"), [stackBudget]);
        const prod = await runPolicies(graph, read("prod"), [stackBudget]);
        assert.match(dev.verdicts[0]?.message ?? "", /exceeds the budget of \$250\.00/);
        assert.equal(prod.verdicts.length, total <= 1000 ? 0 : 1);
    });
});
