import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ROOT } from "../harness";

// Read when this file loads: the worker has loaded the SDK (tests/harness) but nothing has serialized a function yet.
const loadedAtStart = Object.keys(require.cache);

describe("deferred SDK modules (tools/lazy-sdk.js)", () => {
  it("loading the SDK and the program's tools does not load TypeScript's compiler or npm's Arborist", () => {
    // The stand-ins sit at the modules' own paths (typescript-shim.js, arborist/lib/index.js); what they defer does not.
    const deferred = /\/typescript\/lib\/typescript\.js$|\/@npmcli\/arborist\/lib\/arborist\//;
    const heavy = loadedAtStart.filter((f) => deferred.test(f));
    assert.deepStrictEqual(heavy, []);
  });

  it("a program that serializes a function still gets the real TypeScript parser", async () => {
    const factor = 6;
    const serialized = await pulumi.runtime.serializeFunction((x: number) => x * factor);
    assert.match(serialized.text, /factor: 6/);
    assert.match(serialized.text, /x \* factor/);
  });

  it("Arborist is the real class through the stand-in (codePaths.js reads it via `__importStar`)", () => {
    const arborist = require("@npmcli/arborist");
    assert.strictEqual(arborist.__esModule, true, "__importStar passes the stand-in through instead of copying it");
    assert.strictEqual(new arborist.Arborist({ path: ROOT }).path, ROOT);
  });
});
