import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  LB_CONTROLLER_CHART,
  lbControllerIamPolicy,
  lbControllerValues,
} from "../../components/workloads/lb-controller-values";
import { input, ofType, stackRun } from "../harness";

interface ChartKeys {
  version: string;
  topLevel: string[];
  nested: Record<string, string[]>;
  passThrough: Record<string, string>;
}
const KEYS = JSON.parse(
  fs.readFileSync(path.join(__dirname, "fixtures", "aws-load-balancer-controller-3.5.0-values-keys.json"), "utf8"),
) as ChartKeys;

const VALUES = lbControllerValues({
  clusterName: "edgestack-prod-eks",
  region: "us-east-1",
  vpcId: "vpc-0abc",
  roleArn: "arn:aws:iam::123456789012:role/lbc",
  defaultTags: { project: "edgestack" },
});

describe("AWS Load Balancer Controller", () => {
  it("pins the eks-charts chart version whose values.yaml keys were verified", () => {
    assert.strictEqual(LB_CONTROLLER_CHART.version, KEYS.version);
    assert.strictEqual(LB_CONTROLLER_CHART.repo, "https://aws.github.io/eks-charts");
  });

  it("sets only keys that exist in the chart's values.yaml", () => {
    const unknown: string[] = [];
    for (const [key, value] of Object.entries(VALUES)) {
      if (!KEYS.topLevel.includes(key)) unknown.push(key);
      else if (value && typeof value === "object" && !Array.isArray(value) && !(key in KEYS.passThrough)) {
        for (const sub of Object.keys(value))
          if (!(KEYS.nested[key] ?? []).includes(sub)) unknown.push(`${key}.${sub}`);
      }
    }
    assert.deepStrictEqual(unknown, []);
  });

  it("values: cluster facts explicit, two replicas with a PDB, IRSA service account, no service mutator webhook", () => {
    assert.deepStrictEqual(
      [VALUES.clusterName, VALUES.region, VALUES.vpcId, VALUES.replicaCount],
      ["edgestack-prod-eks", "us-east-1", "vpc-0abc", 2],
    );
    assert.deepStrictEqual(VALUES.serviceAccount, {
      create: true,
      name: "aws-load-balancer-controller",
      annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/lbc" },
    });
    assert.deepStrictEqual(VALUES.podDisruptionBudget, { maxUnavailable: 1 });
    assert.strictEqual(VALUES.enableServiceMutatorWebhook, false);
    assert.ok((VALUES.resources as any).requests.cpu && (VALUES.resources as any).limits.memory);
  });

  it("IAM policy: the project's official policy (load balancer management, no IAM or wildcard admin)", () => {
    const doc = JSON.parse(lbControllerIamPolicy());
    assert.strictEqual(doc.Version, "2012-10-17");
    const actionsOf = (s: { Action: string | string[] }) => ([] as string[]).concat(s.Action);
    const actions: string[] = doc.Statement.flatMap(actionsOf);
    for (const a of [
      "elasticloadbalancing:CreateLoadBalancer",
      "elasticloadbalancing:RegisterTargets",
      "ec2:AuthorizeSecurityGroupIngress",
      "iam:CreateServiceLinkedRole",
    ]) {
      assert.ok(actions.includes(a), a);
    }
    assert.ok(!actions.some((a) => a === "*" || a.endsWith(":*")), "no wildcard actions");
    const slr = doc.Statement.find((s: any) => actionsOf(s).includes("iam:CreateServiceLinkedRole"));
    assert.deepStrictEqual(slr.Condition, {
      StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" },
    });
  });

  it("in the stack: pinned Release in kube-system with the role its trust policy scopes to the controller's account", async () => {
    const run = await stackRun("prod");
    const release = ofType(run, "kubernetes:helm.sh/v3:Release").find(
      (r) => r.inputs.chart === "aws-load-balancer-controller",
    )!;
    assert.deepStrictEqual(
      [
        release.inputs.chart,
        release.inputs.version,
        input(release, "repositoryOpts.repo"),
        release.inputs.namespace,
        release.inputs.name,
      ],
      [
        "aws-load-balancer-controller",
        "3.5.0",
        "https://aws.github.io/eks-charts",
        "kube-system",
        "aws-load-balancer-controller",
      ],
    );
    assert.strictEqual(input(release, "values.clusterName"), "edgestack-prod-eks");
    assert.match(input(release, "values.vpcId"), /^vpc-/);
    const roleArn = input(release, "values.serviceAccount.annotations")["eks.amazonaws.com/role-arn"];
    assert.match(roleArn, /^arn:aws:iam::\d{12}:role\/lb-controller-irsa/);
    assert.strictEqual(
      input(release, "values.defaultTags").component,
      "ingress",
      "load balancers it creates are costed to the ingress tier",
    );
    const role = ofType(run, "aws:iam/role:Role").find((r) => r.name === "lb-controller-irsa")!;
    const cond = JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Condition.StringEquals;
    assert.ok(
      Object.entries(cond).some(
        ([k, v]) => k.endsWith(":sub") && v === "system:serviceaccount:kube-system:aws-load-balancer-controller",
      ),
    );
    const policy = ofType(run, "aws:iam/policy:Policy").find((p) => p.inputs.policy === lbControllerIamPolicy());
    assert.ok(policy, "the controller's policy is in the stack");
    const attachment = ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").find(
      (a) => a.name === "lb-controller-policy",
    )!;
    assert.ok(release.dependencies.includes(attachment.urn), "the controller starts only once its permissions exist");
  });
});
