/**
 * THE table where environments differ. Components never branch on the environment name: they receive
 * the merged, validated values. A stack file (Pulumi.<stack>.yaml) overrides any key; objects merge key by
 * key, arrays replace. Sizes are chosen so that dev stays under $250/month and prod (3-AZ HA) under
 * $1,200/month by the estimator in policies/cost/estimate.ts.
 *
 * COMMON (env-common.ts) holds what every environment shares; DEV (env-dev.ts) and PROD (env-prod.ts) only what
 * differs. All three are typed by the schema's input (deep-partial), so a misspelt key or a wrong type fails
 * `npm run typecheck`.
 */
import type { z } from "zod";
import { COMMON, type Defaults } from "./env-common";
import { DEV } from "./env-dev";
import { PROD } from "./env-prod";
import type { platformSchema } from "./index";

export const ENVIRONMENTS = ["dev", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars from `override` replace the base. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v);
    return out;
  }
  return override;
}

export const ENV_DEFAULTS: Record<Environment, Defaults> = {
  dev: deepMerge(COMMON, DEV) as Defaults,
  prod: deepMerge(COMMON, PROD) as Defaults,
};

type ServiceInput = NonNullable<z.input<typeof platformSchema>["services"]>[number];
/** Per-service sizing by environment; merged under each entry of `services`. */
export const SERVICE_DEFAULTS: Record<Environment, Partial<ServiceInput>> = {
  dev: {
    minReplicas: 1,
    maxReplicas: 3,
    cpuRequest: "100m",
    cpuLimit: "500m",
    memoryRequest: "128Mi",
    memoryLimit: "256Mi",
    targetCpuPercent: 70,
    targetMemoryPercent: 80,
    keepImages: 10,
    forceDeleteImages: true,
  },
  prod: {
    minReplicas: 3,
    maxReplicas: 12,
    cpuRequest: "250m",
    cpuLimit: "1",
    memoryRequest: "256Mi",
    memoryLimit: "512Mi",
    targetCpuPercent: 65,
    targetMemoryPercent: 80,
    keepImages: 30,
    forceDeleteImages: false,
  },
};
