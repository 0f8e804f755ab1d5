/**
 * The project's files as the Pulumi CLI reads them: Pulumi.yaml's name and each Pulumi.<stack>.yaml's `config:`
 * block. Kept apart from the harness (which loads the Pulumi SDK, ~1 s) so that a tool can answer bad input, such as
 * an unknown stack or a stack file that is not YAML, before loading it.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..");

export function readProjectName(): string {
  const project = loadYaml(path.join(ROOT, "Pulumi.yaml")) as { name: string };
  return project.name;
}

/** The stack file's `config:` block as the CLI hands it to the program: full keys, objects as JSON strings. */
export function readStackConfig(stack: string): Record<string, unknown> {
  const file = path.join(ROOT, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file))
    throw new Error(
      `no stack file ${path.relative(ROOT, file)} (stacks: ${listStacks().join(", ")}; add one by copying Pulumi.dev.yaml)`,
    );
  const doc = loadYaml(file) as { config?: Record<string, unknown> } | null;
  return doc?.config ?? {};
}

/** Parses a YAML file; a syntax error becomes one line naming the file and line (js-yaml's mark is 0-based). */
export function loadYaml(file: string): unknown {
  try {
    return yaml.load(fs.readFileSync(file, "utf8"));
  } catch (e) {
    if (e instanceof yaml.YAMLException)
      throw new Error(`${path.relative(ROOT, file)}:${(e.mark?.line ?? 0) + 1}: invalid YAML: ${e.reason}`);
    throw e;
  }
}

export function listStacks(): string[] {
  return fs
    .readdirSync(ROOT)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => !!s);
}
