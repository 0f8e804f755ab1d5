/**
 * Builders for the Rules language expressions the edge rulesets use. No config key accepts a user-written
 * expression: every expression is built here from validated hostnames, paths, methods, countries and ASNs, with
 * strings quoted as values.mdx says; Cloudflare itself rejects an invalid expression at `pulumi up`.
 */
import { validateHostname } from "./hostnames";

/** Methods defined by RFC 9110 §9 plus PATCH (RFC 5789); anything else is almost surely a typo. */
export const HTTP_METHODS: readonly string[] = Object.freeze([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "CONNECT",
  "OPTIONS",
  "TRACE",
  "PATCH",
]);

/**
 * A quoted string literal: `"` and `\` escaped with a backslash (values.mdx, quoted string syntax).
 * Control characters are refused: no host, path or extension legitimately contains them.
 */
export function quoteString(value: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new Error(`rule expression string ${JSON.stringify(value)} contains a control character`);
  }
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function nonEmpty<T>(values: readonly T[] | undefined, what: string): readonly T[] {
  if (!Array.isArray(values) || values.length === 0) throw new Error(`${what}: expected at least one value`);
  return values;
}

/** An inline set of strings, `{"a" "b"}` (duplicates dropped, order kept). */
export function stringSet(values: readonly string[]): string {
  return `{${unique(values).map(quoteString).join(" ")}}`;
}

/** An inline set of integers, `{13335 64496}`. */
function integerSet(values: readonly number[]): string {
  return `{${unique(values).join(" ")}}`;
}

function hostSet(hosts: readonly string[], what: string): string {
  return stringSet(nonEmpty(hosts, what).map((h) => validateHostname(h, what)));
}

