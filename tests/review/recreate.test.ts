import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ConfigError, parseConfig } from "../../config";
import { ofType, one, ROOT, stackRun } from "../harness";

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
    const parse = (days: unknown) =>
      parseConfig(
        "edgestack",
        "dev",
        {
          environment: "dev",
          edge: JSON.stringify({ zone: "example.com" }),
          monitoring: JSON.stringify({ alertEmail: "ops@example.com" }),
          cache: JSON.stringify({ secretRecoveryDays: days }),
        },
        "us-east-1",
      );
    assert.equal(parse(30).cache.secretRecoveryDays, 30);
    for (const bad of [3, 31, -1, "7"]) {
      assert.throws(
        () => parse(bad),
        (e: unknown) =>
          e instanceof ConfigError &&
          e.problems.some((p) =>
            p.startsWith(
              "edgestack:cache.secretRecoveryDays: expected 0 (delete at once, the name is free again) or 7 to 30 days",
            ),
          ),
        String(bad),
      );
    }
  });
});

/**
 * docs/crd-upgrades.md against the graph: every Helm release either stack installs has a row with its exact pinned
 * version, and every chart whose row says its CRDs are applied by hand has the pinned `helm show crds` command.
 * A version bump without its CRD procedure fails here.
 */
describe("docs/crd-upgrades.md covers every chart the program installs, at the pinned version", () => {
  it("a table row per release (chart and version), and the helm show crds command where Helm does not upgrade them", async () => {
    const doc = fs.readFileSync(path.join(ROOT, "docs", "crd-upgrades.md"), "utf8");
    const rows = doc.split("\n").filter((l) => l.startsWith("| `"));
    const releases = [...(await stackRun("dev")).resources, ...(await stackRun("prod")).resources]
      .filter((r) => r.type === "kubernetes:helm.sh/v3:Release")
      .map((r) => ({
        chart: String(r.inputs.chart),
        version: String(r.inputs.version),
        repo: String((r.inputs.repositoryOpts as { repo?: string } | undefined)?.repo ?? ""),
      }));
    assert.ok(releases.length >= 6, releases.map((r) => r.chart).join());
    for (const { chart, version, repo } of releases) {
      const short = chart.split("/").pop()!;
      const row = rows.find((l) => l.split("|")[1].includes(`\`${short}\``));
      assert.ok(row, `no row for chart ${chart}`);
      assert.equal(row.split("|")[2].trim(), version, `${chart}: the row's version is the pinned one`);
      if (/apply before the bump/.test(row)) {
        const ref = chart.startsWith("oci://") ? chart : `${repoAlias(doc, repo)}/${chart}`;
        assert.ok(
          doc.includes(`helm show crds ${ref} --version ${version} |`),
          `${chart}: pinned helm show crds command`,
        );
      }
    }
  });
});

/** The alias the doc's `helm repo add <alias> <url>` gives a repository URL. */
function repoAlias(doc: string, url: string): string {
  const line = doc.split("\n").find((l) => l.startsWith("helm repo add ") && l.trim().endsWith(` ${url}`));
  assert.ok(line, `no helm repo add line for ${url}`);
  return line.split(" ")[3];
}
