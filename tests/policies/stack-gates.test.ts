import * as assert from "assert";
import { runPolicies } from "../../policies/runner";
import { policyConfigFor } from "../../tools/policy-config";
import { CapturedResource } from "../../policies/lib/graph";
import { RunResult, stackRun, AS_OF } from "../harness";

/** The committed stack's graph with one resource's inputs changed, as a careless edit would change them. */
function mutate(run: RunResult, type: string, change: (inputs: Record<string, unknown>) => void): RunResult {
  let done = false;
  const resources = run.resources.map((r): CapturedResource => {
    if (done || r.type !== type) return r;
    done = true;
    const inputs = JSON.parse(JSON.stringify(r.inputs));
    change(inputs);
    return { ...r, inputs };
  });
  assert.ok(done, `no ${type} in the graph`);
  return { ...run, resources };
}

describe("policy gates on the real dev and prod graphs", () => {
  for (const stack of ["dev", "prod"] as const) {
    it(`${stack}: the committed stack passes every mandatory rule with its policy config`, async () => {
      const result = await runPolicies(await stackRun(stack), policyConfigFor(stack, AS_OF));
      assert.deepStrictEqual(
        result.verdicts.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy}: ${v.message}`),
        [],
      );
      assert.deepStrictEqual(result.configWarnings, []);
    });
  }

  const insecure: Array<[string, string, (i: Record<string, any>) => void, RegExp]> = [
    [
      "a publicly accessible database instance",
      "aws:rds/clusterInstance:ClusterInstance",
      (i) => {
        i.publiclyAccessible = true;
      },
      /aws-rds-cluster-instance-disallow-public-access/,
    ],
    [
      "an unencrypted cache",
      "aws:elasticache/replicationGroup:ReplicationGroup",
      (i) => {
        i.atRestEncryptionEnabled = false;
        i.transitEncryptionEnabled = false;
      },
      /aws-elasticache-replication-group-require-encryption-(at-rest|in-transit)/,
    ],
    [
      "an unencrypted Aurora cluster",
      "aws:rds/cluster:Cluster",
      (i) => {
        i.storageEncrypted = false;
      },
      /aws-rds-cluster-disallow-unencrypted-storage/,
    ],
    [
      "an EKS API open to the internet",
      "aws:eks/cluster:Cluster",
      (i) => {
        i.vpcConfig.endpointPublicAccess = true;
        i.vpcConfig.publicAccessCidrs = ["0.0.0.0/0"];
      },
      /aws-eks-cluster-restrict-public-endpoint/,
    ],
    [
      "IMDSv1 allowed on nodes",
      "aws:ec2/launchTemplate:LaunchTemplate",
      (i) => {
        i.metadataOptions.httpTokens = "optional";
      },
      /aws-launch-template-require-imdsv2/,
    ],
    [
      "a privileged app container",
      "kubernetes:apps/v1:Deployment",
      (i) => {
        i.spec.template.spec.containers[0].securityContext.privileged = true;
      },
      /kubernetes-workload-disallow-privileged-containers/,
    ],
  ];
  for (const [what, type, change, rule] of insecure) {
    it(`prod with ${what} is blocked, naming the rule and the resource`, async () => {
      const prod = await stackRun("prod");
      const mutated = mutate(prod, type, change);
      const result = await runPolicies(mutated, policyConfigFor("prod", AS_OF));
      const hit = result.verdicts.find((v) => rule.test(v.policy));
      assert.ok(hit, `no verdict from ${rule}; got ${result.verdicts.map((v) => v.policy).join(", ")}`);
      assert.strictEqual(hit!.enforcementLevel, "mandatory");
      assert.strictEqual(hit!.type, type);
      assert.ok(hit!.name, "names the resource");
      assert.ok(result.mandatoryViolations > 0);
    });
  }
});
