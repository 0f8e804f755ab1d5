import { findBinary } from "../../tools/test-rules";

/**
 * External-binary rule of the project: run for real when present; when absent, fail under CI
 * (CI=true) and skip with the Debian package to install otherwise.
 */
export function requireBinary(ctx: Mocha.Context, name: string, debianPackage: string): string {
    const path = findBinary(name);
    if (path) return path;
    const message = `${name} not found on PATH: apt-get install ${debianPackage}`;
    if (process.env.CI === "true") throw new Error(message);
    console.log(`      skipped: ${message}`);
    ctx.skip();
    throw new Error("unreachable: skip() throws");
}

/** Counts of () [] {} balance and every double-quoted string closes (escapes respected). */
export function balanced(expr: string): boolean {
    const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
    const stack: string[] = [];
    let inString = false;
    for (let i = 0; i < expr.length; i++) {
        const c = expr[i];
        if (inString) {
            if (c === "\\") i++;
            else if (c === '"') inString = false;
            continue;
        }
        if (c === '"') inString = true;
        else if ("([{".includes(c)) stack.push(c);
        else if (c in pairs && stack.pop() !== pairs[c]) return false;
    }
    return !inString && stack.length === 0;
}
