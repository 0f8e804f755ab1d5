// Options of the NGINX edge (Cloudflare -> NLB -> nginx -> Kong) and their validation. Environment
// differences come in as data (config.ts); this module only fills component-level defaults and refuses
// anything nginx would reject or that would weaken the edge, with one clear message per bad key.

import { CLOUDFLARE_IP_RANGES, assertCidr } from "./cloudflare-ips";
import {
  HOSTNAME_RE,
  expectArray,
  expectBoolean,
  expectInteger,
  expectString,
  expectUnique,
  invalid,
  rejectUnknownKeys,
} from "./validate";

export interface NginxEdgeOptions {
  /** nginx version in the pinned image, e.g. "1.30.6". Selects syntax: `http2 on` (>= 1.25.1), upstream `resolve` (>= 1.27.3). */
  nginxVersion: string;
  /** Public host names served (e.g. ["api.example.com"]); requests for other hosts are refused. */
  serverNames: string[];
  /** Kong proxy endpoints as host:port, e.g. ["kong-gateway-proxy.kong.svc.cluster.local:80"]. */
  upstreamServers: string[];
  /** PEM certificate (ECC P-256 Cloudflare Origin CA cert) and key, mounted from a Secret. */
  tlsCertificatePath: string;
  tlsKeyPath: string;
  /** Cloudflare Authenticated Origin Pulls CA; when set, nginx requires a client cert signed by it. */
  clientCaPath?: string;
  /**
   * Turn on OCSP stapling only when the certificate names an OCSP responder. Cloudflare Origin CA
   * certificates have none (only Cloudflare's edge trusts them, and it does not need stapling), so
   * stapling them just logs warnings. Default false.
   */
  ocspStapling?: boolean;
  /** Issuer chain for `ssl_stapling_verify`; required when ocspStapling is true. */
  ocspTrustedCertificatePath?: string;
  /** DNS resolvers (IPs or host names) for OCSP responder lookups and upstream `resolve`. */
  resolvers?: string[];
  /** Re-resolve upstream host names at run time (nginx >= 1.27.3); with a headless Service each Kong pod becomes a peer. */
  upstreamResolve?: boolean;
  /** Peers allowed to set the client IP (CF-Connecting-IP). Default: Cloudflare's published ranges. */
  realIpFromCidrs?: string[];
  httpPort?: number;
  httpsPort?: number;
  /** Internal port for stub_status (exporter sidecar) and kubelet probes; never exposed by the Service. */
  statusPort?: number;
  /** Who may read stub_status; the exporter sidecar shares the pod network namespace. */
  statusAllowCidrs?: string[];
  listenIpv6?: boolean;
  http2?: boolean;
  hstsMaxAgeSeconds?: number;
  hstsIncludeSubdomains?: boolean;
  hstsPreload?: boolean;
  contentSecurityPolicy?: string;
  referrerPolicy?: string;
  clientMaxBodySizeMb?: number;
  clientBodyTimeoutSeconds?: number;
  clientHeaderTimeoutSeconds?: number;
  keepaliveTimeoutSeconds?: number;
  sendTimeoutSeconds?: number;
  proxyConnectTimeoutSeconds?: number;
  proxySendTimeoutSeconds?: number;
  proxyReadTimeoutSeconds?: number;
  /** Total attempts per request including the first (1 = no retry). */
  retryTries?: number;
  /** Upper bound on time spent across retries. */
  retryTimeoutSeconds?: number;
  upstreamKeepalive?: number;
  upstreamMaxFails?: number;
  upstreamFailTimeoutSeconds?: number;
  rateLimitPerSecond?: number;
  rateLimitBurst?: number;
  rateLimitZoneMb?: number;
  /** "auto" counts the node's CPUs, not the container's CPU limit: set it to the limit in Kubernetes. */
  workerProcesses?: number | "auto";
  workerConnections?: number;
  workerRlimitNofile?: number;
  tlsSessionCacheMb?: number;
  gzipMinLengthBytes?: number;
  /** Writable directory (an emptyDir) for pid and temp files; the root filesystem is read-only. */
  tempDir?: string;
}

