import * as assert from "assert";
import { runPolicies } from "../../policies/runner";
import { policyConfigFor } from "../../tools/policy-config";
import { stackRun, AS_OF } from "../harness";

describe("Data tier under the policy pack", () => {
  for (const stack of ["dev", "prod"] as const) {
    it(`${stack}: no verdict, mandatory or advisory, on a database or cache resource`, async () => {
      const run = await stackRun(stack);
      const { verdicts } = await runPolicies(run, policyConfigFor(stack, AS_OF));
      const data = verdicts.filter((v) => /edgestack:platform:(Database|Cache)\$/.test(v.urn ?? ""));
      assert.deepStrictEqual(
        data.map((v) => `${v.policy} ${v.name}: ${v.message}`),
        [],
      );
      const checked = run.resources.filter((r) => /edgestack:platform:(Database|Cache)\$/.test(r.urn));
      assert.ok(checked.length > 20, `the pack saw ${checked.length} data resources`);
    });
  }
});
