import { strict as assert } from "node:assert";
import { analyzeExpression, assertValidExpression, validateExpression } from "../../components/edge/expression-validate";
import {
    DISCOURAGED_FIELDS,
    RULES_LANGUAGE_FIELDS,
    RULES_LANGUAGE_FUNCTIONS,
} from "../../components/edge/rules-language";

/** Examples taken from Cloudflare's Rules language docs (operators, values, functions pages). */
const DOCUMENTED_EXAMPLES = [
    'http.request.uri.path eq "/articles/2008/"',
    "ip.src ne 203.0.113.0",
    "ip.src in { 203.0.113.0 203.0.113.1 }",
    'not ( http.host eq "www.cloudflare.com" and ip.src in {203.0.113.0/24} )',
    'http.host eq "www.cloudflare.com" xor ip.src in {203.0.113.0/24}',
    'any(url_decode(http.request.body.form.values[*])[*] contains "an xss attack")',
    'all(http.request.headers["content-type"][*] == "application/json")',
    'ends_with(http.request.uri.path, ".html")',
    'lower(http.request.uri.path) contains "/wp-login.php"',
    'http.request.uri.path matches r#"a"b"#',
    'http.request.uri.path matches r##"a"#b"##',
    'http.request.uri.path matches "a\\"b"',
    'http.request.uri.path matches r"/api/login\\.aspx$"',
    "ip.src in {198.51.100.1 198.51.100.3..198.51.100.7 192.0.2.0/24 2001:0db8::/32}",
    'http.request.full_uri wildcard "https://example.com/a/*"',
    'http.request.full_uri strict wildcard "https://example.com/a/*"',
    "(ip.src in $office_network)",
    "ssl",
    "not ssl",
    "true",
    'substring(http.request.body.raw, 0, -2) eq "asdfgh"',
    'not len(http.request.uri.args["order"]) >= 0',
    'all(len(http.request.uri.args["filter"][*])[*] in {3 4})',
    'http.host eq "downloads.example.com" and not is_timed_hmac_valid_v0("mysecretkey", http.request.uri, 100000, http.request.timestamp.sec, 8)',
    'cf.waf.content_scan.has_obj and http.request.uri.path eq "/upload"',
    'any(cf.llm.prompt.pii_categories[*] in {"EMAIL_ADDRESS" "BANK_ACCOUNT"})',
    "cf.response.1xxx_code eq 1020",
    'http.host eq "a" && (http.host ne "b" || !ssl)',
];

describe("Rules language reference lists", () => {
    it("lists each documented field once, in canonical lower-case dotted form", () => {
        assert.equal(new Set(RULES_LANGUAGE_FIELDS).size, RULES_LANGUAGE_FIELDS.length, "duplicate field");
        for (const field of RULES_LANGUAGE_FIELDS) {
            assert.match(field, /^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*$/, field);
        }
        // 173 entries in the reference read on 2026-11-23; a much shorter list means an edit lost some.
        assert.ok(RULES_LANGUAGE_FIELDS.length >= 170, `only ${RULES_LANGUAGE_FIELDS.length} fields`);
    });

    it("contains the fields the edge rules are built from", () => {
        for (const field of [
            "http.host", "http.request.method", "http.request.uri.path", "http.request.uri.path.extension",
            "ip.src", "ip.src.country", "ip.src.asnum", "cf.client.bot", "http.response.code",
        ]) {
            assert.ok(RULES_LANGUAGE_FIELDS.includes(field), field);
        }
    });

    it("lists each documented function once", () => {
        assert.equal(new Set(RULES_LANGUAGE_FUNCTIONS).size, RULES_LANGUAGE_FUNCTIONS.length);
        for (const fn of ["any", "all", "lower", "starts_with", "ends_with", "len", "concat", "is_timed_hmac_valid_v0"]) {
            assert.ok(RULES_LANGUAGE_FUNCTIONS.includes(fn), fn);
        }
    });

    it("discourages only names that are either aliases or documented-but-useless", () => {
        for (const name of Object.keys(DISCOURAGED_FIELDS)) {
            const reason = DISCOURAGED_FIELDS[name];
            assert.ok(reason.length > 10, name);
        }
        assert.ok(RULES_LANGUAGE_FIELDS.includes("cf.threat_score"), "threat score is documented (as always 0)");
        assert.ok(!RULES_LANGUAGE_FIELDS.includes("cf.colo.id"), "cf.colo.id is a characteristic, not a field");
    });
});