type OptionalKeys = "clientCaPath" | "ocspTrustedCertificatePath";
export type ResolvedNginxEdgeOptions = Required<Omit<NginxEdgeOptions, OptionalKeys>> &
  Pick<NginxEdgeOptions, OptionalKeys>;

/** Component defaults (not environment defaults: those live in config.ts). */
export const NGINX_EDGE_DEFAULTS = Object.freeze({
  ocspStapling: false,
  resolvers: [] as string[],
  upstreamResolve: false,
  realIpFromCidrs: [...CLOUDFLARE_IP_RANGES],
  httpPort: 8080,
  httpsPort: 8443,
  statusPort: 8081,
  statusAllowCidrs: ["127.0.0.1/32", "::1/128"],
  listenIpv6: false,
  http2: true,
  hstsMaxAgeSeconds: 31536000,
  hstsIncludeSubdomains: true,
  hstsPreload: false,
  // JSON API: nothing may be loaded, framed or used as a base URL.
  contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  referrerPolicy: "no-referrer",
  clientMaxBodySizeMb: 10,
  clientBodyTimeoutSeconds: 15,
  clientHeaderTimeoutSeconds: 15,
  keepaliveTimeoutSeconds: 75,
  sendTimeoutSeconds: 30,
  proxyConnectTimeoutSeconds: 5,
  proxySendTimeoutSeconds: 60,
  proxyReadTimeoutSeconds: 60,
  retryTries: 3,
  retryTimeoutSeconds: 15,
  upstreamKeepalive: 64,
  upstreamMaxFails: 3,
  upstreamFailTimeoutSeconds: 10,
  rateLimitPerSecond: 50,
  rateLimitBurst: 100,
  rateLimitZoneMb: 10,
  workerProcesses: "auto" as number | "auto",
  workerConnections: 4096,
  workerRlimitNofile: 16384,
  tlsSessionCacheMb: 10,
  gzipMinLengthBytes: 1024,
  tempDir: "/tmp",
});

const ALLOWED_KEYS = [
  "nginxVersion", "serverNames", "upstreamServers", "tlsCertificatePath", "tlsKeyPath", "clientCaPath",
  "ocspTrustedCertificatePath", ...Object.keys(NGINX_EDGE_DEFAULTS),
];

// A file path that can be pasted into nginx.conf unquoted: absolute, no spaces, quotes, `;`, braces or `$`.
const PATH_RE = /^\/[A-Za-z0-9._\-/]*$/;
// A header value placed inside double quotes: printable ASCII without `"`, `\` or `$` (nginx variables).
const HEADER_VALUE_RE = /^[\x20-\x21\x23\x25-\x5b\x5d-\x7e]+$/;
const VERSION_RE = /^(\d+)\.(\d+)\.(\d+)$/;

/** Compare "a.b.c" versions: negative, zero or positive like a sort comparator. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** Split "host:port" / "[v6]:port"; throws with `key` on anything else. */
export function parseHostPort(key: string, value: unknown): { host: string; port: number } {
  const m = typeof value === "string" ? /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/.exec(value) : null;
  const hostOk = m && (HOSTNAME_RE.test(m[1]) || m[1].startsWith("["));
  if (!m || !hostOk || Number(m[2]) < 1 || Number(m[2]) > 65535) {
    invalid(key, 'host:port with a DNS name or IP and a port 1-65535, e.g. "kong-gateway-proxy.kong.svc.cluster.local:80"', value);
  }
  return { host: m[1], port: Number(m[2]) };
}

type Key = (name: string) => string;
const PATH_WHAT = "an absolute path without spaces, quotes, ';', '{', '}' or '$'";

