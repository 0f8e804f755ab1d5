/**
 * Offline validation of Cloudflare Rules language expressions: a recursive-descent parser over
 * the grammar documented in operators.mdx / values.mdx, checking that every field and function is
 * in Cloudflare's reference (rules-language.ts). It does not type-check (it does not know that
 * `ip.src contains "x"` is invalid), so Cloudflare's API remains the final judge. What it rejects is
 * bad syntax, a name missing from the documented reference (update rules-language.ts when Cloudflare
 * adds one), or a name we refuse on purpose (DISCOURAGED_FIELDS: deprecated aliases, cf.threat_score).
 */
import { checkBalance, ExpressionSyntaxError, Token, tokenize } from "./expression-lexer";
import { DISCOURAGED_FIELDS, isDocumentedField, isDocumentedFunction } from "./rules-language";

const COMPARISON_WORDS = new Set(["eq", "ne", "lt", "le", "gt", "ge", "contains", "matches", "in", "wildcard"]);
const COMPARISON_SYMBOLS = new Set(["==", "!=", "<", "<=", ">", ">=", "~"]);
const KEYWORDS = new Set([...COMPARISON_WORDS, "strict", "and", "or", "xor", "not", "true", "false"]);
/** Operators whose right-hand side must be a string literal (pattern). */
const PATTERN_OPERATORS = new Set(["matches", "~", "wildcard", "strict wildcard"]);

function describe(token: Token | undefined): string {
    if (token === undefined) return "end of expression";
    const lower = token.text.toLowerCase();
    const hint = token.text !== lower && KEYWORDS.has(lower) ? ` (operators must be lowercase: "${lower}")` : "";
    return `"${token.text}"${hint}`;
}

class Parser {
    private i = 0;
    /** > 0 while parsing function arguments, where a bare value (`"/api/"`, `24`) is an argument, not a condition. */
    private argumentDepth = 0;
    readonly problems: string[] = [];
    readonly fields: string[] = [];

    constructor(private readonly tokens: Token[]) {}

    parse(): void {
        if (this.tokens.length === 0) throw new ExpressionSyntaxError("empty expression", 0);
        this.parseOr();
        const rest = this.peek();
        if (rest !== undefined) {
            throw new ExpressionSyntaxError(`expected "and", "or" or the end after a condition, found ${describe(rest)}`, rest.pos);
        }
    }

    private peek(offset = 0): Token | undefined {
        return this.tokens[this.i + offset];
    }

    private next(): Token {
        const token = this.tokens[this.i++];
        if (token === undefined) {
            const last = this.tokens[this.tokens.length - 1];
            throw new ExpressionSyntaxError("expression ends too early", last ? last.pos + last.text.length : 0);
        }
        return token;
    }

    private isWord(token: Token | undefined, ...words: string[]): boolean {
        return token !== undefined && (token.kind === "ident" || token.kind === "op") && words.includes(token.text);
    }

    private binary(operators: string[], operand: () => void): void {
        operand();
        while (this.isWord(this.peek(), ...operators)) {
            this.next();
            operand();
        }
    }

    private parseOr(): void {
        this.binary(["or", "||"], () => this.parseXor());
    }

    private parseXor(): void {
        this.binary(["xor", "^^"], () => this.parseAnd());
    }

    private parseAnd(): void {
        this.binary(["and", "&&"], () => this.parseNot());
    }

    private parseNot(): void {
        if (this.isWord(this.peek(), "not", "!")) {
            this.next();
            this.parseNot();
            return;
        }
        if (this.peek()?.kind === "lparen") {
            this.next();
            this.parseOr();
            this.expect("rparen", '")"');
            return;
        }
        this.parseComparison();
    }

    private parseComparison(): void {
        const start = this.peek();
        const operandKind = this.parseOperand();
        const op = this.peek();
        const isComparison =
            op !== undefined &&
            ((op.kind === "ident" && (COMPARISON_WORDS.has(op.text) || op.text === "strict")) ||
                (op.kind === "op" && COMPARISON_SYMBOLS.has(op.text)));
        if (!isComparison) {
            if (op?.kind === "ident" && COMPARISON_WORDS.has(op.text.toLowerCase())) {
                throw new ExpressionSyntaxError(`operators must be lowercase: write "${op.text.toLowerCase()}", not "${op.text}"`, op.pos);
            }
            if (operandKind === "literal" && this.argumentDepth === 0) {
                throw new ExpressionSyntaxError(
                    `the value ${describe(start)} is not a condition on its own; compare a field with it (e.g. http.host eq ${start?.text})`,
                    start?.pos ?? 0,
                );
            }
            return;
        }
        this.next();
        let operator = op.text;
        if (operator === "strict") {
            if (!this.isWord(this.peek(), "wildcard")) {
                throw new ExpressionSyntaxError(`"strict" must be followed by "wildcard"`, op.pos);
            }
            this.next();
            operator = "strict wildcard";
        }
        this.parseRightHandSide(operator, op);
    }

