// Renders the complete nginx.conf of the edge tier (Cloudflare -> NLB -> nginx -> Kong proxy Service).
// Pure: same options, same text. The Ingress component mounts the result from a ConfigMap over
// /etc/nginx/nginx.conf of the pinned nginxinc/nginx-unprivileged image (uid 101, read-only root fs,
// emptyDir at tempDir). Every directive here exists in nginx 1.22+; version-dependent syntax is chosen
// from `nginxVersion`.

import { resolveNginxEdgeOptions } from "./nginx-options";
import type { NginxEdgeOptions, ResolvedNginxEdgeOptions } from "./nginx-options";
import { statusServer, plainServer, tlsRejectServer, tlsServer } from "./nginx-servers";
import { block, IND, indent, UPSTREAM_NAME } from "./nginx-syntax";

export type { NginxEdgeOptions } from "./nginx-options";

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

const TLS_ECDH_CURVES = "X25519:prime256v1:secp384r1";

/** Text types worth compressing (text/html is always included by nginx and must not be listed). */
const GZIP_TYPES: readonly string[] = Object.freeze([
  "application/json",
  "application/problem+json",
  "application/javascript",
  "application/xml",
  "text/plain",
  "text/css",
  "text/xml",
  "image/svg+xml",
]);

export { HEALTH_PATH, STUB_STATUS_PATH } from "./nginx-syntax";

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
