/**
 * Test harness: runs index.ts under mocks (tools/harness.ts) and offers lookups over the captured graph.
 * Runs of the unmodified dev/prod stacks are cached: many test files read the same graph.
 */
import * as fs from "fs";
import * as path from "path";
import { CapturedResource } from "../tools/graph";
import { ROOT, RunOptions, RunResult, runProgram } from "../tools/harness";

export { ROOT, runProgram };
export type { RunOptions, RunResult, CapturedResource };

const cache = new Map<string, Promise<RunResult>>();

/** The stack as committed (cached). Throws if the program failed. */
export function stackRun(stack: "dev" | "prod"): Promise<RunResult> {
    if (!cache.has(stack)) {
        cache.set(stack, runProgram({ stack }).then((r) => {
            if (r.error) throw r.error;
            return r;
        }));
    }
    return cache.get(stack)!;
}

/** Resources of one type token, e.g. "aws:ec2/subnet:Subnet". */
export function ofType(run: RunResult, type: string): CapturedResource[] {
    return run.resources.filter((r) => r.type === type);
}

export function one(run: RunResult, type: string, name?: string): CapturedResource {
    const found = ofType(run, type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) throw new Error(`expected exactly one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
    return found[0];
}

/** Reads a nested input by dotted path. */
export function input(r: CapturedResource, dotted: string): any {
    return dotted.split(".").reduce<any>((v, k) => (v === undefined || v === null ? undefined : v[k]), r.inputs);
}

/**
 * True when the AWS SDK declares a `tags` input for this type: read from the installed @pulumi/aws typings
 * (`aws:ec2/vpc:Vpc` → node_modules/@pulumi/aws/ec2/vpc.d.ts, interface VpcArgs).
 */
const taggable = new Map<string, boolean>();
export function isTaggableAwsType(type: string): boolean {
    if (!taggable.has(type)) {
        const m = /^aws:([a-zA-Z0-9]+)\/([a-zA-Z0-9]+):([A-Za-z0-9]+)$/.exec(type);
        let result = false;
        if (m) {
            const file = path.join(ROOT, "node_modules/@pulumi/aws", m[1], `${m[2]}.d.ts`);
            const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
            const args = text.slice(text.indexOf(`export interface ${m[3]}Args {`));
            const end = args.indexOf("\n}");
            result = /\n\s+tags\?:/.test(args.slice(0, end));
        }
        taggable.set(type, result);
    }
    return taggable.get(type)!;
}

/** Effective tags: the resource's own tags merged over its provider's defaultTags (as AWS applies them). */
export function effectiveTags(run: RunResult, r: CapturedResource): Record<string, string> {
    const providerUrn = r.provider?.split("::").slice(0, -1).join("::");
    const provider = run.resources.find((p) => p.urn === providerUrn);
    let defaults: any = provider?.inputs.defaultTags;
    if (typeof defaults === "string") defaults = JSON.parse(defaults);
    return { ...(defaults?.tags ?? {}), ...((r.inputs.tags as Record<string, string>) ?? {}) };
}
