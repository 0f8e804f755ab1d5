/** Configuration schema for the service mesh (Istio). Same conventions as schema.ts. */
import { z } from "zod";
import { NAMESPACES } from "../components/shared/names";
import { bool, cpuQuantity, dnsLabel, hostPort, intIn, memQuantity, numIn } from "./schema-fields";

/** Namespaces the sidecar injector must never touch: the control plane itself and the cluster's system pods. */
const NEVER_INJECTED = [NAMESPACES.kubeSystem, NAMESPACES.istio] as const;

export const meshSchema = z
  .strictObject({
    enabled: bool().describe(
      "Install Istio (STRICT mTLS, outlier detection, retries). On in prod, off in dev (sidecars cost CPU/memory per pod).",
    ),
    /** Namespaces labelled for sidecar injection by the tier that creates them (meshInjectionLabels). */
    injectNamespaces: z
      .array(dnsLabel())
      .describe(
        "Namespaces labelled `istio.io/rev` for sidecar injection by the tier that creates them. Must include apps and kong when the mesh is on; kube-system and istio-system are refused.",
      ),
    tracingSamplingPercent: numIn(0, 100).describe("Share of requests traced (Telemetry API, mesh-wide)."),
    tracingCollector: hostPort(
      'expected host:port of an OTLP gRPC collector such as otel-collector.monitoring.svc.cluster.local:4317, or "" for none',
      true,
    ).describe('OTLP gRPC collector (host:port) spans are exported to; "" = sampling set but nothing exported.'),
    istiod: z.strictObject({
      minReplicas: intIn(1, 10).describe(
        "istiod replicas at least (HPA). 2 in prod: the chart only renders istiod's PDB (minAvailable 1) above one replica.",
      ),
      maxReplicas: intIn(1, 20).describe("istiod replicas at most (HPA on CPU)."),
      cpuRequest: cpuQuantity().describe(
        "istiod CPU request (Istio's benchmark: 1 vCPU for 2000 sidecars; ours has tens).",
      ),
      memoryRequest: memQuantity().describe("istiod memory request (1.5 GB for 2000 sidecars in Istio's benchmark)."),
    }),
    proxy: z.strictObject({
      cpuRequest: cpuQuantity().describe(
        "Sidecar CPU request per injected pod (~0.2 vCPU per 1000 req/s per Istio's benchmark).",
      ),
      cpuLimit: cpuQuantity().describe("Sidecar CPU limit."),
      memoryRequest: memQuantity().describe(
        "Sidecar memory request per injected pod (~60 MB at 1000 req/s per Istio's benchmark).",
      ),
      memoryLimit: memQuantity().describe("Sidecar memory limit."),
    }),
    outlierDetection: z.strictObject({
      consecutive5xxErrors: intIn(1, 100).describe(
        "5xx in a row before a pod is ejected from the load-balancing pool.",
      ),
      intervalSeconds: intIn(1, 300).describe("How often ejection is evaluated."),
      baseEjectionSeconds: intIn(1, 3600).describe("Minimum ejection time (grows with repeated ejections)."),
      maxEjectionPercent: intIn(1, 100).describe("Upper bound of pods ejected at once."),
    }),
    connectionPool: z.strictObject({
      maxConnections: intIn(1, 100000).describe("TCP connections per destination (circuit breaker)."),
      http1MaxPendingRequests: intIn(1, 100000).describe("Queued requests per destination before failing fast."),
      http2MaxRequests: intIn(1, 100000).describe("Concurrent requests per destination."),
      /** Retries outstanding to one service at once across all Kong pods: the cap that stops a retry storm. */
      maxRetries: intIn(0, 100000).describe(
        "Retries outstanding to one destination at once: 10 % of the concurrent-request cap, so retries cannot snowball.",
      ),
    }),
    retries: z.strictObject({
      attempts: intIn(0, 10).describe(
        "Retries per request; attempts × perTryTimeoutMs must fit in timeoutMs so retries cannot amplify load.",
      ),
      perTryTimeoutMs: intIn(10, 60000).describe("Timeout of each attempt."),
    }),
    timeoutMs: intIn(100, 300000).describe("Route timeout."),
  })
  .superRefine((m, ctx) => {
    if (m.retries.attempts * m.retries.perTryTimeoutMs > m.timeoutMs) {
      ctx.addIssue({
        code: "custom",
        path: ["retries"],
        input: m.retries,
        message: `expected attempts × perTryTimeoutMs <= timeoutMs (${m.timeoutMs}) so retries cannot amplify load past the route timeout`,
      });
    }
    if (m.istiod.maxReplicas < m.istiod.minReplicas) {
      ctx.addIssue({
        code: "custom",
        path: ["istiod", "maxReplicas"],
        input: m.istiod.maxReplicas,
        message: `expected maxReplicas >= minReplicas (${m.istiod.minReplicas})`,
      });
    }
    m.injectNamespaces.forEach((ns, i) => {
      if ((NEVER_INJECTED as readonly string[]).includes(ns)) {
        ctx.addIssue({
          code: "custom",
          path: ["injectNamespaces", i],
          input: ns,
          message: `expected an application namespace: ${NEVER_INJECTED.join(" and ")} must never get sidecars`,
        });
      }
    });
    if (m.enabled) {
      // Kong must carry a mesh identity (the AuthorizationPolicies allow only its principal) and the apps must
      // have sidecars (or STRICT mTLS and the policies enforce nothing).
      for (const required of [NAMESPACES.apps, NAMESPACES.kong]) {
        if (!m.injectNamespaces.includes(required)) {
          ctx.addIssue({
            code: "custom",
            path: ["injectNamespaces"],
            input: m.injectNamespaces,
            message: `expected to include "${required}" when the mesh is enabled`,
          });
        }
      }
    }
  });
