/**
 * Elastic capacity: Karpenter (node autoscaling beyond the managed node groups) and the capacity planner's
 * traffic assumptions. Everything here is data per environment (config/env-defaults.ts); the cluster tier turns
 * `karpenter` into resources (components/cluster/karpenter.ts), tools/plan-capacity.ts reads `planner`.
 */
import { z } from "zod";
import { bool, cpuQuantity, intIn, memQuantity, numIn, pattern } from "./schema-fields";

/** Graviton families Karpenter may launch (arm64 images); sizes as EC2 names them. */
const GRAVITON_FAMILY = /^(t4g|[cmr][678]g[dn]?|[cmr]8g)$/;
const INSTANCE_SIZE = /^(medium|large|\d*xlarge)$/;

const poolSchema = z.strictObject({
  instanceFamilies: z
    .array(pattern(GRAVITON_FAMILY, "expected a Graviton (arm64) instance family such as m7g or c7g"))
    .min(1, { error: "expected at least one instance family" })
    .describe(
      "Graviton families of the NodePool (on-demand: weight 100, tried first up to its limits; spot: weight 10, the burst pool).",
    ),
  instanceSizes: z
    .array(pattern(INSTANCE_SIZE, "expected an EC2 instance size such as large or xlarge"))
    .min(1, { error: "expected at least one instance size" })
    .describe(
      "Instance sizes of the NodePool; family x size must be in the stack's allowed instance types (policy config).",
    ),
  /** NodePool `limits`: the most this pool may ever launch (vCPU, GiB). 0 disables the pool. */
  cpuLimit: intIn(0, 1000).describe(
    "vCPU the NodePool may launch in total (NodePool limits); the on-demand pool is the baseline the schedulability gate counts, the spot pool the HPAs' burst ceiling.",
  ),
  memoryLimitGiB: intIn(0, 4000).describe("Memory (GiB) the NodePool may launch in total."),
});

const karpenterSchema = z.strictObject({
  enabled: bool().describe(
    "Install Karpenter (official chart, pinned) with its IAM roles, interruption queue, EC2NodeClass and the on-demand/spot NodePools. Its controller runs on the managed node groups.",
  ),
  /**
   * EKS-optimized AL2023 AMI release, pinned (`al2023@v<date>`): `latest` would roll every node whenever AWS
   * publishes an AMI (drift), outside any review.
   */
  amiAlias: pattern(/^al2023@v\d{8}$/, 'expected a pinned AL2023 alias such as "al2023@v20260520"').describe(
    "EKS-optimized AL2023 AMI release for Karpenter nodes, pinned (al2023@vYYYYMMDD): a change rolls the nodes through drift within the disruption budget; `latest` is refused.",
  ),
  diskSizeGiB: intIn(20, 1000).describe("Root volume (encrypted gp3) of every Karpenter node."),
  /** How long a node must be empty or underutilized before consolidation removes it (Go duration). */
  consolidateAfter: pattern(/^(\d+(s|m|h))+$/, 'expected a duration such as "30s", "5m" or "1h"').describe(
    "How long a node must stay empty or underutilized before consolidation replaces or removes it (WhenEmptyOrUnderutilized).",
  ),
  /** Share of a pool's nodes that voluntary disruption (consolidation, drift) may take at once. */
  disruptionBudgetPercent: intIn(1, 100).describe(
    "Share of a pool's nodes voluntary disruption (consolidation, drift) may take at once; PodDisruptionBudgets still apply per pod.",
  ),
  onDemand: poolSchema,
  spot: poolSchema,
  controller: z.strictObject({
    replicas: intIn(1, 3).describe("Karpenter controller replicas (chart default 2; one in dev)."),
    cpuRequest: cpuQuantity().describe("Karpenter controller CPU request (the chart sets none by default)."),
    memoryRequest: memQuantity().describe("Karpenter controller memory request."),
  }),
});

const plannerSchema = z.strictObject({
  /** Requests per second one user sends on average (1 request every 5 s of think time = 0.2). */
  requestsPerUserPerSecond: numIn(0.001, 100).describe(
    'Capacity planner: requests per second per concurrent user (0.2 = one request per 5 s of think time, README "Capacity").',
  ),
  /** Requests per second one pod of a service sustains (npm run bench:apps, README "Capacity"). */
  podRps: numIn(1, 100000).describe(
    "Capacity planner: requests per second one service pod sustains (npm run bench:apps; override with --pod-rps).",
  ),
  /** Share of podRps pods run at, leaving headroom for spikes and a lost zone (0 < x <= 1). */
  targetUtilization: numIn(0.05, 1).describe(
    "Capacity planner: share of podRps pods run at (headroom for spikes and a lost zone).",
  ),
});

export const capacitySchema = z.strictObject({
  karpenter: karpenterSchema,
  planner: plannerSchema,
});
