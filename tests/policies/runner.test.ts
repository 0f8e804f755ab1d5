/**
 * The offline runner behaves like the engine: config precedence and defaults, disabled and
 * advisory rules, remediate, preview-unknown values, what resources and provider data rules
 * see, and invalid config failing the run.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceValidationArgs } from "@pulumi/policy";
import { logGroupKmsKey } from "../../policies/security/logging";
import { elasticacheSnapshots, rdsDeletionProtection } from "../../policies/reliability/data-safety";
import { kmsKeyRotation } from "../../policies/security/encryption";
import { allPolicies } from "../../policies/rules";
import { withAsOfDate } from "../../policies/lib/as-of";
import { runPolicies } from "../../policies/runner";
import type { EdgestackPolicy } from "../../policies/types";
import { awsProvider, base, childOf, dependsOn, patch, res, stackOf, withProvider } from "./fixtures";

const unprotectedDb = () => stackOf(patch(base.rdsCluster(), "deletionProtection", false));
const levels = async (config: object, policy: EdgestackPolicy = rdsDeletionProtection, options = {}) =>
  (await runPolicies(unprotectedDb(), config, [policy], options)).verdicts.map((v) => v.enforcementLevel);

function probe(name: string, record: (args: ResourceValidationArgs) => void): EdgestackPolicy {
  return {
    name,
    description: "test probe",
    severity: "low",
    enforcementLevel: "advisory",
    remediation: "nothing to remediate in a probe",
    validateResource: (args) => record(args),
  };
}

describe("offline policy runner", () => {
  describe("enforcement levels", () => {
    it("uses the rule's own level when config says nothing", async () => {
      assert.deepEqual(await levels({}), ["mandatory"]);
      const lg = stackOf(patch(base.logGroup(), "kmsKeyId", undefined));
      assert.deepEqual(
        (await runPolicies(lg, {}, [logGroupKmsKey])).verdicts.map((v) => v.enforcementLevel),
        ["advisory"],
      );
    });
    it("falls back to the pack default when a rule states no level", async () => {
      const { enforcementLevel: _drop, ...rest } = rdsDeletionProtection;
      const levelless = rest as EdgestackPolicy;
      assert.deepEqual(await levels({}, levelless, { packEnforcementLevel: "advisory" }), ["advisory"]);
      assert.deepEqual(await levels({}, levelless), ["mandatory"]); // the pack's "mandatory"
    });
    it('lets "all" override every rule, and a rule\'s own entry override "all"', async () => {
      assert.deepEqual(await levels({ all: "advisory" }), ["advisory"]);
      assert.deepEqual(await levels({ all: "advisory", [rdsDeletionProtection.name]: "mandatory" }), ["mandatory"]);
      assert.deepEqual(
        await levels({ all: "mandatory", [rdsDeletionProtection.name]: { enforcementLevel: "advisory" } }),
        ["advisory"],
      );
    });
    it("skips disabled rules entirely", async () => {
      const result = await runPolicies(unprotectedDb(), { [rdsDeletionProtection.name]: "disabled" }, [
        rdsDeletionProtection,
      ]);
      assert.equal(result.verdicts.length, 0);
      assert.equal(result.notApplicable.length, 0);
    });
    it("reports remediate as mandatory, as the engine does for rules that still fail", async () => {
      assert.deepEqual(await levels({ [rdsDeletionProtection.name]: "remediate" }), ["mandatory"]);
    });
    it("counts only mandatory violations as blocking", async () => {
      const result = await runPolicies(unprotectedDb(), { [rdsDeletionProtection.name]: "advisory" }, [
        rdsDeletionProtection,
      ]);
      assert.equal(result.mandatoryViolations, 0);
      assert.equal(result.advisoryViolations, 1);
    });
  });

  describe("rule config", () => {
    it("fills schema defaults and overrides them property by property", async () => {
      const seen: object[] = [];
      const p = {
        ...elasticacheSnapshots,
        validateResource: (args: ResourceValidationArgs) => void seen.push(args.getConfig()),
      };
      await runPolicies(stackOf(base.replicationGroup()), { [p.name]: { minSnapshotRetentionDays: 7 } }, [p]);
      assert.deepEqual(seen, [{ minSnapshotRetentionDays: 7, requireFinalSnapshot: true }]);
    });
    it("rejects invalid config with one message per bad value", async () => {
      await assert.rejects(
        runPolicies(stackOf(), {
          [elasticacheSnapshots.name]: { minSnapshotRetentionDays: "seven", requireFinalSnapshot: 1 },
        }),
        /aws-elasticache-replication-group-require-snapshots: minSnapshotRetentionDays: expected integer, got "seven"[\s\S]*requireFinalSnapshot: expected boolean, got 1/,
      );
      await assert.rejects(
        runPolicies(stackOf(), { "stack-monthly-cost-within-budget": { budgetUsd: -5 } }),
        /budgetUsd: expected >= 0, got -5/,
      );
      await assert.rejects(
        runPolicies(stackOf(), { all: "strict" }),
        /policy config "all": enforcementLevel must be one of advisory, mandatory, remediate, disabled, got "strict"/,
      );
    });
    it("warns about config entries that name no rule", async () => {
      const result = await runPolicies(stackOf(), { "aws-rds-cluster-require-deletion-protecion": "advisory" });
      assert.deepEqual(result.configWarnings, [
        'policy config names "aws-rds-cluster-require-deletion-protecion", which is not a policy of this pack',
      ]);
    });
    for (const env of ["dev", "prod"]) {
      it(`accepts policies/config/${env}.json: valid values, only known rule names`, async () => {
        const config = JSON.parse(
          fs.readFileSync(path.join(__dirname, "../../policies/config", `${env}.json`), "utf8"),
        );
        const result = await runPolicies(stackOf(), config);
        assert.deepEqual(result.configWarnings, []);
        assert.equal(config["stack-monthly-cost-within-budget"].budgetUsd, env === "dev" ? 275 : 1200);
      });
    }
  });

  describe("what rules see", () => {
    it("sends every registered resource, components and providers included, to resource rules", async () => {
      const types: string[] = [];
      const platform = res("edgestack:platform:Platform", "edgestack");
      const provider = awsProvider();
      const vpc = withProvider(childOf(base.vpc(), platform), provider);
      await runPolicies(stackOf(platform, provider, vpc), {}, [probe("probe-types", (a) => void types.push(a.type))]);
      assert.deepEqual(types, ["edgestack:platform:Platform", "pulumi:providers:aws", "aws:ec2/vpc:Vpc"]);
    });
    it("passes protect, parent and the provider's inputs (defaultTags) to resource rules", async () => {
      const seen: { protect: boolean; parent?: string; tags?: unknown }[] = [];
      const platform = res("edgestack:platform:Platform", "edgestack");
      const provider = awsProvider({ project: "edgestack" });
      const key = withProvider(childOf(base.kmsKey(), platform), provider);
      await runPolicies(stackOf(key), {}, [
        probe(
          "probe-opts",
          (a) =>
            void seen.push({ protect: a.opts.protect, parent: a.opts.parent, tags: a.provider?.props.defaultTags }),
        ),
      ]);
      await runPolicies(stackOf(platform, provider, key), {}, [
        probe(
          "probe-opts",
          (a) =>
            a.type === "aws:kms/key:Key" &&
            void seen.push({ protect: a.opts.protect, parent: a.opts.parent, tags: a.provider?.props.defaultTags }),
        ),
      ]);
      assert.deepEqual(seen[0], { protect: true, parent: platform.urn, tags: undefined }); // provider not in the graph
      assert.deepEqual(seen[1], {
        protect: true,
        parent: platform.urn,
        tags: JSON.stringify({ tags: { project: "edgestack" } }),
      });
    });
    it("skips other types through validateResourceOfType's type token", async () => {
      const result = await runPolicies(stackOf(base.vpc(), base.kmsKey()), {}, [kmsKeyRotation]);
      assert.deepEqual(result.notApplicable, [
        {
          policy: kmsKeyRotation.name,
          urn: base.vpc().urn,
          reason: "Policy only applies to resources of type 'aws:kms/key:Key'",
        },
      ]);
    });
    it("gives stack rules resources with parent and dependencies resolved to resource objects", async () => {
      const seen: string[] = [];
      const platform = res("edgestack:platform:Platform", "edgestack");
      const group = childOf(base.clusterParameterGroup(), platform);
      const cluster = dependsOn(childOf(base.rdsCluster(), platform), group);
      const stackProbe: EdgestackPolicy = {
        name: "probe-stack",
        description: "test probe",
        severity: "low",
        enforcementLevel: "advisory",
        remediation: "nothing to remediate in a probe",
        validateStack: (args) => {
          for (const r of args.resources)
            seen.push(`${r.name} parent=${r.parent?.name ?? "-"} deps=${r.dependencies.map((d) => d.name).join(",")}`);
        },
      };
      await runPolicies(stackOf(platform, group, cluster), {}, [stackProbe]);
      assert.deepEqual(seen, [
        "edgestack parent=- deps=",
        "db-params parent=edgestack deps=",
        "db parent=edgestack deps=db-params",
      ]);
    });
    it("names the resource a stack rule reports on (type and name from the graph)", async () => {
      const nat = [base.natGateway("nat-a"), base.natGateway("nat-b")];
      const { verdicts } = await runPolicies(
        stackOf(...nat),
        { "aws-vpc-limit-nat-gateways": { maxNatGateways: 1 } },
        allPolicies.filter((p) => p.name === "aws-vpc-limit-nat-gateways"),
      );
      assert.deepEqual(
        verdicts.map((v) => [v.urn, v.type]),
        [[undefined, undefined]],
      ); // a stack-wide violation
      const group = base.securityGroup("edgestack-test-app");
      const open = await runPolicies(
        stackOf(base.vpc(), patch(group, "ingress.0.cidrBlocks", ["0.0.0.0/0"])),
        {},
        allPolicies.filter((p) => p.name === "aws-security-group-restrict-sensitive-ports-to-vpc"),
      );
      assert.deepEqual(
        open.verdicts.map((v) => [v.urn, v.type, v.name]),
        [[group.urn, group.type, group.name]],
      );
    });
    it("turns a rule that reads a value unknown during preview into an advisory note", async () => {
      const result = await runPolicies(stackOf(patch(base.rdsCluster(), "deletionProtection", "[unknown]")), {}, [
        rdsDeletionProtection,
      ]);
      assert.equal(result.mandatoryViolations, 0);
      assert.equal(result.verdicts.length, 1);
      assert.equal(result.verdicts[0].enforcementLevel, "advisory");
      assert.match(
        result.verdicts[0].message,
        /can't run policy 'aws-rds-cluster-require-deletion-protection' during preview: value at \.deletionProtection/,
      );
    });
    it("fails the run, naming the rule, when a rule throws", async () => {
      const broken = probe("probe-broken", () => {
        throw new Error("boom");
      });
      await assert.rejects(
        runPolicies(stackOf(base.vpc()), {}, [broken]),
        /policy 'probe-broken' failed on urn:pulumi:test::edgestack::aws:ec2\/vpc:Vpc::vpc: boom/,
      );
    });
  });

  it("runs the whole pack over a compliant graph without violations", async () => {
    const provider = awsProvider();
    const resources = [
      provider,
      base.vpc(),
      base.rdsCluster(),
      base.clusterParameterGroup(),
      base.replicationGroup(),
      base.kmsKey(),
    ].map((r) => (r.type.startsWith("aws:") ? withProvider(r, provider) : r));
    const result = await runPolicies(stackOf(...resources), withAsOfDate({}, allPolicies, "2026-12-03"), allPolicies);
    assert.deepEqual(
      result.verdicts.map((v) => `${v.policy}: ${v.message}`),
      [],
    );
  });
});
