import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { mockResourceState } from "../../tools/mock-outputs";
import { parseArgs, preview as previewInProcess } from "../../tools/preview-offline";
import { AS_OF, ROOT } from "../harness";

/** Runs the preview as a user does (`npm run preview:offline`: a fresh process, stdout piped). */
function preview(...args: string[]) {
  const loader = path.join(ROOT, "tools/ts-cache.js");
  return spawnSync(
    process.execPath,
    ["-r", loader, path.join(ROOT, "tools/preview-offline.ts"), "--as-of", AS_OF, ...args],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
}

describe("offline preview (as a process)", function () {
  this.timeout(60000);
  // dev: the same code path as prod with a smaller graph (a fresh process runs the program; the in-process tests
  // below cover prod's verdicts).
  let dev: ReturnType<typeof preview>;
  before(() => {
    dev = preview("--stack", "dev", "--json");
  });

  it("--json is one complete JSON document on stdout, even through a pipe (hundreds of KiB)", () => {
    assert.strictEqual(dev.status, 0, dev.stderr);
    assert.ok(dev.stdout.length > 65536, "large enough to catch a truncated pipe");
    const report = JSON.parse(dev.stdout);
    assert.strictEqual(report.stack, "dev");
    assert.ok(report.resourceCount > 200);
    assert.deepStrictEqual(Object.keys(report.sections).sort(), ["cost", "diagnostics", "policy"]);
    assert.strictEqual(report.sections.policy.mandatoryViolations, 0);
    assert.ok(report.sections.cost.totalUsd <= report.sections.cost.budgetUsd);
  });

  it("carries no secret in clear: passwords, tokens and keys appear only as [secret]", () => {
    const report = JSON.parse(dev.stdout);
    const passwords = (function collect(nodes: any[]): string[] {
      return nodes.flatMap((n) => [
        ...(n.type === "random:index/randomPassword:RandomPassword"
          ? [mockResourceState(n.type, n.name, { length: 32 }, "us-east-1").state.result as string]
          : []),
        ...collect(n.children),
      ]);
    })(report.tree);
    assert.ok(passwords.length >= 3, "the graph has generated passwords (cache AUTH, Grafana, JWT)");
    for (const p of passwords) assert.ok(!dev.stdout.includes(p.slice(0, 16)), "a generated password leaked");
    assert.ok(!/BEGIN (EC |RSA )?PRIVATE KEY/.test(dev.stdout), "a private key leaked");
    assert.match(dev.stdout, /"kubeconfig": "\[secret\]"/);
  });

  // In-process from here on: the same code path (preview() is what main() calls), without a new process each.
  it("blocks (exit 1) and names the key on invalid config, before creating anything", async () => {
    const bad = await previewInProcess({
      stack: "dev",
      tree: false,
      asOf: AS_OF,
      overrides: { "edgestack:network": { azCount: 9 } },
    });
    assert.strictEqual(bad.blocking, true);
    assert.strictEqual(bad.run.resources.length, 0);
    assert.match(bad.text.join("\n"), /edgestack:network\.azCount: expected an integer between 2 and 6, got 9/);
  });

  it("blocks naming the rule and the resource when a change breaks a prod safety rule (cache without Multi-AZ failover)", async () => {
    const run = await previewInProcess({
      stack: "prod",
      tree: false,
      asOf: AS_OF,
      overrides: { "edgestack:cache": { multiAz: false, nodes: 1 } },
    });
    assert.strictEqual(run.blocking, true);
    assert.match(
      run.text.join("\n"),
      /mandatory\s+high\s+aws-elasticache-replication-group-require-multi-az-failover\s+ReplicationGroup cache/,
    );
  });

  it("parses its arguments strictly", () => {
    assert.deepStrictEqual(parseArgs(["--stack", "prod", "--json", "--set", "a:b=1"], AS_OF), {
      stack: "prod",
      json: true,
      overrides: { "a:b": 1 },
      tree: true,
      asOf: AS_OF,
    });
    assert.strictEqual(parseArgs(["--as-of", "2030-01-01"], AS_OF).asOf, "2030-01-01");
    assert.throws(
      () => parseArgs(["--as-of", "2030-1-1"], AS_OF),
      /--as-of: expected an ISO date YYYY-MM-DD, got "2030-1-1"/,
    );
    assert.throws(() => parseArgs(["--nope"], AS_OF), /unknown argument "--nope"/);
    assert.throws(() => parseArgs(["--set", "novalue"], AS_OF), /--set expects key=value/);
  });

  it("judges version support on the --as-of day: prod on EKS 1.35 passes today and is blocked on 2030-01-01 naming the date", async () => {
    const later = await previewInProcess({ stack: "prod", tree: false, asOf: "2030-01-01", overrides: {} });
    assert.strictEqual(later.run.error, undefined, "the program itself still runs: support is policy, not config");
    assert.strictEqual(later.blocking, true);
    assert.match(
      later.text.join("\n"),
      /mandatory\s+high\s+aws-eks-cluster-require-standard-support\s+Cluster \S+\s+EKS Kubernetes 1\.35 left standard support on 2027-03-27 \(as of 2030-01-01\)/,
    );
  });
});