    private parseRightHandSide(operator: string, op: Token): void {
        const rhs = this.peek();
        if (operator === "in") {
            if (rhs?.kind === "list") {
                this.next();
                return;
            }
            if (rhs?.kind !== "lbrace") {
                throw new ExpressionSyntaxError(`"in" needs a set such as {"a" "b"} or a list such as $name, found ${describe(rhs)}`, rhs?.pos ?? op.pos);
            }
            this.parseSet();
            return;
        }
        if (PATTERN_OPERATORS.has(operator)) {
            if (rhs?.kind !== "string") {
                throw new ExpressionSyntaxError(`"${operator}" needs a string pattern on its right, found ${describe(rhs)}`, rhs?.pos ?? op.pos);
            }
            this.next();
            return;
        }
        const isOperatorWord = rhs !== undefined && KEYWORDS.has(rhs.text) && rhs.text !== "true" && rhs.text !== "false";
        if (rhs === undefined || rhs.kind === "rparen" || rhs.kind === "comma" || isOperatorWord) {
            throw new ExpressionSyntaxError(`expected a value after "${operator}", found ${describe(rhs)}`, rhs?.pos ?? op.pos);
        }
        this.parseOperand();
    }

    private parseSet(): void {
        const open = this.next();
        let count = 0;
        while (this.peek()?.kind !== "rbrace") {
            const item = this.next();
            if (!["string", "number", "ip", "range"].includes(item.kind)) {
                throw new ExpressionSyntaxError(
                    `set elements must be literal strings, integers, IP addresses or ranges separated by spaces, found ${describe(item)}`,
                    item.pos,
                );
            }
            count++;
        }
        this.next();
        if (count === 0) throw new ExpressionSyntaxError("empty set {}: an inline list needs at least one value", open.pos);
    }

    /** Parses a field reference, function call or literal; returns which it was. */
    private parseOperand(): "field" | "call" | "literal" | "boolean" {
        const token = this.next();
        if (["string", "number", "ip", "range"].includes(token.kind)) return "literal";
        if (token.kind !== "ident") {
            throw new ExpressionSyntaxError(`expected a field, function call or value, found ${describe(token)}`, token.pos);
        }
        if (token.text === "true" || token.text === "false") return "boolean";
        if (this.peek()?.kind === "lparen") {
            this.parseCall(token);
            this.parseIndexes();
            return "call";
        }
        if (KEYWORDS.has(token.text)) {
            throw new ExpressionSyntaxError(`expected a field, function call or value, found the operator "${token.text}"`, token.pos);
        }
        this.checkField(token);
        this.parseIndexes();
        return "field";
    }

    private parseCall(name: Token): void {
        if (!isDocumentedFunction(name.text)) {
            const hint = isDocumentedFunction(name.text.toLowerCase()) ? ` (function names are lowercase: ${name.text.toLowerCase()}())` : "";
            this.problems.push(`unknown function "${name.text}()" at column ${name.pos + 1}: not in Cloudflare's functions reference${hint}`);
        }
        this.next();
        if (this.peek()?.kind === "rparen") {
            this.next();
            return;
        }
        this.argumentDepth++;
        for (;;) {
            this.parseOr();
            const sep = this.next();
            if (sep.kind === "rparen") break;
            if (sep.kind !== "comma") {
                throw new ExpressionSyntaxError(`expected "," or ")" in the arguments of ${name.text}(), found ${describe(sep)}`, sep.pos);
            }
        }
        this.argumentDepth--;
    }

    private parseIndexes(): void {
        while (this.peek()?.kind === "lbracket") {
            this.next();
            const index = this.next();
            if (!["string", "number", "star"].includes(index.kind)) {
                throw new ExpressionSyntaxError(`an index must be a string key, a number or *, found ${describe(index)}`, index.pos);
            }
            this.expect("rbracket", '"]"');
        }
    }

    private expect(kind: Token["kind"], what: string): void {
        const token = this.next();
        if (token.kind !== kind) throw new ExpressionSyntaxError(`expected ${what}, found ${describe(token)}`, token.pos);
    }

    private checkField(token: Token): void {
        const name = token.text;
        const at = `at column ${token.pos + 1}`;
        if (name in DISCOURAGED_FIELDS) {
            this.problems.push(`field "${name}" ${at}: ${DISCOURAGED_FIELDS[name]}`);
        } else if (!isDocumentedField(name)) {
            const lower = name.toLowerCase();
            const hint = KEYWORDS.has(lower)
                ? ` (operators are lowercase: "${lower}")`
                : isDocumentedField(lower) ? ` (field names are lowercase: "${lower}")` : "";
            this.problems.push(`unknown field "${name}" ${at}: not in Cloudflare's fields reference${hint}`);
        }
        this.fields.push(name);
    }
}

export interface ExpressionAnalysis {
    /** Every problem found; empty when the expression is valid. */
    problems: string[];
    /** Field names the expression reads, in order of appearance (with repeats). */
    fields: string[];
}

/** Parses an expression and lists its problems and the fields it uses. */
export function analyzeExpression(expr: string): ExpressionAnalysis {
    let tokens: Token[];
    try {
        tokens = tokenize(expr);
    } catch (err) {
        return { problems: [(err as Error).message], fields: [] };
    }
    const imbalance = checkBalance(tokens);
    if (imbalance !== undefined) return { problems: [imbalance], fields: [] };
    const parser = new Parser(tokens);
    try {
        parser.parse();
    } catch (err) {
        if (!(err instanceof ExpressionSyntaxError)) throw err;
        parser.problems.push(err.message);
    }
    return { problems: parser.problems, fields: parser.fields };
}

/** Problems with an expression (empty list = valid). */
export function validateExpression(expr: string): string[] {
    return analyzeExpression(expr).problems;
}

/** Throws one error listing every problem, prefixed with where the expression comes from. */
export function assertValidExpression(expr: string, where: string): string {
    const problems = validateExpression(expr);
    if (problems.length > 0) {
        throw new Error(`${where}: invalid Cloudflare rule expression ${JSON.stringify(expr)}:\n  - ${problems.join("\n  - ")}`);
    }
    return expr;
}
