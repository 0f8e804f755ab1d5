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
  /** Fluent Bit (log shipper) and the OpenTelemetry collector. */
  observability: "observability",
} as const;

/**
 * `${project}-${stack}`, the prefix of every physical AWS name. Pulumi allows upper case, '.' and '_' in stack (and
 * project) names; RDS, ElastiCache, ECR and load balancer names do not, and the provider refuses them only once the
 * deployment reaches them. So the whole prefix is checked here, once, before anything is registered.
 */
export function physicalNamePrefix(project: string, stack: string): string {
  const prefix = `${project}-${stack}`;
  if (!/^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/.test(prefix)) {
    throw new Error(
      `project ${JSON.stringify(project)}, stack ${JSON.stringify(stack)}: physical AWS names start with ` +
        `"${prefix}", which must be lowercase letters, digits and single hyphens, starting with a letter (RDS, ` +
        `ElastiCache, ECR and load balancer names allow nothing else); use a stack name such as "prod" or "dev-eu"`,
    );
  }
  return prefix;
}

/** Helm release names (also the prefix of the chart's object names). */
export const RELEASES = {
  kong: "kong",
  kubePrometheusStack: "kps",
  blackboxExporter: "blackbox",
  awsLoadBalancerController: "aws-load-balancer-controller",
  istioBase: "istio-base",
  istiod: "istiod",
  fluentBit: "fluent-bit",
  otelCollector: "otel-collector",
  karpenter: "karpenter",
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

/**
 * Prometheus `job` labels of the scrape targets other tiers create; the alert rules and dashboards query them
 * (components/monitoring/rule-inputs.ts). The Prometheus Operator names a ServiceMonitor's job after the scraped
 * Service unless `jobLabel` names a label that Service carries.
 */
export const METRICS_JOBS = {
  /**
   * Kong chart 3.x: its ServiceMonitor selects the Service labelled `enable-metrics: "true"` (the proxy Service,
   * `<release>-kong-proxy`) with `jobLabel: <release>`, a label that Service does not carry: job = Service name.
   */
  kong: `${RELEASES.kong}-kong-proxy`,
  /** The Service in front of the NGINX edge's nginx-prometheus-exporter sidecar, in NAMESPACES.edge. */
  nginxEdge: "nginx-edge-metrics",
  /** `jobName` of the blackbox Probe of the public URLs. */
  blackbox: "blackbox",
  /** aws-for-fluent-bit's ServiceMonitor scrapes its Service, named `fullnameOverride` (RELEASES.fluentBit). */
  fluentBit: RELEASES.fluentBit,
  /** opentelemetry-collector's ServiceMonitor scrapes its Service, named `fullnameOverride` (RELEASES.otelCollector). */
  otelCollector: RELEASES.otelCollector,
} as const;

/**
 * The label kube-prometheus-stack's default selectors match. The monitoring tier makes Prometheus select every
 * ServiceMonitor/PodMonitor/Probe/PrometheusRule (`*SelectorNilUsesHelmValues: false`); tiers still put this label
 * on theirs so a stricter selector later keeps picking them up.
 */
export const MONITORING_LABELS = { release: RELEASES.kubePrometheusStack } as const;

/** The encrypted gp3 StorageClass the Cluster tier creates (default class); volumes of other tiers name it. */
export const STORAGE_CLASS = "gp3";
