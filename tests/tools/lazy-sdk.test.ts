import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// Read when this file loads: the worker has loaded the SDK (tests/harness) but nothing has serialized a function yet.
const loadedAtStart = Object.keys(require.cache);
const { defer } = require("../../tools/lazy-sdk.js") as { defer(filename: string): void };

describe("deferred SDK modules (tools/lazy-sdk.js)", () => {
  it("loading the SDK and the program's tools does not load TypeScript's compiler or npm's Arborist", () => {
    require("../harness");
    // The stand-ins sit at the modules' own paths (typescript-shim.js, arborist/lib/index.js); what they defer does not.
    const deferred = /\/typescript\/lib\/typescript\.js$|\/@npmcli\/arborist\/lib\/arborist\//;
    assert.deepStrictEqual(
      [...loadedAtStart, ...Object.keys(require.cache)].filter((f) => deferred.test(f)),
      [],
    );
  });

  it("a deferred module loads on its first read and then answers as itself (reads, `in`, keys)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edgestack-lazy-"));
    try {
      const file = path.join(dir, "heavy.js");
      // Like typescript-shim.js: replaces module.exports; counts its own evaluations.
      fs.writeFileSync(
        file,
        "globalThis.heavyLoads = (globalThis.heavyLoads ?? 0) + 1;\nmodule.exports = { kind: 'real', twice: (x) => 2 * x };\n",
      );
      const loads = () => (globalThis as { heavyLoads?: number }).heavyLoads ?? 0;
      defer(file);
      const heavy = require(file);
      assert.strictEqual(loads(), 0, "requiring it does not evaluate it");
      // codePaths.js wraps Arborist in TypeScript's __importStar, which passes an ES module through untouched.
      assert.strictEqual(heavy.__esModule, true);
      assert.strictEqual(loads(), 0, "__esModule is answered without loading");
      assert.strictEqual(heavy.twice(21), 42);
      assert.strictEqual(loads(), 1);
      assert.ok("kind" in heavy && !("other" in heavy));
      assert.deepStrictEqual(Object.keys(heavy), ["kind", "twice"]);
      heavy.kind = "patched";
      assert.strictEqual(require(file).kind, "patched", "a write reaches the real module");
      assert.strictEqual(require(file).twice, heavy.twice, "later requires get the real module itself");
      assert.strictEqual(loads(), 1, "evaluated once");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // The SDK's own consumers, through the stand-ins (after the first test: these load both modules for real).
  it("pulumi.runtime.serializeFunction still parses with the real TypeScript (runtime/closure/parseFunction.js)", async () => {
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const factor = 6;
    const serialized = await pulumi.runtime.serializeFunction((x: number) => x * factor);
    assert.match(serialized.text, /factor: 6/);
    assert.match(serialized.text, /x \* factor/);
  });

  it("codePaths.js gets the real Arborist class through `__importStar`", () => {
    const arborist = require("@npmcli/arborist");
    assert.strictEqual(arborist.__esModule, true, "__importStar passes the stand-in through instead of copying it");
    assert.strictEqual(typeof arborist.Arborist, "function");
    assert.strictEqual(new arborist.Arborist({ path: os.tmpdir() }).path, os.tmpdir());
  });
});
