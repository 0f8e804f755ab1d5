/**
 * Observability config: log shipping (Fluent Bit → CloudWatch Logs, one log group per namespace) and tracing
 * (OpenTelemetry collector → AWS X-Ray). Environments differ by retention, sampling and sizes (env-defaults.ts).
 */
import { z } from "zod";
import { bool, cpuQuantity, dnsLabel, intIn, logRetention, memQuantity, numIn } from "./schema";

export const observabilitySchema = z.strictObject({
    logs: z.strictObject({
        enabled: bool(),
        /** Retention of every log group the shipper writes to (CloudWatch-accepted values only). */
        retentionDays: logRetention(),
        /** Namespaces with a log group of their own; containers of any other namespace go to the `other` group. */
        namespaces: z.array(dnsLabel()).min(1, { error: "expected at least one namespace" }),
        /** kubelet and containerd journal of every node, to the `nodes` group. */
        nodeLogs: bool(),
        cpuRequest: cpuQuantity(),
        memoryRequest: memQuantity(),
        memoryLimit: memQuantity(),
    }).superRefine((l, ctx) => {
        l.namespaces.forEach((ns, i) => {
            if (l.namespaces.indexOf(ns) !== i) ctx.addIssue({ code: "custom", path: ["namespaces", i], input: ns, message: "expected unique namespaces" });
            // "other" and "nodes" are the names of the catch-all and node groups.
            if (ns === "other" || ns === "nodes") ctx.addIssue({ code: "custom", path: ["namespaces", i], input: ns, message: "expected a namespace other than \"other\" and \"nodes\" (reserved group names)" });
        });
    }),
    traces: z.strictObject({
        enabled: bool(),
        /**
         * Share of root requests (no sampled parent) the apps trace; a request that arrives with a sampling decision
         * (Istio's sidecar, mesh.tracingSamplingPercent) keeps it (parent-based sampler).
         */
        samplingPercent: numIn(0, 100),
        replicas: intIn(1, 10),
        cpuRequest: cpuQuantity(),
        memoryRequest: memQuantity(),
        memoryLimit: memQuantity(),
    }),
});
