/** Tags every AWS resource of the platform carries; each tier's provider sets them as defaultTags. */
import type { PlatformConfig } from "../../config";

export const REQUIRED_TAG_KEYS = ["project", "environment", "component", "managed-by", "cost-center"] as const;

/** The tags every AWS resource of `component` carries (user tags cannot override the required ones). */
export function platformTags(cfg: PlatformConfig, component: string): Record<string, string> {
  return {
    ...cfg.tags,
    project: cfg.project,
    environment: cfg.environment,
    component,
    "managed-by": "pulumi",
    "cost-center": cfg.costCenter,
  };
}
