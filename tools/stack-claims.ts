/**
 * What each stack in this repository claims in Cloudflare: its hostnames, and whether it manages the zone's
 * settings and rulesets. Two stacks claiming one host (a staging copied from dev keeps dev's hosts only if it sets
 * dev's prefix) or both managing one zone (a copy of prod) would overwrite each other's records and settings, so the
 * offline preview refuses them before anything is deployed. Every Pulumi.<stack>.yaml beside Pulumi.yaml counts.
 */
import { parseConfig, type PlatformConfig } from "../config";
import { servedHosts, stackHostnames } from "../components/edge";
import { listStacks, readProjectName, readStackConfig } from "./stack-files";

export interface StackClaim {
  stack: string;
  zone: string;
  hosts: string[];
  managesZone: boolean;
}

/**
 * The stack's validated config, from a stack file (its own unless `file` names another, as a copied file would be)
 * plus overrides (full keys, as --set takes them).
 */
export function configOf(stack: string, overrides: Record<string, unknown> = {}, file = stack): PlatformConfig {
  const project = readProjectName();
  const merged = { ...readStackConfig(file), ...overrides };
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(merged)) {
    if (k.startsWith(`${project}:`)) raw[k.slice(project.length + 1)] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return parseConfig(project, stack, raw, String(merged["aws:region"] ?? "us-east-1"));
}

export function claimOf(stack: string, cfg: PlatformConfig): StackClaim | undefined {
  if (!cfg.edge.enabled) return undefined;
  const h = stackHostnames(cfg.edge);
  return { stack, zone: cfg.edge.zone, hosts: servedHosts(h), managesZone: cfg.edge.manageZone };
}

/** Conflicts between `mine` and the other stacks' claims, one line each. */
export function claimConflicts(mine: StackClaim, others: StackClaim[]): string[] {
  const lines: string[] = [];
  for (const other of others.filter((o) => o.stack !== mine.stack && o.zone === mine.zone)) {
    const shared = mine.hosts.filter((h) => other.hosts.includes(h));
    if (shared.length) {
      lines.push(
        `stacks ${mine.stack} and ${other.stack} both claim ${shared.join(", ")}: set a distinct edge.hostPrefix in Pulumi.${mine.stack}.yaml (default: the stack name)`,
      );
    }
    if (mine.managesZone && other.managesZone) {
      lines.push(
        `stacks ${mine.stack} and ${other.stack} both manage zone ${mine.zone}: exactly one stack may set edge.manageZone: true (set it false in Pulumi.${mine.stack}.yaml)`,
      );
    }
  }
  return lines;
}

/**
 * Conflicts of `stack` (with the preview's overrides) against every other stack file. A stack whose own config does
 * not parse is skipped: its preview reports that itself.
 */
export function stackConflicts(stack: string, overrides: Record<string, unknown> = {}): string[] {
  const mine = claimOf(stack, configOf(stack, overrides));
  if (!mine) return [];
  const others: StackClaim[] = [];
  for (const other of listStacks().filter((s) => s !== stack)) {
    try {
      const claim = claimOf(other, configOf(other, {}));
      if (claim) others.push(claim);
    } catch {
      // that stack's own preview names its config problem
    }
  }
  return claimConflicts(mine, others);
}