/** Fill defaults and validate; throws on the first bad key. `prefix` is the config path shown in errors. */
export function resolveNginxEdgeOptions(input: NginxEdgeOptions, prefix = "ingress.nginx"): ResolvedNginxEdgeOptions {
  if (typeof input !== "object" || input === null) invalid(prefix, "an object", input);
  rejectUnknownKeys(prefix, input, ALLOWED_KEYS);
  // An explicit `undefined` (an unset optional config key) means "use the default".
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const o = { ...NGINX_EDGE_DEFAULTS, ...given } as ResolvedNginxEdgeOptions;
  const k: Key = (name) => `${prefix}.${name}`;
  checkNamesAndUpstreams(o, k);
  checkTls(o, k);
  checkNetwork(o, k);
  checkHeaders(o, k);
  checkLimits(o, k);
  return o;
}

function checkNamesAndUpstreams(o: ResolvedNginxEdgeOptions, k: Key): void {
  expectString(k("nginxVersion"), o.nginxVersion, VERSION_RE, 'a version like "1.30.6"');
  if (compareVersions(o.nginxVersion, "1.22.0") < 0) invalid(k("nginxVersion"), "1.22.0 or newer", o.nginxVersion);
  expectArray(k("serverNames"), o.serverNames, 1).forEach((n, i) => {
    if (typeof n !== "string" || !HOSTNAME_RE.test(n.replace(/^\*\./, ""))) {
      invalid(`${k("serverNames")}[${i}]`, "a lower-case DNS name, optionally starting with *.", n);
    }
  });
  expectUnique(k("serverNames"), o.serverNames);
  expectArray(k("upstreamServers"), o.upstreamServers, 1).forEach((s, i) => parseHostPort(`${k("upstreamServers")}[${i}]`, s));
  expectUnique(k("upstreamServers"), o.upstreamServers);
  expectBoolean(k("upstreamResolve"), o.upstreamResolve);
  expectArray(k("resolvers"), o.resolvers, 0).forEach((r, i) =>
    expectString(`${k("resolvers")}[${i}]`, r, /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/, "a resolver address such as 172.20.0.10 or kube-dns.kube-system.svc.cluster.local"));
  if (o.upstreamResolve) {
    if (compareVersions(o.nginxVersion, "1.27.3") < 0) invalid(k("upstreamResolve"), `false for nginx ${o.nginxVersion} (the upstream "resolve" parameter needs nginx 1.27.3 or newer)`, true);
    if (o.resolvers.length === 0) invalid(k("resolvers"), "at least one resolver when upstreamResolve is true", o.resolvers);
  }
}

function checkTls(o: ResolvedNginxEdgeOptions, k: Key): void {
  for (const p of ["tlsCertificatePath", "tlsKeyPath", "tempDir"] as const) expectString(k(p), o[p], PATH_RE, PATH_WHAT);
  if (o.clientCaPath !== undefined) expectString(k("clientCaPath"), o.clientCaPath, PATH_RE, PATH_WHAT);
  expectBoolean(k("ocspStapling"), o.ocspStapling);
  if (o.ocspStapling) {
    // Verification needs the issuer chain; an unverified staple is worse than none.
    expectString(k("ocspTrustedCertificatePath"), o.ocspTrustedCertificatePath, PATH_RE,
      "an absolute path to the issuer chain (required when ocspStapling is true)");
    if (o.resolvers.length === 0) invalid(k("resolvers"), "at least one resolver when ocspStapling is true (nginx must look up the OCSP responder)", o.resolvers);
  } else if (o.ocspTrustedCertificatePath !== undefined) {
    expectString(k("ocspTrustedCertificatePath"), o.ocspTrustedCertificatePath, PATH_RE, PATH_WHAT);
  }
  expectInteger(k("tlsSessionCacheMb"), o.tlsSessionCacheMb, 0, 1024);
  expectBoolean(k("http2"), o.http2);
}

