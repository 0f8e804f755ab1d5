/**
 * Test harness: runs index.ts under mocks (tools/harness.ts) and offers lookups over the captured graph.
 * Runs are memoized per test process by stack + overrides (`capture`, `stackRun`): many tests and files read the
 * same graph, and mocha's parallel workers each keep their own memo (one program run at a time per process). Across
 * processes and test runs, runs are cached on disk by the content of everything they read (setRunCache below).
 */
import { effectiveTags as mergeProviderTags } from "../policies/lib/tags";
import { CapturedResource } from "../policies/lib/graph";
import { RunOptions, RunResult, runProgram, setRunCache } from "../tools/harness";
import { ROOT } from "../tools/stack-files";
import { argsProperties } from "./review/sdk-schema";
import { cachedRun, runKey } from "./support/graph-cache";

export { ROOT, runProgram };

// Every program run of the tests, the in-process preview's included, goes through the on-disk graph cache: a stack
// whose sources, dependencies and options are unchanged since an earlier run is read back instead of run again.
setRunCache(cachedRun);

/**
 * The day every dated decision in the tests is judged on (version support, prices, certificates): tests never read
 * the clock, so they pass under `faketime` at any date.
 */
export const AS_OF = "2026-12-03";
export type { RunResult, CapturedResource };

const runs = new Map<string, Promise<RunResult>>();

/**
 * runProgram, once per distinct stack + overrides in this process: later calls share the first run's result, so
 * treat it as read-only. A failed program is returned with `error` set, as runProgram does.
 */
export function capture(opts: RunOptions): Promise<RunResult> {
  const key = runKey(opts);
  let run = runs.get(key);
  if (!run) {
    run = runProgram(opts);
    runs.set(key, run);
  }
  return run;
}

/** The stack as committed (memoized). Throws if the program failed. */
export function stackRun(stack: "dev" | "prod"): Promise<RunResult> {
  return capture({ stack }).then((r) => {
    if (r.error) throw r.error;
    return r;
  });
}

/** Resources of one type token, e.g. "aws:ec2/subnet:Subnet". */
export function ofType(run: RunResult, type: string): CapturedResource[] {
  return run.resources.filter((r) => r.type === type);
}

export function one(run: RunResult, type: string, name?: string): CapturedResource {
  const found = ofType(run, type).filter((r) => name === undefined || r.name === name);
  if (found.length !== 1)
    throw new Error(`expected exactly one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
  return found[0];
}

/** Reads a nested input by dotted path. */
export function input(r: CapturedResource, dotted: string): any {
  return dotted.split(".").reduce<any>((v, k) => (v === undefined || v === null ? undefined : v[k]), r.inputs);
}

/**
 * True when the AWS SDK declares a `tags` input for this type, read from the installed @pulumi/aws typings
 * (`aws:ec2/vpc:Vpc` → node_modules/@pulumi/aws/ec2/vpc.d.ts, interface VpcArgs).
 */
export function isTaggableAwsType(type: string): boolean {
  return type.startsWith("aws:") && (argsProperties(type)?.some((p) => p.name === "tags") ?? false);
}

/** Effective tags: the resource's own tags merged over its provider's defaultTags (as AWS applies them). */
export function effectiveTags(run: RunResult, r: CapturedResource): Record<string, string> {
  const providerUrn = r.provider?.split("::").slice(0, -1).join("::");
  const provider = run.resources.find((p) => p.urn === providerUrn);
  return mergeProviderTags(r.inputs, provider?.inputs);
}
