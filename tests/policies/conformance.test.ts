/**
 * The offline runner against the real thing: the same graphs and config, once through
 * runPolicies and once through @pulumi/policy's analyzer service (what `pulumi preview
 * --policy-pack` talks to), must give the same violations.
 */
import assert from "node:assert/strict";
import { allPolicies, PACK_ENFORCEMENT_LEVEL } from "../../policies/rules";
import { runPolicies } from "../../policies/runner";
import { withAsOfDate } from "../../policies/lib/as-of";
import { reconcilePolicyConfig } from "../../policies/runner-config";
import { platformCases } from "./cases-platform";
import { reliabilityCostCases } from "./cases-reliability-cost";
import { securityCases } from "./cases-security";
import { operationsCases } from "./cases-operations";
import { base, patch, stackOf } from "./fixtures";
import { PolicyPackServer, type Diagnostic } from "./sdk-server";

// "can't run during preview" notes name the pack version and the unknown value's type in the SDK only.
const key = (d: Diagnostic) =>
  `${d.policy} | ${d.urn} | ${d.level} | ${d.message.includes("can't run policy") ? "can't run during preview" : d.message}`;

describe("offline runner conformance with the @pulumi/policy analyzer server", function () {
  const server = PolicyPackServer.start(allPolicies);

  const cases = [...securityCases, ...platformCases, ...reliabilityCostCases, ...operationsCases];
  const graphs = [
    ...cases.map((c) => ({
      title: `${c.policy.name} (${c.title})`,
      config: { [c.policy.name]: c.config ?? {} },
      resources: c.fail(),
    })),
    {
      title: "unknown value during preview",
      config: {},
      resources: [patch(base.rdsCluster(), "deletionProtection", "[unknown]")],
    },
    {
      title: "advisory and disabled levels",
      config: { all: "advisory", "aws-kms-key-require-rotation": "disabled" },
      resources: [
        patch(base.kmsKey(), "enableKeyRotation", false),
        patch(base.rdsCluster(), "storageEncrypted", false),
      ],
    },
  ];

  it("gives the same violations for every rule's failing graph, with the whole pack loaded", async () => {
    const mismatches: string[] = [];
    for (const graph of graphs) {
      const g = { ...graph, config: withAsOfDate(graph.config, allPolicies, "2026-12-03") };
      const stack = stackOf(...g.resources);
      const { config } = reconcilePolicyConfig(allPolicies, g.config, PACK_ENFORCEMENT_LEVEL);
      await server.configure(config);
      const sdk = (await server.analyze(stack)).map(key).sort();
      const offline = (await runPolicies(stack, g.config)).verdicts
        .map((v) =>
          key({
            policy: v.policy,
            urn: v.urn ?? "",
            level: v.enforcementLevel,
            message: `${v.description}\n${v.message}`,
          }),
        )
        .sort();
      if (JSON.stringify(sdk) !== JSON.stringify(offline))
        mismatches.push(
          `${g.title}\n  sdk:     ${sdk.join("\n           ")}\n  offline: ${offline.join("\n           ")}`,
        );
    }
    assert.deepEqual(mismatches, []);
  });
});
