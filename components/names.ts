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
