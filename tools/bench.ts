/**
 * `npm run bench`: the speed figures of issue 16, side by side from one run, each from fresh processes as a user
 * starts them (wall clock, median of N, after one untimed warm-up that fills the compile caches):
 *  - SDK load: `require` of the seven Pulumi packages the program uses, nothing else (the floor);
 *  - prod offline preview (`npm run preview:offline -- --stack prod --json`, without npm's own start-up) and its
 *    ratio to the SDK load (target ≤ 2.0);
 *  - the same preview with 50 services (`--set edgestack:services=[...]`) and its ratio to the 2-service one
 *    (target ≤ 3.0: linear in services);
 *  - `npm test` wall, with its "N passed, N failed" totals (target ≤ 30 s): cold (the captured-graph cache emptied
 *    first, as after any source change) and warm (the same sources again, as when only tests changed).
 *    Each row says how busy the CPUs were meanwhile (/proc/stat): near 100 % means the run is CPU-bound and its
 *    wall time follows the host's speed. A run with failures keeps its output in
 *    node_modules/.cache/edgestack-bench-npm-test-<n>.log.
 * The runs interleave (SDK, 2, 50, SDK, ...) so a change in machine load hits every column alike.
 *   npm run bench -- [--runs 5] [--services 50] [--test-runs 1] [--no-test]
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "./stack-files";

const LOADER = path.join(ROOT, "tools/ts-cache.js");
/** tests/support/graph-cache.ts keeps captured stacks here. */
const GRAPH_CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "edgestack-graphs");
export const SDK_PACKAGES = [
  "@pulumi/pulumi",
  "@pulumi/aws",
  "@pulumi/kubernetes",
  "@pulumi/cloudflare",
  "@pulumi/random",
  "@pulumi/tls",
  "@pulumi/docker-build",
];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `count` services shaped like the two reference ones (alternating framework), for the scaling run. */
export function manyServices(count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => {
    const name = `svc${String(i + 1).padStart(2, "0")}`;
    return {
      name,
      framework: i % 2 ? "flask" : "fastapi",
      paths: [`/api/v1/${name}`],
      allowedGroups: ["readers", "writers"],
    };
  });
}

interface Timed {
  seconds: number;
  stdout: string;
}

/** Busy and total jiffies of all CPUs (/proc/stat, Linux), or undefined elsewhere. */
function cpuTicks(): { busy: number; total: number } | undefined {
  try {
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice (proc(5)): guest time is already counted
    // in user and nice, so only the first eight add up; idle and iowait are the idle time.
    const fields = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - fields[3] - fields[4], total };
  } catch {
    return undefined;
  }
}

/** `anyExit`: npm test exits with the number of failed tests; its totals line is what we report. */
function timed(command: string, args: string[], anyExit = false): Timed {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw r.error;
  // The preview exits 1 on a blocking policy verdict and npm test on a failing test: both still measure.
  if (!anyExit && r.status !== 0 && r.status !== 1)
    throw new Error(`${command} ${args.join(" ")} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return { seconds, stdout: r.stdout };
}

const sdkLoad = () => timed(process.execPath, ["-e", `for (const p of ${JSON.stringify(SDK_PACKAGES)}) require(p);`]);
const preview = (...extra: string[]) =>
  timed(process.execPath, [
    "-r",
    LOADER,
    path.join(ROOT, "tools/preview-offline.ts"),
    "--stack",
    "prod",
    "--json",
    ...extra,
  ]);

function resourceCount(t: Timed): number {
  return (JSON.parse(t.stdout) as { resourceCount: number }).resourceCount;
}

function main(): void {
  const runs = Number(arg("runs", "5"));
  const services = Number(arg("services", "50"));
  const testRuns = process.argv.includes("--no-test") ? 0 : Number(arg("test-runs", "1"));
  const many = `edgestack:services=${JSON.stringify(manyServices(services))}`;
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  console.log(
    `edgestack bench: node ${process.version}, ${os.cpus().length} CPUs, load average ${load} at start; median of ${runs} fresh processes (after 1 warm-up)`,
  );

  // Warm-up: fills node_modules/.cache (TypeScript build, V8 code cache) as a developer's first run does.
  sdkLoad();
  const counts = { two: resourceCount(preview()), many: resourceCount(preview("--set", many)) };
  const t = { sdk: [] as number[], two: [] as number[], many: [] as number[] };
  for (let i = 0; i < runs; i++) {
    t.sdk.push(sdkLoad().seconds);
    t.two.push(preview().seconds);
    t.many.push(preview("--set", many).seconds);
  }
  const m = { sdk: median(t.sdk), two: median(t.two), many: median(t.many) };
  const row = (label: string, value: string, note = "") =>
    console.log(`  ${label.padEnd(46)} ${value.padStart(8)}  ${note}`);
  const range = (xs: number[]) => `min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)}`;
  row(`SDK load (${SDK_PACKAGES.length} packages)`, `${m.sdk.toFixed(2)} s`, range(t.sdk));
  row(`prod preview, 2 services (${counts.two} resources)`, `${m.two.toFixed(2)} s`, range(t.two));
  row("  ratio preview / SDK load", `${(m.two / m.sdk).toFixed(2)}×`, "target ≤ 2.0");
  row(`prod preview, ${services} services (${counts.many} resources)`, `${m.many.toFixed(2)} s`, range(t.many));
  row(
    `  ratio ${services} / 2 services`,
    `${(m.many / m.two).toFixed(2)}×`,
    `target ≤ 3.0 (resources ×${(counts.many / counts.two).toFixed(1)})`,
  );

  let runNo = 0;
  const npmTest = () => {
    const before = cpuTicks();
    const r = timed("npm", ["test", "--silent"], true);
    const after = cpuTicks();
    let totals =
      r.stdout
        .split("\n")
        .filter((l) => /^\d+ passed, \d+ failed/.test(l))
        .pop() ?? "no totals line";
    // A failing run still measures; keep its output so the failure can be read.
    if (!/ 0 failed/.test(totals)) {
      const log = path.join(ROOT, "node_modules", ".cache", `edgestack-bench-npm-test-${++runNo}.log`);
      fs.writeFileSync(log, r.stdout);
      totals += ` (output: ${path.relative(ROOT, log)})`;
    }
    // How busy the machine was: near 100 % means the run is bound by CPU, and its wall time moves with the host's speed.
    const busy =
      before && after
        ? `; CPUs ${Math.round((100 * (after.busy - before.busy)) / (after.total - before.total))} % busy`
        : "";
    return { seconds: r.seconds, totals: totals + busy };
  };
  for (let i = 0; i < testRuns; i++) {
    fs.rmSync(GRAPH_CACHE_DIR, { recursive: true, force: true });
    const cold = npmTest();
    row("npm test, cold (graph cache emptied)", `${cold.seconds.toFixed(1)} s`, `${cold.totals}; target ≤ 30 s`);
    const warm = npmTest();
    row("npm test, warm (same sources again)", `${warm.seconds.toFixed(1)} s`, `${warm.totals}; target ≤ 30 s`);
  }
}

if (require.main === module) main();
