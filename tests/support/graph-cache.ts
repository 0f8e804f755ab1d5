/**
 * On-disk cache of captured graphs for the tests, keyed by the content of everything a program run can read, so a
 * hit is exactly what a fresh run would capture (never stale) and `npm test` reruns no stack whose inputs did not
 * change. Like tools/code-cache.js for compiled code; entries of earlier sources are deleted as new ones are made.
 *
 * The key hashes: every file of the repository outside node_modules/, .git/, tests/ and docs/ (the program, config,
 * stack files, policies, tools — the mocks and this harness —, and apps/, which the image tags hash), the installed
 * dependency tree (node_modules/.package-lock.json, which npm rewrites on every install), the Node version, PULUMI_*
 * environment variables, and the run's options. The program reads nothing else: no clock (mock outputs use
 * MOCK_NOW), no other environment. tests/ is left out because no program code may import it (ESLint layering); a
 * test that changes module state before a run (e.g. tools/mock-outputs setExistingDnsRecords) would not be seen, so
 * such a test runs the program with tools/harness's runProgramFresh instead (tests/edge/existing-records.test.ts).
 *
 * Only successful runs are stored (a run that failed keeps its real Error object); failures are cheap anyway, as
 * config errors stop before any resource. EDGESTACK_GRAPH_CACHE=0 turns the cache off (every run is real).
 * Entries are written aside and renamed (atomic), as mocha's two workers may store the same key.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as v8 from "v8";

import { ROOT, RunOptions, RunResult } from "../../tools/harness";

const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "edgestack-graphs");
const SKIPPED = new Set(["node_modules", ".git", "tests", "docs"]);

export const GRAPH_CACHE_ENABLED = process.env.EDGESTACK_GRAPH_CACHE !== "0";

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (dir === ROOT && SKIPPED.has(entry.name)) continue;
    if (entry.isDirectory()) hashTree(hash, full);
    else if (entry.isSymbolicLink()) hash.update(`${path.relative(ROOT, full)}\0->${fs.readlinkSync(full)}\0`);
    else if (entry.isFile()) {
      hash.update(`${path.relative(ROOT, full)}\0${fs.statSync(full).mode & 0o111 ? "x" : "-"}\0`);
      hash.update(fs.readFileSync(full));
      hash.update("\0");
    }
  }
}

let sourcesKey: string | undefined;

/** Hash of everything a run reads, computed once per process (~20 ms for the repository's ~4 MB). */
function sources(): string {
  if (sourcesKey === undefined) {
    const hash = createHash("sha256");
    hashTree(hash, ROOT);
    const lock = path.join(ROOT, "node_modules", ".package-lock.json");
    hash.update(fs.existsSync(lock) ? fs.readFileSync(lock) : "no lock");
    hash.update(`\0${process.version}\0`);
    const pulumiEnv = Object.entries(process.env).filter(([k]) => k.startsWith("PULUMI_"));
    hash.update(JSON.stringify(pulumiEnv.sort()));
    sourcesKey = hash.digest("hex");
  }
  return sourcesKey;
}

/** node_modules/.cache/edgestack-graphs/<sources>/<options>.bin: one directory per state of the sources. */
function entryOf(opts: RunOptions): { dir: string; file: string } {
  const dir = path.join(CACHE_DIR, sources());
  return { dir, file: path.join(dir, `${createHash("sha256").update(JSON.stringify(opts)).digest("hex")}.bin`) };
}

/** Creates the directory of the current sources; the first process to do so deletes those of earlier sources. */
function ensureDir(dir: string): void {
  if (fs.existsSync(dir)) return;
  fs.mkdirSync(dir, { recursive: true });
  for (const old of fs.readdirSync(CACHE_DIR))
    if (old !== path.basename(dir)) fs.rmSync(path.join(CACHE_DIR, old), { recursive: true, force: true });
}

/**
 * `run()` once per distinct content + options across processes and `npm test` runs: a hit returns a fresh copy
 * (v8 serialization keeps undefined values and key order), so callers may treat it as their own.
 */
export async function cachedRun(opts: RunOptions, run: () => Promise<RunResult>): Promise<RunResult> {
  if (!GRAPH_CACHE_ENABLED) return run();
  const { dir, file } = entryOf(opts);
  try {
    return v8.deserialize(fs.readFileSync(file)) as RunResult;
  } catch {
    // Not cached yet (or unreadable): run for real.
  }
  const result = await run();
  if (!result.error) {
    try {
      ensureDir(dir);
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, v8.serialize(result));
      fs.renameSync(tmp, file);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
  return result;
}
