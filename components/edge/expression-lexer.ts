/**
 * Tokenizer for Cloudflare Rules language expressions (see rules-language.ts for sources).
 *
 * Literal syntax handled (values.mdx, operators.mdx):
 * - quoted strings `"…"` where `\"` and `\\` are escapes (a backslash escapes the next character);
 * - raw strings `r"…"`, `r#"…"#`, `r##"…"##` (no escapes; ends at `"` plus the same number of `#`);
 * - integers (a leading `-` only directly before a digit), integer ranges `8000..8009`;
 * - IPv4/IPv6 addresses, CIDR ranges, explicit ranges `198.51.100.3..198.51.100.7`;
 * - named lists `$office_network`, managed lists `$cf.open_proxies`.
 */
import { isIP } from "node:net";

export type TokenKind =
    | "lparen" | "rparen" | "lbrace" | "rbrace" | "lbracket" | "rbracket" | "comma" | "star"
    | "string" | "number" | "ip" | "range" | "list" | "ident" | "op";

export interface Token {
    kind: TokenKind;
    /** Source text of the token (for strings: including delimiters). */
    text: string;
    /** 0-based offset in the expression. */
    pos: number;
}

export class ExpressionSyntaxError extends Error {
    constructor(message: string, readonly pos: number) {
        super(`${message} (at column ${pos + 1})`);
    }
}

const PUNCTUATION: Record<string, TokenKind> = {
    "(": "lparen", ")": "rparen", "{": "lbrace", "}": "rbrace", "[": "lbracket", "]": "rbracket", ",": "comma", "*": "star",
};
/** Longest first, so `<=` wins over `<`. */
const SYMBOL_OPERATORS = ["==", "!=", "<=", ">=", "&&", "||", "^^", "<", ">", "~", "!"];
const WORD_CHAR = /[A-Za-z0-9_.:/]/;
const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const LIST_NAME = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;

function isIPv4Octets(text: string): boolean {
    const parts = text.split(".");
    return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** An IP address or CIDR block, e.g. `192.0.2.0/24`, `2001:db8::/32`. */
function isIpOrCidr(text: string): boolean {
    const [address, prefix, extra] = text.split("/");
    if (extra !== undefined) return false;
    const version = address.includes(":") ? (isIP(address) === 6 ? 6 : 0) : isIPv4Octets(address) ? 4 : 0;
    if (version === 0) return false;
    if (prefix === undefined) return true;
    return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** Classifies a run of word characters that is not an identifier: number, IP, CIDR or range. */
function classifyLiteral(text: string, pos: number): TokenKind {
    if (/^\d+$/.test(text)) return "number";
    const range = text.split("..");
    if (range.length === 2) {
        const [from, to] = range;
        if (/^\d+$/.test(from) && /^\d+$/.test(to)) return "range";
        if (!from.includes("/") && !to.includes("/") && isIpOrCidr(from) && isIpOrCidr(to)) return "range";
    } else if (isIpOrCidr(text)) {
        return "ip";
    }
    throw new ExpressionSyntaxError(`malformed literal "${text}": expected an integer, IP address, CIDR block or range`, pos);
}

function readQuotedString(expr: string, start: number): number {
    let i = start + 1;
    while (i < expr.length) {
        if (expr[i] === "\\") {
            if (i + 1 >= expr.length) break;
            i += 2;
            continue;
        }
        if (expr[i] === '"') return i + 1;
        i++;
    }
    throw new ExpressionSyntaxError('unterminated string: a quoted string needs a closing `"` (escape inner quotes as \\")', start);
}

function readRawString(expr: string, start: number): number {
    let i = start + 1;
    let hashes = 0;
    while (expr[i] === "#") {
        hashes++;
        i++;
    }
    if (expr[i] !== '"') {
        throw new ExpressionSyntaxError('raw string: expected `"` after `r` and its `#` characters', start);
    }
    const terminator = '"' + "#".repeat(hashes);
    const end = expr.indexOf(terminator, i + 1);
    if (end < 0) {
        throw new ExpressionSyntaxError(`unterminated raw string: expected closing ${terminator}`, start);
    }
    return end + terminator.length;
}

/** Splits an expression into tokens; throws ExpressionSyntaxError on a character sequence it cannot read. */
export function tokenize(expr: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    const push = (kind: TokenKind, end: number): void => {
        tokens.push({ kind, text: expr.slice(i, end), pos: i });
        i = end;
    };
    while (i < expr.length) {
        const c = expr[i];
        if (/\s/.test(c)) {
            i++;
        } else if (c in PUNCTUATION) {
            push(PUNCTUATION[c], i + 1);
        } else if (c === '"') {
            push("string", readQuotedString(expr, i));
        } else if (c === "r" && (expr[i + 1] === '"' || expr[i + 1] === "#")) {
            push("string", readRawString(expr, i));
        } else if (c === "$") {
            let end = i + 1;
            while (end < expr.length && /[A-Za-z0-9_.]/.test(expr[end])) end++;
            const name = expr.slice(i + 1, end);
            if (!LIST_NAME.test(name)) {
                throw new ExpressionSyntaxError(
                    `bad list reference "$${name}": list names use lowercase letters, digits and "_"`,
                    i,
                );
            }
            push("list", end);
        } else if (c === "-" && /\d/.test(expr[i + 1] ?? "")) {
            let end = i + 1;
            while (end < expr.length && /\d/.test(expr[end])) end++;
            push("number", end);
        } else if (WORD_CHAR.test(c)) {
            let end = i;
            while (end < expr.length && WORD_CHAR.test(expr[end])) end++;
            const text = expr.slice(i, end);
            const isName = /^[A-Za-z_]/.test(text) && !text.includes(":");
            if (isName && !IDENTIFIER.test(text.toLowerCase())) {
                throw new ExpressionSyntaxError(`malformed name "${text}"`, i);
            }
            push(isName ? "ident" : classifyLiteral(text, i), end);
        } else {
            const op = SYMBOL_OPERATORS.find((s) => expr.startsWith(s, i));
            if (op === undefined) {
                const hint = c === "=" ? ' (use "==" or "eq")' : c === "&" ? ' (use "&&" or "and")' : c === "|" ? ' (use "||" or "or")' : "";
                throw new ExpressionSyntaxError(`unexpected character "${c}"${hint}`, i);
            }
            push("op", i + op.length);
        }
    }
    return tokens;
}

/** Checks (, { and [ pair up, reporting the first mismatch with where it was opened. */
export function checkBalance(tokens: Token[]): string | undefined {
    const pairs: Record<string, string> = { lparen: "rparen", lbrace: "rbrace", lbracket: "rbracket" };
    const stack: Token[] = [];
    for (const token of tokens) {
        if (token.kind in pairs) {
            stack.push(token);
        } else if (token.kind === "rparen" || token.kind === "rbrace" || token.kind === "rbracket") {
            const open = stack.pop();
            if (open === undefined) return `"${token.text}" at column ${token.pos + 1} has no matching opening bracket`;
            if (pairs[open.kind] !== token.kind) {
                return `"${token.text}" at column ${token.pos + 1} closes "${open.text}" opened at column ${open.pos + 1}`;
            }
        }
    }
    const open = stack.pop();
    return open === undefined ? undefined : `"${open.text}" opened at column ${open.pos + 1} is never closed`;
}
