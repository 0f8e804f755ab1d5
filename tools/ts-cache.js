// Loads the project's TypeScript as CommonJS from a compiled cache: `node -r ./tools/ts-cache.js tools/x.ts`.
//
// Why not tsx for the offline preview and the tests: a profile of the prod preview spent more time in tsx's ESM
// loader thread and in source-map stack formatting than in the program itself. The Pulumi SDK formats a full
// `new Error().stack` for every resource (Resource.callsites in @pulumi/pulumi/resource.js, for sourcePosition,
// and debuggablePromise for every RPC); with source maps on (tsx turns them on) each frame goes through Node's
// source-map lookup. Here each .ts file is transpiled once with esbuild (the compiler tsx itself uses, same
// options) into node_modules/.cache/edgestack-ts/<sha256 of source + options>.js and reused while the source is
// unchanged; no ESM hooks, and source maps stay off unless asked for: EDGESTACK_SOURCE_MAPS=1 (or
// --enable-source-maps) maps stack traces to the .ts lines (the cached files carry inline maps) at some speed cost.
// The real CLI path is untouched: Pulumi's nodejs language host loads index.ts through ts-node (Pulumi.yaml
// `typescript: true`).
//
// Second cache: V8's code cache for every module loaded, the SDKs' JavaScript included (tools/code-cache.js). It
// compiles modules itself, so Node never registers their source maps: it stays off when source maps are asked for,
// and EDGESTACK_CODE_CACHE=0 turns it off.
//
// Also defers the SDK's closure-serialization modules until used (tools/lazy-sdk.js).
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
require("./lazy-sdk");

const ROOT = path.resolve(__dirname, "..");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "edgestack-ts");

const SOURCE_MAPS =
  process.env.EDGESTACK_SOURCE_MAPS === "1" ||
  [...process.execArgv, ...(process.env.NODE_OPTIONS || "").split(/\s+/)].includes("--enable-source-maps");
if (SOURCE_MAPS) {
  process.setSourceMapsEnabled(true);
} else if (process.env.EDGESTACK_CODE_CACHE !== "0") {
  // One cache per entry point (the preview, a mocha worker and a tool load different module sets) and per V8 flag
  // hash: V8 rejects code cached under other V8 flags (the test script gives mocha's workers a larger young
  // generation). The hash is read from the header of a one-line script's cache data (V8 11 SerializedCodeData: flag
  // hash at byte 12), so Node's own options (-r, --no-warnings, --inspect) do not split the cache.
  const flagHash = new (require("vm").Script)("0").createCachedData().readUInt32LE(12).toString(16);
  require("./code-cache").install(
    path.join(ROOT, "node_modules", ".cache", "edgestack-v8", `${process.versions.v8}-${flagHash}`),
    path.basename(process.argv[1] || "repl"),
  );
}
const TSCONFIG = fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8");

/** Same transform options as tsx 4 (dist/register-*.cjs): CommonJS, keepNames, node target; plus our tsconfig. */
function options(filename) {
  return {
    loader: "ts",
    format: "cjs",
    platform: "node",
    target: `node${process.versions.node}`,
    keepNames: true,
    sourcefile: filename,
    sourcemap: "inline",
    tsconfigRaw: TSCONFIG,
  };
}

// The key does not depend on the esbuild module being loaded (that costs ~50 ms): its version is read from its
// package.json once.
const ESBUILD_VERSION = JSON.parse(fs.readFileSync(require.resolve("esbuild/package.json"), "utf8")).version;
const KEY_SALT = [ESBUILD_VERSION, process.versions.node, TSCONFIG].join("\0");

function compiled(filename, source) {
  const key = crypto
    .createHash("sha256")
    .update(KEY_SALT)
    .update("\0")
    .update(filename)
    .update("\0")
    .update(source)
    .digest("hex");
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    // Not compiled yet (or the source changed): compile and store.
  }
  const { code } = require("esbuild").transformSync(source, options(filename));
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  // Parallel test workers may compile the same file: write aside, then rename (atomic on one filesystem).
  const tmp = `${cached}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, cached);
  return code;
}

Module._extensions[".ts"] = function loadTypeScript(module, filename) {
  module._compile(compiled(filename, fs.readFileSync(filename, "utf8")), filename);
};
