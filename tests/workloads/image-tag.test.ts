import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  ContextFile,
  contextTag,
  isIgnored,
  parseDockerignore,
  readBuildContext,
} from "../../components/workloads/image-tag";

const file = (p: string, content: string, executable = false): ContextFile => ({
  path: p,
  executable,
  content: Buffer.from(content),
});

/** Writes a tree of files under a fresh temporary directory. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "edgestack-ctx-"));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

const APPS = {
  ".dockerignore": "**/__pycache__\n**/*.py[cod]\n# docs\n**/*.md\n",
  "common/edgeapp/settings.py": "X = 1\n",
  "fastapi/Dockerfile": "FROM python:3.12-slim\nCOPY common /app\nCOPY fastapi/app /app/app\n",
  "fastapi/app/main.py": "app = 'fastapi'\n",
  "flask/Dockerfile": "FROM python:3.12-slim\nCOPY common /app\nCOPY flask/app /app/app\n",
  "flask/app/main.py": "app = 'flask'\n",
};

describe("image tag from the build context's content", () => {
  describe(".dockerignore matching (Docker's rules: last match wins, a matching parent directory excludes its files)", () => {
    const rules = parseDockerignore("# comment\n**/__pycache__\n**/*.py[cod]\n/build/\n*.md\n!README.md\nsecrets\n");
    const cases: Array<[string, boolean]> = [
      ["fastapi/app/__pycache__/main.cpython-312.pyc", true],
      ["__pycache__/x.py", true],
      ["fastapi/app/main.pyc", true],
      ["fastapi/app/main.py", false],
      ["build/out.txt", true],
      ["notes.md", true],
      ["README.md", false],
      ["docs/notes.md", false],
      ["secrets/token", true],
      ["app/secrets", false],
    ];
    for (const [p, ignored] of cases) {
      it(`${p} → ${ignored ? "ignored" : "kept"}`, () => assert.strictEqual(isIgnored(p, rules), ignored));
    }
  });

  it("is deterministic and independent of the order files are listed in", () => {
    const a = [file("a.py", "1"), file("b/c.py", "2")];
    assert.strictEqual(contextTag(a, "FROM x"), contextTag([...a].reverse(), "FROM x"));
    assert.match(
      contextTag(a, "FROM x"),
      /^src-[0-9a-f]{16}$/,
      "valid ECR tag, recognisable prefix for the lifecycle policy",
    );
  });

  it("changes when any file, file name, mode, the Dockerfile or the target platform changes", () => {
    const base = [file("a.py", "1"), file("run.sh", "echo")];
    const tag = contextTag(base, "FROM x", { platform: "linux/arm64" });
    const variants = [
      contextTag([file("a.py", "2"), file("run.sh", "echo")], "FROM x", { platform: "linux/arm64" }),
      contextTag([file("a2.py", "1"), file("run.sh", "echo")], "FROM x", { platform: "linux/arm64" }),
      contextTag([file("a.py", "1"), file("run.sh", "echo", true)], "FROM x", { platform: "linux/arm64" }),
      contextTag(base, "FROM y", { platform: "linux/arm64" }),
      contextTag(base, "FROM x", { platform: "linux/amd64" }),
      contextTag([...base, file("new.py", "")], "FROM x", { platform: "linux/arm64" }),
    ];
    for (const v of variants) assert.notStrictEqual(v, tag);
    assert.strictEqual(new Set(variants).size, variants.length);
  });

  it("does not confuse content moved between a file name and its content", () => {
    assert.notStrictEqual(contextTag([file("ab", "c")], "F"), contextTag([file("a", "bc")], "F"));
  });

  it("reads the context as the docker provider does: the context's .dockerignore applies, caches don't change the tag", () => {
    const root = tree(APPS);
    const before = readBuildContext(root, "fastapi/Dockerfile");
    assert.ok(before.files.some((f) => f.path === "common/edgeapp/settings.py"));
    assert.ok(!before.files.some((f) => f.path.endsWith(".md")));
    const tag = contextTag(before.files, before.dockerfile);
    fs.mkdirSync(path.join(root, "fastapi/app/__pycache__"));
    fs.writeFileSync(path.join(root, "fastapi/app/__pycache__/main.cpython-312.pyc"), "bytecode");
    fs.writeFileSync(path.join(root, "CHANGES.md"), "docs only");
    const after = readBuildContext(root, "fastapi/Dockerfile");
    assert.strictEqual(
      contextTag(after.files, after.dockerfile),
      tag,
      "ignored files must not retag (nothing to push)",
    );
    fs.writeFileSync(path.join(root, "fastapi/app/main.py"), "app = 'fastapi v2'\n");
    const changed = readBuildContext(root, "fastapi/Dockerfile");
    assert.notStrictEqual(contextTag(changed.files, changed.dockerfile), tag, "a source change must retag");
  });

  it("a <Dockerfile>.dockerignore takes precedence, so one app can be isolated from changes to the other", () => {
    const root = tree({ ...APPS, "fastapi/Dockerfile.dockerignore": "**/__pycache__\nflask\n" });
    const tagOf = (df: string) => {
      const c = readBuildContext(root, df);
      return contextTag(c.files, c.dockerfile);
    };
    const fastapi = tagOf("fastapi/Dockerfile");
    const flask = tagOf("flask/Dockerfile");
    fs.writeFileSync(path.join(root, "flask/app/main.py"), "app = 'flask v2'\n");
    assert.strictEqual(tagOf("fastapi/Dockerfile"), fastapi, "flask is outside fastapi's context: same tag, no push");
    assert.notStrictEqual(tagOf("flask/Dockerfile"), flask);
    fs.writeFileSync(path.join(root, "common/edgeapp/settings.py"), "X = 2\n");
    assert.notStrictEqual(tagOf("fastapi/Dockerfile"), fastapi, "shared code changes every image that copies it");
  });

  it("fails with the path when the Dockerfile is missing", () => {
    const root = tree({ "fastapi/app/main.py": "" });
    assert.throws(() => readBuildContext(root, "fastapi/Dockerfile"), /no Dockerfile at .*fastapi\/Dockerfile/);
  });
});
