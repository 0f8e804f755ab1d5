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
 * Objects the Edge tier writes into NAMESPACES.edge for the NGINX edge to mount (created with the cluster's
 * k8s provider, fixed names so the Ingress tier can refer to them):
 * - EDGE_TLS_SECRET: `kubernetes.io/tls` Secret (`tls.crt`, `tls.key`) holding the ECDSA P-256 Cloudflare
 *   Origin CA certificate and its key → nginx `ssl_certificate` / `ssl_certificate_key`.
 * - EDGE_ORIGIN_PULL_CA: ConfigMap with Cloudflare's Authenticated Origin Pulls CA under
 *   EDGE_ORIGIN_PULL_CA_KEY → nginx `ssl_client_certificate` + `ssl_verify_client on`. Public data, hence a ConfigMap.
 * When edge.enabled is false neither exists and the Ingress tier uses its own self-signed certificate.
 */
export const EDGE_TLS_SECRET = "edge-origin-tls";
export const EDGE_ORIGIN_PULL_CA = "edge-origin-pull-ca";
export const EDGE_ORIGIN_PULL_CA_KEY = "ca.crt";
