import * as assert from "assert";
import { REPLACEMENT_RULES, replacementRule } from "../../tools/replacement-risk";
import { ignoreChangesProblem } from "../review/sdk-schema";

describe("replacement risk table", () => {
  it("every row names an input the installed @pulumi/aws declares, and cites a pinned Terraform schema file", () => {
    for (const r of REPLACEMENT_RULES) {
      assert.strictEqual(ignoreChangesProblem(r.type, r.property), undefined, `${r.type} ${r.property}`);
      assert.match(
        r.source,
        /^https:\/\/github\.com\/hashicorp\/terraform-provider-aws\/blob\/[0-9a-f]{40}\/internal\/service\/\S+\.go \(/,
      );
    }
  });

  it("conditional rows only fire when their condition holds", () => {
    const rule = (type: string, p: string, o: Record<string, unknown>, n: Record<string, unknown>) =>
      replacementRule(type, p, o, n)?.property;
    const rg = "aws:elasticache/replicationGroup:ReplicationGroup";
    assert.strictEqual(rule(rg, "engine", { engine: "valkey" }, { engine: "redis" }), "engine");
    assert.strictEqual(
      rule(rg, "engine", { engine: "redis" }, { engine: "valkey" }),
      undefined,
      "redis → valkey upgrades in place",
    );
    assert.strictEqual(rule(rg, "engineVersion", { engineVersion: "8.2" }, { engineVersion: "7.1" }), "engineVersion");
    assert.strictEqual(rule(rg, "engineVersion", { engineVersion: "7.1" }, { engineVersion: "8.2" }), undefined);
    assert.strictEqual(
      rule("aws:eks/cluster:Cluster", "vpcConfig.subnetIds", {}, {}),
      undefined,
      "EKS subnets update in place",
    );
    assert.strictEqual(rule("aws:ec2/subnet:Subnet", "tags.component", {}, {}), undefined);
    assert.strictEqual(
      rule("aws:ecr/repository:Repository", "encryptionConfigurations[0].kmsKey", {}, {}),
      "encryptionConfigurations",
    );
  });
});
