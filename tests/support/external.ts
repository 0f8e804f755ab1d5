/**
 * The external-binary rule of this repository, in one place: a test that needs a real binary or Python module
 * runs for real when it is present; when absent it fails under CI (CI=true) and skips locally with the Debian
 * package(s) to install. The packages come from .ci/apt-packages.txt, the list .ci/run installs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { findBinary } from "../../tools/test-rules";
import { ROOT } from "../../tools/stack-files";

/** .ci/apt-packages.txt: what CI installs. */
export const APT_PACKAGES: readonly string[] = fs
  .readFileSync(path.join(ROOT, ".ci", "apt-packages.txt"), "utf8")
  .split("\n")
  .map((l) => l.replace(/#.*/, "").trim())
  .filter((l) => l.length > 0);

/** Space-separated packages, each checked against the list so a hint never names something CI does not install. */
function packageList(packages: string): string {
  const unknown = packages.split(/\s+/).filter((p) => !APT_PACKAGES.includes(p));
  if (unknown.length > 0)
    throw new Error(`${unknown.join(", ")}: not in .ci/apt-packages.txt (add it there so CI installs it)`);
  return packages;
}

/** Skips (locally) or fails (CI) when `problem` is set. Call from a mocha `before`/`it` with `this`. */
export function requireOrSkip(ctx: Mocha.Context, problem: string | null, packages: string): void {
  if (problem === null) return;
  const message = `${problem}; install with: apt-get install -y ${packageList(packages)}`;
  if (process.env.CI === "true") throw new Error(message);
  console.log(`      skipped: ${message}`);
  ctx.skip();
}

/** The binary's path; skips or fails (see above) when it is not on PATH. */
export function requireBinary(ctx: Mocha.Context, name: string, debianPackage: string): string {
  const found = findBinary(name);
  requireOrSkip(ctx, found ? null : `${name} not found on PATH`, debianPackage);
  return found!;
}
