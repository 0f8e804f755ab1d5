import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { committedStackZones, deployOrder, orderRules } from "../tools/deploy-order";
import { ROOT } from "./harness";

/** Job name → the stack its pulumi/actions step deploys, and the jobs it needs. */
function deployJobs(): Map<string, { stack: string; needs: string[] }> {
  const wf = yaml.load(fs.readFileSync(path.join(ROOT, ".github/workflows/deploy.yml"), "utf8")) as any;
  // Jobs without a pulumi/actions step (the attestation calls) deploy nothing.
  return new Map(
    Object.entries(wf.jobs as Record<string, any>).flatMap(([job, j]) => {
      const step = (j.steps ?? []).find((s: any) => String(s.uses ?? "").startsWith("pulumi/actions@"));
      if (!step) return [];
      const stack = String(step.with["stack-name"]).split("/").pop()!;
      return [[job, { stack, needs: [j.needs ?? []].flat() as string[] }] as const];
    }),
  );
}

/** True when `job` transitively needs `other`. */
function waitsFor(jobs: ReturnType<typeof deployJobs>, job: string, other: string): boolean {
  const needs = jobs.get(job)?.needs ?? [];
  return needs.includes(other) || needs.some((n) => waitsFor(jobs, n, other));
}

describe("deploy order by zone ownership", () => {
  it("orders owners first and refuses a shared zone with no owner or two", () => {
    const stacks = [
      { stack: "dev", zone: "example.com", managesZone: false },
      { stack: "prod", zone: "example.com", managesZone: true },
      { stack: "lab", managesZone: false },
    ];
    assert.deepStrictEqual(deployOrder(stacks), ["prod", "lab", "dev"]);
    assert.deepStrictEqual(orderRules(stacks), [{ first: "prod", then: "dev", zone: "example.com" }]);
    assert.throws(
      () => orderRules([{ ...stacks[0] }, { ...stacks[1], managesZone: false }]),
      /^Error: edge\.manageZone: zone example\.com is shared by dev, prod; expected exactly one owner, got 0$/,
    );
  });

  it("the committed stacks: prod owns the zone dev shares", () => {
    assert.deepStrictEqual(orderRules(committedStackZones()), [{ first: "prod", then: "dev", zone: "example.com" }]);
  });

  it("deploy.yml runs each zone owner before the stacks sharing its zone", () => {
    const jobs = deployJobs();
    const jobOf = (stack: string) => [...jobs].find(([, j]) => j.stack === stack)?.[0];
    for (const rule of orderRules(committedStackZones())) {
      const [first, then] = [jobOf(rule.first), jobOf(rule.then)];
      assert.ok(first && then, `deploy.yml deploys ${rule.first} and ${rule.then}`);
      assert.ok(
        waitsFor(jobs, then!, first!),
        `${rule.then} (job ${then}) must wait for the zone owner ${rule.first} (job ${first})`,
      );
      assert.ok(!waitsFor(jobs, first!, then!), `the zone owner ${rule.first} must not wait for ${rule.then}`);
    }
  });
});
