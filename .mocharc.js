// Mocha: every tests/**/*.test.ts, in parallel on 2 workers (the CI machines have 2 cores; a third worker costs
// more CPU loading the SDK than it wins in overlap: cold 36.0 vs 34.7 s wall, measured 2026-12-04), the spec
// reporter plus the "N passed, N failed" line CI reads.
// The files with the longest wall time go first (longest-first scheduling: a worker that picks a 6 s file last
// leaves the other core idle that long); every other file follows in path order. A name below that no longer
// exists fails the run, so the list cannot rot silently.
// The workers get a larger young generation from the `test` script in package.json (`node --max-semi-space-size=64
// --min-semi-space-size=16 …/mocha.js`; mocha's workers inherit the parent's execArgv): a program run keeps most of
// what it allocates until it ends, and with V8's default semi-space (grown from 1 MB to 16 MB) the scavenges copy it
// again and again. Measured on cold runs, 2026-12-04: the workers' minor-GC pauses went from 8.2-9.4 s to 4.8-5.2 s
// and their CPU from 31.9-36.3 s to 28.7-33.9 s; a single preview does not gain, so the tools keep V8's defaults.
// Not mocha's `node-option`: mocha then starts node a second time, which does not pass SIGTERM on to the run.
"use strict";
const fs = require("fs");
const path = require("path");

const SLOW_FIRST = [
  "tests/capacity/karpenter-program.test.ts",
  "tests/apps/readiness-postgres.test.ts",
  "tests/tools/preview-offline.test.ts",
  "tests/apps/flask.test.ts",
  "tests/apps/fastapi.test.ts",
  "tests/apps/readiness-edge.test.ts",
  "tests/monitoring/promtool.test.ts",
  "tests/tools/bad-input.test.ts",
  "tests/policies/stack-gates.test.ts",
];

function testFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return testFiles(full);
      return e.name.endsWith(".test.ts") ? [full] : [];
    });
}

const all = testFiles("tests");
for (const f of SLOW_FIRST)
  if (!all.includes(f)) throw new Error(`.mocharc.js: ${f} is listed in SLOW_FIRST but does not exist`);

module.exports = {
  require: ["./tools/ts-cache.js"],
  spec: [...SLOW_FIRST, ...all.filter((f) => !SLOW_FIRST.includes(f))],
  extension: ["ts"],
  parallel: true,
  jobs: 2,
  timeout: 30000,
  reporter: "./tools/mocha-reporter.js",
};
