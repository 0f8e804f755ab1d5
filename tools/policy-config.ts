/**
 * The policy config for a stack: the file `pulumi preview --policy-pack-config` takes, resolved the same way for
 * the offline preview, the tests and the real CLI (`npm run -s policy-config -- --stack staging > policy.json`).
 *
 *  - policies/config/<stack>.json when the stack has its own file, else policies/config/<environment>.json, so a
 *    new stack needs no policy file: its `edgestack:environment` picks the table;
 *  - `{project}` and `{stack}` in string values become the stack's own (physical names are project-stack-...);
 *  - every rule that depends on a date gets `asOfDate` (nothing in the policies reads the clock).
 */
import * as fs from "fs";
import * as path from "path";
import { withAsOfDate } from "../policies/lib/as-of";
import { allPolicies } from "../policies/rules";
import { readProjectName, readStackConfig, ROOT } from "./stack-files";

const DIR = path.join(ROOT, "policies", "config");

function expand(v: unknown, vars: Record<string, string>): unknown {
  if (typeof v === "string") return v.replace(/\{(project|stack)\}/g, (_m, k: string) => vars[k]);
  if (Array.isArray(v)) return v.map((x) => expand(x, vars));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x, vars)]));
  return v;
}

/** The stack's `edgestack:environment` (stack file, then overrides). */
export function environmentOf(stack: string, overrides: Record<string, unknown> = {}): string {
  const project = readProjectName();
  const env = overrides[`${project}:environment`] ?? readStackConfig(stack)[`${project}:environment`];
  if (typeof env !== "string")
    throw new Error(`Pulumi.${stack}.yaml: ${project}:environment is not set (expected dev or prod)`);
  return env;
}

export function policyConfigFor(
  stack: string,
  asOf: string,
  overrides: Record<string, unknown> = {},
): Record<string, any> {
  const own = path.join(DIR, `${stack}.json`);
  const file = fs.existsSync(own) ? own : path.join(DIR, `${environmentOf(stack, overrides)}.json`);
  if (!fs.existsSync(file)) {
    const known = fs.readdirSync(DIR).map((f) => f.replace(/\.json$/, ""));
    throw new Error(
      `no policy config for stack ${stack}: expected ${path.relative(ROOT, own)} or a file for its environment (have: ${known.join(", ")})`,
    );
  }
  const config = expand(JSON.parse(fs.readFileSync(file, "utf8")), { project: readProjectName(), stack });
  return withAsOfDate(config as Record<string, any>, allPolicies, asOf);
}

function main(argv: string[]): void {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const stack = get("--stack");
  if (!stack) throw new Error("usage: npm run -s policy-config -- --stack <stack> [--as-of YYYY-MM-DD]");
  const asOf = get("--as-of") ?? new Date().toISOString().slice(0, 10); // the CLI boundary: today by default
  process.stdout.write(JSON.stringify(policyConfigFor(stack, asOf), null, 2) + "\n");
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    process.exit(2);
  }
}
