/**
 * Cluster-wide naming conventions shared by the tiers (namespaces, release names, service accounts), so that
 * one tier can refer to another's objects (NetworkPolicies, AuthorizationPolicies, ServiceMonitors) without
 * reaching into its internals.
 */
export const NAMESPACES = {
    /** NGINX edge Deployment + the NLB Service. */
    edge: "edge",
    /** Kong gateway (chart release `kong`). */
    kong: "kong",
    /** The Python services. */
    apps: "apps",
    monitoring: "monitoring",
    istio: "istio-system",
    kubeSystem: "kube-system",
} as const;

/** Helm release names (also the prefix of the chart's object names). */
export const RELEASES = {
    kong: "kong",
    kubePrometheusStack: "kps",
    blackboxExporter: "blackbox",
    awsLoadBalancerController: "aws-load-balancer-controller",
    istioBase: "istio-base",
    istiod: "istiod",
} as const;

/** Kubernetes label every workload carries for selection across tiers. */
export const APP_LABEL = "app.kubernetes.io/name";
export const PART_OF_LABEL = "app.kubernetes.io/part-of";
export const PART_OF = "edgestack";

/**
 * Service accounts other tiers refer to. Kong's chart (Kong/charts, charts/kong 3.x `_helpers.tpl`) names its
 * service account `kong.fullname` = `<release>-<chart>` when `deployment.serviceAccount.create` is true (the
 * default) and no name is given: release "kong" → "kong-kong". The mesh's AuthorizationPolicies allow exactly
 * this identity; if the ingress tier sets `deployment.serviceAccount.name`, change it here.
 */
export const SERVICE_ACCOUNTS = {
    kongProxy: `${RELEASES.kong}-kong`,
} as const;

/**
 * Origin TLS for the NGINX edge, in NAMESPACES.edge, written by the Edge tier with the cluster's k8s provider
 * (fixed names, so the Ingress tier mounts them without a dependency on Edge's internals):
 * - EDGE_TLS_SECRET (`kubernetes.io/tls`: `tls.crt`, `tls.key`): the ECDSA P-256 Cloudflare Origin CA
 *   certificate and its key → nginx `ssl_certificate` / `ssl_certificate_key`.
 * - EDGE_AOP_CA (Secret, PEM under EDGE_AOP_CA_KEY): Cloudflare's Authenticated Origin Pulls CA → nginx
 *   `ssl_client_certificate` + `ssl_verify_client on`. Public data, but mounted like the TLS Secret.
 * With the edge tier disabled the Ingress tier writes a self-signed ECDSA P-256 certificate into EDGE_TLS_SECRET
 * itself and does not verify client certificates.
 */
export const EDGE_TLS_SECRET = "edge-origin-tls";
export const EDGE_AOP_CA = "edge-aop-ca";
export const EDGE_AOP_CA_KEY = "ca.crt";
