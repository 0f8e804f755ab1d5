/** What a real first deploy and later upgrades need from the cluster tier: version moves, access, reachability. */
import * as assert from "assert";
import { accessEntryPlan, creatorError } from "../../components/cluster/access";
import { renderKubeconfig } from "../../components/cluster/kubeconfig";
import { clusterVersionIssues, runningVersionError } from "../../components/cluster/versions";
import { ConfigError, parseConfig } from "../../config";
import { runPolicies } from "../../policies/runner";
import { policyConfigFor } from "../../tools/policy-config";
import { AS_OF, runProgram } from "../harness";

const BASE: Record<string, string> = {
  environment: "prod",
  edge: JSON.stringify({ zone: "example.com" }),
  monitoring: JSON.stringify({ alertEmail: "ops@example.com" }),
};
function problems(cluster: Record<string, unknown>): string[] {
  try {
    parseConfig("edgestack", "prod", { ...BASE, cluster: JSON.stringify(cluster) }, "us-east-1");
    return [];
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.problems;
  }
}

describe("cluster version moves (one minor forward from what runs)", () => {
  it("accepts the running version and the next minor", () => {
    assert.deepStrictEqual(problems({ version: "1.34", pinned: { version: "1.34" } }), []);
    assert.deepStrictEqual(problems({ version: "1.35", pinned: { version: "1.34" } }), []);
  });
  it("refuses a downgrade and a skipped minor, naming cluster.pinned.version", () => {
    assert.deepStrictEqual(problems({ version: "1.33", pinned: { version: "1.34" } }), [
      'edgestack:cluster.version: expected "1.34" (cluster.pinned.version, the version the control plane runs) or "1.35": EKS never downgrades a control plane; after each upgrade set cluster.pinned.version to the new version, got "1.33"',
    ]);
    assert.match(
      clusterVersionIssues({ version: "1.35", pinned: { version: "1.33" } })[0].message,
      /EKS upgrades one minor version at a time/,
    );
  });
  it("stops a deploy whose control plane AWS upgraded past cluster.version, telling which keys to set", () => {
    assert.strictEqual(runningVersionError("c", "1.35", undefined), undefined, "no cluster yet");
    assert.strictEqual(runningVersionError("c", "1.35", "1.34"), undefined, "an upgrade in progress");
    assert.strictEqual(runningVersionError("c", "1.35", "1.35"), undefined);
    assert.strictEqual(
      runningVersionError("edgestack-prod-eks", "1.34", "1.35"),
      'cluster.version: edgestack-prod-eks runs Kubernetes 1.35 (upgraded outside Pulumi, e.g. by AWS at the end of standard support) but cluster.version is "1.34"; ' +
        'EKS cannot downgrade: run `pulumi refresh`, then set cluster.version and cluster.pinned.version to "1.35"',
    );
  });
});

describe("cluster access", () => {
  it("one entry per principal, strongest access kept, none for the creator EKS already admitted", () => {
    const plan = accessEntryPlan({
      deployRoleName: "ci",
      clusterCreatorRoleName: "bootstrap",
      adminRoleNames: ["ops", "ci"],
      viewerRoleNames: ["ops", "audit", "drift"],
      readAllRoleNames: ["drift"],
    });
    assert.deepStrictEqual(
      plan.map((p) => [p.roleName, p.role, p.policyArn.split("/").pop()]),
      [
        ["ci", "deploy", "AmazonEKSClusterAdminPolicy"],
        ["ops", "admin", "AmazonEKSClusterAdminPolicy"],
        ["drift", "read-all", "AmazonEKSAdminViewPolicy"],
        ["audit", "viewer", "AmazonEKSViewPolicy"],
      ],
    );
    assert.deepStrictEqual(
      accessEntryPlan({
        deployRoleName: "ci",
        clusterCreatorRoleName: "ci",
        adminRoleNames: [],
        viewerRoleNames: [],
        readAllRoleNames: [],
      }),
      [],
    );
  });
  it("before the cluster exists, the deployer must be the role config names as its creator", () => {
    const ci = "arn:aws:sts::123456789012:assumed-role/edgestack-deploy-prod/GitHubActions";
    assert.strictEqual(creatorError(ci, "edgestack-deploy-prod"), undefined);
    assert.strictEqual(
      creatorError(
        "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0a1b/jo",
        "aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0a1b",
      ),
      undefined,
    );
    assert.strictEqual(
      creatorError("arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0a1b/jo", "edgestack-deploy-prod"),
      "cluster.access.clusterCreatorRoleName: this deploy creates the cluster as arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0a1b/jo, which EKS makes its bootstrap admin, " +
        'but clusterCreatorRoleName is "edgestack-deploy-prod": set it to "AWSReservedSSO_Admin_0a1b" (with its path, if any) or deploy as "edgestack-deploy-prod"',
    );
    assert.match(
      creatorError("arn:aws:iam::123456789012:user/ci", "edgestack-deploy-prod")!,
      /create the cluster as an IAM role/,
    );
  });
  it("refuses role names IAM would not accept", () => {
    assert.match(
      problems({ access: { deployRoleName: "arn:aws:iam::1:role/x" } })[0],
      /^edgestack:cluster\.access\.deployRoleName: expected an IAM role name/,
    );
  });
  it("the kubeconfig authenticates as whoever runs it (aws eks get-token, no role or profile baked in)", () => {
    const user = JSON.parse(renderKubeconfig("c", "https://x", "Y2E=", "us-east-1")).users[0].user.exec;
    assert.deepStrictEqual(
      [user.command, ...user.args],
      ["aws", "eks", "get-token", "--cluster-name", "c", "--region", "us-east-1", "--output", "json"],
    );
    assert.strictEqual(user.env, undefined);
  });
});

describe("deployer reachability gate on a real graph", function () {
  this.timeout(180_000); // one program run; the machine is shared
  it("prod with a private-only endpoint and no in-VPC path fails the mandatory check, naming the keys", async () => {
    const run = await runProgram({ stack: "prod", config: { "edgestack:cluster": { apiAccess: { fromVpc: false } } } });
    const result = await runPolicies(run, policyConfigFor("prod", AS_OF));
    const hit = result.verdicts.filter((v) => v.policy === "aws-eks-cluster-api-reachable-by-deployer");
    assert.strictEqual(hit.length, 1);
    assert.strictEqual(hit[0].enforcementLevel, "mandatory");
    assert.match(hit[0].message, /private-only API endpoint .*cluster\.apiAccess\.fromVpc.*cluster\.publicAccessCidrs/);
  });
});
