/**
 * The service images cannot be built here (no Docker engine), so what they promise is read from the
 * Dockerfiles: pinned base image, non-root numeric user, port, exec-form entrypoint, read-only-root-fs
 * friendly environment, pinned requirements, and COPY sources that exist.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

import { finalStage, instructions, parseDockerfile, parseEnv } from "../../apps/dockerfile";
import { launchPlan } from "../../apps/local-run";
import { repoPath, SERVICES } from "../../config/apps";

describe("Dockerfile reader", () => {
  it("joins continuation lines and skips comments", () => {
    const parsed = instructions("# c\nFROM a\nRUN x \\\n  && y\n\n# d\nUSER 1");
    assert.deepEqual(parsed, [
      ["FROM", "a"],
      ["RUN", "x && y"],
      ["USER", "1"],
    ]);
  });

  it("parses ENV pairs with quotes and expands earlier variables", () => {
    assert.deepEqual(parseEnv(`A=1 B="x y" C='$A'`), { A: "1", B: "x y", C: "$A" });
    const stage = finalStage(parseDockerfile('FROM img AS run\nENV BASE=/opt\nENV PATH="$BASE/bin:$PATH" X=1'));
    assert.equal(stage.env.PATH, "/opt/bin:$PATH");
    assert.equal(stage.name, "run");
  });

  it("rejects the legacy `ENV key value` form and shell-form CMD with messages that say what is expected", () => {
    assert.throws(() => parseEnv("KEY value"), /ENV: expected key=value pairs, got "KEY value"/);
    assert.throws(
      () => parseDockerfile("FROM a\nCMD uvicorn app:app"),
      /CMD: expected exec form \(a JSON array of strings\)/,
    );
  });

  it("records COPY --from and plain COPY separately", () => {
    const stage = finalStage(parseDockerfile("FROM a AS b\nFROM c\nCOPY --from=b /opt/venv /opt/venv\nCOPY x y /dst/"));
    assert.deepEqual(stage.copies, [
      { from: "b", sources: ["/opt/venv"], dest: "/opt/venv" },
      { from: undefined, sources: ["x", "y"], dest: "/dst/" },
    ]);
  });
});

describe("local launch plan (the container's command, run without Docker)", () => {
  it("maps /app and /tmp under the local root and rebinds only host and port", () => {
    const text = fs.readFileSync(repoPath(SERVICES.flask.dockerfile), "utf8");
    const plan = launchPlan(SERVICES.flask, text, {
      root: "/r",
      host: "127.0.0.1",
      port: 9999,
      python: "/usr/bin/python3",
    });
    assert.equal(plan.command, "/bin/sh");
    assert.deepEqual(plan.args, [
      "/r/app/entrypoint.sh",
      "gunicorn",
      "-c",
      "/r/app/gunicorn.conf.py",
      "-b",
      "127.0.0.1:9999",
      "--access-logfile",
      "-",
      "app.main:app",
    ]);
    assert.equal(plan.cwd, "/r/app");
    assert.equal(plan.env.PROMETHEUS_MULTIPROC_DIR, "/r/tmp/prometheus-multiproc");
    assert.ok(plan.links.some((l) => l.path === "/r/app/edgeapp" && l.target === repoPath("apps/common/edgeapp")));
  });
});

const PINNED_BASE = /^python:3\.12\.\d+-slim-[a-z]+$/;

for (const service of Object.values(SERVICES)) {
  describe(`${service.dockerfile} (image contract)`, () => {
    const text = fs.readFileSync(repoPath(service.dockerfile), "utf8");
    const stages = parseDockerfile(text);
    const runtime = finalStage(stages);
    const builder = stages[0];

    it("is multi-stage on one pinned python:3.12.<patch>-slim-<debian> tag, venv copied from the builder", () => {
      assert.ok(stages.length >= 2);
      for (const stage of stages) assert.match(stage.image, PINNED_BASE);
      assert.equal(new Set(stages.map((s) => s.image)).size, 1);
      assert.deepEqual(
        runtime.copies.filter((c) => c.from !== undefined),
        [{ from: builder.name, sources: ["/opt/venv"], dest: "/opt/venv" }],
      );
      assert.ok(builder.runs.some((r) => r.includes("pip install") && r.includes("-r /tmp/requirements.txt")));
    });

    it("runs as the numeric non-root user 10001 and exposes the service port only", () => {
      assert.equal(runtime.user, "10001:10001");
      assert.deepEqual(runtime.expose, [service.port]);
    });

    it("starts the server through the exec-form entrypoint, bound to 0.0.0.0 on the service port", () => {
      assert.deepEqual(runtime.entrypoint, ["/bin/sh", "/app/entrypoint.sh"]);
      const cmd = (runtime.cmd ?? []).join(" ");
      assert.ok(cmd.includes(`0.0.0.0:${service.port}`) || cmd.includes(`--host 0.0.0.0 --port ${service.port}`), cmd);
      const entrypoint = fs.readFileSync(repoPath("apps/common/entrypoint.sh"), "utf8").trim();
      assert.ok(entrypoint.endsWith('exec "$@"'), "the server must replace the shell to receive SIGTERM");
    });

    it("writes only under /tmp (read-only root filesystem) and compiles bytecode at build time", () => {
      for (const key of ["HOME", "TMPDIR", "PROMETHEUS_MULTIPROC_DIR"])
        assert.match(runtime.env[key] ?? "", /^\/tmp(\/|$)/, key);
      assert.equal(runtime.env.PYTHONDONTWRITEBYTECODE, "1");
      assert.ok(runtime.runs.some((r) => r.startsWith("python -m compileall")));
      assert.match(runtime.env.WEB_CONCURRENCY ?? "", /^[1-9]\d*$/);
    });

    it("copies only sources that exist in the build context", () => {
      for (const copy of stages.flatMap((s) => s.copies).filter((c) => c.from === undefined)) {
        for (const source of copy.sources)
          assert.ok(fs.existsSync(path.join(repoPath(service.buildContext), source)), source);
      }
    });

    it("installs a requirements.txt whose every entry is pinned with ==", () => {
      const requirements = fs.readFileSync(repoPath(`apps/${service.name}/requirements.txt`), "utf8");
      const entries = requirements
        .split("\n")
        .map((l) => l.replace(/#.*/, "").trim())
        .filter(Boolean);
      assert.ok(entries.length >= 4);
      // An exact release, pre-releases included (PEP 440 a/b/rc: OpenTelemetry's instrumentations only ship as betas).
      for (const entry of entries)
        assert.match(entry, /^[A-Za-z0-9._-]+(\[[a-z,]+\])?==\d+(\.\d+)*((a|b|rc)\d+)?$/, entry);
      assert.ok(entries.some((e) => e.startsWith("prometheus-client==")));
    });
  });
}

describe("apps/.dockerignore", () => {
  it("keeps caches, TypeScript and env files out of the build context", () => {
    const ignored = fs.readFileSync(repoPath("apps/.dockerignore"), "utf8").split("\n");
    for (const pattern of ["**/__pycache__", "**/*.ts", "**/.env"]) assert.ok(ignored.includes(pattern), pattern);
  });
});
