// Defers two modules @pulumi/pulumi loads at start-up for closure serialization (pulumi.runtime.serializeFunction,
// computeCodePaths) until something reads them: TypeScript's compiler (runtime/closure/parseFunction.js requires
// ../../typescript-shim, 9 MB) and npm's Arborist (runtime/closure/codePaths.js requires @npmcli/arborist, which
// pulls in pacote and the npm registry client). The program serializes no function, so the offline preview and the
// test workers never load either: measured on the prod preview (@pulumi/pulumi 3.248.0), ~0.4 s less per process.
//
// Each is replaced in Node's module cache by a stand-in whose exports forward every read and write to the real
// module, required on first use; so a program that does serialize a function behaves as before. `__esModule` answers
// true without loading: codePaths.js wraps Arborist in `__importStar`, which would otherwise copy every export at
// once. The stand-in is an object: Arborist's own exports are its class, which the SDK reads as `.Arborist` (a caller
// doing `new (require("@npmcli/arborist"))()` would need the real module; nothing in these processes does).
// Loaded by tools/ts-cache.js, so only the offline tools and the tests use it; the real CLI path never does.
"use strict";
const Module = require("module");
const path = require("path");

/** Puts a stand-in for the module at `filename` in Node's cache; the real one is required on the first read. */
function defer(filename) {
  let real;
  const load = () => {
    if (!real) {
      delete Module._cache[filename];
      real = require(filename);
    }
    return real;
  };
  const stub = new Module(filename);
  stub.filename = filename;
  stub.loaded = true;
  stub.exports = new Proxy(
    {},
    {
      get: (_, key) => (key === "__esModule" ? true : Reflect.get(load(), key)),
      set: (_, key, value) => Reflect.set(load(), key, value),
      has: (_, key) => Reflect.has(load(), key),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        return descriptor && { ...descriptor, configurable: true }; // a proxy may not report what its target lacks
      },
    },
  );
  Module._cache[filename] = stub;
}

const SDK = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [path.resolve(__dirname, "..")] }));
for (const request of ["./typescript-shim", "@npmcli/arborist"]) {
  try {
    defer(require.resolve(request, { paths: [SDK] }));
  } catch {
    // a later SDK without it: nothing to defer
  }
}

module.exports = { defer };
