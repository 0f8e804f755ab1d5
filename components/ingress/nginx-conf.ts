// Renders the complete nginx.conf of the edge tier (Cloudflare -> NLB -> nginx -> Kong proxy Service).
// Pure: same options, same text. The Ingress component mounts the result from a ConfigMap over
// /etc/nginx/nginx.conf of the pinned nginxinc/nginx-unprivileged image (uid 101, read-only root fs,
// emptyDir at tempDir). Every directive here exists in nginx 1.22+; version-dependent syntax is chosen
// from `nginxVersion`.

import { compareVersions } from "../shared/versions";
import { resolveNginxEdgeOptions } from "./nginx-options";
import type { NginxEdgeOptions, ResolvedNginxEdgeOptions } from "./nginx-options";

export type { NginxEdgeOptions, ResolvedNginxEdgeOptions } from "./nginx-options";
export { NGINX_EDGE_DEFAULTS, resolveNginxEdgeOptions } from "./nginx-options";

/**
 * TLS 1.2 suites for an ECDSA (P-256) certificate: ECDHE key exchange (forward secrecy) with AEAD only.
 * RSA-authenticated suites are left out because an ECC certificate can never negotiate them. TLS 1.3
 * suites are not set by ssl_ciphers; OpenSSL's defaults (AES-GCM, ChaCha20) are all strong.
 */
export const TLS12_ECDSA_CIPHERS: readonly string[] = Object.freeze([
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
]);

export const TLS_ECDH_CURVES = "X25519:prime256v1:secp384r1";

/** Text types worth compressing (text/html is always included by nginx and must not be listed). */
export const GZIP_TYPES: readonly string[] = Object.freeze([
  "application/json",
  "application/problem+json",
  "application/javascript",
  "application/xml",
  "text/plain",
  "text/css",
  "text/xml",
  "image/svg+xml",
]);

export const UPSTREAM_NAME = "kong_proxy";
export const HEALTH_PATH = "/nginx-health";
export const STUB_STATUS_PATH = "/stub_status";

const IND = "    ";
const indent = (lines: string[]): string[] => lines.map((l) => (l === "" ? l : IND + l));
const block = (head: string, body: string[]): string[] => [`${head} {`, ...indent(body), "}"];

/** Render nginx.conf; throws `ingress.nginx.<key>: expected ..., got ...` on invalid options. */
export function renderNginxConf(input: NginxEdgeOptions): string {
  const o = resolveNginxEdgeOptions(input);
  const lines = [
    "# Rendered by edgestack components/ingress/nginx-conf.ts; do not edit by hand.",
    "# Runs as non-root with a read-only root filesystem: pid and temp files live in the writable tempDir.",
    `worker_processes ${o.workerProcesses};`,
    `worker_rlimit_nofile ${o.workerRlimitNofile};`,
    `pid ${o.tempDir}/nginx.pid;`,
    "# `stderr` is written to fd 2 directly; the access log uses /dev/stdout like the official image.",
    "error_log stderr warn;",
    "",
    ...block("events", [`worker_connections ${o.workerConnections};`]),
    "",
    ...block("http", httpBody(o)),
    "",
  ];
  return lines.join("\n");
}

