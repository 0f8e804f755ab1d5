import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { SECRET_KEYS } from "../../config";
import { configKeys, FILE, undocumentedKeys, updateReference } from "../../tools/config-reference";
import { ROOT } from "../harness";

describe("configuration reference", () => {
  it("documents every key of the schema", () => {
    assert.deepStrictEqual(undocumentedKeys(), [], 'describe each key on the schema with .describe("...")');
  });

  it("docs/configuration.md's table is the generated one (run `npm run docs:config` after changing config)", () => {
    const doc = fs.readFileSync(FILE, "utf8");
    assert.strictEqual(doc, updateReference(doc));
  });

  it("Pulumi.yaml declares only keys the program knows, and never one the CLI would then require", () => {
    const project = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as {
      config: Record<string, { type: string; default?: unknown }>;
    };
    const known = new Set([...configKeys().map((k) => k.key.split(/[.[]/)[0]), ...SECRET_KEYS]);
    for (const [key, decl] of Object.entries(project.config)) {
      assert.ok(known.has(key), `Pulumi.yaml declares unknown key ${key}`);
      assert.ok(
        ["string", "boolean", "integer", "array"].includes(decl.type),
        `${key}: Pulumi schema types are string|boolean|integer|array`,
      );
    }
    // A declared key without default is required by the CLI: only `environment` may be (every stack sets it).
    const required = Object.entries(project.config)
      .filter(([, d]) => d.default === undefined)
      .map(([k]) => k);
    assert.deepStrictEqual(required, ["environment"]);
    for (const stack of ["dev", "prod"]) {
      const file = yaml.load(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as {
        config: Record<string, unknown>;
      };
      assert.strictEqual(file.config["edgestack:environment"], stack);
    }
  });
});
