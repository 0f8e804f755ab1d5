// Options of the NGINX edge (Cloudflare -> NLB -> nginx -> Kong). Environment differences come in as data (the
// config schema validated them); this module only fills component-level defaults. The other options are this
// program's own constants (nginx-workload.ts), so they are not validated again here: `nginx -t` in the tests
// (tests/ingress/nginx-t.test.ts) checks the rendered file.

import { CLOUDFLARE_IP_RANGES } from "./cloudflare-ips";

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

/** Fill the component defaults; an explicit `undefined` (an unset optional config key) means "use the default". */
export function resolveNginxEdgeOptions(input: NginxEdgeOptions): ResolvedNginxEdgeOptions {
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  return { ...NGINX_EDGE_DEFAULTS, ...given } as ResolvedNginxEdgeOptions;
}