function httpBody(o: ResolvedNginxEdgeOptions): string[] {
  return [
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `${t}_temp_path ${o.tempDir}/${t}_temp;`),
    "",
    // No mime.types include: the edge serves nothing from disk; responses keep Kong's Content-Type.
    "default_type application/octet-stream;",
    "server_tokens off;",
    "tcp_nodelay on;",
    `keepalive_timeout ${o.keepaliveTimeoutSeconds}s;`,
    "keepalive_requests 1000;",
    `client_header_timeout ${o.clientHeaderTimeoutSeconds}s;`,
    `client_body_timeout ${o.clientBodyTimeoutSeconds}s;`,
    `send_timeout ${o.sendTimeoutSeconds}s;`,
    `client_max_body_size ${o.clientMaxBodySizeMb}m;`,
    "reset_timedout_connection on;",
    "",
    "# Keep a well-formed incoming X-Request-ID (Cloudflare Workers, clients); otherwise mint one.",
    ...block("map $http_x_request_id $edge_request_id", [
      "default $request_id;",
      '"~^[A-Za-z0-9._:-]{8,128}$" $http_x_request_id;',
    ]),
    "",
    "# The HTTP->HTTPS redirect only targets our own names, never an arbitrary Host header.",
    ...block("map $host $edge_redirect_host", [
      "hostnames;",
      'default "";',
      ...o.serverNames.map((n) => `${n} $host;`),
    ]),
    "",
    ...accessLog(),
    "",
    "# Per-client-IP limit as the last line of defence (Cloudflare and Kong limit first). After realip,",
    "# $binary_remote_addr is the visitor, not a Cloudflare edge address.",
    `limit_req_zone $binary_remote_addr zone=edge_per_ip:${o.rateLimitZoneMb}m rate=${o.rateLimitPerSecond}r/s;`,
    "limit_req_status 429;",
    "limit_req_log_level warn;",
    "",
    "gzip on;",
    "gzip_vary on;",
    "gzip_proxied any;",
    "gzip_comp_level 5;",
    `gzip_min_length ${o.gzipMinLengthBytes};`,
    `gzip_types ${GZIP_TYPES.join(" ")};`,
    "",
    ...tlsDefaults(o),
    ...(o.resolvers.length > 0
      ? ["", `resolver ${o.resolvers.join(" ")} valid=30s ipv6=off;`, "resolver_timeout 5s;"]
      : []),
    "",
    ...upstream(o),
    "",
    ...statusServer(o),
    "",
    ...plainServer(o),
    "",
    ...tlsRejectServer(o),
    "",
    ...tlsServer(o),
  ];
}

function accessLog(): string[] {
  // $uri (no query string) on purpose: tokens sometimes travel in query strings and must not reach logs.
  const fields = [
    '"time":"$time_iso8601"',
    '"request_id":"$edge_request_id"',
    '"client_ip":"$remote_addr"',
    '"peer_ip":"$realip_remote_addr"',
    '"method":"$request_method"',
    '"host":"$host"',
    '"path":"$uri"',
    '"protocol":"$server_protocol"',
    '"status":$status',
    '"bytes_sent":$body_bytes_sent',
    '"request_time":$request_time',
    '"upstream_addr":"$upstream_addr"',
    '"upstream_status":"$upstream_status"',
    '"upstream_connect_time":"$upstream_connect_time"',
    '"upstream_response_time":"$upstream_response_time"',
    '"tls":"$ssl_protocol"',
    '"cf_ray":"$http_cf_ray"',
    '"user_agent":"$http_user_agent"',
  ];
  const parts = fields.map((f, i) => `'${i === 0 ? "{" : ""}${f}${i === fields.length - 1 ? "}" : ","}'`);
  return [
    "log_format edge_json escape=json",
    ...indent(parts.slice(0, -1)),
    `${IND}${parts[parts.length - 1]};`,
    "access_log /dev/stdout edge_json;",
  ];
}

function tlsDefaults(o: ResolvedNginxEdgeOptions): string[] {
  return [
    "ssl_protocols TLSv1.2 TLSv1.3;",
    `ssl_ciphers ${TLS12_ECDSA_CIPHERS.join(":")};`,
    "# Every offered suite is strong, so let the client pick (ChaCha20 on hardware without AES-NI).",
    "ssl_prefer_server_ciphers off;",
    `ssl_ecdh_curve ${TLS_ECDH_CURVES};`,
    o.tlsSessionCacheMb > 0 ? `ssl_session_cache shared:edge_tls:${o.tlsSessionCacheMb}m;` : "ssl_session_cache off;",
    "ssl_session_timeout 1d;",
    "# Tickets off: nginx never rotates ticket keys, which would undo forward secrecy.",
    "ssl_session_tickets off;",
  ];
}

