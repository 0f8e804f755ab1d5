/**
 * What the provider, not the mock, would say about our inputs: `ignoreChanges` paths that match no input (the
 * engine then ignores nothing, silently), read from the SDKs' own declarations in node_modules. Deprecated
 * arguments are `@typescript-eslint/no-deprecated`'s job (npm run lint).
 */
import * as assert from "assert";
import { stackRun } from "../harness";
import { label } from "./graph";
import { argsProperties, ignoreChangesProblem } from "./sdk-schema";

const STACKS = ["dev", "prod"] as const;

describe("real-deploy inputs against the installed SDKs", () => {
  it("the SDK reader sees what the declarations say (properties, nested paths)", () => {
    // Fixed facts of the pinned SDKs, so a broken reader cannot make the checks below pass vacuously.
    assert.ok(argsProperties("aws:eks/cluster:Cluster")!.some((p) => p.name === "bootstrapSelfManagedAddons"));
    assert.strictEqual(ignoreChangesProblem("aws:eks/nodeGroup:NodeGroup", "scalingConfig.desiredSize"), undefined);
    assert.match(ignoreChangesProblem("aws:eks/nodeGroup:NodeGroup", "scalingConfig.desired_size")!, /not an input/);
    assert.match(ignoreChangesProblem("aws:rds/cluster:Cluster", "engine_version")!, /not an input/);
  });

  it("every ignoreChanges path names an input the resource type declares", async () => {
    for (const stack of STACKS) {
      const run = await stackRun(stack);
      const ignoring = run.resources.filter((r) => r.ignoreChanges.length > 0);
      assert.ok(ignoring.length >= 3, `${stack}: node groups, Aurora cluster and instances ignore AWS-managed fields`);
      for (const r of ignoring) {
        for (const p of r.ignoreChanges)
          assert.strictEqual(ignoreChangesProblem(r.type, p), undefined, `${stack}: ${label(r)} ignoreChanges "${p}"`);
      }
    }
  });
});
