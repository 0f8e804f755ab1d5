/** A small graph with every kind of pod source the capacity model reads, for the pure capacity tests. */
import { res } from "../policies/fixtures";
import type { CapturedResource } from "../../policies/lib/graph";

const container = (cpu: string, memory: string) => ({ name: "app", resources: { requests: { cpu, memory } } });

export function deployment(
  name: string,
  namespace: string,
  cpu: string,
  memory: string,
  replicas = 1,
): CapturedResource {
  return res("kubernetes:apps/v1:Deployment", `${name}-deployment`, {
    metadata: { name, namespace },
    spec: { replicas, template: { metadata: {}, spec: { containers: [container(cpu, memory)] } } },
  });
}

export const hpa = (name: string, namespace: string, min: number, max: number) =>
  res("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", `${name}-hpa`, {
    metadata: { name, namespace },
    spec: { scaleTargetRef: { kind: "Deployment", name }, minReplicas: min, maxReplicas: max },
  });

const namespace = (name: string, labels: Record<string, string> = {}) =>
  res("kubernetes:core/v1:Namespace", `${name}-ns`, { metadata: { name, labels } });

export const release = (name: string, chart: string, ns: string, values: Record<string, unknown>) =>
  res("kubernetes:helm.sh/v3:Release", name, { chart, namespace: ns, values });

export const nodeGroup = (name: string, type: string, desired: number) =>
  res("aws:eks/nodeGroup:NodeGroup", name, {
    instanceTypes: [type],
    capacityType: "ON_DEMAND",
    scalingConfig: { minSize: desired, maxSize: desired, desiredSize: desired },
  });

export const nodePool = (
  name: string,
  capacityType: "on-demand" | "spot",
  weight: number,
  cpu: number,
  families = ["m7g"],
  sizes = ["large", "xlarge"],
) =>
  res("kubernetes:karpenter.sh/v1:NodePool", `karpenter-${name}`, {
    metadata: { name },
    spec: {
      weight,
      template: {
        spec: {
          requirements: [
            { key: "karpenter.sh/capacity-type", operator: "In", values: [capacityType] },
            { key: "karpenter.k8s.aws/instance-family", operator: "In", values: families },
            { key: "karpenter.k8s.aws/instance-size", operator: "In", values: sizes },
          ],
        },
      },
      limits: { cpu: String(cpu), memory: `${cpu * 4}Gi` },
    },
  });

/**
 * An app namespace with the mesh (revision label) and a 3..6 replica service of 500m/512Mi, istiod with 100m/128Mi
 * sidecars, a DaemonSet of 50m/64Mi, the vpc-cni add-on (25m per node) and CoreDNS (2 x 100m/70Mi).
 */
export function smallPlatform(): CapturedResource[] {
  return [
    namespace("apps", { "istio.io/rev": "1-30" }),
    deployment("api", "apps", "500m", "512Mi", 3),
    hpa("api", "apps", 3, 6),
    release("istiod", "istiod", "istio-system", {
      autoscaleEnabled: true,
      autoscaleMin: 1,
      autoscaleMax: 1,
      resources: { requests: { cpu: "200m", memory: "256Mi" } },
      global: { proxy: { resources: { requests: { cpu: "100m", memory: "128Mi" } } } },
    }),
    res("kubernetes:apps/v1:DaemonSet", "agent", {
      metadata: { name: "agent" },
      spec: { template: { spec: { containers: [container("50m", "64Mi")] } } },
    }),
    res("aws:eks/addon:Addon", "cni", { addonName: "vpc-cni" }),
    res("aws:eks/addon:Addon", "dns", { addonName: "coredns" }),
  ];
}
