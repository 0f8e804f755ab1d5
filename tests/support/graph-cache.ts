/**
 * On-disk cache of captured graphs for the tests, keyed by the content of everything a program run can read, so a
 * hit is exactly what a fresh run would capture (never stale) and `npm test` reruns no stack whose inputs did not
 * change. Like tools/code-cache.js for compiled code; entries of earlier sources are deleted as new ones are made.
 *
 * The key hashes: every file of the repository outside node_modules/, .git/, tests/ and docs/ (the program, config,
 * stack files, policies, tools — the mocks and this harness —, and apps/, which the image tags hash), the installed
 * dependency tree (node_modules/.package-lock.json, which npm rewrites on every install), the Node version, PULUMI_*
 * environment variables, and the run's options. The program reads nothing else: no clock (mock outputs use
 * MOCK_NOW), no other environment. tests/ is left out because no program code may import it (ESLint layering); what a
 * test varies goes through the run's options (the mock zone's DNS records too: `dnsRecords`), never module state.
 *
 * EDGESTACK_GRAPH_CACHE=0 turns the cache off (every run is real). Entries are written aside and renamed (atomic);
 * a worker that needs a run another worker has started waits for it (claimOrWait) instead of running it again.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as v8 from "v8";

import type { RunOptions, RunResult } from "../../tools/harness";
import { ROOT } from "../../tools/stack-files";

const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "edgestack-graphs");
const SKIPPED = new Set(["node_modules", ".git", "tests", "docs"]);

const GRAPH_CACHE_ENABLED = process.env.EDGESTACK_GRAPH_CACHE !== "0";

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

/**
 * The options that change a run, in one canonical form (keys sorted; unset, false and empty values dropped), so
 * `{ stack: "prod" }` and `{ stack: "prod", config: {} }` are one run, in this process (tests/harness capture) and on disk.
 */
export function runKey(opts: RunOptions): string {
  const set = Object.entries(opts).filter(
    ([, v]) => v !== undefined && v !== false && !(typeof v === "object" && v !== null && !Object.keys(v).length),
  );
  return JSON.stringify(Object.fromEntries(set.sort(([a], [b]) => (a < b ? -1 : 1))));
}

/** node_modules/.cache/edgestack-graphs/<sources>/<options>.bin: one directory per state of the sources. */
function entryOf(opts: RunOptions): { dir: string; file: string } {
  const dir = path.join(CACHE_DIR, sources());
  return { dir, file: path.join(dir, `${createHash("sha256").update(runKey(opts)).digest("hex")}.bin`) };
}

/** Creates the directory of the current sources; the first process to do so deletes those of earlier sources. */
function ensureDir(dir: string): void {
  if (fs.existsSync(dir)) return;
  fs.mkdirSync(dir, { recursive: true });
  for (const old of fs.readdirSync(CACHE_DIR))
    if (old !== path.basename(dir)) fs.rmSync(path.join(CACHE_DIR, old), { recursive: true, force: true });
}

/** The entry, or undefined. A failed run's Error comes back as an Error with its name and message (all callers read). */
function read(file: string): RunResult | undefined {
  try {
    const hit = v8.deserialize(fs.readFileSync(file)) as RunResult & { failure?: { name: string; message: string } };
    if (!hit.failure) return hit;
    const { failure, ...rest } = hit;
    return { ...rest, error: Object.assign(new Error(failure.message), { name: failure.name }) };
  } catch {
    return undefined; // not cached yet, or unreadable: run for real
  }
}

const alive = (pid: number) => {
  try {
    return process.kill(pid, 0);
  } catch {
    return false;
  }
};

/**
 * Claims `file`'s run for this process (`<file>.lock`, created exclusively, holding our pid), or waits while another
 * live process (mocha's other workers) runs the same options and returns its entry: one run instead of one per worker.
 */
async function claimOrWait(file: string): Promise<RunResult | "claimed"> {
  const lock = `${file}.lock`;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      return "claimed";
    } catch {
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(lock, "utf8"));
      } catch {
        // released meanwhile
      }
      if (owner && alive(owner)) await new Promise((r) => setTimeout(r, 25));
      else if (owner) fs.rmSync(lock, { force: true }); // left by a process that ended mid-run
      const hit = read(file);
      if (hit) return hit;
    }
  }
}

/**
 * `run()` once per distinct content + options across processes and `npm test` runs: a hit returns a fresh copy
 * (v8 serialization keeps undefined values and key order), so callers may treat it as their own. Failed runs are
 * stored too (a program that fails under the mocks fails the same way every time).
 */
export async function cachedRun(opts: RunOptions, run: () => Promise<RunResult>): Promise<RunResult> {
  if (!GRAPH_CACHE_ENABLED) return run();
  const { dir, file } = entryOf(opts);
  const hit = read(file);
  if (hit) return hit;
  try {
    ensureDir(dir);
  } catch {
    return run(); // a cache that cannot be written only costs speed
  }
  const claim = await claimOrWait(file);
  if (claim !== "claimed") return claim;
  try {
    // Another worker may have stored it between our first read and our claim.
    const stored = read(file);
    if (stored) return stored;
    const result = await run();
    const { error, ...rest } = result;
    const entry = error ? { ...rest, failure: { name: error.name, message: error.message } } : result;
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, v8.serialize(entry));
    fs.renameSync(tmp, file);
    return result;
  } finally {
    fs.rmSync(`${file}.lock`, { force: true });
  }
}
