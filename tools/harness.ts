/**
 * Runs the real program (index.ts) under Pulumi's mock runtime and captures the resource graph.
 *
 * The same function backs the tests, the offline preview and the benchmark. It:
 *  1. reads Pulumi.yaml + Pulumi.<stack>.yaml (plus overrides) into the runtime config, as the CLI would;
 *  2. installs mocks that answer with realistic outputs (tools/mock-outputs.ts);
 *  3. records every registration from the request itself (MockResourceArgs carries no parent/options,
 *     pulumi#14421), replacing secret values by "[secret]" so nothing secret leaves the capture;
 *  4. re-requires index.ts, waits for every outstanding RPC and resolves the stack outputs.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { deepMerge } from "../config";
import { CapturedResource, CapturedStack, SECRET_PLACEHOLDER } from "../policies/lib/graph";
import { MockDnsRecord, mockCall, mockResourceState } from "./mock-outputs";
import { skipSdkStackCapture } from "./stack-capture";
import { redactWireValue } from "./wire-format";
import { canonical } from "./graph-json";
import { readProjectName, readStackConfig, ROOT } from "./stack-files";

export interface RunOptions {
  stack: string;
  /** Full keys (`edgestack:network`) → values; objects deep-merge into the stack file's value. */
  config?: Record<string, unknown>;
  /** Secret config (full keys → plaintext); the runtime marks them secret. */
  secrets?: Record<string, string>;
  /** Replace the stack file entirely (tests of bad config). */
  ignoreStackFile?: boolean;
  /** Capture secret inputs in plaintext (the mocks' values) instead of "[secret]": schema validation only. */
  revealSecrets?: boolean;
  /** Records the mock Cloudflare zone already holds (default: none, a fresh zone). */
  dnsRecords?: MockDnsRecord[];
}

export interface LogEntry {
  severity: "info" | "warning" | "error";
  message: string;
}

export interface RunResult extends CapturedStack {
  /** What the program logged with pulumi.log (the CLI shows these as diagnostics). */
  logs: LogEntry[];
  /** Set when the program threw (e.g. ConfigError); `resources` then shows what was registered before. */
  error?: Error;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

async function resolveOutput(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const out = value as any;
    if (await out.isSecret) return SECRET_PLACEHOLDER;
    return resolveOutput(await out.promise());
  }
  if (Array.isArray(value)) return Promise.all(value.map(resolveOutput));
  if (isObject(value)) {
    return Object.fromEntries(
      await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveOutput(v)])),
    );
  }
  return value;
}

let running = false;

