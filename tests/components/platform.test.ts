import * as assert from "assert";
import { REQUIRED_TAG_KEYS } from "../../components/platform";
import { effectiveTags, isTaggableAwsType, stackRun } from "../harness";

describe("Platform", () => {
  for (const stack of ["dev", "prod"] as const) {
    it(`${stack}: every taggable AWS resource carries project, environment, component, managed-by, cost-center`, async () => {
      const run = await stackRun(stack);
      const taggable = run.resources.filter((r) => r.custom && isTaggableAwsType(r.type));
      assert.ok(taggable.length > 20, `found ${taggable.length} taggable resources`);
      const missing = taggable.flatMap((r) => {
        const tags = effectiveTags(run, r);
        return REQUIRED_TAG_KEYS.filter((k) => !tags[k]).map((k) => `${r.type} ${r.name}: no ${k}`);
      });
      assert.deepStrictEqual(missing, []);
      const vpc = taggable.find((r) => r.type === "aws:ec2/vpc:Vpc")!;
      assert.deepStrictEqual(Object.fromEntries(REQUIRED_TAG_KEYS.map((k) => [k, effectiveTags(run, vpc)[k]])), {
        project: "edgestack",
        environment: stack,
        component: "network",
        "managed-by": "pulumi",
        "cost-center": "platform",
      });
    });
  }

  it("knows which AWS types are taggable from the installed SDK typings", () => {
    assert.strictEqual(isTaggableAwsType("aws:ec2/vpc:Vpc"), true);
    assert.strictEqual(isTaggableAwsType("aws:ec2/routeTableAssociation:RouteTableAssociation"), false);
    assert.strictEqual(isTaggableAwsType("aws:iam/rolePolicyAttachment:RolePolicyAttachment"), false);
  });

  it("node instances and volumes get the tags through the launch template (defaultTags do not reach them)", async () => {
    const run = await stackRun("prod");
    const lt = run.resources.find((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate")!;
    const specs = lt.inputs.tagSpecifications as Array<{ resourceType: string; tags: Record<string, string> }>;
    assert.deepStrictEqual(
      specs.map((s) => s.resourceType),
      ["instance", "volume", "network-interface"],
    );
    assert.ok(specs.every((s) => REQUIRED_TAG_KEYS.every((k) => s.tags[k])));
  });

  it("outputs hold no secret in clear", async () => {
    const run = await stackRun("prod");
    assert.strictEqual(run.outputs.kubeconfig, "[secret]");
    assert.ok(!JSON.stringify(run).includes("BEGIN EC PRIVATE KEY"));
  });
});
