/**
 * Bad input as a new user types it: each case fails (exit code ≠ 0 / blocking) with one line that names the key, or
 * the file and line, and what is allowed — never a stack trace, and before any resource is registered.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { loadYaml } from "../../tools/stack-files";
import { preview } from "../../tools/preview-offline";
import { AS_OF, ROOT } from "../harness";

async function refused(overrides: Record<string, unknown>, stack = "dev"): Promise<string[]> {
  const result = await preview({ stack, tree: false, asOf: AS_OF, overrides });
  assert.equal(result.blocking, true);
  assert.equal(result.run.resources.length, 0, "nothing registered");
  return result.text.join("\n").split("\n");
}

/** Like refused(), for a problem found after some resources registered (a check that needs the live account). */
async function refusedAfterStart(overrides: Record<string, unknown>): Promise<string[]> {
  const result = await preview({ stack: "dev", tree: false, asOf: AS_OF, overrides });
  assert.equal(result.blocking, true);
  assert.ok(result.run.error, "the run reports the error");
  return result.text.join("\n").split("\n");
}

describe("bad input: one line naming the key, the value and what is allowed", function () {
  this.timeout(120_000);

  it("an unknown stack: one line listing the stacks, exit 1, no stack trace", () => {
    // As `npm run preview:offline` runs it (node -r tools/ts-cache.js): a fresh process, its exit code and stderr.
    const loader = path.join(ROOT, "tools/ts-cache.js");
    const run = spawnSync(
      process.execPath,
      ["-r", loader, path.join(ROOT, "tools/preview-offline.ts"), "--stack", "qa", "--as-of", AS_OF],
      { cwd: ROOT, encoding: "utf8" },
    );
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr.trim(),
      "error: no stack file Pulumi.qa.yaml (stacks: dev, prod; add one by copying Pulumi.dev.yaml)",
    );
  });

  it("a stack file indented with a tab: the file and line, not the file's text", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "edgestack-yaml-"));
    try {
      const file = path.join(dir, "Pulumi.tab.yaml");
      writeFileSync(file, "config:\n  aws:region: us-east-1\n\tedgestack:environment: dev\n");
      assert.throws(
        () => loadYaml(file),
        (e: Error) =>
          /Pulumi\.tab\.yaml:3: invalid YAML: tab characters must not be used in indentation$/.test(e.message) &&
          !e.message.includes("\n"),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a misspelt namespace, with --set or in a stack file, is refused naming the allowed ones", async () => {
    assert.ok(
      (await refused({ "edgestak:network": { azCount: 9 } })).includes(
        '  edgestak:network: unknown config namespace "edgestak" (allowed: edgestack, aws, cloudflare, kubernetes, random, tls, docker, docker-build, pulumi)',
      ),
    );
  });

  it("a key without a namespace is refused with the key it probably meant", async () => {
    assert.ok(
      (await refused({ network: { azCount: 9 } })).includes(
        "  network: config key without a namespace (did you mean edgestack:network?)",
      ),
    );
  });

  it("unknown keys list what the schema allows, including keys with no default (edge.zone, per-service sizing)", async () => {
    const edge = await refused({ "edgestack:edge": { zoon: "example.com" } });
    assert.ok(
      edge.some((l) => /^ {2}edgestack:edge\.zoon: unknown key \(allowed: .*\bzone\b.*\)$/.test(l)),
      edge.join("\n"),
    );
    const services = await refused({
      "edgestack:services": [
        { name: "items", framework: "fastapi", paths: ["/api/v1/items"], allowedGroups: ["readers"], minReplica: 2 },
      ],
    });
    assert.ok(
      services.some((l) =>
        /^ {2}edgestack:services\[0\]\.minReplica: unknown key \(allowed: .*\bminReplicas\b.*\)$/.test(l),
      ),
      services.join("\n"),
    );
  });

  it("ports outside 1-65535 are refused (tracing collector)", async () => {
    assert.ok(
      (await refused({ "edgestack:mesh": { tracingCollector: "otel:70000" } })).some((l) =>
        /^ {2}edgestack:mesh\.tracingCollector: expected host:port .*\(port 1-65535\), got "otel:70000"$/.test(l),
      ),
    );
  });

  it("the SMTP settings alert email no longer uses are refused by name (it goes through the SNS topic)", async () => {
    const lines = await refused({
      "edgestack:monitoring": { smtp: { smarthost: "email-smtp.us-east-1.amazonaws.com:587" } },
    });
    assert.ok(
      lines.some((l) => /^ {2}edgestack:monitoring\.smtp: unknown key \(allowed: .*\balertEmail\b.*\)$/.test(l)),
      lines.join("\n"),
    );
  });

  it("a database class the price table does not know fails the budget by name instead of costing $0", async () => {
    const result = await preview({
      stack: "prod",
      tree: false,
      asOf: AS_OF,
      overrides: { "edgestack:database": { instanceClass: "db.r7g.4xlarge" } },
    });
    assert.equal(result.blocking, true);
    assert.match(
      result.text.join("\n"),
      /stack-monthly-cost-within-budget\s+\(stack\)\s+\d+ billable resource\(s\) could not be priced, so the budget cannot be checked: .*db\.r7g\.4xlarge/,
    );
  });
  it("a check against the live account that fails inside the program ends the run with its one line (no hang)", async () => {
    const lines = await refusedAfterStart({
      "edgestack:cluster": { access: { clusterCreatorRoleName: "someone-else" } },
    });
    assert.ok(
      lines.some((l) =>
        /cluster\.access\.clusterCreatorRoleName: this deploy creates the cluster as arn:aws:sts::\d{12}:assumed-role\/edgestack-deploy-dev\/.* but clusterCreatorRoleName is "someone-else"/.test(
          l,
        ),
      ),
      lines.join("\n"),
    );
  });
});
