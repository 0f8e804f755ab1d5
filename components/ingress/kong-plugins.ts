// Pure builders for Kong Ingress Controller plugin resources (configuration.konghq.com/v1 KongPlugin /
// KongClusterPlugin). Field names follow the Kong 3.x plugin schemas (kong/plugins/<name>/schema.lua)
// and the KIC CRDs (Kong/kubernetes-configuration api/configuration/v1). Secrets never appear in
// `config`: they are pulled from Kubernetes Secrets by KIC through `configPatches` (KIC >= 3.1).

import {
  expectArray,
  expectBoolean,
  expectInteger,
  expectK8sName,
  expectOneOf,
  expectString,
  expectUnique,
  HOSTNAME_RE,
  invalid,
  K8S_SECRET_KEY_RE,
} from "./validate";

export const KONG_API_VERSION = "configuration.konghq.com/v1";
export const INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

/**
 * KongClusterPlugin: cluster-wide, needs the ingress-class annotation (KIC ignores class-less cluster
 * resources unless its IngressClass is the default) and, to apply everywhere, the `global` label.
 * KongPlugin: namespaced, attached to Services/Ingresses/HTTPRoutes with `konghq.com/plugins`.
 */
export type PluginScope =
  | { kind: "KongClusterPlugin"; global?: boolean; ingressClass?: string }
  | { kind: "KongPlugin"; namespace: string };

/** Where a secret value lives. `namespace` is required for KongClusterPlugin and refused for KongPlugin. */
export interface SecretKeyRef {
  name: string;
  key: string;
  namespace?: string;
}

export interface ConfigPatch {
  /** JSON Pointer (RFC 6901) into the plugin `config`, e.g. "/redis/password". */
  path: string;
  valueFrom: { secretKeyRef: SecretKeyRef };
}

export interface KongPluginResource {
  apiVersion: typeof KONG_API_VERSION;
  kind: "KongPlugin" | "KongClusterPlugin";
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  plugin: string;
  config: Record<string, unknown>;
  configPatches?: ConfigPatch[];
}

export function pluginResource(
  name: string, scope: PluginScope, plugin: string, config: Record<string, unknown>, configPatches?: ConfigPatch[],
): KongPluginResource {
  expectK8sName(`${plugin}.name`, name);
  const metadata: KongPluginResource["metadata"] = { name };
  if (scope.kind === "KongClusterPlugin") {
    metadata.annotations = { [INGRESS_CLASS_ANNOTATION]: scope.ingressClass ?? "kong" };
    if (scope.global) metadata.labels = { global: "true" };
  } else {
    metadata.namespace = expectK8sName(`${plugin}.namespace`, scope.namespace);
  }
  for (const [i, p] of (configPatches ?? []).entries()) checkSecretRef(`${plugin}.configPatches[${i}]`, scope, p.valueFrom.secretKeyRef);
  return {
    apiVersion: KONG_API_VERSION,
    kind: scope.kind,
    metadata,
    plugin,
    config,
    ...(configPatches && configPatches.length > 0 ? { configPatches } : {}),
  };
}

function checkSecretRef(key: string, scope: PluginScope, ref: SecretKeyRef): void {
  expectK8sName(`${key}.name`, ref.name);
  expectString(`${key}.key`, ref.key, K8S_SECRET_KEY_RE, "a Secret data key (letters, digits, '-', '_', '.')");
  if (scope.kind === "KongClusterPlugin") expectK8sName(`${key}.namespace`, ref.namespace);
  else if (ref.namespace !== undefined) invalid(`${key}.namespace`, "no namespace (a KongPlugin reads Secrets from its own namespace)", ref.namespace);
}

/**
 * KIC splices the Secret value into a JSON patch as raw JSON (KIC issue #5994, still open), so a string
 * such as a Redis password must be stored JSON-quoted. Apply this to the value written into the Secret
 * referenced by a configPatch, e.g. `authToken.apply(configPatchSecretValue)`.
 */
export function configPatchSecretValue(raw: string): string {
  return JSON.stringify(raw);
}

/** Labels for a Secret read by configPatches: lets KIC's admission webhook validate changes to it. */
export const PLUGIN_CONFIG_SECRET_LABELS = Object.freeze({ "konghq.com/validate": "plugin" });

// ---------------------------------------------------------------- rate-limiting

export interface RateLimitingOptions {
  second?: number;
  minute?: number;
  hour?: number;
  day?: number;
  limitBy: "consumer" | "ip";
  /** Keep proxying (without limits) when Redis is unreachable. Default true: an outage of the cache must not take the API down. */
  faultTolerant?: boolean;
  redis: {
    host: string;
    port?: number;
    /** ElastiCache in-transit encryption. */
    ssl: boolean;
    /** Verify the Redis certificate against Kong's lua_ssl_trusted_certificate (default "system"; ElastiCache uses public Amazon CAs). */
    sslVerify: boolean;
    /** SNI name; defaults to host when ssl is on. */
    serverName?: string;
    database?: number;
    timeoutMs?: number;
  };
  /** The ElastiCache AUTH token: only a reference, patched into config.redis.password by KIC. */
  redisPasswordSecret: SecretKeyRef;
}

