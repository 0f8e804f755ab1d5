import { strict as assert } from "node:assert";
import {
  apiRequestsExpression,
  asnsExpression,
  countriesExpression,
  disallowedMethodsExpression,
  loginPathsExpression,
  quoteString,
  staticAssetsExpression,
  stringSet,
} from "../../components/edge/expressions";

describe("edge expression builders", () => {
  it("quotes strings with backslash escapes for quote and backslash", () => {
    assert.equal(quoteString('a"b'), '"a\\"b"');
    assert.equal(quoteString("end\\"), '"end\\\\"');
    assert.equal(quoteString("/path/(x)[y]{z}"), '"/path/(x)[y]{z}"');
    assert.throws(() => quoteString("a\nb"), /control character/);
  });

  it("builds sets without duplicates", () => {
    assert.equal(stringSet(["GET", "POST", "GET"]), '{"GET" "POST"}');
  });

  it("static assets: site hosts and (extension or path prefix)", () => {
    const expr = staticAssetsExpression({
      hosts: ["example.com", "WWW.example.com"],
      extensions: ["css", "JS", "woff2"],
      pathPrefixes: ["/static/"],
    });
    assert.equal(
      expr,
      '(http.host in {"example.com" "www.example.com"}) and (http.request.uri.path.extension in {"css" "js" "woff2"} ' +
        'or starts_with(http.request.uri.path, "/static/"))',
    );
  });

  it("API requests: API host or API path prefix", () => {
    assert.equal(
      apiRequestsExpression({ apiHosts: ["api.example.com"], apiPathPrefixes: ["/api/"] }),
      'http.host in {"api.example.com"} or starts_with(http.request.uri.path, "/api/")',
    );
    assert.equal(apiRequestsExpression({ apiHosts: ["api.example.com"] }), 'http.host in {"api.example.com"}');
  });

  it("method allowlist: blocks what is not listed, on API hosts only", () => {
    assert.equal(
      disallowedMethodsExpression(["api.example.com"], ["get", "POST"]),
      'http.host in {"api.example.com"} and not http.request.method in {"GET" "POST"}',
    );
  });

  it("countries and ASNs", () => {
    assert.equal(countriesExpression(["kp", "RU", "T1"]), 'ip.src.country in {"KP" "RU" "T1"}');
    assert.equal(asnsExpression([64496, 64496, 4200000000]), "ip.src.asnum in {64496 4200000000}");
  });

  it("login paths use only the URI path unless hosts or methods are asked for", () => {
    const plain = loginPathsExpression({ paths: ["/auth/login", "/auth/token"] });
    assert.equal(plain, 'http.request.uri.path in {"/auth/login" "/auth/token"}');
    const scoped = loginPathsExpression({ paths: ["/auth/login"], hosts: ["api.example.com"], methods: ["post"] });
    assert.equal(
      scoped,
      'http.host in {"api.example.com"} and http.request.uri.path in {"/auth/login"} and http.request.method in {"POST"}',
    );
  });

  const bad: Array<[string, () => unknown, RegExp]> = [
    [
      "no hosts",
      () => staticAssetsExpression({ hosts: [], extensions: ["css"] }),
      /static assets\) hosts: expected at least one value/,
    ],
    [
      "bad host",
      () => staticAssetsExpression({ hosts: ["exa mple.com"], extensions: ["css"] }),
      /"exa mple" is not a valid hostname label/,
    ],
    [
      "dotted extension",
      () => staticAssetsExpression({ hosts: ["example.com"], extensions: [".css"] }),
      /extension "\.css" must be 1–16 letters\/digits without the dot/,
    ],
    [
      "relative prefix",
      () => staticAssetsExpression({ hosts: ["example.com"], extensions: ["css"], pathPrefixes: ["static/"] }),
      /must start with "\/"/,
    ],
    [
      "query in prefix",
      () => apiRequestsExpression({ apiHosts: ["api.example.com"], apiPathPrefixes: ["/api?x=1"] }),
      /may not contain whitespace, "\?" or "#"/,
    ],
    [
      "unknown method",
      () => disallowedMethodsExpression(["api.example.com"], ["GETT"]),
      /unknown HTTP method "GETT"; allowed: GET, HEAD/,
    ],
    [
      "no methods",
      () => disallowedMethodsExpression(["api.example.com"], []),
      /allowed methods: expected at least one value/,
    ],
    ["3-letter country", () => countriesExpression(["RUS"]), /"RUS" is not a two-letter ISO 3166-1 country code/],
    ["ASN zero", () => asnsExpression([0]), /0 is not an AS number/],
    ["ASN fraction", () => asnsExpression([1.5]), /1.5 is not an AS number/],
    ["no login paths", () => loginPathsExpression({ paths: [] }), /login paths\) paths: expected at least one value/],
  ];
  for (const [name, build, message] of bad) {
    it(`rejects ${name} with a clear message`, () => {
      assert.throws(build, message);
    });
  }
});
