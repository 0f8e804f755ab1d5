/**
 * Observability config: log shipping (Fluent Bit → CloudWatch Logs, one log group per namespace) and tracing
 * (OpenTelemetry collector → AWS X-Ray). Environments differ by retention, sampling and sizes (env-defaults.ts).
 */
import { z } from "zod";
import { bool, cpuQuantity, dnsLabel, intIn, logRetention, memQuantity, numIn } from "./schema-fields";

export const observabilitySchema = z.strictObject({
  logs: z
    .strictObject({
      enabled: bool().describe(
        "Ship container and node logs to CloudWatch Logs with Fluent Bit (aws-for-fluent-bit chart, a DaemonSet). Cheaper than the amazon-cloudwatch-observability add-on, which also bills Container Insights metrics.",
      ),
      /** Retention of every log group the shipper writes to (CloudWatch-accepted values only). */
      retentionDays: logRetention().describe(
        "Retention of every container/node log group (7 days in dev, 30 in prod; the policy caps it per environment).",
      ),
      /** Namespaces with a log group of their own; containers of any other namespace go to the `other` group. */
      namespaces: z
        .array(dnsLabel())
        .min(1, { error: "expected at least one namespace" })
        .describe(
          "Namespaces with a log group of their own (/<prefix>/containers/<namespace>); any other namespace goes to /<prefix>/containers/other. The program creates every group (retention + the tier KMS key); Fluent Bit never creates one.",
        ),
      /** kubelet and containerd journal of every node, to the `nodes` group. */
      nodeLogs: bool().describe("Also ship the kubelet and containerd journal of each node to /<prefix>/nodes."),
      cpuRequest: cpuQuantity().describe("Fluent Bit CPU request per node."),
      memoryRequest: memQuantity().describe("Fluent Bit memory request per node."),
      memoryLimit: memQuantity().describe(
        "Fluent Bit memory limit per node (the tail input's buffer is capped well below it).",
      ),
    })
    .superRefine((l, ctx) => {
      l.namespaces.forEach((ns, i) => {
        if (l.namespaces.indexOf(ns) !== i)
          ctx.addIssue({ code: "custom", path: ["namespaces", i], input: ns, message: "expected unique namespaces" });
        // "other" and "nodes" are the names of the catch-all and node groups.
        if (ns === "other" || ns === "nodes")
          ctx.addIssue({
            code: "custom",
            path: ["namespaces", i],
            input: ns,
            message: 'expected a namespace other than "other" and "nodes" (reserved group names)',
          });
      });
    }),
  traces: z.strictObject({
    enabled: bool().describe(
      "Run an OpenTelemetry collector (contrib distribution) that receives OTLP from the sidecars and the apps and exports to AWS X-Ray; the apps get OTEL_* settings pointing at it.",
    ),
    /**
     * Share of root requests (no sampled parent) the apps trace; a request that arrives with a sampling decision
     * (Istio's sidecar, mesh.tracingSamplingPercent) keeps it (parent-based sampler).
     */
    samplingPercent: numIn(0, 100).describe(
      "Share of root requests the apps trace (parent-based: a request the mesh already sampled keeps that decision). X-Ray bills $5 per million traces beyond 100,000/month.",
    ),
    replicas: intIn(1, 10).describe(
      "Collector replicas (2 in prod: a rollout or node drain never leaves the sidecars without a receiver).",
    ),
    cpuRequest: cpuQuantity().describe("Collector CPU request per replica."),
    memoryRequest: memQuantity().describe("Collector memory request per replica."),
    memoryLimit: memQuantity().describe(
      "Collector memory limit per replica (the memory_limiter processor refuses data at 80 % of it; GOMEMLIMIT is set from it).",
    ),
  }),
});
