// The server blocks of the edge nginx.conf (status, plain HTTP, TLS reject, TLS proxy to Kong); nginx-conf.ts renders
// the rest and places them.

import { compareVersions } from "../shared/versions";
import type { ResolvedNginxEdgeOptions } from "./nginx-options";
import { block, HEALTH_PATH, STUB_STATUS_PATH, UPSTREAM_NAME } from "./nginx-syntax";

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

export function statusServer(o: ResolvedNginxEdgeOptions): string[] {
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

export function plainServer(o: ResolvedNginxEdgeOptions): string[] {
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

export function tlsRejectServer(o: ResolvedNginxEdgeOptions): string[] {
  return block("server", [
    "# TLS for an unknown or missing SNI name is refused during the handshake.",
    ...listen(o, o.httpsPort, `${tlsListenParams(o)} default_server`),
    "server_name _;",
    "ssl_reject_handshake on;",
    "# Reached only when SNI named one of our hosts but the Host header did not.",
    "return 421;",
  ]);
}

export function tlsServer(o: ResolvedNginxEdgeOptions): string[] {
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
