// The NGINX edge workload as plain Kubernetes objects: the options the config is rendered from (mount paths,
// upstream, worker count), the pod spec (nginx + the Prometheus exporter sidecar, restricted security context,
// read-only root filesystem, probes, zone spreading) and the config checksum that rolls the pods on a change.
// The component only wraps these in resources.

import { createHash } from "node:crypto";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { cpuMillis } from "../../config/schema-workloads";
import { NGINX_EDGE_DEFAULTS, type NginxEdgeOptions } from "./nginx-options";
import { HEALTH_PATH, STUB_STATUS_PATH } from "./nginx-conf";
import { NGINX_EXPORTER_IMAGE, NGINX_IMAGE, imageRef } from "./pins";

type PodSpec = k8s.types.input.core.v1.PodSpec;
type Container = k8s.types.input.core.v1.Container;

const EDGE_APP = "nginx-edge";
export const CONFIG_FILE = "nginx.conf";
export const TLS_DIR = "/etc/nginx/tls";
export const AOP_DIR = "/etc/nginx/aop";
export const EXPORTER_PORT = 9113;
export const PORTS = Object.freeze({
  http: NGINX_EDGE_DEFAULTS.httpPort,
  https: NGINX_EDGE_DEFAULTS.httpsPort,
  status: NGINX_EDGE_DEFAULTS.statusPort,
});
/** The image's nginx user (nginxinc/nginx-unprivileged). */
const NGINX_UID = 101;
/** The exporter needs no identity of its own: nobody. */
const EXPORTER_UID = 65534;
/** Annotation on the pod template holding the sha256 of nginx.conf. */
export const CONFIG_CHECKSUM_ANNOTATION = "edgestack.io/nginx-conf-sha256";
/**
 * Annotation on the pod template holding the sha256 of the served certificate (PEM). nginx reads its certificate
 * only at start, so a re-issued certificate (new hosts, validity, key) must roll the pods, like a config change.
 */
export const CERT_CHECKSUM_ANNOTATION = "edgestack.io/tls-cert-sha256";
/**
 * Seconds a terminating pod keeps serving: long enough for the NLB to stop sending new connections
 * (deregistration is asynchronous) before nginx starts its graceful shutdown (SIGQUIT, the image's STOPSIGNAL).
 */
export const PRE_STOP_SLEEP_SECONDS = 20;
export const TERMINATION_GRACE_SECONDS = 60;

/** nginx workers = the CPU limit rounded up (`auto` would count the node's CPUs, not the container's share). */
export function workerProcessesFor(cpuLimit: string): number {
  return Math.max(1, Math.ceil(cpuMillis(cpuLimit) / 1000));
}

export function configChecksum(conf: string): string {
  return createHash("sha256").update(conf).digest("hex");
}

/** sha256 (hex) of a PEM certificate, ignoring trailing whitespace (providers differ in the final newline). */
export function certificateChecksum(pem: string): string {
  return createHash("sha256").update(pem.trimEnd()).digest("hex");
}

interface EdgeConfigInputs {
  serverNames: string[];
  /** Kong proxy peers as one DNS name (a headless Service: one A record per Kong pod) and port. */
  upstreamHost: string;
  upstreamPort: number;
  /** DNS server nginx re-resolves the upstream with (cluster DNS). */
  resolver: string;
  realIpFromCidrs: string[];
  hstsMaxAgeSeconds: number;
  hstsPreload: boolean;
  /** Verify Cloudflare's Authenticated Origin Pulls client certificate (CA mounted from the AOP Secret). */
  authenticatedOriginPulls: boolean;
  /** Staple OCSP responses; needs the issuer chain as `ca.crt` in the TLS Secret. */
  ocspStapling: boolean;
  cpuLimit: string;
}

/** The options renderNginxConf gets, with the paths the pod spec mounts. */
export function edgeNginxOptions(i: EdgeConfigInputs): NginxEdgeOptions {
  return {
    nginxVersion: NGINX_IMAGE.nginxVersion,
    serverNames: [...i.serverNames],
    upstreamServers: [`${i.upstreamHost}:${i.upstreamPort}`],
    // Each Kong pod becomes its own peer, so max_fails and retries act per pod.
    upstreamResolve: true,
    resolvers: [i.resolver],
    tlsCertificatePath: `${TLS_DIR}/tls.crt`,
    tlsKeyPath: `${TLS_DIR}/tls.key`,
    clientCaPath: i.authenticatedOriginPulls ? `${AOP_DIR}/ca.crt` : undefined,
    ocspStapling: i.ocspStapling,
    ocspTrustedCertificatePath: i.ocspStapling ? `${TLS_DIR}/ca.crt` : undefined,
    realIpFromCidrs: [...i.realIpFromCidrs],
    hstsMaxAgeSeconds: i.hstsMaxAgeSeconds,
    hstsPreload: i.hstsPreload,
    workerProcesses: workerProcessesFor(i.cpuLimit),
    tempDir: "/tmp",
  };
}

