/**
 * Where pod requests hide when the graph does not spell them out as Deployments: EKS add-ons (AWS runs their
 * manifests) and Helm charts (the release carries values, not pods). Each entry names its source and date.
 */

export interface Requests {
  cpuMillis: number;
  memoryMiB: number;
}

interface AddonWorkload {
  name: string;
  /** Per node (DaemonSet) or a fixed replica count (Deployment). */
  perNode: boolean;
  replicas: number;
  /** Requests of one pod (all its containers). */
  requests: Requests;
}

/**
 * EKS add-ons at their default configuration (checked 2026-12-03):
 *  - vpc-cni: aws-node DaemonSet requests 25m CPU (aws/amazon-vpc-cni-k8s charts/aws-vpc-cni/values.yaml);
 *  - kube-proxy: DaemonSet, 100m CPU (the EKS kube-proxy manifest's only request);
 *  - coredns: 2 replicas x 100m / 70Mi (the EKS CoreDNS Deployment);
 *  - aws-ebs-csi-driver: controller 2 replicas, node DaemonSet; 10m / 40Mi per container (chart values.yaml
 *    `controller.resources`, `node.resources`, applied to its sidecars too): 5 containers in the controller
 *    (plugin, provisioner, attacher, resizer, liveness probe), 3 on each node (plugin, registrar, liveness probe);
 *  - eks-pod-identity-agent: DaemonSet with `resources: {}` (aws/eks-pod-identity-agent chart values) - counted as 0;
 *  - metrics-server: 1 replica, 100m / 200Mi (kubernetes-sigs/metrics-server chart values `resources.requests`).
 */
export const EKS_ADDON_WORKLOADS: Record<string, AddonWorkload[]> = {
  "vpc-cni": [{ name: "aws-node", perNode: true, replicas: 0, requests: { cpuMillis: 25, memoryMiB: 0 } }],
  "kube-proxy": [{ name: "kube-proxy", perNode: true, replicas: 0, requests: { cpuMillis: 100, memoryMiB: 0 } }],
  coredns: [{ name: "coredns", perNode: false, replicas: 2, requests: { cpuMillis: 100, memoryMiB: 70 } }],
  "aws-ebs-csi-driver": [
    { name: "ebs-csi-controller", perNode: false, replicas: 2, requests: { cpuMillis: 50, memoryMiB: 200 } },
    { name: "ebs-csi-node", perNode: true, replicas: 0, requests: { cpuMillis: 30, memoryMiB: 120 } },
  ],
  "eks-pod-identity-agent": [
    { name: "eks-pod-identity-agent", perNode: true, replicas: 0, requests: { cpuMillis: 0, memoryMiB: 0 } },
  ],
  "metrics-server": [
    { name: "metrics-server", perNode: false, replicas: 1, requests: { cpuMillis: 100, memoryMiB: 200 } },
  ],
};

/** How replicas are set in a chart's values: a fixed count path and/or an autoscaling block. */
export interface ChartReplicas {
  countPath?: string;
  defaultCount: number;
  /** `enabled` flag path and min/max paths of the chart's HPA. */
  hpa?: { enabledPath: string; minPath: string; maxPath: string };
}

export interface ChartWorkload {
  name: string;
  /** Values paths of `resources` blocks that run in one pod (main container + its sidecars). */
  resourcePaths: string[];
  /** The chart's own requests when values set none (only where the chart has a default). */
  defaultRequests?: Requests;
  perNode?: boolean;
  replicas?: ChartReplicas;
  /** The workload is skipped when this values path is `false`. */
  enabledPath?: string;
}

const KPS_RELOADER = "prometheusOperator.prometheusConfigReloader.resources";

/**
 * The pods each chart the program installs runs, by chart name (values paths checked against each chart's values.yaml
 * at the pinned versions; defaults where the chart sets requests itself: istiod 500m / 2048Mi, istio-cni 100m / 100Mi).
 */
export const CHART_WORKLOADS: Record<string, ChartWorkload[]> = {
  kong: [
    {
      name: "kong",
      resourcePaths: ["resources", "ingressController.resources"],
      replicas: {
        countPath: "replicaCount",
        defaultCount: 1,
        hpa: {
          enabledPath: "autoscaling.enabled",
          minPath: "autoscaling.minReplicas",
          maxPath: "autoscaling.maxReplicas",
        },
      },
    },
  ],
  "aws-load-balancer-controller": [
    {
      name: "aws-load-balancer-controller",
      resourcePaths: ["resources"],
      replicas: { countPath: "replicaCount", defaultCount: 2 },
    },
  ],
  karpenter: [
    {
      name: "karpenter",
      resourcePaths: ["controller.resources"],
      replicas: { countPath: "replicas", defaultCount: 2 },
    },
  ],
  base: [],
  cni: [
    {
      name: "istio-cni-node",
      resourcePaths: ["resources"],
      perNode: true,
      defaultRequests: { cpuMillis: 100, memoryMiB: 100 },
    },
  ],
  istiod: [
    {
      name: "istiod",
      resourcePaths: ["resources"],
      defaultRequests: { cpuMillis: 500, memoryMiB: 2048 },
      replicas: {
        countPath: "replicaCount",
        defaultCount: 1,
        hpa: { enabledPath: "autoscaleEnabled", minPath: "autoscaleMin", maxPath: "autoscaleMax" },
      },
    },
  ],
  "prometheus-blackbox-exporter": [
    { name: "blackbox-exporter", resourcePaths: ["resources"], replicas: { countPath: "replicas", defaultCount: 1 } },
  ],
  "kube-prometheus-stack": [
    {
      name: "prometheus",
      resourcePaths: ["prometheus.prometheusSpec.resources", KPS_RELOADER],
      replicas: { countPath: "prometheus.prometheusSpec.replicas", defaultCount: 1 },
      enabledPath: "prometheus.enabled",
    },
    {
      name: "alertmanager",
      resourcePaths: ["alertmanager.alertmanagerSpec.resources", KPS_RELOADER],
      replicas: { countPath: "alertmanager.alertmanagerSpec.replicas", defaultCount: 1 },
      enabledPath: "alertmanager.enabled",
    },
    {
      name: "grafana",
      resourcePaths: ["grafana.resources", "grafana.sidecar.resources"],
      replicas: { countPath: "grafana.replicas", defaultCount: 1 },
      enabledPath: "grafana.enabled",
    },
    {
      name: "kube-state-metrics",
      resourcePaths: ["kube-state-metrics.resources"],
      replicas: { countPath: "kube-state-metrics.replicas", defaultCount: 1 },
      enabledPath: "kubeStateMetrics.enabled",
    },
    {
      name: "prometheus-operator",
      resourcePaths: ["prometheusOperator.resources"],
      replicas: { defaultCount: 1 },
      enabledPath: "prometheusOperator.enabled",
    },
    {
      name: "node-exporter",
      resourcePaths: ["prometheus-node-exporter.resources"],
      perNode: true,
      enabledPath: "nodeExporter.enabled",
    },
  ],
};

/** Istio's sidecar requests when istiod's values set none (istiod chart `global.proxy.resources`: 100m / 128Mi). */
export const ISTIO_PROXY_DEFAULT: Requests = { cpuMillis: 100, memoryMiB: 128 };
