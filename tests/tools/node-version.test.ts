/**
 * One Node version everywhere: the lowest Node that package.json's `engines` admits, the workflows' node-version and
 * every installed package's declared `engines.node` must agree (npm ci then prints no EBADENGINE warning).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";
import { ROOT } from "../harness";

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const lowest = semver.minVersion(pkg.engines.node)!.version;

describe("Node version", () => {
  it("every locked package admits the lowest Node that engines allows", () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
    const refusing = Object.entries(lock.packages as Record<string, { engines?: { node?: string } }>)
      .filter(([, p]) => typeof p.engines?.node === "string" && !semver.satisfies(lowest, p.engines.node))
      .map(([name, p]) => `${name} (${p.engines!.node})`);
    assert.deepEqual(refusing, [], `packages that refuse Node ${lowest}`);
  });

  it("the workflows run a Node that engines allows", () => {
    const dir = path.join(ROOT, ".github/workflows");
    for (const file of fs.readdirSync(dir)) {
      for (const m of fs.readFileSync(path.join(dir, file), "utf8").matchAll(/node-version:\s*"?([\d.]+)"?/g)) {
        assert.ok(
          semver.satisfies(semver.coerce(m[1])!.version, pkg.engines.node) ||
            semver.intersects(`${m[1]}.x`, pkg.engines.node),
          `${file}: node-version ${m[1]} vs engines ${pkg.engines.node}`,
        );
      }
    }
  });
});
