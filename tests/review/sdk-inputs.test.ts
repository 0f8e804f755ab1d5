/**
 * What the provider, not the mock, would say about our inputs: arguments the installed SDK deprecates, and
 * `ignoreChanges` paths that match no input (the engine then ignores nothing, silently). Read from the SDKs'
 * own declarations in node_modules, so a provider upgrade that deprecates an argument we use fails here.
 */
import * as assert from "assert";
import { stackRun } from "../harness";
import { label } from "./graph";
import { argsProperties, ignoreChangesProblem } from "./sdk-schema";

const STACKS = ["dev", "prod"] as const;

describe("real-deploy inputs against the installed SDKs", () => {
    it("the SDK reader sees what the declarations say (known deprecations, nested paths)", () => {
        // Fixed facts of the pinned SDKs, so a broken reader cannot make the checks below pass vacuously.
        assert.match(argsProperties("aws:eks/cluster:Cluster")!.find((p) => p.name === "defaultAddonsToRemoves")!.deprecated!, /bootstrapSelfManagedAddons/);
        assert.match(argsProperties("random:index/randomPassword:RandomPassword")!.find((p) => p.name === "number")!.deprecated!, /numeric/);
        assert.strictEqual(argsProperties("aws:eks/cluster:Cluster")!.find((p) => p.name === "bootstrapSelfManagedAddons")!.deprecated, undefined);
        assert.strictEqual(ignoreChangesProblem("aws:eks/nodeGroup:NodeGroup", "scalingConfig.desiredSize"), undefined);
        assert.match(ignoreChangesProblem("aws:eks/nodeGroup:NodeGroup", "scalingConfig.desired_size")!, /not an input/);
        assert.match(ignoreChangesProblem("aws:rds/cluster:Cluster", "engine_version")!, /not an input/);
    });

    it("no resource passes an argument the installed SDK marks deprecated", async () => {
        for (const stack of STACKS) {
            const run = await stackRun(stack);
            let checked = 0;
            for (const r of run.resources) {
                const props = argsProperties(r.type);
                if (!props) continue;
                checked++;
                for (const key of Object.keys(r.inputs)) {
                    const prop = props.find((p) => p.name === key);
                    assert.ok(!prop?.deprecated, `${stack}: ${label(r)}.${key} is deprecated: ${prop?.deprecated}`);
                }
            }
            assert.ok(checked > 100, `${stack}: ${checked} SDK resources checked`);
        }
    });

    it("every ignoreChanges path names an input the resource type declares", async () => {
        for (const stack of STACKS) {
            const run = await stackRun(stack);
            const ignoring = run.resources.filter((r) => r.ignoreChanges.length > 0);
            assert.ok(ignoring.length >= 3, `${stack}: node groups, Aurora cluster and instances ignore AWS-managed fields`);
            for (const r of ignoring) {
                for (const p of r.ignoreChanges) assert.strictEqual(ignoreChangesProblem(r.type, p), undefined, `${stack}: ${label(r)} ignoreChanges "${p}"`);
            }
        }
    });
});
