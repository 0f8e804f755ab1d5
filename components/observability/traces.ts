/**
 * Tracing as pure data: the OpenTelemetry collector's values (opentelemetry-collector chart, contrib image), its
 * IAM policy, and the endpoints and settings the sidecars and apps are given.
 *
 * Why the chart and not the ADOT EKS add-on: the add-on installs an operator (plus cert-manager, a prerequisite)
 * to run collectors from OpenTelemetryCollector CRs; one gateway Deployment needs neither. Why X-Ray and not Tempo:
 * X-Ray is managed (no object store, compactor or ingester to run), bills per trace recorded ($5 per million
 * beyond a perpetual 100,000/month free tier, aws.amazon.com/xray/pricing, checked 2026-11), and keeps traces 30
 * days at no extra cost.
 */
import { policyDocument } from "../shared/iam";

/** Collector ports (the chart's `ports` defaults); the sidecars use gRPC, the apps OTLP/HTTP. */
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;
export const COLLECTOR_METRICS_PORT = 8888;

export function collectorEndpoints(service: string, namespace: string) {
  const host = `${service}.${namespace}.svc.cluster.local`;
  return {
    /** host:port, the form Istio's `extensionProviders[].opentelemetry` and mesh.tracingCollector take. */
    grpcHostPort: `${host}:${OTLP_GRPC_PORT}`,
    /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (the SDK appends /v1/traces). */
    httpUrl: `http://${host}:${OTLP_HTTP_PORT}`,
  };
}

/** A percentage as the ratio OTEL_TRACES_SAMPLER_ARG takes ("5" % → "0.05"), without float noise. */
export function samplerRatio(percent: number): string {
  if (!(percent >= 0 && percent <= 100))
    throw new Error(`traces sampling: expected a percentage between 0 and 100, got ${percent}`);
  return String(Number((percent / 100).toFixed(6)));
}

/**
 * OTEL_* settings of every app container (OpenTelemetry SDK environment variables, specification
 * "Environment Variable Specification"): parent-based ratio sampling so a request the mesh sampled is traced end to
 * end, and W3C tracecontext propagation (what Istio's OpenTelemetry provider emits).
 */
export function appTracingEnv(serviceName: string, httpUrl: string, samplingPercent: number): Record<string, string> {
  return {
    OTEL_SERVICE_NAME: serviceName,
    OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
    OTEL_TRACES_SAMPLER_ARG: samplerRatio(samplingPercent),
    OTEL_PROPAGATORS: "tracecontext,baggage",
    // Traces only: metrics stay with Prometheus, logs with Fluent Bit.
    OTEL_METRICS_EXPORTER: "none",
    OTEL_LOGS_EXPORTER: "none",
  };
}

interface CollectorInput {
  fullname: string;
  serviceAccount: string;
  roleArn: unknown;
  region: string;
  replicas: number;
  resources: { cpuRequest: string; memoryRequest: string; memoryLimit: string };
  image: { repository: string; tag: string };
  /** CloudWatch log groups X-Ray links each trace to (the apps' group): "View logs" from a trace. */
  correlatedLogGroups: string[];
  serviceMonitorLabels: Record<string, string>;
}

/**
 * The collector's own pipeline, in `alternateConfig` (the chart uses it verbatim instead of merging `config` with
 * its defaults): only OTLP in, only X-Ray out. The chart's default `config` also opens Jaeger, Zipkin and a
 * Prometheus self-scrape; removing them from `config` needs `null` values, which Pulumi's Release does not pass
 * through reliably. The health_check extension is mandatory (the chart's probes call it).
 */
export function collectorConfig(i: Pick<CollectorInput, "region" | "correlatedLogGroups">): Record<string, unknown> {
  return {
    extensions: { health_check: { endpoint: "${env:MY_POD_IP}:13133" } },
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `\${env:MY_POD_IP}:${OTLP_GRPC_PORT}` },
          http: { endpoint: `\${env:MY_POD_IP}:${OTLP_HTTP_PORT}` },
        },
      },
    },
    processors: {
      // Refuse data (receivers answer "retry later") before the pod reaches its memory limit.
      memory_limiter: { check_interval: "5s", limit_percentage: 80, spike_limit_percentage: 25 },
      // X-Ray's PutTraceSegments takes at most 50 segment documents per call; the exporter splits batches itself.
      batch: { timeout: "5s", send_batch_size: 512 },
    },
    exporters: {
      awsxray: { region: i.region, index_all_attributes: false, aws_log_groups: i.correlatedLogGroups },
    },
    service: {
      extensions: ["health_check"],
      pipelines: { traces: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["awsxray"] } },
      // The collector's own metrics for Prometheus, on the pod IP at the chart's `metrics` port (the Service port its
      // ServiceMonitor scrapes, enabled in collectorValues). Names as the alert rules read them
      // (components/monitoring/metrics.ts OTELCOL): `otelcol_exporter_send_failed_spans`, no `_total`, no unit. These
      // three are the collector's own defaults at 0.158.0 (service/telemetry/otelconftelemetry factory.go and
      // migration/v0.3.0.go applyPrometheusDefaults); set here so a change of default cannot rename the metrics.
      telemetry: {
        metrics: {
          readers: [
            {
              pull: {
                exporter: {
                  prometheus: {
                    host: "${env:MY_POD_IP}",
                    port: COLLECTOR_METRICS_PORT,
                    without_type_suffix: true,
                    without_units: true,
                    without_scope_info: true,
                  },
                },
              },
            },
          ],
        },
      },
    },
  };
}

export function collectorValues(i: CollectorInput): Record<string, unknown> {
  const off = { enabled: false };
  return {
    mode: "deployment",
    fullnameOverride: i.fullname,
    replicaCount: i.replicas,
    image: { repository: i.image.repository, tag: i.image.tag },
    command: { name: "otelcol-contrib" },
    serviceAccount: { create: true, name: i.serviceAccount, annotations: { "eks.amazonaws.com/role-arn": i.roleArn } },
    alternateConfig: collectorConfig(i),
    ports: { "jaeger-compact": off, "jaeger-thrift": off, "jaeger-grpc": off, zipkin: off, metrics: { enabled: true } },
    resources: {
      requests: { cpu: i.resources.cpuRequest, memory: i.resources.memoryRequest },
      limits: { memory: i.resources.memoryLimit },
    },
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    // One replica per zone where possible, so an AZ outage keeps a receiver.
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: {
          matchLabels: {
            "app.kubernetes.io/name": "opentelemetry-collector",
            "app.kubernetes.io/instance": i.fullname,
          },
        },
      },
    ],
    podDisruptionBudget: i.replicas > 1 ? { enabled: true, minAvailable: 1 } : off,
    serviceMonitor: { enabled: true, extraLabels: i.serviceMonitorLabels },
  };
}

/**
 * X-Ray's write actions support no resource-level permissions (Service Authorization Reference, "Actions defined
 * by AWS X-Ray": PutTraceSegments and PutTelemetryRecords list no resource type), hence Resource "*".
 */
export function traceExportPolicy(): string {
  return policyDocument([
    {
      Sid: "WriteTraceSegments",
      Effect: "Allow",
      Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
      Resource: "*",
    },
  ]);
}
