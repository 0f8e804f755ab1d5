/**
 * Pure specs of a PythonService's scaling and protection objects: HorizontalPodAutoscaler,
 * PodDisruptionBudget and NetworkPolicy.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { MESH_PORTS } from "../mesh";
import { APP_LABEL, NAMESPACES } from "../shared/names";

/**
 * How many pods a voluntary disruption (node drain, upgrade, consolidation) may take at once.
 *  - one replica: `maxUnavailable: 1`. A single pod cannot be protected, and `minAvailable: 1` would block every
 *    drain forever (EKS node-group updates then fail with PodEvictionFailure);
 *  - more: `minAvailable: minReplicas - 1`. At the baseline size one pod at a time may go; when the HPA has
 *    scaled out, the surplus above the baseline may be drained in parallel.
 */
export function disruptionBudget(minReplicas: number): { maxUnavailable: number } | { minAvailable: number } {
  if (!Number.isInteger(minReplicas) || minReplicas < 1)
    throw new Error(`disruptionBudget: minReplicas must be an integer >= 1, got ${minReplicas}`);
  return minReplicas === 1 ? { maxUnavailable: 1 } : { minAvailable: minReplicas - 1 };
}

export function pdbSpec(appName: string, minReplicas: number): k8s.types.input.policy.v1.PodDisruptionBudgetSpec {
  return {
    selector: { matchLabels: { [APP_LABEL]: appName } },
    ...disruptionBudget(minReplicas),
    // A crash-looping pod must not hold a node drain hostage (it is not serving anyway).
    unhealthyPodEvictionPolicy: "AlwaysAllow",
  };
}

/** Seconds of low load before replicas are removed: avoids flapping on bursty traffic. */
const SCALE_DOWN_STABILIZATION_SECONDS = 300;

interface HpaInputs {
  deploymentName: string;
  minReplicas: number;
  maxReplicas: number;
  targetCpuPercent: number;
  targetMemoryPercent: number;
}

/** autoscaling/v2 on CPU and memory (percent of requests); fast scale-up, slow and bounded scale-down. */
export function hpaSpec(i: HpaInputs): k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec {
  if (i.maxReplicas < i.minReplicas)
    throw new Error(`hpaSpec: maxReplicas (${i.maxReplicas}) must be >= minReplicas (${i.minReplicas})`);
  const utilization = (name: string, averageUtilization: number) => ({
    type: "Resource",
    resource: { name, target: { type: "Utilization", averageUtilization } },
  });
  return {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: i.deploymentName },
    minReplicas: i.minReplicas,
    maxReplicas: i.maxReplicas,
    metrics: [utilization("cpu", i.targetCpuPercent), utilization("memory", i.targetMemoryPercent)],
    behavior: {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: "Max",
        policies: [
          { type: "Percent", value: 100, periodSeconds: 30 },
          { type: "Pods", value: 4, periodSeconds: 30 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: SCALE_DOWN_STABILIZATION_SECONDS,
        selectPolicy: "Min",
        policies: [
          { type: "Percent", value: 50, periodSeconds: 60 },
          { type: "Pods", value: 2, periodSeconds: 60 },
        ],
      },
    },
  };
}

interface NetworkPolicyInputs {
  appName: string;
  port: number;
  vpcCidr: string;
  databasePort?: pulumi.Input<number>;
  cachePort?: pulumi.Input<number>;
  /** The pods carry an Istio sidecar (their namespace is injected). */
  meshEnabled: boolean;
  /** OTLP ports of the trace collector in NAMESPACES.observability (app and sidecar spans); absent: no collector. */
  traceCollectorPorts?: number[];
}

const inNamespace = (ns: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } });

/**
 * Default deny in both directions, then:
 *  ingress: the service port from the Kong namespace (the only router); metrics from the monitoring namespace:
 *           the app port without the mesh, the sidecar's merged endpoint (15020) with it (under STRICT mTLS a
 *           plaintext scrape of the app port is refused anyway);
 *           with the mesh, 15020 (the app's probes, rewritten to the agent) and 15021 (the sidecar's readiness)
 *           from the nodes. The VPC CNI's policy agent already admits the node's own IP; the rule keeps the
 *           probes working under any other policy engine. Node IPs are only known as the VPC CIDR, which also
 *           holds pod IPs: these two ports serve health and metrics only, nothing of the app's API.
 *  egress:  cluster DNS, the database and cache ports inside the VPC, 443 (STS for IRSA, Secrets Manager,
 *           other AWS APIs through NAT or VPC endpoints) and, with the mesh, istiod's xDS/CA port (15012).
 *           istiod's webhook port (15017) is called by the API server, never by pods; with a trace collector, its
 *           OTLP ports in the observability namespace (the app's spans and the sidecar's).
 */
export function networkPolicySpec(i: NetworkPolicyInputs): k8s.types.input.networking.v1.NetworkPolicySpec {
  const tcp = (port: pulumi.Input<number>) => ({ protocol: "TCP", port });
  const dataPorts = [i.databasePort, i.cachePort].filter((p): p is pulumi.Input<number> => p !== undefined).map(tcp);
  const egress: k8s.types.input.networking.v1.NetworkPolicyEgressRule[] = [
    {
      to: [{ ...inNamespace(NAMESPACES.kubeSystem), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
      ports: [{ protocol: "UDP", port: 53 }, tcp(53)],
    },
  ];
  if (dataPorts.length > 0) egress.push({ to: [{ ipBlock: { cidr: i.vpcCidr } }], ports: dataPorts });
  egress.push({ ports: [tcp(443)] });
  const ingress: k8s.types.input.networking.v1.NetworkPolicyIngressRule[] = [
    { from: [inNamespace(NAMESPACES.kong)], ports: [tcp(i.port)] },
  ];
  if (i.meshEnabled) {
    ingress.push(
      { from: [inNamespace(NAMESPACES.monitoring)], ports: [tcp(MESH_PORTS.mergedMetrics)] },
      { from: [{ ipBlock: { cidr: i.vpcCidr } }], ports: [tcp(MESH_PORTS.mergedMetrics), tcp(MESH_PORTS.health)] },
    );
    egress.push({ to: [inNamespace(NAMESPACES.istio)], ports: [tcp(MESH_PORTS.istiodXds)] });
  } else {
    ingress.push({ from: [inNamespace(NAMESPACES.monitoring)], ports: [tcp(i.port)] });
  }
  if (i.traceCollectorPorts?.length)
    egress.push({ to: [inNamespace(NAMESPACES.observability)], ports: i.traceCollectorPorts.map(tcp) });
  return {
    podSelector: { matchLabels: { [APP_LABEL]: i.appName } },
    policyTypes: ["Ingress", "Egress"],
    ingress,
    egress,
  };
}
