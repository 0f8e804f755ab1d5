/**
 * Capacity of one pod of each Python service, measured on this machine.
 *
 *   npx tsx tools/bench-apps.ts [--service fastapi|flask|all] [--concurrency 32] [--duration 10]
 *                               [--max-requests 200000] [--tool wrk|node] [--users 10000] [--think-seconds 5]
 *
 * Each service is started exactly as its image runs it (Dockerfile ENTRYPOINT + CMD + ENV, i.e. the production
 * worker settings), on 127.0.0.1 only, with no database or cache configured, and its example endpoint is
 * driven by a closed loop of `concurrency` keep-alive connections, bounded in time and request count.
 * wrk (Debian package `wrk`) is used when present; otherwise a Node keep-alive loop. The load generator shares
 * the machine's cores with the server, so the numbers are a floor for a pod that has those cores to itself.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";

import { freePort, startService, stopService, waitForHttp } from "../apps/local-run";
import { AppService, SERVICES } from "../config/apps";

export interface LoadResult {
  tool: string;
  requests: number;
  seconds: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** Nearest-rank percentile of ascending `sorted` values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Pods needed for `users` concurrent users who each send one request every `thinkSeconds`, when one pod
 * sustains `podRps` and pods should run at `utilization` of that (headroom for spikes and a lost zone).
 */
export function podsNeeded(users: number, thinkSeconds: number, podRps: number, utilization: number): number {
  if (podRps <= 0 || utilization <= 0 || utilization > 1)
    throw new Error("podRps > 0 and 0 < utilization <= 1 required");
  return Math.ceil(users / thinkSeconds / (podRps * utilization));
}

interface Options {
  services: AppService[];
  concurrency: number;
  durationSeconds: number;
  maxRequests: number;
  tool: "wrk" | "node";
  users: number;
  thinkSeconds: number;
}

function parseArgs(argv: string[]): Options {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || argv[i + 1] === undefined)
      throw new Error(`expected --name value pairs, got "${argv[i]}"`);
    args.set(argv[i].slice(2), argv[i + 1]);
  }
  const int = (name: string, fallback: number, low: number, high: number): number => {
    const value = Number(args.get(name) ?? fallback);
    if (!Number.isInteger(value) || value < low || value > high) {
      throw new Error(`--${name}: expected an integer between ${low} and ${high}, got "${args.get(name)}"`);
    }
    return value;
  };
  const service = args.get("service") ?? "all";
  if (service !== "all" && !(service in SERVICES))
    throw new Error(`--service: expected fastapi, flask or all, got "${service}"`);
  const hasWrk = spawnSync("wrk", ["--version"]).error === undefined;
  const tool = args.get("tool") ?? (hasWrk ? "wrk" : "node");
  if (tool !== "wrk" && tool !== "node") throw new Error(`--tool: expected wrk or node, got "${tool}"`);
  return {
    services: service === "all" ? Object.values(SERVICES) : [SERVICES[service as keyof typeof SERVICES]],
    concurrency: int("concurrency", 32, 1, 1000),
    durationSeconds: int("duration", 10, 1, 120),
    maxRequests: int("max-requests", 200_000, 1, 5_000_000),
    tool,
    users: int("users", 10_000, 1, 10_000_000),
    thinkSeconds: int("think-seconds", 5, 1, 3600),
  };
}

const WRK_REPORT = `done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
`;