const waitForRPCs = () =>
  (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();

export interface MockRunOptions {
  project: string;
  stack: string;
  region: string;
  /** Full config keys → wire strings (what the CLI hands the program); `secretKeys` are marked secret. */
  config?: Record<string, string>;
  secretKeys?: string[];
  /** See RunOptions. */
  revealSecrets?: boolean;
  dnsRecords?: MockDnsRecord[];
}

export interface MockRun<T> {
  resources: CapturedResource[];
  logs: LogEntry[];
  /** The first error: thrown by `build`, an unhandled rejection, or a pulumi.log.error. */
  error?: Error;
  /** What `build` returned (undefined when it threw). */
  value?: T;
}

/**
 * The mock runtime with capture: installs the mocks, records every registration from the request itself
 * (MockResourceArgs carries no parent/options, pulumi#14421) with secrets redacted, captures pulumi.log, runs
 * `build` (a whole program or one component), and waits for every outstanding RPC. One run at a time: the
 * Pulumi runtime is process-global.
 */
export async function runUnderMocks<T>(opts: MockRunOptions, build: () => T | Promise<T>): Promise<MockRun<T>> {
  if (running) throw new Error("runUnderMocks: one program at a time (the Pulumi runtime is process-global)");
  running = true;
  const resources: CapturedResource[] = [];
  const errors: Error[] = [];
  // pulumi.log prints to stdout without an engine; capture it instead (it would corrupt --json output).
  const logs: LogEntry[] = [];
  const logModule = pulumi.log as unknown as Record<string, unknown>;
  const originalLog = { debug: logModule.debug, info: logModule.info, warn: logModule.warn, error: logModule.error };
  // A program that fails inside an apply (e.g. a check against the live account) leaves every output that depends on
  // it pending forever: the run must end on the first error instead of waiting for them (the engine stops there too).
  let abort: (e: Error) => void = () => undefined;
  const aborted = new Promise<void>((resolve) => {
    abort = (e) => {
      errors.push(e);
      resolve();
    };
  });
  const capture = (severity: LogEntry["severity"]) => (message: string) => {
    logs.push({ severity, message });
    if (severity === "error") abort(new Error(message));
    return Promise.resolve();
  };
  // Debug lines are the SDK's own RPC tracing (they echo resource state, secrets included): dropped, as the CLI
  // hides them unless asked.
  Object.assign(logModule, {
    debug: () => Promise.resolve(),
    info: capture("info"),
    warn: capture("warning"),
    error: capture("error"),
  });
  const onRejection = (e: unknown) => abort(e instanceof Error ? e : new Error(String(e)));
  process.on("unhandledRejection", onRejection);
  const restoreStackCapture = skipSdkStackCapture();

  try {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => mockResourceState(args.type, args.name, args.inputs, opts.region),
        call: (args) => mockCall(args.token, args.inputs, opts.region, opts.dnsRecords),
      },
      opts.project,
      opts.stack,
      true,
    );
    // MockMonitor.registerResource answers through protobuf: it converts the request's Struct to JavaScript (we did
    // too, to capture it), builds the mock's state into a new Struct, and the SDK converts that back. Answered here
    // instead, with the state as plain objects (keys sorted as a Struct's), in the shape the SDK itself answers with
    // when no engine is attached (@pulumi/pulumi 3.248.0 runtime/resource.js registerResource: getUrn, getId,
    // getObject, getPropertydependenciesMap, getResult). The state is kept in the monitor's table, which its
    // `getResource` invoke reads (resource references). newUrn is private in MockMonitor's typings; reusing it keeps
    // the URNs its own.
    const monitor = (pulumi.runtime as any).getMonitor() as {
      newUrn(parent: string, type: string, name: string): string;
      resources: Map<string, { urn: string; id: string | null; state: Record<string, unknown> }>;
      registerResource: MockMonitor["registerResource"];
    };
    monitor.registerResource = async (req: any, callback: (err: unknown, resp: unknown) => void) => {
      try {
        const object: Record<string, unknown> = req.getObject()?.toJavaScript() ?? {};
        const [type, name, parent] = [req.getType(), req.getName(), req.getParent()];
        const urn = monitor.newUrn(parent, type, name);
        resources.push({
          urn,
          type,
          name,
          custom: req.getCustom(),
          parent: parent || undefined,
          inputs: redactWireValue(object, opts.revealSecrets) as Record<string, unknown>,
          protect: req.getProtect() === true,
          retainOnDelete: req.getRetainondelete() === true,
          deleteBeforeReplace: req.getDeletebeforereplace() === true,
          ignoreChanges: req.getIgnorechangesList(),
          dependencies: req.getDependenciesList(),
          provider: req.getProvider() || undefined,
          ...(req.getImportid() ? { importId: req.getImportid() } : {}),
        });
        const wire = { toJavaScript: () => object } as unknown as Parameters<typeof rpc.deserializeProperties>[0];
        const result = mockResourceState(type, name, rpc.deserializeProperties(wire), opts.region);
        // Keys sorted, as a protobuf Struct hands them back (the engine's answers and MockMonitor's both pass through
        // one): a program that stringifies an output sees the same text.
        const state = canonical(await rpc.serializeProperties("", result.state)) as Record<string, unknown>;
        monitor.resources.set(urn, { urn, id: result.id ?? null, state });
        callback(null, {
          getUrn: () => urn,
          getId: () => result.id ?? "",
          getObject: () => ({ toJavaScript: () => state }),
          getPropertydependenciesMap: () => undefined,
          getResult: () => 0, // Result.SUCCESS
          // The SDK formats every response into a debug line whether or not debug logging is on.
          toString: () => "RegisterResourceResponse",
        });
      } catch (err) {
        callback(err, undefined);
      }
    };
    pulumi.runtime.setAllConfig(opts.config ?? {}, opts.secretKeys ?? []);

    let value: T | undefined;
    try {
      value = await Promise.race([Promise.resolve().then(build), aborted.then(() => undefined)]);
    } catch (e) {
      errors.push(e as Error);
    }
    if (!errors.length) await Promise.race([waitForRPCs(), aborted]);
    // The engine fails a deployment whose program logged an error (captured above, first error wins).
    return { resources, logs, error: errors[0], value: errors.length ? undefined : value };
  } finally {
    Object.assign(logModule, originalLog);
    process.off("unhandledRejection", onRejection);
    restoreStackCapture();
    running = false;
  }
}

type RunCache = (opts: RunOptions, run: () => Promise<RunResult>) => Promise<RunResult>;
let runCache: RunCache | undefined;
/** The tests install their on-disk graph cache here (tests/support/graph-cache.ts); the tools never do. */
export const setRunCache = (cache: RunCache | undefined) => void (runCache = cache);

/** Runs index.ts for a stack (stack file + overrides) under the mocks and resolves its stack outputs. */
export const runProgram = (opts: RunOptions): Promise<RunResult> =>
  runCache ? runCache(opts, () => runFresh(opts)) : runFresh(opts);

async function runFresh(opts: RunOptions): Promise<RunResult> {
  const project = readProjectName();
  const merged: Record<string, unknown> = { ...(opts.ignoreStackFile ? {} : readStackConfig(opts.stack)) };
  for (const [k, v] of Object.entries(opts.config ?? {})) merged[k] = deepMerge(merged[k], v);
  for (const [k, v] of Object.entries(opts.secrets ?? {})) merged[k] = v;
  const wire = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
  const config = Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, wire(v)]));
  const region = String(merged["aws:region"] ?? "us-east-1");

  const run = await runUnderMocks(
    {
      project,
      stack: opts.stack,
      region,
      config,
      secretKeys: Object.keys(opts.secrets ?? {}),
      revealSecrets: opts.revealSecrets,
      dnsRecords: opts.dnsRecords,
    },
    async () => {
      const entry = require.resolve(path.join(ROOT, "index.ts"));
      delete require.cache[entry];
      // Node also lists a required module in its parent's `children`, and never removes it: without this, every
      // earlier run's program (its resources and outputs, ~7 MB for prod) would stay reachable from this module.
      module.children = module.children.filter((child) => child.id !== entry);
      const exports: Record<string, unknown> = require(entry);
      // Outputs resolve once the program's registrations are answered (the mocks answer as they come).
      await waitForRPCs();
      const outputs: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(exports)) outputs[k] = await resolveOutput(v);
      return outputs;
    },
  );
  return {
    project,
    stack: opts.stack,
    resources: run.resources,
    outputs: run.error ? {} : (run.value ?? {}),
    logs: run.logs,
    error: run.error,
  };
}
