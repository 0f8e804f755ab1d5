// Values for the pinned Kong chart (pins.ts KONG_CHART), as a pure function of the tier's config. Every key set
// here exists in that chart version's values.yaml (or is a documented, commented-out key of it that the templates
// read); tests/ingress/fixtures/kong-chart-3.4.1-keys.json lists the keys with the values.yaml line they were
// checked against, and a test fails on any key not in that list.

import type * as pulumi from "@pulumi/pulumi";
import { cpuMillis } from "../../config/schema-workloads";
import { RELEASES } from "../shared/names";
import { KIC_IMAGE, KONG_IMAGE } from "./pins";

/** The chart's `kong.selectorLabels`: what every Kong proxy pod carries. */
export const KONG_SELECTOR_LABELS = Object.freeze({
  "app.kubernetes.io/name": "kong",
  "app.kubernetes.io/component": "app",
  "app.kubernetes.io/instance": RELEASES.kong,
});
/** Container port of Kong's plain-HTTP proxy listener (values.yaml proxy.http.containerPort). */
export const KONG_PROXY_PORT = 8000;
export const KONG_INGRESS_CLASS = "kong";

interface KongValuesInputs {
  minReplicas: number;
  maxReplicas: number;
  cpuRequest: string;
  cpuLimit: string;
  memoryRequest: string;
  memoryLimit: string;
  targetCpuPercent: number;
  /** Addresses allowed to set the client IP (X-Real-IP): the NGINX pods, i.e. the VPC (VPC CNI pod IPs). */
  trustedCidrs: string[];
  /** Labels that make the Prometheus operator pick the ServiceMonitor up (kube-prometheus-stack's release label). */
  serviceMonitorLabels: Record<string, string>;
  /**
   * The ingress controller's image: the stack's ECR mirror of KIC_IMAGE (Docker Hub only upstream). The chart renders
   * `<repository>:<tag>` (`kong.getRepoTag`), so `tag` carries the digest: `<mirror tag>@sha256:…`.
   */
  controllerImage: { repository: pulumi.Input<string>; tag: pulumi.Input<string> };
}

export function kongChartValues(i: KongValuesInputs): Record<string, unknown> {
  const workers = String(Math.max(1, Math.ceil(cpuMillis(i.cpuLimit) / 1000)));
  return {
    image: { repository: KONG_IMAGE.repository, tag: KONG_IMAGE.tag },
    env: {
      // DB-less: the controller pushes the whole configuration; no Postgres, no migrations.
      database: "off",
      // One worker per CPU of the limit (the chart's default "2" ignores the limit).
      nginx_worker_processes: workers,
      // NGINX is the only client; it sends the verified visitor address as X-Real-IP (README: trust the edge).
      trusted_ips: i.trustedCidrs.join(","),
      real_ip_header: "X-Real-IP",
      real_ip_recursive: "off",
      // No Server/Via/X-Kong-* headers towards clients.
      headers: "off",
    },
    ingressController: {
      enabled: true,
      // effectiveSemver: the chart gates features on the controller version, read from the tag unless this is set
      // (values.yaml ingressController.image.effectiveSemver; `kong.effectiveVersion` in _helpers.tpl).
      image: { ...i.controllerImage, effectiveSemver: KIC_IMAGE.tag },
      ingressClass: KONG_INGRESS_CLASS,
      createIngressClass: true,
      resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    },
    // NGINX (edge namespace) is the only entry: no load balancer, no TLS listener (the edge terminates TLS).
    proxy: {
      enabled: true,
      type: "ClusterIP",
      http: { enabled: true, servicePort: 80, containerPort: KONG_PROXY_PORT },
      tls: { enabled: false },
    },
    admin: { enabled: false },
    // Surge first: capacity never drops below the current replica count during a rollout.
    updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
    resources: {
      requests: { cpu: i.cpuRequest, memory: i.memoryRequest },
      limits: { cpu: i.cpuLimit, memory: i.memoryLimit },
    },
    autoscaling: {
      enabled: true,
      minReplicas: i.minReplicas,
      maxReplicas: i.maxReplicas,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: i.targetCpuPercent } },
        },
      ],
    },
    // The chart refuses a PDB with minReplicas 1 (a single pod could never be evicted): data decides, not a branch.
    podDisruptionBudget: i.minReplicas > 1 ? { enabled: true, maxUnavailable: 1 } : { enabled: false },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "DoNotSchedule",
        labelSelector: { matchLabels: { ...KONG_SELECTOR_LABELS } },
      },
      {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { ...KONG_SELECTOR_LABELS } },
      },
    ],
    // Kong's status listener serves /metrics (prometheus plugin); the chart's ServiceMonitor scrapes it and the controller.
    serviceMonitor: { enabled: true, trustCRDsExist: true, interval: "30s", labels: { ...i.serviceMonitorLabels } },
  };
}
