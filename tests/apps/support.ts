/**
 * Shared helpers for the app tests: the local Python (Debian packages), the external-binary rule
 * (tests/support/external.ts), and small HTTP helpers.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import { APT_PACKAGES } from "../support/external";

/** Debian packages the service tests need: the python modules the apps import (from .ci/apt-packages.txt). */
export const DEBIAN_PACKAGES = APT_PACKAGES.filter((p) => p.startsWith("python3-") || p === "gunicorn").join(" ");

export const PYTHON = process.env.EDGESTACK_PYTHON ?? "/usr/bin/python3";

const MODULES: Record<string, string[]> = {
  fastapi: ["fastapi", "uvicorn", "prometheus_client", "psycopg", "redis"],
  flask: ["flask", "gunicorn", "prometheus_client", "psycopg", "redis"],
  boto3: ["boto3"],
};

// Finds the modules without importing them (~0.05 s instead of ~0.5 s of CPU per probe and test process): a module
// that is installed but cannot import still fails the test that starts the app, with Python's own error.
const FIND_SPECS = [
  "import importlib.util, sys",
  "missing = [m for m in sys.argv[1:] if importlib.util.find_spec(m) is None]",
  "sys.exit(f\"ModuleNotFoundError: No module named '{missing[0]}'\" if missing else 0)",
].join("\n");

const probed = new Map<string, string | null>();

/** Why `service` (or the "boto3" extra) cannot run here, or null if it can (probed once per service and process). */
export function missingPython(service: string): string | null {
  if (!probed.has(service)) {
    let problem: string | null = null;
    if (!fs.existsSync(PYTHON)) problem = `${PYTHON} not found`;
    else {
      const probe = spawnSync(PYTHON, ["-c", FIND_SPECS, ...MODULES[service]], { encoding: "utf8", timeout: 20_000 });
      if (probe.status !== 0) problem = probe.stderr.trim().split("\n").pop() || "import failed";
    }
    probed.set(service, problem);
  }
  return probed.get(service) ?? null;
}

export { requireOrSkip } from "../support/external";

interface HttpResult {
  status: number;
  contentType: string;
  text: string;
}

export async function get(url: string): Promise<HttpResult> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    text: await response.text(),
  };
}

export async function getJson<T = Record<string, unknown>>(url: string): Promise<{ status: number; body: T }> {
  const result = await get(url);
  if (!result.contentType.includes("application/json")) {
    throw new Error(`${url}: expected JSON, got ${result.contentType}: ${result.text.slice(0, 200)}`);
  }
  return { status: result.status, body: JSON.parse(result.text) as T };
}

/** Value of one Prometheus sample, or undefined; `labels` must all match (order-insensitive). */
export function sample(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of exposition.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      found[pair[1]] = pair[2];
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

/**
 * The environment for third-party servers the tests start (redis-server, redis-cli): without libfaketime. Under
 * `faketime … npm test` our own code must run at the faked date, but redis's allocator recurses into clock_gettime
 * under libfaketime and hangs ("Unexpected recursive calls to clock_gettime()"), which says nothing about our code.
 */
export function withoutFakeTime(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([k]) => k !== "LD_PRELOAD" && !k.startsWith("FAKETIME") && k !== "DONT_FAKE_MONOTONIC"),
  );
}