function upstream(o: ResolvedNginxEdgeOptions): string[] {
  // max_fails/fail_timeout are passive health checks: after max_fails failed attempts (errors, timeouts,
  // 502/503/504 as listed in proxy_next_upstream) within fail_timeout, the peer is skipped for fail_timeout.
  const resolve = o.upstreamResolve ? " resolve" : "";
  const servers = o.upstreamServers.map(
    (s) => `server ${s}${resolve} max_fails=${o.upstreamMaxFails} fail_timeout=${o.upstreamFailTimeoutSeconds}s;`,
  );
  const singlePeer =
    o.upstreamServers.length === 1 && !o.upstreamResolve
      ? [
          "# One static peer: nginx never marks a lone server down and has no other peer to retry on. Use",
          "# upstreamResolve with a headless Kong Service (one peer per pod) for real circuit breaking.",
        ]
      : [];
  return block(`upstream ${UPSTREAM_NAME}`, [
    "# Shared zone: failure counters (and resolved peers) are common to all workers.",
    `zone ${UPSTREAM_NAME} 256k;`,
    ...singlePeer,
    ...servers,
    `keepalive ${o.upstreamKeepalive};`,
    "# Below Kong's own 60 s keepalive so nginx never reuses a connection Kong is closing.",
    "keepalive_timeout 50s;",
    "keepalive_requests 1000;",
  ]);
}

function listen(o: ResolvedNginxEdgeOptions, port: number, params: string): string[] {
  const p = params ? ` ${params}` : "";
  return [`listen ${port}${p};`, ...(o.listenIpv6 ? [`listen [::]:${port}${p};`] : [])];
}

function tlsListenParams(o: ResolvedNginxEdgeOptions): string {
  // Before 1.25.1 HTTP/2 is a listen parameter; from 1.25.1 it is the `http2` directive (the parameter is deprecated).
  return o.http2 && compareVersions(o.nginxVersion, "1.25.1") < 0 ? "ssl http2" : "ssl";
}

function healthLocation(): string[] {
  return block(`location = ${HEALTH_PATH}`, ["access_log off;", "default_type text/plain;", 'return 200 "ok\\n";']);
}

function realIp(o: ResolvedNginxEdgeOptions): string[] {
  // Only the public servers trust CF-Connecting-IP, and only from Cloudflare's ranges; the status server
  // must see the true peer address for its allow list.
  return [...o.realIpFromCidrs.map((c) => `set_real_ip_from ${c};`), "real_ip_header CF-Connecting-IP;"];
}

function statusServer(o: ResolvedNginxEdgeOptions): string[] {
  return block("server", [
    "# Internal: kubelet probes and the nginx-prometheus-exporter sidecar. Not exposed by the Service.",
    ...listen(o, o.statusPort, "default_server"),
    "server_name _;",
    "access_log off;",
    ...healthLocation(),
    ...block(`location = ${STUB_STATUS_PATH}`, [
      "stub_status;",
      ...o.statusAllowCidrs.map((c) => `allow ${c};`),
      "deny all;",
    ]),
    ...block("location /", ["return 404;"]),
  ]);
}

function plainServer(o: ResolvedNginxEdgeOptions): string[] {
  return block("server", [
    "# Plain HTTP: health for the NLB, 301 to HTTPS for our names, connection closed (444) for others.",
    ...listen(o, o.httpPort, "default_server"),
    "server_name _;",
    ...realIp(o),
    "limit_req zone=edge_per_ip burst=" + o.rateLimitBurst + " nodelay;",
    ...healthLocation(),
    ...block("location /", [
      ...block('if ($edge_redirect_host = "")', ["return 444;"]),
      "return 301 https://$edge_redirect_host$request_uri;",
    ]),
  ]);
}

