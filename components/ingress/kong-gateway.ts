// What Kong enforces, as plain objects: which plugin sits where, one Ingress per service with the plugins of its
// route, the API consumers (one per ACL group) and their credentials. Built from the plugin builders in
// kong-plugins.ts / kong-consumers.ts; the component only turns these bodies into Kubernetes resources.
//
// Placement (Kong runs plugins by priority, not by scope: cors 2000, jwt 1450, acl 950, rate-limiting 910,
// response-transformer 800, prometheus 13):
// - global KongClusterPlugins: prometheus (also counts requests that match no route) and the security headers
//   (also on Kong's own 404/401 answers);
// - route KongClusterPlugins (shared by every route, cluster-scoped so one object serves all namespaces):
//   cors and rate-limiting (after jwt, so it counts per consumer);
// - route KongPlugins in the services' namespace: jwt, and acl with the groups that service allows.

import {
  aclPlugin,
  corsPlugin,
  jwtPlugin,
  localRateLimitingPlugin,
  prometheusPlugin,
  rateLimitingPlugin,
  securityHeadersPlugin,
  type KongPluginResource,
  type PluginScope,
} from "./kong-plugins";
import { KONG_INGRESS_CLASS } from "./kong-values";

/** Names of the plugin objects (cluster-scoped names carry the project prefix: they share one cluster-wide namespace). */
export const PLUGIN_NAMES = Object.freeze({
  prometheus: "edgestack-prometheus",
  securityHeaders: "edgestack-security-headers",
  cors: "edgestack-cors",
  rateLimit: "edgestack-rate-limit",
  jwt: "jwt-auth",
  acl: (service: string) => `acl-${service}`,
});

/** Secret (in the Kong namespace) whose `password` key holds the JSON-quoted Redis AUTH token for configPatches. */
export const REDIS_AUTH_SECRET = Object.freeze({ name: "kong-rate-limit-redis", key: "password" });

export interface RoutedService {
  name: string;
  /** The Kubernetes Service port (the framework's port). */
  port: number;
  paths: string[];
  allowedGroups: string[];
}

const cluster = (global = false): PluginScope => ({
  kind: "KongClusterPlugin",
  global,
  ingressClass: KONG_INGRESS_CLASS,
});

export function globalPlugins(): KongPluginResource[] {
  return [
    prometheusPlugin(PLUGIN_NAMES.prometheus, cluster(true)),
    securityHeadersPlugin(PLUGIN_NAMES.securityHeaders, cluster(true)),
  ];
}

export function corsRoutePlugin(origins: string[]): KongPluginResource {
  // Bearer tokens travel in the Authorization header, not in cookies: no credentialed CORS needed.
  return corsPlugin(PLUGIN_NAMES.cors, cluster(), { origins, credentials: false });
}

/** The cluster scope rate-limiting lives in (its configPatches Secret reference then needs a namespace). */
export const RATE_LIMIT_SCOPE: PluginScope = cluster();

/**
 * rate-limiting per consumer (jwt runs first). With `redis`: counters in ElastiCache over verified TLS, the AUTH
 * token patched in from REDIS_AUTH_SECRET in `secretNamespace`. Without: counters per Kong pod (policy local).
 */
export function rateLimitRoutePlugin(
  limits: { perMinute: number; perHour: number },
  redis: { host: string; port: number } | undefined,
  secretNamespace: string,
): KongPluginResource {
  const base = { minute: limits.perMinute, hour: limits.perHour, limitBy: "consumer" as const };
  if (!redis) return localRateLimitingPlugin(PLUGIN_NAMES.rateLimit, RATE_LIMIT_SCOPE, base);
  return rateLimitingPlugin(PLUGIN_NAMES.rateLimit, RATE_LIMIT_SCOPE, {
    ...base,
    // ElastiCache with in-transit encryption presents an Amazon-issued certificate: verify it (SNI = host).
    redis: { host: redis.host, port: redis.port, ssl: true, sslVerify: true },
    redisPasswordSecret: { ...REDIS_AUTH_SECRET, namespace: secretNamespace },
  });
}

/** jwt and one acl per service, in the services' namespace. */
export function servicePlugins(
  namespace: string,
  services: RoutedService[],
  maxTokenLifetimeSeconds: number,
): KongPluginResource[] {
  const scope: PluginScope = { kind: "KongPlugin", namespace };
  return [
    jwtPlugin(PLUGIN_NAMES.jwt, scope, { maximumExpirationSeconds: maxTokenLifetimeSeconds }),
    ...services.map((s) => aclPlugin(PLUGIN_NAMES.acl(s.name), scope, { allow: s.allowedGroups })),
  ];
}

/** The plugins listed on a service's route (global ones apply without being listed). */
function routePluginNames(service: string): string[] {
  return [PLUGIN_NAMES.cors, PLUGIN_NAMES.jwt, PLUGIN_NAMES.acl(service), PLUGIN_NAMES.rateLimit];
}

export interface IngressBody {
  metadata: { name: string; namespace: string; annotations: Record<string, string> };
  spec: Record<string, unknown>;
}

/** One Ingress per service: its paths (prefix match) to its Service port, with the route's plugins. */
export function serviceIngress(
  namespace: string,
  s: RoutedService,
  extraAnnotations: Record<string, string> = {},
): IngressBody {
  return {
    metadata: {
      name: s.name,
      namespace,
      annotations: {
        ...extraAnnotations,
        "konghq.com/plugins": routePluginNames(s.name).join(","),
        // The services serve the full public path (/api/v1/items), so Kong forwards it unchanged.
        "konghq.com/strip-path": "false",
      },
    },
    spec: {
      ingressClassName: KONG_INGRESS_CLASS,
      rules: [
        {
          http: {
            paths: s.paths.map((path) => ({
              path,
              pathType: "Prefix",
              backend: { service: { name: s.name, port: { number: s.port } } },
            })),
          },
        },
      ],
    },
  };
}

/** The ACL groups the services allow, each becoming one API consumer. Sorted so the graph is stable. */
export function aclGroups(services: RoutedService[]): string[] {
  const groups = [...new Set(services.flatMap((s) => s.allowedGroups))].sort();
  return groups;
}

/**
 * How each group's consumer proves its identity: an RS256 public key from config, or a generated HS256 secret.
 * Throws when a configured key names a group no service allows (a typo would otherwise silently fall back to HS256).
 */
export function jwtAlgorithms(groups: string[], publicKeys: Record<string, string>): Record<string, "RS256" | "HS256"> {
  for (const g of Object.keys(publicKeys)) {
    if (!groups.includes(g)) {
      throw new Error(
        `ingress.jwt.publicKeys.${g}: expected one of the ACL groups the services allow (${groups.join(", ")}), got "${g}"`,
      );
    }
  }
  return Object.fromEntries(groups.map((g) => [g, publicKeys[g] !== undefined ? "RS256" : "HS256"]));
}

/** The `iss` value a group's tokens must carry (the jwt plugin's key_claim_name). */
export function jwtIssuer(namePrefix: string, group: string): string {
  return `${namePrefix}-${group}`;
}

/** The site's own https origins, the CORS default when ingress.corsOrigins is empty. */
export function effectiveCorsOrigins(configured: readonly string[], siteHosts: readonly string[]): string[] {
  return configured.length > 0 ? [...configured] : [...new Set(siteHosts)].map((h) => `https://${h}`);
}