function checkNetwork(o: ResolvedNginxEdgeOptions, k: Key): void {
  expectArray(k("realIpFromCidrs"), o.realIpFromCidrs, 1).forEach((c, i) => assertCidr(`${k("realIpFromCidrs")}[${i}]`, c));
  expectUnique(k("realIpFromCidrs"), o.realIpFromCidrs);
  expectArray(k("statusAllowCidrs"), o.statusAllowCidrs, 1).forEach((c, i) => assertCidr(`${k("statusAllowCidrs")}[${i}]`, c));
  // Non-root containers cannot bind below 1024.
  for (const p of ["httpPort", "httpsPort", "statusPort"] as const) expectInteger(k(p), o[p], 1024, 65535);
  if (new Set([o.httpPort, o.httpsPort, o.statusPort]).size !== 3) {
    invalid(k("statusPort"), "httpPort, httpsPort and statusPort to be three different ports", [o.httpPort, o.httpsPort, o.statusPort]);
  }
  expectBoolean(k("listenIpv6"), o.listenIpv6);
}

function checkHeaders(o: ResolvedNginxEdgeOptions, k: Key): void {
  expectBoolean(k("hstsIncludeSubdomains"), o.hstsIncludeSubdomains);
  expectBoolean(k("hstsPreload"), o.hstsPreload);
  expectInteger(k("hstsMaxAgeSeconds"), o.hstsMaxAgeSeconds, 0);
  if (o.hstsPreload) {
    // hstspreload.org submission rules: max-age >= 1 year and includeSubDomains.
    expectInteger(k("hstsMaxAgeSeconds"), o.hstsMaxAgeSeconds, 31536000);
    if (!o.hstsIncludeSubdomains) invalid(k("hstsIncludeSubdomains"), "true when hstsPreload is true", false);
  }
  expectString(k("contentSecurityPolicy"), o.contentSecurityPolicy, HEADER_VALUE_RE, "a header value of printable ASCII without '\"', '\\' or '$'");
  expectString(k("referrerPolicy"), o.referrerPolicy,
    /^(no-referrer|no-referrer-when-downgrade|origin|origin-when-cross-origin|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
    "a Referrer-Policy token such as no-referrer or strict-origin-when-cross-origin");
}

function checkLimits(o: ResolvedNginxEdgeOptions, k: Key): void {
  expectInteger(k("clientMaxBodySizeMb"), o.clientMaxBodySizeMb, 1, 10240);
  for (const t of ["clientBodyTimeoutSeconds", "clientHeaderTimeoutSeconds", "keepaliveTimeoutSeconds", "sendTimeoutSeconds",
    "proxyConnectTimeoutSeconds", "proxySendTimeoutSeconds", "proxyReadTimeoutSeconds", "upstreamFailTimeoutSeconds"] as const) {
    expectInteger(k(t), o[t], 1, 3600);
  }
  expectInteger(k("retryTries"), o.retryTries, 1, 10);
  expectInteger(k("retryTimeoutSeconds"), o.retryTimeoutSeconds, 1, 3600);
  expectInteger(k("upstreamKeepalive"), o.upstreamKeepalive, 1, 4096);
  expectInteger(k("upstreamMaxFails"), o.upstreamMaxFails, 0, 100);
  expectInteger(k("rateLimitPerSecond"), o.rateLimitPerSecond, 1, 1000000);
  expectInteger(k("rateLimitBurst"), o.rateLimitBurst, 0, 1000000);
  expectInteger(k("rateLimitZoneMb"), o.rateLimitZoneMb, 1, 1024);
  if (o.workerProcesses !== "auto") expectInteger(k("workerProcesses"), o.workerProcesses, 1, 256);
  expectInteger(k("workerConnections"), o.workerConnections, 64, 1048576);
  // Each proxied request holds two descriptors (client + upstream).
  expectInteger(k("workerRlimitNofile"), o.workerRlimitNofile, 2 * o.workerConnections, 1048576 * 2);
  expectInteger(k("gzipMinLengthBytes"), o.gzipMinLengthBytes, 0, 10485760);
}