/** URI paths / prefixes: absolute, no whitespace, no query or fragment (the path field has neither). */
function validatePath(path: string, what: string): string {
  if (typeof path !== "string" || !path.startsWith("/")) {
    throw new Error(`${what}: path ${JSON.stringify(path)} must start with "/"`);
  }
  if (/[\s?#]/.test(path)) {
    throw new Error(
      `${what}: path ${JSON.stringify(path)} may not contain whitespace, "?" or "#" (the URI path field excludes the query)`,
    );
  }
  return path;
}

/** File extensions as `http.request.uri.path.extension` reports them: lower case, no dot. */
function validateExtension(ext: string, what: string): string {
  const value = typeof ext === "string" ? ext.toLowerCase() : "";
  if (!/^[a-z0-9]{1,16}$/.test(value)) {
    throw new Error(
      `${what}: extension ${JSON.stringify(ext)} must be 1–16 letters/digits without the dot, e.g. "css"`,
    );
  }
  return value;
}

function validateMethod(method: string, what: string): string {
  const value = typeof method === "string" ? method.toUpperCase() : "";
  if (!HTTP_METHODS.includes(value)) {
    throw new Error(`${what}: unknown HTTP method ${JSON.stringify(method)}; allowed: ${HTTP_METHODS.join(", ")}`);
  }
  return value;
}

/** ISO 3166-1 alpha-2 code as `ip.src.country` reports it (plus "T1", Cloudflare's code for Tor). */
function validateCountry(code: string, what: string): string {
  const value = typeof code === "string" ? code.toUpperCase() : "";
  if (!/^([A-Z]{2}|T1)$/.test(value)) {
    throw new Error(`${what}: ${JSON.stringify(code)} is not a two-letter ISO 3166-1 country code (e.g. "DE")`);
  }
  return value;
}

function validateAsn(asn: number, what: string): number {
  if (!Number.isInteger(asn) || asn < 1 || asn > 4294967295) {
    throw new Error(`${what}: ${JSON.stringify(asn)} is not an AS number (an integer 1–4294967295)`);
  }
  return asn;
}

function pathPrefixCondition(prefixes: readonly string[], what: string): string {
  return unique(prefixes.map((p) => validatePath(p, what)))
    .map((p) => `starts_with(http.request.uri.path, ${quoteString(p)})`)
    .join(" or ");
}

interface StaticAssetsMatch {
  /** Hosts whose static files are cached (the site hosts, not the API). */
  hosts: readonly string[];
  /** File extensions cached wherever they are, e.g. ["css", "js", "woff2"]. */
  extensions: readonly string[];
  /** Path prefixes cached whatever the extension, e.g. ["/static/", "/assets/"]. */
  pathPrefixes?: readonly string[];
}

/** Static files on the site hosts: a cached extension, or under a cached path prefix. */
export function staticAssetsExpression(match: StaticAssetsMatch): string {
  const what = "edge cache rule (static assets)";
  const extensions = nonEmpty(match.extensions, `${what} extensions`).map((e) => validateExtension(e, what));
  const conditions = [`http.request.uri.path.extension in ${stringSet(extensions)}`];
  if (match.pathPrefixes && match.pathPrefixes.length > 0)
    conditions.push(pathPrefixCondition(match.pathPrefixes, what));
  const expr = `(http.host in ${hostSet(match.hosts, `${what} hosts`)}) and (${conditions.join(" or ")})`;
  return expr;
}

interface ApiMatch {
  /** Hosts that serve only the API (every request bypasses cache). */
  apiHosts: readonly string[];
  /** API path prefixes on any host, e.g. ["/api/"]; optional. */
  apiPathPrefixes?: readonly string[];
}

/** Requests to the API: any request to an API host, or an API path prefix on any host. */
export function apiRequestsExpression(match: ApiMatch): string {
  const what = "edge cache rule (API bypass)";
  const parts = [`http.host in ${hostSet(match.apiHosts, `${what} hosts`)}`];
  if (match.apiPathPrefixes && match.apiPathPrefixes.length > 0)
    parts.push(pathPrefixCondition(match.apiPathPrefixes, what));
  return parts.join(" or ");
}

/** API-host requests whose method is not in the allowlist (e.g. TRACE, CONNECT, typos). */
export function disallowedMethodsExpression(apiHosts: readonly string[], allowedMethods: readonly string[]): string {
  const what = "edge custom rule (method allowlist)";
  const methods = nonEmpty(allowedMethods, `${what} allowed methods`).map((m) => validateMethod(m, what));
  const expr = `http.host in ${hostSet(apiHosts, `${what} hosts`)} and not http.request.method in ${stringSet(methods)}`;
  return expr;
}

/** Requests whose client IP geolocates to one of the countries. */
export function countriesExpression(countries: readonly string[]): string {
  const what = "edge custom rule (blocked countries)";
  const codes = nonEmpty(countries, what).map((c) => validateCountry(c, what));
  return `ip.src.country in ${stringSet(codes)}`;
}

/** Requests from one of the autonomous systems. */
export function asnsExpression(asns: readonly number[]): string {
  const what = "edge custom rule (blocked ASNs)";
  const numbers = nonEmpty(asns, what).map((a) => validateAsn(a, what));
  return `ip.src.asnum in ${integerSet(numbers)}`;
}

interface LoginPathsMatch {
  /** Exact paths of the authentication endpoints, e.g. ["/auth/login", "/auth/token"]. */
  paths: readonly string[];
  /** Restrict to these hosts (needs a plan whose rate-limit expressions allow http.host). */
  hosts?: readonly string[];
  /** Restrict to these methods, e.g. ["POST"] (needs http.request.method: Business and up). */
  methods?: readonly string[];
}

/**
 * Requests to authentication endpoints, for rate limiting. Exact paths with `in` so the rule stays
 * within the Free plan's rate-limit field set (URI path only) when hosts/methods are omitted.
 */
export function loginPathsExpression(match: LoginPathsMatch): string {
  const what = "edge rate-limit rule (login paths)";
  const paths = nonEmpty(match.paths, `${what} paths`).map((p) => validatePath(p, what));
  const parts: string[] = [];
  if (match.hosts && match.hosts.length > 0) parts.push(`http.host in ${hostSet(match.hosts, `${what} hosts`)}`);
  parts.push(`http.request.uri.path in ${stringSet(paths)}`);
  if (match.methods && match.methods.length > 0) {
    parts.push(`http.request.method in ${stringSet(match.methods.map((m) => validateMethod(m, what)))}`);
  }
  return parts.join(" and ");
}
