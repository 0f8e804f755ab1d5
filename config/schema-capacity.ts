/**
 * Elastic capacity: Karpenter (node autoscaling beyond the managed node groups) and the capacity planner's
 * traffic assumptions. Everything here is data per environment (config/env-defaults.ts); the cluster tier turns
 * `karpenter` into resources (components/cluster/karpenter.ts), tools/plan-capacity.ts reads `planner`.
 */
import { z } from "zod";
import { bool, cpuQuantity, intIn, memQuantity, numIn, pattern } from "./schema";

/** Graviton families Karpenter may launch (arm64 images); sizes as EC2 names them. */
const GRAVITON_FAMILY = /^(t4g|[cmr][678]g[dn]?|[cmr]8g)$/;
const INSTANCE_SIZE = /^(medium|large|\d*xlarge)$/;

const poolSchema = z.strictObject({
    instanceFamilies: z.array(pattern(GRAVITON_FAMILY, "expected a Graviton (arm64) instance family such as m7g or c7g"))
        .min(1, { error: "expected at least one instance family" }),
    instanceSizes: z.array(pattern(INSTANCE_SIZE, "expected an EC2 instance size such as large or xlarge"))
        .min(1, { error: "expected at least one instance size" }),
    /** NodePool `limits`: the most this pool may ever launch (vCPU, GiB). 0 disables the pool. */
    cpuLimit: intIn(0, 1000),
    memoryLimitGiB: intIn(0, 4000),
});

export const karpenterSchema = z.strictObject({
    enabled: bool(),
    /**
     * EKS-optimized AL2023 AMI release, pinned (`al2023@v<date>`): `latest` would roll every node whenever AWS
     * publishes an AMI (drift), outside any review.
     */
    amiAlias: pattern(/^al2023@v\d{8}$/, "expected a pinned AL2023 alias such as \"al2023@v20260520\""),
    diskSizeGiB: intIn(20, 1000),
    /** How long a node must be empty or underutilized before consolidation removes it (Go duration). */
    consolidateAfter: pattern(/^(\d+(s|m|h))+$/, "expected a duration such as \"30s\", \"5m\" or \"1h\""),
    /** Share of a pool's nodes that voluntary disruption (consolidation, drift) may take at once. */
    disruptionBudgetPercent: intIn(1, 100),
    onDemand: poolSchema,
    spot: poolSchema,
    controller: z.strictObject({
        replicas: intIn(1, 3),
        cpuRequest: cpuQuantity(),
        memoryRequest: memQuantity(),
    }),
});

export const plannerSchema = z.strictObject({
    /** Requests per second one user sends on average (1 request every 5 s of think time = 0.2). */
    requestsPerUserPerSecond: numIn(0.001, 100),
    /** Requests per second one pod of a service sustains (npm run bench:apps, README "Capacity"). */
    podRps: numIn(1, 100000),
    /** Share of podRps pods run at, leaving headroom for spikes and a lost zone (0 < x <= 1). */
    targetUtilization: numIn(0.05, 1),
});

export const capacitySchema = z.strictObject({
    karpenter: karpenterSchema,
    planner: plannerSchema,
});

export type KarpenterConfig = z.infer<typeof karpenterSchema>;
export type CapacityPlannerConfig = z.infer<typeof plannerSchema>;
