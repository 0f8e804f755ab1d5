// Pure builders for Kong Ingress Controller plugin resources (configuration.konghq.com/v1 KongPlugin /
// KongClusterPlugin). Field names follow the Kong 3.x plugin schemas (kong/plugins/<name>/schema.lua)
// and the KIC CRDs (Kong/kubernetes-configuration api/configuration/v1). Secrets never appear in
// `config`: they are pulled from Kubernetes Secrets by KIC through `configPatches` (KIC >= 3.1).

// Inputs are this program's constants and config values the schema validated (config/schema-workloads.ts:
// ingress.rateLimit, corsOrigins, jwt, services[].allowedGroups); KIC's admission webhook and Kong's plugin
// schemas validate the rendered resources again at deploy time.

export const KONG_API_VERSION = "configuration.konghq.com/v1";
export const INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

/**
 * KongClusterPlugin: cluster-wide, needs the ingress-class annotation (KIC ignores class-less cluster
 * resources unless its IngressClass is the default) and, to apply everywhere, the `global` label.
 * KongPlugin: namespaced, attached to Services/Ingresses/HTTPRoutes with `konghq.com/plugins`.
 */
export type PluginScope =
  { kind: "KongClusterPlugin"; global?: boolean; ingressClass?: string } | { kind: "KongPlugin"; namespace: string };

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
  name: string,
  scope: PluginScope,
  plugin: string,
  config: Record<string, unknown>,
  configPatches?: ConfigPatch[],
): KongPluginResource {
  const metadata: KongPluginResource["metadata"] = { name };
  if (scope.kind === "KongClusterPlugin") {
    metadata.annotations = { [INGRESS_CLASS_ANNOTATION]: scope.ingressClass ?? "kong" };
    if (scope.global) metadata.labels = { global: "true" };
  } else {
    metadata.namespace = scope.namespace;
  }
  return {
    apiVersion: KONG_API_VERSION,
    kind: scope.kind,
    metadata,
    plugin,
    config,
    ...(configPatches && configPatches.length > 0 ? { configPatches } : {}),
  };
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
  redis: {
    host: string;
    port?: number;
    /** ElastiCache in-transit encryption. */
    ssl: boolean;
    /** Verify the Redis certificate against Kong's lua_ssl_trusted_certificate (default "system"; ElastiCache uses public Amazon CAs). */
    sslVerify: boolean;
    database?: number;
    timeoutMs?: number;
  };
  /** The ElastiCache AUTH token: only a reference, patched into config.redis.password by KIC. */
  redisPasswordSecret: SecretKeyRef;
}

const PERIODS = ["second", "minute", "hour", "day"] as const;

type RateLimits = Pick<RateLimitingOptions, "second" | "minute" | "hour" | "day">;

/** The limits that are set, in Kong's field names (second, minute, hour, day). */
const setLimits = (o: RateLimits): Record<string, number> =>
  Object.fromEntries(PERIODS.filter((p) => o[p] !== undefined).map((p) => [p, o[p] as number]));

export function rateLimitingPlugin(name: string, scope: PluginScope, o: RateLimitingOptions): KongPluginResource {
  const r = o.redis;
  const redis = {
    host: r.host,
    port: r.port ?? 6379,
    ssl: r.ssl,
    ssl_verify: r.sslVerify,
    // SNI: the host, when ssl is on.
    ...(r.ssl ? { server_name: r.host } : {}),
    database: r.database ?? 0,
    timeout: r.timeoutMs ?? 2000,
  };
  const config = {
    ...setLimits(o),
    limit_by: o.limitBy,
    policy: "redis",
    // Keep proxying (without limits) when Redis is unreachable: an outage of the cache must not take the API down.
    fault_tolerant: true,
    hide_client_headers: false,
    redis,
  };
  return pluginResource(name, scope, "rate-limiting", config, [
    { path: "/redis/password", valueFrom: { secretKeyRef: { ...o.redisPasswordSecret } } },
  ]);
}

/**
 * Counters in each Kong pod's memory (policy local): only for a stack without a cache yet. Every pod counts on
 * its own, so the effective limit is the configured one times the number of Kong pods.
 */
export function localRateLimitingPlugin(
  name: string,
  scope: PluginScope,
  o: RateLimits & { limitBy: "consumer" | "ip" },
): KongPluginResource {
  return pluginResource(name, scope, "rate-limiting", {
    ...setLimits(o),
    limit_by: o.limitBy,
    policy: "local",
    fault_tolerant: true,
    hide_client_headers: false,
  });
}

// ---------------------------------------------------------------- jwt, acl

interface JwtOptions {
  /** Refuse tokens whose exp is further than this in the future (0 = no cap). Default 3600. */
  maximumExpirationSeconds?: number;
}

export function jwtPlugin(name: string, scope: PluginScope, o: JwtOptions = {}): KongPluginResource {
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
    maximum_expiration: o.maximumExpirationSeconds ?? 3600,
  });
}

export function aclPlugin(name: string, scope: PluginScope, o: { allow: string[] }): KongPluginResource {
  // Membership is enforced here; upstreams do not need (or get) the X-Consumer-Groups header.
  return pluginResource(name, scope, "acl", { allow: [...o.allow], hide_groups_header: true });
}

// ---------------------------------------------------------------- cors

type CorsMethod = "GET" | "HEAD" | "PUT" | "PATCH" | "POST" | "DELETE" | "OPTIONS";

interface CorsOptions {
  /** Exact origins ("https://app.example.com"), or ["*"] for a public API without credentials. */
  origins: string[];
  methods?: CorsMethod[];
  headers?: string[];
  credentials: boolean;
  maxAgeSeconds?: number;
}

export function corsPlugin(name: string, scope: PluginScope, o: CorsOptions): KongPluginResource {
  // Kong compares origins made only of [A-Za-z0-9.:/-] literally and treats anything else as a regex; the schema
  // admits only literal https origins, so no origin is ever matched by accident. Kong allows every origin when
  // the list is empty: the caller always passes at least the site's own origins.
  return pluginResource(name, scope, "cors", {
    origins: [...o.origins],
    methods: [...(o.methods ?? ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])],
    headers: [...(o.headers ?? ["Authorization", "Content-Type", "X-Request-ID"])],
    exposed_headers: ["X-Request-ID", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"],
    credentials: o.credentials,
    max_age: o.maxAgeSeconds ?? 600,
    preflight_continue: false,
  });
}

// ---------------------------------------------------------------- response-transformer, prometheus

/** Headers every API response carries (HSTS is set once, at the NGINX edge). */
const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "Cache-Control": "no-store",
});

export function securityHeadersPlugin(
  name: string,
  scope: PluginScope,
  extra: Record<string, string> = {},
): KongPluginResource {
  const pairs = Object.entries({ ...API_SECURITY_HEADERS, ...extra }).map(([h, v]) => `${h}:${v}`);
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
