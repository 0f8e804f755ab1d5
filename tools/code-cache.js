// V8 code cache for every CommonJS module a tool loads (the SDKs' JavaScript and our compiled TypeScript), kept in
// node_modules/.cache/edgestack-v8/<V8 version>-<V8 flag hash>/<entry point>.bin (tools/ts-cache.js picks the folder)
// and reused while a file is unchanged.
//
// Why: after tools/ts-cache.js, compiling the ~1,500 modules the offline preview loads (9 MB of it TypeScript's
// compiler, which @pulumi/pulumi loads for closure serialization) was the largest cost left. Node 20 has no
// module.enableCompileCache (added in 22.1). v8-compile-cache-lib (what ts-node ships) asks V8 to produce cache
// data at every compile, even on a hit (Node's `produceCachedData` then serializes every module again) and
// rewrites its whole blob at each exit: measured on the prod preview, that cost ~1 s of CPU of the ~1.3 s the cache
// saved. Here a hit only reads; a module compiled without cache gets its data at exit from
// `script.createCachedData()`, which then also holds the functions the run compiled lazily.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");

// `import(` where a call can stand: not right after a quote (TypeScript's compiler only has it in strings) or as a
// method (`x.import(`). Over-matching only means a module compiles without the cache.
const MAY_IMPORT = /(?:^|[^\w$.'"`])import\s*\(/;
/** Only the repository's modules (its code and node_modules) are cached: a test's temporary module is not. */
const ROOT = path.resolve(__dirname, "..") + path.sep;

// One file: 4-byte length of the JSON index (filename → [sha1, start, end] in the data), the index, the data.
function read(file) {
  try {
    const buf = fs.readFileSync(file);
    const length = buf.readUInt32LE(0);
    return { index: JSON.parse(buf.subarray(4, 4 + length).toString("utf8")), blob: buf.subarray(4 + length) };
  } catch {
    return { index: {}, blob: Buffer.alloc(0) };
  }
}

function install(dir, name) {
  const file = path.join(dir, `${name}.bin`);
  const { index, blob } = read(file);
  /** filename → { hash, script } of modules compiled without a usable cache entry this run. */
  const compiledHere = new Map();

  // As Node's own loader builds `require` for a module (lib/internal/modules/helpers.js makeRequireFunction).
  function makeRequire(mod) {
    const require = (id) => mod.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return require;
  }

  const nodeCompile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    // Node 20 loses a vm.Script's import() callback when its code comes from a cache (the call then throws
    // ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING): a module that may call import() is left to Node's own loader.
    if (MAY_IMPORT.test(content) || !filename.startsWith(ROOT)) return nodeCompile.call(this, content, filename);
    const hash = crypto.createHash("sha1").update(content).digest("hex");
    const entry = index[filename];
    const cachedData = entry && entry[0] === hash ? blob.subarray(entry[1], entry[2]) : undefined;
    const script = new vm.Script(Module.wrap(content.charCodeAt(0) === 35 ? content.replace(/^#!.*/, "") : content), {
      filename,
      cachedData,
    });
    if (!cachedData || script.cachedDataRejected) compiledHere.set(filename, { hash, script });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };

  process.once("exit", () => {
    if (compiledHere.size === 0) return;
    const parts = [];
    const next = {};
    let offset = 0;
    const add = (file, hash, data) => {
      parts.push(data);
      next[file] = [hash, offset, offset + data.length];
      offset += data.length;
    };
    for (const [file, [hash, start, end]] of Object.entries(index)) {
      // Entries of deleted files go (a renamed test file would otherwise stay in the blob for ever).
      if (!compiledHere.has(file) && fs.existsSync(file)) add(file, hash, blob.subarray(start, end));
    }
    for (const [file, { hash, script }] of compiledHere) add(file, hash, script.createCachedData());
    try {
      fs.mkdirSync(dir, { recursive: true });
      const json = Buffer.from(JSON.stringify(next));
      const length = Buffer.alloc(4);
      length.writeUInt32LE(json.length);
      // Several processes (mocha's workers) may save at once: write aside, then rename (atomic; last one wins).
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, Buffer.concat([length, json, ...parts]));
      fs.renameSync(tmp, file);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  });
}

module.exports = { install };
