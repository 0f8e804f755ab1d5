/**
 * `npm run bench`: wall time of the offline preview, as a user runs it (a fresh process each time, including
 * TypeScript loading), for dev and prod: min / median of N runs and resources per second.
 *   npm run bench -- --runs 5 --stacks dev,prod
 */
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

function arg(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function main(): void {
    const runs = Number(arg("runs", "5"));
    const stacks = arg("stacks", "dev,prod").split(",");
    const tsx = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
    console.log(`offline preview benchmark: ${runs} runs per stack, fresh process each (node ${process.version})`);
    console.log(`${"stack".padEnd(6)} ${"resources".padStart(9)} ${"min s".padStart(7)} ${"median s".padStart(9)} ${"res/s (median)".padStart(15)}`);
    for (const stack of stacks) {
        const times: number[] = [];
        let resources = 0;
        for (let i = 0; i < runs; i++) {
            const t0 = process.hrtime.bigint();
            const r = spawnSync(process.execPath, [tsx, path.join(ROOT, "tools/preview-offline.ts"), "--stack", stack, "--json"], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
            const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
            if (r.status !== 0 && r.status !== 1) throw new Error(`preview of ${stack} failed (exit ${r.status}): ${r.stderr}`);
            resources = JSON.parse(r.stdout).resourceCount;
            times.push(seconds);
        }
        const med = median(times);
        console.log(`${stack.padEnd(6)} ${String(resources).padStart(9)} ${Math.min(...times).toFixed(2).padStart(7)} ${med.toFixed(2).padStart(9)} ${(resources / med).toFixed(0).padStart(15)}`);
    }
}

if (require.main === module) main();
