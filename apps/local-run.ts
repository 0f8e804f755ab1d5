/**
 * Runs a service image's final stage on this machine, without Docker: the image's /app layout is rebuilt
 * as symlinks from its COPY lines, its ENV is applied, and its ENTRYPOINT + CMD are executed with the
 * local Python (Debian's packages). Tests and the capacity benchmark use it, so they exercise the exact
 * command, flags and environment the container runs; only the bind address and port are changed.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

import { finalStage, parseDockerfile } from "./dockerfile";
import { AppService, repoPath } from "../config/apps";

/** Container paths that get a local stand-in (the image's code and its writable /tmp). */
const MAPPED_ROOTS = ["/app", "/tmp"];
/** Console scripts of the image's venv that Debian installs only as modules. */
const MODULE_SCRIPTS = ["uvicorn", "gunicorn"];

interface LaunchPlan {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Symlinks to create: local path → source in the repository. */
  links: Array<{ path: string; target: string }>;
  /** Directories to create before starting. */
  dirs: string[];
}

interface PlanOptions {
  /** Local directory standing in for the container's filesystem root. */
  root: string;
  host: string;
  port: number;
  python: string;
  /** Extra variables (override the image's ENV), e.g. DATABASE_HOST. */
  env?: Record<string, string>;
}

function mapPath(value: string, root: string): string {
  for (const prefix of MAPPED_ROOTS) {
    if (value === prefix || value.startsWith(prefix + "/")) return path.join(root, value);
  }
  return value;
}

/** Pure: how to run `service`'s image locally under `opts.root`. */
export function launchPlan(service: AppService, dockerfileText: string, opts: PlanOptions): LaunchPlan {
  const stage = finalStage(parseDockerfile(dockerfileText));
  if (!stage.entrypoint || !stage.cmd) throw new Error(`${service.dockerfile}: final stage needs ENTRYPOINT and CMD`);
  const contextDir = repoPath(service.buildContext);
  const links = stage.copies
    .filter((copy) => copy.from === undefined)
    .flatMap((copy) =>
      copy.sources.map((source) => ({
        path: mapPath(
          copy.sources.length > 1 ? path.posix.join(copy.dest, path.basename(source)) : copy.dest,
          opts.root,
        ),
        target: path.join(contextDir, source),
      })),
    );
  const bin = path.join(opts.root, "bin");
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(stage.env)) env[key] = mapPath(value, opts.root);
  env.PATH = `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`;
  Object.assign(env, opts.env ?? {});

  const bind = `${opts.host}:${opts.port}`;
  const cmd = stage.cmd.map((arg, i, all) => {
    if (all[i - 1] === "--port") return String(opts.port);
    if (arg === `0.0.0.0:${service.port}`) return bind;
    if (arg === "0.0.0.0") return opts.host;
    return mapPath(arg, opts.root);
  });
  const [command, ...args] = [...stage.entrypoint.map((a) => mapPath(a, opts.root)), ...cmd];
  return {
    command,
    args,
    cwd: mapPath(stage.workdir ?? "/", opts.root),
    env,
    links,
    dirs: [bin, path.join(opts.root, "tmp")],
  };
}

/** Ports freePort has handed out in this process: a port is closed again until its user binds it. */
const handedOut = new Set<number>();

/**
 * A port nothing listens on, never one handed out before in this process: the kernel may pick a port again once
 * it is closed, and a caller may bind it only later (a server started after the clients that will reach it).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await unusedPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface RunningService {
  url: string;
  child: ChildProcess;
  /** stdout + stderr so far (bounded). */
  output(): string;
  /** Resolves with the exit code (null if killed by a signal). */
  exited: Promise<number | null>;
  root: string;
  /** Set by stopService, so a second call neither signals again nor reuses a freed process-group id. */
  stopped?: Promise<number | null>;
}

function writeShims(bin: string, python: string): void {
  fs.symlinkSync(python, path.join(bin, "python"));
  for (const script of MODULE_SCRIPTS) {
    const file = path.join(bin, script);
    fs.writeFileSync(file, `#!/bin/sh\nexec python -m ${script} "$@"\n`, { mode: 0o755 });
  }
}

/** Starts the service (does not wait for it to answer; see waitForHttp). */
export function startService(
  service: AppService,
  opts: Omit<PlanOptions, "root"> & { maxOutputBytes?: number },
): RunningService {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `edgestack-${service.name}-`));
  const plan = launchPlan(service, fs.readFileSync(repoPath(service.dockerfile), "utf8"), { ...opts, root });
  for (const dir of plan.dirs) fs.mkdirSync(dir, { recursive: true });
  for (const link of plan.links) {
    fs.mkdirSync(path.dirname(link.path), { recursive: true });
    fs.symlinkSync(link.target, link.path);
  }
  writeShims(path.join(root, "bin"), opts.python);
  // detached: own process group, so stopService can signal the server and its workers together.
  const child = spawn(plan.command, plan.args, {
    cwd: plan.cwd,
    env: plan.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const limit = opts.maxOutputBytes ?? 1_000_000;
  let output = "";
  const collect = (chunk: Buffer) => {
    if (output.length < limit) output += chunk.toString("utf8");
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { url: `http://${opts.host}:${opts.port}`, child, output: () => output, exited, root };
}

/** Polls `url` until it answers 200, the process exits, or `timeoutMs` passes. */
export async function waitForHttp(running: RunningService, pathname: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void running.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(`service exited (code ${exitCode}) before answering:\n${running.output()}`);
    try {
      const response = await fetch(running.url + pathname, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`service did not answer ${pathname} within ${timeoutMs} ms:\n${running.output()}`);
}

/**
 * SIGTERM to the server process only (the kubelet signals the container's PID 1), SIGKILL to its whole
 * process group after `graceMs`; returns the server's exit code (null if a signal ended it).
 */
export function stopService(running: RunningService, graceMs = 10_000): Promise<number | null> {
  running.stopped ??= terminate(running, graceMs);
  return running.stopped;
}

/**
 * Quick shutdown, for tests' clean-up where the shutdown itself is not under test: SIGINT to the server process
 * (gunicorn: quick shutdown, its workers exit at once; uvicorn: as SIGTERM), SIGKILL to the group after `graceMs`.
 * gunicorn's gthread worker notices SIGTERM only when its 1 s poll times out, a second of wall per instance; a
 * SIGKILL to the group instead would orphan the workers, whose CPU then escapes the test run's own accounting.
 */
export function quickStopService(running: RunningService, graceMs = 5_000): Promise<number | null> {
  running.stopped ??= terminate(running, graceMs, "SIGINT");
  return running.stopped;
}

async function terminate(
  running: RunningService,
  graceMs: number,
  signal: NodeJS.Signals = "SIGTERM",
): Promise<number | null> {
  const pid = running.child.pid;
  const sendSignal = (signal: NodeJS.Signals, target: number) => {
    try {
      process.kill(target, signal);
    } catch {
      // already gone
    }
  };
  let code: number | null = running.child.exitCode;
  if (pid !== undefined && running.child.exitCode === null && running.child.signalCode === null) {
    sendSignal(signal, pid);
    const timer = setTimeout(() => sendSignal("SIGKILL", -pid), graceMs);
    code = await running.exited;
    clearTimeout(timer);
  }
  // Workers that outlived their server (they should not) are ours: end them too.
  if (pid !== undefined) sendSignal("SIGKILL", -pid);
  fs.rmSync(running.root, { recursive: true, force: true });
  return code;
}
