/**
 * Specs of the per-namespace and per-service Istio objects, as pure functions of the configuration
 * (field names from the CRDs in manifests/charts/base/files/crd-all.gen.yaml, Istio 1.30, API version v1).
 */
import type { MeshConfig } from "../../config";
import { CLUSTER_DOMAIN } from "./labels";

export const ISTIO_API = {
  security: "security.istio.io/v1",
  networking: "networking.istio.io/v1",
  telemetry: "telemetry.istio.io/v1",
} as const;

/**
 * Retry only when the request never reached the app (connection refused/failed, stream refused, reset before
 * the request was sent): safe for non-idempotent calls such as POST /orders. A 5xx is not retried here: the
 * app may have acted on the request, and outlier detection handles failing pods instead.
 */
export const RETRY_ON = "connect-failure,refused-stream,reset-before-request";

/** 2500 → "2.5s": Istio durations are protobuf Duration strings. */
export function duration(ms: number): string {
  if (!Number.isInteger(ms) || ms < 1)
    throw new Error(`duration: expected a positive integer of milliseconds, got ${ms}`);
  return `${ms / 1000}s`;
}

/** SPIFFE identity the mesh gives pods running as `serviceAccount` in `namespace`. */
export function principal(namespace: string, serviceAccount: string, trustDomain = CLUSTER_DOMAIN): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** Namespace-wide mTLS: STRICT rejects any plaintext connection to an injected pod. */
export function strictPeerAuthenticationSpec(): { mtls: { mode: "STRICT" } } {
  return { mtls: { mode: "STRICT" } };
}

/**
 * An ALLOW policy that matches nothing: with it, a workload of the namespace without its own ALLOW policy
 * refuses every request (deny by default). Istio documents an empty spec as "allow-nothing".
 */
export function allowNothingSpec(): Record<string, never> {
  return {};
}

/**
 * Only the given principals may call the workload labelled `selector`, only on `port`, and never on
 * `internalPaths` (health and metrics endpoints: the kubelet's rewritten probes and the metrics merge reach them
 * from inside the pod, not through the sidecar, so nobody needs them from outside).
 */
export function allowFromSpec(
  selector: Record<string, string>,
  principals: string[],
  port: number,
  internalPaths: string[] = [],
) {
  if (principals.length === 0) throw new Error("AuthorizationPolicy: expected at least one allowed principal");
  const operation = { ports: [String(port)], ...(internalPaths.length > 0 ? { notPaths: internalPaths } : {}) };
  return {
    selector: { matchLabels: selector },
    action: "ALLOW" as const,
    rules: [{ from: [{ source: { principals } }], to: [{ operation }] }],
  };
}

/** Circuit breaking for one service: bounded connection pool plus ejection of pods that keep failing. */
export function destinationRuleSpec(host: string, mesh: Pick<MeshConfig, "connectionPool" | "outlierDetection">) {
  const { connectionPool: pool, outlierDetection: od } = mesh;
  return {
    host,
    trafficPolicy: {
      connectionPool: {
        tcp: { maxConnections: pool.maxConnections },
        http: {
          http1MaxPendingRequests: pool.http1MaxPendingRequests,
          http2MaxRequests: pool.http2MaxRequests,
          maxRetries: pool.maxRetries,
        },
      },
      outlierDetection: {
        consecutive5xxErrors: od.consecutive5xxErrors,
        interval: duration(od.intervalSeconds * 1000),
        baseEjectionTime: duration(od.baseEjectionSeconds * 1000),
        maxEjectionPercent: od.maxEjectionPercent,
      },
      // No `tls` here on purpose: auto mTLS picks ISTIO_MUTUAL for sidecar pods and plaintext for a pod
      // started before injection was on, instead of breaking it.
    },
  };
}

/**
 * Route timeout and bounded retries for one service. Istio's `attempts` counts retries; the route timeout
 * caps the original try plus every retry, and config validation keeps attempts × perTryTimeout ≤ timeout.
 */
export function virtualServiceSpec(host: string, mesh: Pick<MeshConfig, "retries" | "timeoutMs">) {
  const { attempts, perTryTimeoutMs } = mesh.retries;
  if (attempts * perTryTimeoutMs > mesh.timeoutMs) {
    throw new Error(
      `VirtualService ${host}: retries (${attempts} × ${perTryTimeoutMs} ms) exceed the route timeout (${mesh.timeoutMs} ms)`,
    );
  }
  return {
    hosts: [host],
    http: [
      {
        route: [{ destination: { host } }],
        timeout: duration(mesh.timeoutMs),
        retries:
          attempts === 0 ? { attempts: 0 } : { attempts, perTryTimeout: duration(perTryTimeoutMs), retryOn: RETRY_ON },
      },
    ],
  };
}
