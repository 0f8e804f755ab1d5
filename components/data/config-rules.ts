/**
 * Cross-key rules of the `database` and `cache` config sections (single-key ranges live in the zod schemas in
 * config-schema.ts, which call these from superRefine). Each issue names the key path, the value and what is
 * allowed; config.ts prefixes the key and appends ", got <value>".
 */
import { CACHE_ENGINES, cacheVersions, CacheEngine } from "./engine-versions";
import { cacheReplacementIssues, databaseReplacementIssues, GuardIssue } from "./replacement";
import {
  DAILY_WINDOW,
  durationMinutes,
  parseDailyWindow,
  parseWeeklyWindow,
  WEEKLY_WINDOW,
  windowsOverlap,
} from "./windows";

export type { GuardIssue };

function windowIssues(
  daily: { key: string; value: string },
  weekly: { key: string; value: string },
  minMinutes: number,
): GuardIssue[] {
  // A malformed window already has its own message from the schema.
  if (!DAILY_WINDOW.test(daily.value) || !WEEKLY_WINDOW.test(weekly.value)) return [];
  const issues: GuardIssue[] = [];
  for (const [w, parse] of [
    [daily, parseDailyWindow],
    [weekly, parseWeeklyWindow],
  ] as const) {
    if (durationMinutes(parse(w.value)) < minMinutes) {
      issues.push({ path: [w.key], input: w.value, message: `expected a window of at least ${minMinutes} minutes` });
    }
  }
  if (windowsOverlap(daily.value, weekly.value)) {
    issues.push({
      path: [weekly.key],
      input: weekly.value,
      message: `expected a ${weekly.key} that does not overlap ${daily.key} (${daily.value})`,
    });
  }
  return issues;
}

interface DatabaseRuleInput {
  minCapacity: number;
  maxCapacity: number;
  mode: "serverless" | "provisioned";
  proxy: boolean;
  backupWindow: string;
  maintenanceWindow: string;
  databaseName: string;
  allowReplacement: boolean;
  pinned: { databaseName: string };
}

export function databaseIssues(d: DatabaseRuleInput): GuardIssue[] {
  const issues: GuardIssue[] = [];
  for (const key of ["minCapacity", "maxCapacity"] as const) {
    // Serverless v2 scales in half-ACU steps; AWS rejects anything else.
    if (!Number.isInteger(d[key] * 2))
      issues.push({ path: [key], input: d[key], message: "expected a multiple of 0.5 ACU" });
  }
  // Scale-to-zero pauses only without open connections: RDS Proxy keeps a pool open, so it would never pause.
  if (d.mode === "serverless" && d.minCapacity === 0 && d.proxy) {
    issues.push({
      path: ["minCapacity"],
      input: d.minCapacity,
      message:
        "expected minCapacity >= 0.5 when proxy is true (RDS Proxy holds connections open, so an auto-pausing cluster would never pause); set proxy: false or minCapacity: 0.5",
    });
  }
  if (d.minCapacity > d.maxCapacity) {
    issues.push({
      path: ["minCapacity"],
      input: d.minCapacity,
      message: `expected minCapacity <= maxCapacity (${d.maxCapacity})`,
    });
  }
  // RDS: backup and maintenance windows of at least 30 minutes that do not overlap.
  issues.push(
    ...windowIssues(
      { key: "backupWindow", value: d.backupWindow },
      { key: "maintenanceWindow", value: d.maintenanceWindow },
      30,
    ),
  );
  issues.push(...databaseReplacementIssues(d));
  return issues;
}

interface CacheRuleInput {
  engine: CacheEngine;
  engineVersion: string;
  nodes: number;
  multiAz: boolean;
  snapshotWindow: string;
  maintenanceWindow: string;
  allowReplacement: boolean;
  pinned: { engine: CacheEngine; engineVersion: string };
}

export function cacheIssues(c: CacheRuleInput): GuardIssue[] {
  const issues: GuardIssue[] = [];
  const offered = (engine: CacheEngine, version: string, path: string[]) => {
    // An unknown engine already has its own message from the schema.
    if (CACHE_ENGINES.includes(engine) && !cacheVersions(engine).includes(version)) {
      issues.push({
        path,
        input: version,
        message: `expected a ${engine} version ElastiCache offers (${cacheVersions(engine).join(", ")}; see components/data/engine-versions.ts)`,
      });
    }
  };
  offered(c.engine, c.engineVersion, ["engineVersion"]);
  offered(c.pinned.engine, c.pinned.engineVersion, ["pinned", "engineVersion"]);
  if (c.multiAz && c.nodes < 2) {
    issues.push({
      path: ["nodes"],
      input: c.nodes,
      message: "expected at least 2 nodes when multiAz is true (automatic failover needs a replica)",
    });
  }
  // ElastiCache: snapshot and maintenance windows of at least 60 minutes that do not overlap.
  issues.push(
    ...windowIssues(
      { key: "snapshotWindow", value: c.snapshotWindow },
      { key: "maintenanceWindow", value: c.maintenanceWindow },
      60,
    ),
  );
  issues.push(...cacheReplacementIssues(c));
  return issues;
}