async function runWrk(url: string, o: Options): Promise<LoadResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const script = path.join(dir, "report.lua");
  fs.writeFileSync(script, WRK_REPORT);
  // Asynchronous on purpose: the event loop must keep draining the server's stdout pipe (its access log),
  // or the server blocks on a full pipe and the benchmark measures that instead.
  // One wrk thread: it handles many connections, and leaves the cores to the server under test.
  const wrk = spawn("wrk", [
    "-t1",
    `-c${o.concurrency}`,
    `-d${o.durationSeconds}s`,
    "--timeout",
    "5s",
    "-s",
    script,
    url,
  ]);
  let stdout = "";
  let stderr = "";
  wrk.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  wrk.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => wrk.kill("SIGKILL"), (o.durationSeconds + 30) * 1000);
  await new Promise((resolve) => wrk.on("close", resolve));
  clearTimeout(killer);
  fs.rmSync(dir, { recursive: true, force: true });
  const line = /BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(stdout);
  if (!line) throw new Error(`wrk failed: ${stderr || stdout}`);
  const [requests, micros, errors, non2xx, p50, p95, p99] = line.slice(1).map(Number);
  return {
    tool: "wrk",
    requests,
    seconds: micros / 1e6,
    errors: errors + non2xx,
    p50Ms: p50 / 1000,
    p95Ms: p95 / 1000,
    p99Ms: p99 / 1000,
  };
}

async function runNode(url: string, o: Options): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  const started = Date.now();
  const deadline = started + o.durationSeconds * 1000;
  const once = () =>
    new Promise<void>((resolve) => {
      const t0 = process.hrtime.bigint();
      const req = http.get(url, { agent, timeout: 5000 }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode !== 200) errors++;
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          resolve();
        });
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        errors++;
        resolve();
      });
    });
  const loop = async () => {
    while (Date.now() < deadline && sent < o.maxRequests) {
      sent++;
      await once();
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, loop));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const seconds = (Date.now() - started) / 1000;
  return {
    tool: "node",
    requests: latencies.length,
    seconds,
    errors,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
  };
}

async function benchOne(service: AppService, o: Options): Promise<LoadResult & { workers: string }> {
  const running = startService(service, {
    host: "127.0.0.1",
    port: await freePort(),
    python: process.env.EDGESTACK_PYTHON ?? "/usr/bin/python3",
  });
  try {
    await waitForHttp(running, service.livenessPath, 20_000);
    const url = `${running.url}${service.examplePath}?limit=20`;
    // Warm-up: imports, first-request paths and connection setup out of the measured window.
    await runNode(url, { ...o, concurrency: 4, durationSeconds: 1, maxRequests: 200 });
    const result = o.tool === "wrk" ? await runWrk(url, o) : await runNode(url, o);
    return { ...result, workers: describeWorkers(service) };
  } finally {
    await stopService(running);
  }
}

function describeWorkers(service: AppService): string {
  const text = fs.readFileSync(path.join(__dirname, "..", service.dockerfile), "utf8");
  const workers = /WEB_CONCURRENCY=(\d+)/.exec(text)?.[1] ?? "?";
  const threads = /GUNICORN_THREADS=(\d+)/.exec(text)?.[1];
  return threads ? `${workers}x${threads} threads` : `${workers} procs`;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const cores = os.cpus().length;
  console.log(
    `load: ${o.tool}, ${o.concurrency} connections, ${o.durationSeconds}s (max ${o.maxRequests} requests), ${cores} cores shared with the load generator`,
  );
  console.log("service  workers          requests   req/s   p50 ms  p95 ms  p99 ms  errors");
  for (const service of o.services) {
    const r = await benchOne(service, o);
    const rps = r.requests / r.seconds;
    console.log(
      `${service.name.padEnd(8)} ${r.workers.padEnd(16)} ${String(r.requests).padStart(8)} ${rps.toFixed(0).padStart(7)} ` +
        `${r.p50Ms.toFixed(1).padStart(8)} ${r.p95Ms.toFixed(1).padStart(7)} ${r.p99Ms.toFixed(1).padStart(7)} ${String(r.errors).padStart(7)}`,
    );
    const pods = podsNeeded(o.users, o.thinkSeconds, rps, 0.6);
    console.log(
      `  sizing: ${o.users} users x 1 request / ${o.thinkSeconds}s = ${(o.users / o.thinkSeconds).toFixed(0)} req/s; ` +
        `at 60 % of ${rps.toFixed(0)} req/s per pod -> ${pods} pods (HPA maxReplicas >= ${pods})`,
    );
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
