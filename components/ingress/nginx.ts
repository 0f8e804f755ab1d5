/**
 * The NGINX edge of the Ingress tier: the rendered nginx.conf in a ConfigMap, the Deployment (nginx + exporter
 * sidecar) whose pod template carries the config checksum, HPA, PDB, the internet-facing NLB Service (Cloudflare
 * ranges only), the metrics Service + ServiceMonitor, and the TLS Secrets (ingress-tls.ts: the Edge tier's Origin CA
 * certificate, or a self-signed one) whose certificate checksum the pod template also carries. Called by Ingress.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { IngressConfig } from "../../config";
import type { OriginCertificate } from "../edge";
import { createEdgeTls, EdgeTls } from "./tls";
import { renderNginxConf } from "./nginx-conf";
import { HEALTH_PATH } from "./nginx-conf";
import {
  CERT_CHECKSUM_ANNOTATION,
  CONFIG_CHECKSUM_ANNOTATION,
  CONFIG_FILE,
  EDGE_LABELS,
  EXPORTER_PORT,
  PORTS,
  PRE_STOP_SLEEP_SECONDS,
  TERMINATION_GRACE_SECONDS,
  certificateChecksum,
  configChecksum,
  edgeNginxOptions,
  edgePodSpec,
} from "./nginx-workload";
import {
  AWAIT_TIMEOUT_ANNOTATION,
  NLB_AWAIT_TIMEOUT_SECONDS,
  NLB_LOAD_BALANCER_CLASS,
  NLB_WAIT_FOR,
  nlbAnnotations,
  nlbSourceRanges,
} from "./nlb";
import { EDGE_AOP_CA, EDGE_AOP_CA_KEY, EDGE_TLS_SECRET } from "../shared/names";

interface NginxEdgeArgs {
  name: string;
  namePrefix: string;
  namespace: pulumi.Input<string>;
  config: IngressConfig["nginx"];
  serverNames: string[];
  /** Cloudflare ranges: nginx trusts CF-Connecting-IP from them; their IPv4 part is the NLB allow list. */
  cloudflareIpRanges: string[];
  upstream: { host: string; port: number };
  resolver: string;
  /** The Edge tier's Origin CA certificate (then Cloudflare's AOP client certificate is required); undefined: self-signed. */
  originCertificate?: OriginCertificate;
  hstsPreload: boolean;
  lbTags: Record<string, string>;
  loadBalancerDependsOn: pulumi.Input<pulumi.Resource>[];
  serviceMonitorLabels: Record<string, string>;
  monitoringDependsOn: pulumi.Input<pulumi.Resource>[];
}

interface NginxEdge {
  nlbHostname: pulumi.Output<string>;
  tls: EdgeTls;
}

const LISTENERS = [
  { name: "https", port: 443, target: PORTS.https },
  { name: "http", port: 80, target: PORTS.http },
];