interface EdgePodInputs {
  configMapName: pulumi.Input<string>;
  tlsSecretName: string;
  /** Secret and key of the AOP CA; absent when client certificates are not verified. */
  aopCa?: { secretName: string; key: string };
  resources: { cpuRequest: string; cpuLimit: string; memoryRequest: string; memoryLimit: string };
  serviceAccountName: pulumi.Input<string>;
}

const RESTRICTED: k8s.types.input.core.v1.SecurityContext = {
  runAsNonRoot: true,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  privileged: false,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

export const EDGE_LABELS = Object.freeze({ "app.kubernetes.io/name": EDGE_APP, "app.kubernetes.io/component": "edge" });

function nginxContainer(i: EdgePodInputs): Container {
  const health = { httpGet: { path: HEALTH_PATH, port: "status", scheme: "HTTP" } };
  return {
    name: "nginx",
    image: imageRef(NGINX_IMAGE),
    // The image's entrypoint only tweaks the default site (absent here); quiet it.
    env: [{ name: "NGINX_ENTRYPOINT_QUIET_LOGS", value: "1" }],
    ports: [
      { name: "http", containerPort: PORTS.http, protocol: "TCP" },
      { name: "https", containerPort: PORTS.https, protocol: "TCP" },
      { name: "status", containerPort: PORTS.status, protocol: "TCP" },
    ],
    resources: {
      requests: { cpu: i.resources.cpuRequest, memory: i.resources.memoryRequest },
      limits: { cpu: i.resources.cpuLimit, memory: i.resources.memoryLimit },
    },
    securityContext: { ...RESTRICTED, runAsUser: NGINX_UID, runAsGroup: NGINX_UID },
    startupProbe: { ...health, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 30 },
    readinessProbe: { ...health, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2 },
    livenessProbe: { ...health, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
    lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SLEEP_SECONDS } } },
    volumeMounts: [
      { name: "config", mountPath: `/etc/nginx/${CONFIG_FILE}`, subPath: CONFIG_FILE, readOnly: true },
      { name: "tls", mountPath: TLS_DIR, readOnly: true },
      ...(i.aopCa ? [{ name: "aop-ca", mountPath: AOP_DIR, readOnly: true }] : []),
      { name: "tmp", mountPath: "/tmp" },
    ],
  };
}

function exporterContainer(): Container {
  return {
    name: "exporter",
    image: imageRef(NGINX_EXPORTER_IMAGE),
    args: [
      `--nginx.scrape-uri=http://127.0.0.1:${PORTS.status}${STUB_STATUS_PATH}`,
      `--web.listen-address=:${EXPORTER_PORT}`,
    ],
    ports: [{ name: "metrics", containerPort: EXPORTER_PORT, protocol: "TCP" }],
    resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
    securityContext: { ...RESTRICTED, runAsUser: EXPORTER_UID, runAsGroup: EXPORTER_UID },
    readinessProbe: { httpGet: { path: "/metrics", port: "metrics" }, periodSeconds: 15, timeoutSeconds: 5 },
    livenessProbe: { httpGet: { path: "/metrics", port: "metrics" }, periodSeconds: 30, timeoutSeconds: 5 },
  };
}

/**
 * Spread across zones strictly (an AZ outage leaves the other zones' pods) and across nodes best-effort;
 * `pod-template-hash` keeps each rollout's new ReplicaSet spread on its own.
 */
function edgeTopologySpread(): k8s.types.input.core.v1.TopologySpreadConstraint[] {
  const labelSelector = { matchLabels: { "app.kubernetes.io/name": EDGE_APP } };
  return [
    {
      topologyKey: "topology.kubernetes.io/zone",
      maxSkew: 1,
      whenUnsatisfiable: "DoNotSchedule",
      labelSelector,
      matchLabelKeys: ["pod-template-hash"],
    },
    {
      topologyKey: "kubernetes.io/hostname",
      maxSkew: 1,
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector,
      matchLabelKeys: ["pod-template-hash"],
    },
  ];
}

export function edgePodSpec(i: EdgePodInputs): PodSpec {
  return {
    serviceAccountName: i.serviceAccountName,
    // nginx never talks to the Kubernetes API.
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, fsGroup: NGINX_UID, seccompProfile: { type: "RuntimeDefault" } },
    terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
    topologySpreadConstraints: edgeTopologySpread(),
    containers: [nginxContainer(i), exporterContainer()],
    volumes: [
      { name: "config", configMap: { name: i.configMapName, items: [{ key: CONFIG_FILE, path: CONFIG_FILE }] } },
      // 0440 + fsGroup: readable by the nginx group only.
      { name: "tls", secret: { secretName: i.tlsSecretName, defaultMode: 0o440 } },
      ...(i.aopCa
        ? [
            {
              name: "aop-ca",
              secret: {
                secretName: i.aopCa.secretName,
                items: [{ key: i.aopCa.key, path: "ca.crt" }],
                defaultMode: 0o444,
              },
            },
          ]
        : []),
      // pid file and request/proxy buffers spilled to disk; bounded so a flood cannot fill the node's disk.
      { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
    ],
  };
}