const PERIODS = ["second", "minute", "hour", "day"] as const;

export type RateLimits = Pick<RateLimitingOptions, "second" | "minute" | "hour" | "day">;

function checkedLimits(o: RateLimits, prefix: string): Record<string, number> {
  const k = (s: string) => `${prefix}.${s}`;
  const limits: Record<string, number> = {};
  for (const p of PERIODS) {
    if (o[p] === undefined) continue;
    limits[p] = expectInteger(k(p), o[p], 1);
    // Kong's own schema check: a longer period cannot allow fewer requests than a shorter one.
    for (const shorter of PERIODS.slice(0, PERIODS.indexOf(p))) {
      if (limits[shorter] !== undefined && limits[p] < limits[shorter]) invalid(k(p), `a limit >= ${shorter} (${limits[shorter]})`, o[p]);
    }
  }
  if (Object.keys(limits).length === 0) invalid(prefix, "at least one of second, minute, hour, day", o);
  return limits;
}

export function rateLimitingPlugin(name: string, scope: PluginScope, o: RateLimitingOptions, prefix = "ingress.kong.rateLimiting"): KongPluginResource {
  const k = (s: string) => `${prefix}.${s}`;
  const limits = checkedLimits(o, prefix);
  const r = o.redis;
  expectString(k("redis.host"), r.host, HOSTNAME_RE, "a DNS name such as master.edgestack-prod.abc123.use1.cache.amazonaws.com");
  const ssl = expectBoolean(k("redis.ssl"), r.ssl);
  if (expectBoolean(k("redis.sslVerify"), r.sslVerify) && !ssl) invalid(k("redis.sslVerify"), "false when redis.ssl is false", true);
  const serverName = r.serverName ?? (ssl ? r.host : undefined);
  if (serverName !== undefined) expectString(k("redis.serverName"), serverName, HOSTNAME_RE, "a DNS name");
  const redis = {
    host: r.host,
    port: expectInteger(k("redis.port"), r.port ?? 6379, 1, 65535),
    ssl,
    ssl_verify: r.sslVerify,
    ...(serverName !== undefined ? { server_name: serverName } : {}),
    database: expectInteger(k("redis.database"), r.database ?? 0, 0, 15),
    timeout: expectInteger(k("redis.timeoutMs"), r.timeoutMs ?? 2000, 1, 60000),
  };
  const config = {
    ...limits,
    limit_by: expectOneOf(k("limitBy"), o.limitBy, ["consumer", "ip"] as const),
    policy: "redis",
    fault_tolerant: expectBoolean(k("faultTolerant"), o.faultTolerant ?? true),
    hide_client_headers: false,
    redis,
  };
  return pluginResource(name, scope, "rate-limiting", config,
    [{ path: "/redis/password", valueFrom: { secretKeyRef: { ...o.redisPasswordSecret } } }]);
}

/**
 * Counters in each Kong pod's memory (policy local): only for a stack without a cache yet. Every pod counts on
 * its own, so the effective limit is the configured one times the number of Kong pods.
 */
export function localRateLimitingPlugin(name: string, scope: PluginScope, o: RateLimits & { limitBy: "consumer" | "ip" },
  prefix = "ingress.kong.rateLimiting"): KongPluginResource {
  return pluginResource(name, scope, "rate-limiting", {
    ...checkedLimits(o, prefix),
    limit_by: expectOneOf(`${prefix}.limitBy`, o.limitBy, ["consumer", "ip"] as const),
    policy: "local",
    fault_tolerant: true,
    hide_client_headers: false,
  });
}

// ---------------------------------------------------------------- jwt, acl

export interface JwtOptions {
  /** Refuse tokens whose exp is further than this in the future (0 = no cap). Default 3600. */
  maximumExpirationSeconds?: number;
}

export function jwtPlugin(name: string, scope: PluginScope, o: JwtOptions = {}, prefix = "ingress.kong.jwt"): KongPluginResource {
  return pluginResource(name, scope, "jwt", {
    claims_to_verify: ["exp"],
    key_claim_name: "iss",
    // CORS preflights carry no credentials; the cors plugin answers them.
    run_on_preflight: false,
    secret_is_base64: false,
    header_names: ["authorization"],
    // Tokens only in the Authorization header: query strings end up in logs and Referer headers.
    uri_param_names: [],
    cookie_names: [],
    maximum_expiration: expectInteger(`${prefix}.maximumExpirationSeconds`, o.maximumExpirationSeconds ?? 3600, 0, 31536000),
  });
}

