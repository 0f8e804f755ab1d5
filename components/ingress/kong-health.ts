// One public health route per service, so an uptime probe can cross the whole path (Cloudflare → NLB → NGINX → Kong →
// the service's pods) without a token: `GET <first service path>/healthz` (e.g. /api/v1/items/healthz) on its own
// Ingress, with no jwt/acl, GET/HEAD only (konghq.com/methods), still rate-limited (per client IP when there is no
// consumer), and a request-transformer that replaces the upstream URI with the service's liveness path (/healthz, the
// process answers without touching PostgreSQL or Redis, so nothing about the dependencies is shown publicly).
// Kong picks the longest matching prefix among plain paths (Kong "Proxy reference" › "Routes and matching
// capabilities" › path priority), so this route wins over the service's own /api/v1/items prefix route, whose jwt
// plugin would otherwise answer 401. `request-transformer` is bundled with Kong Gateway OSS (config.replace.uri).

import { pluginResource, type KongPluginResource } from "./kong-plugins";
import { KONG_INGRESS_CLASS } from "./kong-values";
import type { IngressBody, RoutedService } from "./kong-gateway";

/** The app path every service answers for liveness (config/apps.ts livenessPath). */
const SERVICE_LIVENESS_PATH = "/healthz";

/** The public path of a service's health route. */
export function serviceHealthPath(s: Pick<RoutedService, "paths">): string {
  return `${s.paths[0].replace(/\/+$/, "")}${SERVICE_LIVENESS_PATH}`;
}

const healthPluginName = (service: string): string => `health-uri-${service}`;

/** request-transformer on the health route: whatever matched, the service sees GET /healthz. */
export function healthUriPlugin(namespace: string, service: string): KongPluginResource {
  return pluginResource(healthPluginName(service), { kind: "KongPlugin", namespace }, "request-transformer", {
    replace: { uri: SERVICE_LIVENESS_PATH },
  });
}

/** The health route of one service: no jwt/acl, GET/HEAD, the route's rate limit, URI rewritten to /healthz. */
export function serviceHealthIngress(
  namespace: string,
  s: RoutedService,
  rateLimitPlugin: string,
  extraAnnotations: Record<string, string> = {},
): IngressBody {
  return {
    metadata: {
      name: `${s.name}-health`,
      namespace,
      annotations: {
        ...extraAnnotations,
        "konghq.com/plugins": [healthPluginName(s.name), rateLimitPlugin].join(","),
        "konghq.com/methods": "GET,HEAD",
        "konghq.com/strip-path": "false",
      },
    },
    spec: {
      ingressClassName: KONG_INGRESS_CLASS,
      rules: [
        {
          http: {
            paths: [
              {
                path: serviceHealthPath(s),
                pathType: "Prefix",
                backend: { service: { name: s.name, port: { number: s.port } } },
              },
            ],
          },
        },
      ],
    },
  };
}
