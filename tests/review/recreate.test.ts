import { strict as assert } from "assert";
import { ConfigError, parseConfig } from "../../config";
import { ofType, one, stackRun } from "../harness";

/**
 * destroy → up (issue 14 item 7): what a destroyed stack leaves behind must not block the next create. ECR refuses to
 * delete a non-empty repository unless forceDelete, and a deleted secret keeps its name for its recovery window
 * ("already scheduled for deletion"). Dev frees both; prod keeps its images and a restorable, protected secret.
 */
describe("destroy → up: dev frees what a re-create needs, prod stays safe", () => {
    it("dev: every ECR repository is deleted with its images, the cache secret is deleted without a recovery window", async () => {
        const run = await stackRun("dev");
        const repos = ofType(run, "aws:ecr/repository:Repository");
        assert.ok(repos.length >= 2);
        for (const r of repos) assert.equal(r.inputs.forceDelete, true, r.name);
        const secret = one(run, "aws:secretsmanager/secret:Secret", "cache-auth");
        assert.equal(secret.inputs.recoveryWindowInDays, 0);
        assert.equal(secret.protect, false);
    });

    it("prod: a non-empty repository stops the destroy, the cache secret is protected and recoverable for 7 days", async () => {
        const run = await stackRun("prod");
        for (const r of ofType(run, "aws:ecr/repository:Repository")) assert.equal(r.inputs.forceDelete, false, r.name);
        const secret = one(run, "aws:secretsmanager/secret:Secret", "cache-auth");
        assert.equal(secret.inputs.recoveryWindowInDays, 7);
        assert.equal(secret.protect, true);
    });

    it("a recovery window AWS would refuse fails at config time, naming the key and what is allowed", () => {
        const parse = (days: unknown) => parseConfig("edgestack", "dev", {
            environment: "dev",
            edge: JSON.stringify({ zone: "example.com" }),
            monitoring: JSON.stringify({ alertEmail: "ops@example.com" }),
            cache: JSON.stringify({ secretRecoveryDays: days }),
        }, "us-east-1");
        assert.equal(parse(30).cache.secretRecoveryDays, 30);
        for (const bad of [3, 31, -1, "7"]) {
            assert.throws(() => parse(bad), (e: unknown) => e instanceof ConfigError &&
                e.problems.some((p) => p.startsWith("edgestack:cache.secretRecoveryDays: expected 0 (delete at once, the name is free again) or 7 to 30 days")),
                String(bad));
        }
    });
});