/** ACL group names (shared with the acl credential Secrets). */
export const GROUP_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export function aclPlugin(name: string, scope: PluginScope, o: { allow: string[] }, prefix = "ingress.kong.acl"): KongPluginResource {
  expectArray(`${prefix}.allow`, o.allow, 1).forEach((g, i) =>
    expectString(`${prefix}.allow[${i}]`, g, GROUP_RE, "a group name of letters, digits, '.', '_' or '-'"));
  expectUnique(`${prefix}.allow`, o.allow);
  // Membership is enforced here; upstreams do not need (or get) the X-Consumer-Groups header.
  return pluginResource(name, scope, "acl", { allow: [...o.allow], hide_groups_header: true });
}

// ---------------------------------------------------------------- cors

export const CORS_METHODS = ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS"] as const;
export type CorsMethod = (typeof CORS_METHODS)[number];

export interface CorsOptions {
  /** Exact origins ("https://app.example.com"), or ["*"] for a public API without credentials. */
  origins: string[];
  methods?: CorsMethod[];
  headers?: string[];
  exposedHeaders?: string[];
  credentials: boolean;
  maxAgeSeconds?: number;
}

// Kong compares origins made only of [A-Za-z0-9.:/-] literally and treats anything else as a regex;
// we accept only literal scheme://host[:port] so that no origin is ever matched by accident.
const ORIGIN_RE = /^(https:\/\/[a-z0-9.-]+|http:\/\/(localhost|127\.0\.0\.1))(:\d{1,5})?$/;
const HEADER_NAME_RE = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export function corsPlugin(name: string, scope: PluginScope, o: CorsOptions, prefix = "ingress.kong.cors"): KongPluginResource {
  const k = (s: string) => `${prefix}.${s}`;
  const credentials = expectBoolean(k("credentials"), o.credentials);
  const origins = expectArray(k("origins"), o.origins, 1) as string[]; // Kong allows every origin when the list is empty
  if (origins.includes("*")) {
    if (origins.length > 1) invalid(k("origins"), '"*" alone or a list of exact origins', origins);
    // Browsers refuse credentialed responses with a wildcard origin; Kong would echo any origin instead.
    if (credentials) invalid(k("origins"), 'exact origins when credentials is true ("*" with credentials lets any site act as the user)', origins);
  } else {
    origins.forEach((v, i) => expectString(`${k("origins")}[${i}]`, v, ORIGIN_RE,
      "an exact origin such as https://app.example.com (https, no path; http only for localhost)"));
    expectUnique(k("origins"), origins);
  }
  const methods = o.methods ?? ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
  methods.forEach((m, i) => expectOneOf(`${k("methods")}[${i}]`, m, CORS_METHODS));
  const headers = o.headers ?? ["Authorization", "Content-Type", "X-Request-ID"];
  const exposed = o.exposedHeaders ?? ["X-Request-ID", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"];
  for (const [field, list] of [["headers", headers], ["exposedHeaders", exposed]] as const) {
    list.forEach((h, i) => expectString(`${k(field)}[${i}]`, h, HEADER_NAME_RE, "an HTTP header name"));
  }
  return pluginResource(name, scope, "cors", {
    origins: [...origins],
    methods: [...methods],
    headers: [...headers],
    exposed_headers: [...exposed],
    credentials,
    max_age: expectInteger(k("maxAgeSeconds"), o.maxAgeSeconds ?? 600, 0, 86400),
    preflight_continue: false,
  });
}

// ---------------------------------------------------------------- response-transformer, prometheus

/** Headers every API response carries (HSTS is set once, at the NGINX edge). */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "Cache-Control": "no-store",
});

export function securityHeadersPlugin(
  name: string, scope: PluginScope, extra: Record<string, string> = {}, prefix = "ingress.kong.securityHeaders",
): KongPluginResource {
  const headers = { ...API_SECURITY_HEADERS, ...extra };
  const pairs = Object.entries(headers).map(([h, v]) => {
    expectString(`${prefix}.${h}`, h, HEADER_NAME_RE, "an HTTP header name");
    expectString(`${prefix}.${h}`, v, /^[\x20-\x7e]+$/, "a header value of printable ASCII");
    return `${h}:${v}`;
  });
  // response-transformer runs remove, rename, replace, add: replace overwrites an upstream copy and add
  // fills the header in when absent, so together they *set* it.
  return pluginResource(name, scope, "response-transformer", {
    remove: { headers: ["X-Powered-By", "Server"] },
    replace: { headers: pairs },
    add: { headers: pairs },
  });
}

export function prometheusPlugin(name: string, scope: PluginScope): KongPluginResource {
  return pluginResource(name, scope, "prometheus", {
    // Per-consumer labels multiply series by the number of consumers; keep cardinality bounded.
    per_consumer: false,
    status_code_metrics: true,
    latency_metrics: true,
    bandwidth_metrics: true,
    upstream_health_metrics: true,
  });
}
