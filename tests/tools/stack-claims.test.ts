/** A third environment from data alone: hosts default to the stack name, and stacks never claim each other's hosts or zone. */
import assert from "node:assert/strict";
import { claimConflicts, claimOf, configOf, stackConflicts } from "../../tools/stack-claims";
import { policyConfigFor } from "../../tools/policy-config";
import { readStackConfig } from "../../tools/stack-files";
import { AS_OF, runProgram } from "../harness";

/** The claim of a stack named `stack` whose file is a copy of `file`'s (`cp Pulumi.<file>.yaml Pulumi.<stack>.yaml`). */
const claimAs = (stack: string, file: string) => claimOf(stack, configOf(stack, {}, file))!;

describe("stack claims: hostnames and zone ownership across stacks", () => {
  const dev = claimAs("dev", "dev");
  const prod = claimAs("prod", "prod");

  it("the committed stacks claim distinct hosts and only prod manages the zone", () => {
    assert.deepEqual(dev.hosts, ["dev.example.com", "www-dev.example.com", "api-dev.example.com"]);
    assert.deepEqual(prod.hosts, ["example.com", "www.example.com", "api.example.com"]);
    assert.deepEqual([dev.managesZone, prod.managesZone], [false, true]);
    assert.deepEqual([...stackConflicts("dev"), ...stackConflicts("prod")], []);
  });

  it("a staging copied from dev gets its own hosts from its name and collides with nobody", () => {
    const staging = claimAs("staging", "dev");
    assert.deepEqual(staging.hosts, ["staging.example.com", "www-staging.example.com", "api-staging.example.com"]);
    assert.deepEqual(claimConflicts(staging, [dev, prod]), []);
  });

  it("the program runs for a staging whose file is dev's copy: its own hosts and its own deploy role", async function () {
    this.timeout(300_000);
    const run = await runProgram({ stack: "staging", ignoreStackFile: true, config: readStackConfig("dev") });
    assert.equal(run.error, undefined, String(run.error));
    assert.deepEqual((run.outputs.edge as { urls: string[] }).urls, [
      "https://staging.example.com",
      "https://www-staging.example.com",
      "https://api-staging.example.com",
    ]);
  });

  it("a staging copied from prod is refused: it claims prod's hosts and the zone, each in one line naming the key", () => {
    assert.deepEqual(claimConflicts(claimAs("staging", "prod"), [dev, prod]), [
      "stacks staging and prod both claim example.com, www.example.com, api.example.com: set a distinct edge.hostPrefix in Pulumi.staging.yaml (default: the stack name)",
      "stacks staging and prod both manage zone example.com: exactly one stack may set edge.manageZone: true (set it false in Pulumi.staging.yaml)",
    ]);
  });

  it("a --set that points dev at prod's hosts is refused too", () => {
    assert.equal(stackConflicts("dev", { "edgestack:edge": { zone: "example.com", hostPrefix: "" } }).length, 1);
  });

  it("the policy config comes from the stack's environment with its own name filled in", () => {
    const config = policyConfigFor("dev", AS_OF);
    assert.deepEqual(config["aws-security-group-disallow-public-ingress"].allowedPublicSecurityGroupPrefixes, [
      "edgestack-dev-ingress",
    ]);
    assert.equal(config["aws-eks-cluster-require-standard-support"].asOfDate, AS_OF);
  });
});