function tlsRejectServer(o: ResolvedNginxEdgeOptions): string[] {
  return block("server", [
    "# TLS for an unknown or missing SNI name is refused during the handshake.",
    ...listen(o, o.httpsPort, `${tlsListenParams(o)} default_server`),
    "server_name _;",
    "ssl_reject_handshake on;",
    "# Reached only when SNI named one of our hosts but the Host header did not.",
    "return 421;",
  ]);
}

function tlsServer(o: ResolvedNginxEdgeOptions): string[] {
  const hsts = [
    `max-age=${o.hstsMaxAgeSeconds}`,
    ...(o.hstsIncludeSubdomains ? ["includeSubDomains"] : []),
    ...(o.hstsPreload ? ["preload"] : []),
  ].join("; ");
  const headers: Array<[string, string]> = [
    ["Strict-Transport-Security", hsts],
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Referrer-Policy", o.referrerPolicy],
    ["Content-Security-Policy", o.contentSecurityPolicy],
  ];
  const clientCa = o.clientCaPath
    ? [
        "# Cloudflare Authenticated Origin Pulls: only Cloudflare holds a client certificate signed by this CA.",
        `ssl_client_certificate ${o.clientCaPath};`,
        "ssl_verify_client on;",
      ]
    : [];
  const stapling = o.ocspStapling
    ? ["ssl_stapling on;", "ssl_stapling_verify on;", `ssl_trusted_certificate ${o.ocspTrustedCertificatePath};`]
    : ["# No OCSP stapling: the certificate names no OCSP responder (e.g. Cloudflare Origin CA)."];
  return block("server", [
    ...listen(o, o.httpsPort, tlsListenParams(o)),
    ...(o.http2 && compareVersions(o.nginxVersion, "1.25.1") >= 0 ? ["http2 on;"] : []),
    `server_name ${o.serverNames.join(" ")};`,
    `ssl_certificate ${o.tlsCertificatePath};`,
    `ssl_certificate_key ${o.tlsKeyPath};`,
    ...clientCa,
    ...stapling,
    "",
    ...realIp(o),
    `limit_req zone=edge_per_ip burst=${o.rateLimitBurst} nodelay;`,
    "",
    "# Security headers on every response, errors included (always). No add_header inside locations:",
    "# that would silently drop these. The upstream's copies are hidden so each header appears once.",
    ...headers.map(([name, value]) => `add_header ${name} "${value}" always;`),
    'add_header X-Request-ID "$edge_request_id" always;',
    ...headers.map(([name]) => `proxy_hide_header ${name};`),
    "proxy_hide_header X-Powered-By;",
    "",
    ...healthLocation(),
    ...block("location /", proxyToKong(o)),
  ]);
}

function proxyToKong(o: ResolvedNginxEdgeOptions): string[] {
  return [
    `proxy_pass http://${UPSTREAM_NAME};`,
    "# HTTP/1.1 with an empty Connection header lets upstream keepalive work.",
    "proxy_http_version 1.1;",
    'proxy_set_header Connection "";',
    "proxy_set_header Host $host;",
    "# The verified visitor address only (not the client-supplied X-Forwarded-For chain).",
    "proxy_set_header X-Real-IP $remote_addr;",
    "proxy_set_header X-Forwarded-For $remote_addr;",
    "proxy_set_header X-Forwarded-Proto $scheme;",
    "proxy_set_header X-Forwarded-Host $host;",
    "proxy_set_header X-Request-ID $edge_request_id;",
    `proxy_connect_timeout ${o.proxyConnectTimeoutSeconds}s;`,
    `proxy_send_timeout ${o.proxySendTimeoutSeconds}s;`,
    `proxy_read_timeout ${o.proxyReadTimeoutSeconds}s;`,
    "# Bounded retries on another peer. `non_idempotent` is deliberately absent: nginx then never",
    "# re-sends POST/PATCH/LOCK once the request reached a peer, so writes cannot be applied twice.",
    "proxy_next_upstream error timeout http_502 http_503 http_504;",
    `proxy_next_upstream_tries ${o.retryTries};`,
    `proxy_next_upstream_timeout ${o.retryTimeoutSeconds}s;`,
  ];
}
