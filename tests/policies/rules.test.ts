/**
 * Every rule of the pack, run through the offline runner on a compliant graph (no violation)
 * and on the same graph with one thing broken (a violation saying what should be true).
 */
import assert from "node:assert/strict";
import { allPolicies } from "../../policies/rules";
import { runPolicies } from "../../policies/runner";
import type { RuleCase } from "./cases";
import { platformCases } from "./cases-platform";
import { reliabilityCostCases } from "./cases-reliability-cost";
import { securityCases } from "./cases-security";
import { operationsCases } from "./cases-operations";
import { stackOf } from "./fixtures";

const cases: RuleCase[] = [...securityCases, ...platformCases, ...reliabilityCostCases, ...operationsCases];

async function verdictsFor(c: RuleCase, build: () => ReturnType<RuleCase["pass"]>) {
  const result = await runPolicies(stackOf(...build()), { [c.policy.name]: c.config ?? {} }, [c.policy]);
  return result.verdicts;
}

describe("policy rules: one compliant and one violating graph per rule", () => {
  for (const c of cases) {
    describe(`${c.policy.name} (${c.title})`, () => {
      it("passes the compliant baseline", async () => {
        const verdicts = await verdictsFor(c, c.pass);
        assert.deepEqual(
          verdicts.map((v) => v.message),
          [],
        );
      });
      it("reports the violation", async () => {
        const verdicts = await verdictsFor(c, c.fail);
        assert.ok(verdicts.length > 0, "expected at least one violation");
        assert.ok(
          verdicts.some((v) => c.expect.test(v.message)),
          `no message matches ${c.expect}:\n${verdicts.map((v) => v.message).join("\n")}`,
        );
        for (const v of verdicts) {
          assert.equal(v.policy, c.policy.name);
          assert.equal(v.enforcementLevel, c.policy.enforcementLevel === "advisory" ? "advisory" : "mandatory");
          assert.equal(v.remediation, c.policy.remediation);
        }
      });
    });
  }

  it("covers every rule of the pack", () => {
    // The mesh rule's compliant/violating graphs live with the mesh tier (tests/mesh/policy.test.ts).
    const coveredElsewhere = [
      "kubernetes-istio-app-namespaces-require-strict-mtls",
      // Karpenter and schedulability rules: tests/capacity/capacity-rules.test.ts.
      "aws-sqs-queue-require-encryption",
      "karpenter-ec2nodeclass-require-imdsv2",
      "karpenter-ec2nodeclass-require-encrypted-gp3",
      "karpenter-ec2nodeclass-require-cost-tags",
      "kubernetes-pods-fit-baseline-capacity",
      "kubernetes-max-replicas-fit-nodepool-limits",
    ];
    const covered = new Set([...cases.map((c) => c.policy.name), ...coveredElsewhere]);
    assert.deepEqual(
      allPolicies.map((p) => p.name).filter((n) => !covered.has(n)),
      [],
    );
  });

  it("has unique, kebab-case names, a severity, a remediation and an enforcement level on every rule", () => {
    const names = allPolicies.map((p) => p.name);
    assert.equal(new Set(names).size, names.length);
    for (const p of allPolicies) {
      assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)+$/, p.name);
      assert.ok(["critical", "high", "medium", "low"].includes(p.severity), p.name);
      assert.ok(p.remediation.length > 20 && p.description.length > 10, p.name);
      assert.ok(["advisory", "mandatory"].includes(p.enforcementLevel), p.name);
    }
  });
});
