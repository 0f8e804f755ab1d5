/**
 * Zone name validation and the per-environment hostnames the edge publishes (apex, www, api).
 *
 * Label rules (RFC 1123 §2.1, lengths from RFC 1035 §2.3.4): ASCII letters, digits and hyphens,
 * 1–63 octets, no hyphen at either end; the whole name at most 253 octets. The top-level label
 * may not be all-numeric (RFC 1123 §2.1: a name must not look like a dotted IPv4 address).
 * Internationalised names must be given in their A-label (punycode, `xn--…`) form, which is what
 * Cloudflare's API stores.
 *
 * Names are normalised to lower case: DNS compares names case-insensitively, and Cloudflare rule
 * expressions compare `http.host` byte-for-byte against the lower-case host it received.
 */

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_NAME_LENGTH = 253;

/** Hostnames of one environment. `zone` is the Cloudflare zone they all live in. */
export interface EdgeHostnames {
  zone: string;
  /** Site root: the zone apex in prod (`example.com`), `dev.example.com` for prefix "dev". */
  apex: string;
  www: string;
  api: string;
}

/** The hosts a stack serves, in one order everywhere (apex, www, api): records, certificate names, probes, claims. */
export function servedHosts(hosts: EdgeHostnames): string[] {
  return [hosts.apex, hosts.www, hosts.api];
}

/**
 * How non-apex hosts are built for a prefixed environment:
 * - `nested` (default): `www.dev.example.com`, `api.dev.example.com`.
 * - `flat`: `www-dev.example.com`, `api-dev.example.com` — one label below the zone, so the free
 *   Universal SSL certificate (`example.com` + `*.example.com`) covers them (see universalSslGaps).
 */
export type HostnameStyle = "nested" | "flat";

/** Prefixes that would make one environment's apex equal another environment's www/api host. */
const RESERVED_PREFIXES = new Set(["www", "api"]);

function checkLabel(label: string, what: string): void {
  if (label.length === 0) {
    throw new Error(`${what}: empty label (two dots in a row, or a leading/trailing dot)`);
  }
  if (label.length > 63) {
    throw new Error(`${what}: label "${label}" is ${label.length} characters; at most 63 are allowed`);
  }
  if (!LABEL.test(label)) {
    throw new Error(
      `${what}: label "${label}" is not a valid hostname label; allowed: letters a-z, digits 0-9 ` +
        `and "-", not starting or ending with "-" (RFC 1123). Give internationalised names as punycode (xn--…)`,
    );
  }
}

function checkNameLength(name: string, what: string): void {
  if (name.length > MAX_NAME_LENGTH) {
    throw new Error(`${what}: "${name}" is ${name.length} characters; a DNS name may have at most ${MAX_NAME_LENGTH}`);
  }
}

/**
 * Validates a fully qualified hostname (at least two labels, no wildcard) and returns it lower-cased
 * without a trailing dot. `what` names the setting in the error message.
 */
export function validateHostname(host: string, what: string): string {
  if (typeof host !== "string" || host.trim() === "") {
    throw new Error(`${what}: expected a domain such as "example.com", got ${JSON.stringify(host)}`);
  }
  const name = host.trim().toLowerCase().replace(/\.$/, "");
  if (name.includes("*")) {
    throw new Error(`${what}: "${host}" contains a wildcard; expected a plain domain such as "example.com"`);
  }
  const labels = name.split(".");
  labels.forEach((label) => checkLabel(label, what));
  if (labels.length < 2) {
    throw new Error(`${what}: "${host}" has a single label; expected at least a name and a TLD, e.g. "example.com"`);
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) {
    throw new Error(`${what}: "${host}" ends in an all-numeric label; that is an IP address, not a domain`);
  }
  checkNameLength(name, what);
  return name;
}

/**
 * Validates a Cloudflare zone name (the registered domain, e.g. `example.com`) and returns it in
 * canonical form: lower case, no trailing dot. Throws one error naming the bad part.
 */
export function validateZoneName(zone: string): string {
  return validateHostname(zone, "edge zone name");
}

/**
 * Validates an environment prefix ("" or undefined for none, else one DNS label such as "dev").
 * Returns it lower-cased, or "" for no prefix.
 */
export function validateEnvironmentPrefix(prefix: string | undefined): string {
  const what = "edge environment prefix";
  if (prefix === undefined || prefix === "") return "";
  if (typeof prefix !== "string") {
    throw new Error(`${what}: expected a single DNS label such as "dev" or "" for none, got ${JSON.stringify(prefix)}`);
  }
  const label = prefix.trim().toLowerCase();
  if (label.includes(".")) {
    throw new Error(`${what}: "${prefix}" contains a dot; use a single label such as "dev" or "staging"`);
  }
  checkLabel(label, what);
  if (RESERVED_PREFIXES.has(label)) {
    throw new Error(
      `${what}: "${prefix}" would make this environment's site (${label}.<zone>) the same host as ` +
        `another environment's ${label} host; pick another prefix (e.g. "dev", "staging")`,
    );
  }
  return label;
}

/**
 * Hostnames for one environment. Prod (no prefix): `example.com`, `www.example.com`,
 * `api.example.com`. Prefix "dev": `dev.example.com`, `www.dev.example.com`, `api.dev.example.com`
 * (or `www-dev.example.com`, `api-dev.example.com` with style "flat").
 */
export function environmentHostnames(zone: string, prefix?: string, style: HostnameStyle = "nested"): EdgeHostnames {
  const zoneName = validateZoneName(zone);
  const env = validateEnvironmentPrefix(prefix);
  if (style !== "nested" && style !== "flat") {
    throw new Error(`edge hostname style: expected "nested" or "flat", got ${JSON.stringify(style)}`);
  }
  const apex = env === "" ? zoneName : `${env}.${zoneName}`;
  const sub = (name: string): string => {
    if (env === "") return `${name}.${zoneName}`;
    return style === "flat" ? `${name}-${env}.${zoneName}` : `${name}.${apex}`;
  };
  const hosts: EdgeHostnames = { zone: zoneName, apex, www: sub("www"), api: sub("api") };
  servedHosts(hosts).forEach((host) => validateHostname(host, "edge hostname"));
  return hosts;
}

/**
 * Hosts that Cloudflare's free Universal SSL certificate does not cover. That certificate is issued
 * for the apex and one wildcard level (`example.com`, `*.example.com`), so a host two or more labels
 * below the zone (`api.dev.example.com`) fails TLS at the edge unless the zone has an Advanced
 * certificate (Advanced Certificate Manager, or Total TLS) for it.
 */
export function universalSslGaps(hosts: EdgeHostnames): string[] {
  const depth = (host: string): number => host.split(".").length - hosts.zone.split(".").length;
  return servedHosts(hosts).filter((host) => depth(host) > 1);
}