describe("validateExpression", () => {
    for (const expr of DOCUMENTED_EXAMPLES) {
        it(`accepts ${expr}`, () => {
            assert.deepEqual(validateExpression(expr), []);
        });
    }

    const bad: Array<[string, RegExp]> = [
        ["", /empty expression/],
        ['http.host = "x"', /unexpected character "=" \(use "==" or "eq"\)/],
        ['http.host === "x"', /unexpected character "="/],
        ['http.host & ssl', /use "&&" or "and"/],
        ['http.hostname eq "x"', /unknown field "http.hostname" at column 1/],
        ['HTTP.HOST eq "x"', /field names are lowercase: "http.host"/],
        ["foo(http.host)", /unknown function "foo\(\)"/],
        ['LOWER(http.host) eq "x"', /function names are lowercase: lower\(\)/],
        ['http.host EQ "x"', /operators must be lowercase: write "eq"/],
        ['http.host eq "a" AND ssl', /operators must be lowercase: "and"/],
        ['(http.host eq "a"', /"\(" opened at column 1 is never closed/],
        ['http.host eq "x")', /"\)" at column 17 has no matching opening bracket/],
        ['http.host in {"a" "b")', /"\)" at column 22 closes "\{" opened at column 14/],
        ['any(http.request.headers["a"[*] == "x")', /closes "\["/],
        ['http.host eq "a)', /unterminated string/],
        ['http.request.uri.path matches r#"a"b"', /unterminated raw string: expected closing "#/],
        ["http.host in {}", /empty set/],
        ['http.host in "x"', /"in" needs a set/],
        ['http.host in {http.host}', /set elements must be literal/],
        ["http.host eq", /expected a value after "eq", found end of expression/],
        ['http.host eq and ssl', /expected a value after "eq", found "and"/],
        ['"x"', /is not a condition on its own/],
        ['http.host eq "a" http.host', /expected "and", "or" or the end/],
        ['http.request.uri.path eq "/" and', /expression ends too early/],
        ["ip.src in {300.1.1.1}", /malformed literal "300.1.1.1"/],
        ["ip.src in {10.0.0.0/33}", /malformed literal/],
        ["http.host matches http.host", /"matches" needs a string pattern/],
        ['http.host strict "x"', /"strict" must be followed by "wildcard"/],
        ["cf.threat_score gt 10", /threat score is now always 0/],
        ['ip.geoip.country eq "RU"', /deprecated alias; use ip.src.country/],
        ["cf.colo.id eq 1", /rate-limiting characteristic only/],
        ["ip.src in $Office", /bad list reference/],
        ['starts_with(http.request.uri.path "/a")', /expected "," or "\)" in the arguments of starts_with\(\)/],
        ['http.request.headers[http.host] eq "x"', /an index must be a string key, a number or \*/],
        ["# comment", /unexpected character "#"/],
    ];
    for (const [expr, message] of bad) {
        it(`rejects ${JSON.stringify(expr)}`, () => {
            const problems = validateExpression(expr);
            assert.ok(problems.length > 0, "expected a problem");
            assert.match(problems.join("\n"), message);
        });
    }

    it("reports every unknown name, not only the first", () => {
        const problems = validateExpression('http.hots eq "a" and ip.source eq 1.2.3.4 and fn(ssl)');
        assert.equal(problems.length, 3, problems.join("\n"));
    });

    it("ignores brackets and quotes inside strings when checking balance", () => {
        assert.deepEqual(validateExpression('http.request.uri.path matches "^(www|store)\\\\.x\\\\.com[(]"'), []);
        assert.deepEqual(validateExpression('http.request.uri.path eq "a\\\\"'), []);
    });

    it("lists the fields an expression reads", () => {
        const { fields } = analyzeExpression('starts_with(http.request.uri.path, "/a") and not http.request.method in {"GET"}');
        assert.deepEqual(fields, ["http.request.uri.path", "http.request.method"]);
    });

    it("assertValidExpression names the caller and lists the problems", () => {
        assert.equal(assertValidExpression("ssl", "test"), "ssl");
        assert.throws(() => assertValidExpression('http.hots eq "a"', "cache rule static"), /^Error: cache rule static: invalid Cloudflare rule expression .*\n {2}- unknown field "http.hots"/);
    });
});