export function createNginxEdge(parent: pulumi.Resource, a: NginxEdgeArgs): NginxEdge {
  const child = { parent };
  const { name, config: c } = a;
  const metadata = { namespace: a.namespace, labels: { ...EDGE_LABELS } };

  const nginxConf = renderNginxConf(
    edgeNginxOptions({
      serverNames: a.serverNames,
      upstreamHost: a.upstream.host,
      upstreamPort: a.upstream.port,
      resolver: a.resolver,
      realIpFromCidrs: a.cloudflareIpRanges,
      hstsMaxAgeSeconds: c.hstsMaxAgeSeconds,
      hstsPreload: a.hstsPreload,
      authenticatedOriginPulls: a.originCertificate !== undefined,
      ocspStapling: c.ocspStapling,
      cpuLimit: c.cpuLimit,
    }),
  );
  const sourceRanges = nlbSourceRanges(
    a.cloudflareIpRanges,
    LISTENERS.map((l) => l.port),
  );

  // The namespace injects the load balancer controller's pod readiness gate through its webhook (failurePolicy Fail):
  // pods created before the controller serves it are rejected, or admitted without the gate if its configuration is
  // not there yet. So the pods, like the NLB Service, wait for the controller.
  // They also wait for their certificate, so a rollout triggered by a new certificate mounts the new Secret.
  const tls = createEdgeTls(parent, {
    name,
    namespace: a.namespace,
    serverNames: a.serverNames,
    origin: a.originCertificate,
  });
  const waitFor: pulumi.Input<pulumi.Resource>[] = [
    ...a.loadBalancerDependsOn,
    tls.tlsSecret,
    ...(tls.aopCaSecret ? [tls.aopCaSecret] : []),
  ];
  const awaitNlb = { [AWAIT_TIMEOUT_ANNOTATION]: String(NLB_AWAIT_TIMEOUT_SECONDS) };

  const configMap = new k8s.core.v1.ConfigMap(
    `${name}-conf`,
    {
      metadata: { ...metadata, name: "nginx-edge-conf" },
      data: { [CONFIG_FILE]: nginxConf },
    },
    child,
  );
  const sa = new k8s.core.v1.ServiceAccount(
    `${name}-sa`,
    {
      metadata: { ...metadata, name: "nginx-edge" },
      automountServiceAccountToken: false,
    },
    child,
  );

  // The NLB Service first: the load balancer controller injects its readiness gate only into pods created after the
  // Service's TargetGroupBinding exists (aws-load-balancer-controller docs/deploy/pod_readiness_gate.md), so pods
  // created alongside the Service would roll out without waiting for their NLB target to be healthy. The Service is
  // awaited until the controller has provisioned the NLB (status.loadBalancer), which it does after creating the
  // TargetGroupBinding; the Deployment depends on it.
  const service = new k8s.core.v1.Service(
    `${name}-nlb`,
    {
      metadata: {
        ...metadata,
        name: "nginx-edge",
        annotations: {
          ...awaitNlb,
          ...NLB_WAIT_FOR,
          ...nlbAnnotations({
            name: `${a.namePrefix}-edge`,
            healthCheckPort: PORTS.http,
            healthCheckPath: HEALTH_PATH,
            tags: a.lbTags,
            drain: { preStopSleepSeconds: PRE_STOP_SLEEP_SECONDS, terminationGraceSeconds: TERMINATION_GRACE_SECONDS },
          }),
        },
      },
      spec: {
        type: "LoadBalancer",
        loadBalancerClass: NLB_LOAD_BALANCER_CLASS,
        loadBalancerSourceRanges: sourceRanges,
        // ip targets: the NLB sends to pod IPs, no node ports needed.
        allocateLoadBalancerNodePorts: false,
        selector: { ...EDGE_LABELS },
        ports: LISTENERS.map((l) => ({ name: l.name, port: l.port, targetPort: l.target, protocol: "TCP" })),
      },
    },
    { ...child, dependsOn: a.loadBalancerDependsOn },
  );

  const deployment = new k8s.apps.v1.Deployment(
    `${name}-deployment`,
    {
      metadata: { ...metadata, name: "nginx-edge", annotations: awaitNlb },
      spec: {
        // No replicas: the HPA owns the count (a fixed value here would fight it on every update).
        selector: { matchLabels: { ...EDGE_LABELS } },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
        minReadySeconds: 5,
        template: {
          metadata: {
            labels: { ...EDGE_LABELS },
            annotations: {
              [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(nginxConf),
              [CERT_CHECKSUM_ANNOTATION]: tls.certificatePem.apply(certificateChecksum),
            },
          },
          spec: edgePodSpec({
            configMapName: configMap.metadata.name,
            tlsSecretName: EDGE_TLS_SECRET,
            aopCa: tls.aopCaSecret ? { secretName: EDGE_AOP_CA, key: EDGE_AOP_CA_KEY } : undefined,
            resources: c,
            serviceAccountName: sa.metadata.name,
          }),
        },
      },
    },
    { ...child, dependsOn: [...waitFor, service] },
  );

  new k8s.autoscaling.v2.HorizontalPodAutoscaler(
    `${name}-hpa`,
    {
      metadata: { ...metadata, name: "nginx-edge" },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
        minReplicas: c.minReplicas,
        maxReplicas: c.maxReplicas,
        metrics: [
          {
            type: "Resource",
            resource: { name: "cpu", target: { type: "Utilization", averageUtilization: c.targetCpuPercent } },
          },
        ],
        // Scale in slowly: Cloudflare's keepalive connections to a removed pod are cut.
        behavior: {
          scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] },
        },
      },
    },
    child,
  );
  new k8s.policy.v1.PodDisruptionBudget(
    `${name}-pdb`,
    {
      metadata: { ...metadata, name: "nginx-edge" },
      spec: {
        maxUnavailable: 1,
        selector: { matchLabels: { ...EDGE_LABELS } },
        unhealthyPodEvictionPolicy: "AlwaysAllow",
      },
    },
    child,
  );

  const metrics = new k8s.core.v1.Service(
    `${name}-metrics`,
    {
      metadata: { ...metadata, name: "nginx-edge-metrics" },
      spec: {
        type: "ClusterIP",
        selector: { ...EDGE_LABELS },
        ports: [{ name: "metrics", port: EXPORTER_PORT, targetPort: "metrics", protocol: "TCP" }],
      },
    },
    child,
  );
  new k8s.apiextensions.CustomResource(
    `${name}-servicemonitor`,
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: { ...metadata, name: "nginx-edge", labels: { ...EDGE_LABELS, ...a.serviceMonitorLabels } },
      spec: {
        selector: { matchLabels: { ...EDGE_LABELS } },
        endpoints: [{ port: "metrics", path: "/metrics", interval: "30s", scrapeTimeout: "10s" }],
      },
    },
    { ...child, dependsOn: [metrics, ...a.monitoringDependsOn] },
  );

  const nlbHostname = service.status.apply((s) => s?.loadBalancer?.ingress?.[0]?.hostname ?? "");
  return { nlbHostname, tls };
}
