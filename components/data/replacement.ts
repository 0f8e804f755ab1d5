/**
 * What replaces a data store, and the guard that refuses it unless the stack opts in.
 *
 * The components set every input the AWS provider marks ForceNew from stable names or constants, never from a
 * size, count or version; tests/data/replacing-inputs.ts lists those inputs (with sources) and the tests check
 * it by resizing a stack and comparing them.
 *
 * The program cannot see the deployed state offline, so the guard compares the configured values with the
 * `pinned` values the stack records (defaults in env-defaults.ts, overridable in the stack file). A default
 * changed in the table, or an edit of the stack file, that would replace the database or the cache fails
 * validation until `allowReplacement: true` is set for that deploy (and `pinned` is updated afterwards). In
 * prod, `protect` is the second guard: the engine itself refuses to replace a protected resource.
 */
import { compareVersions } from "../shared/versions";

export interface GuardIssue {
  path: string[];
  input: unknown;
  message: string;
}

const OPT_IN = (tier: string) =>
  `set ${tier}.allowReplacement: true for the deploy that does it, then update ${tier}.pinned`;

export function databaseReplacementIssues(d: {
  databaseName: string;
  allowReplacement: boolean;
  pinned: { databaseName: string };
}): GuardIssue[] {
  if (d.allowReplacement || d.databaseName === d.pinned.databaseName) return [];
  return [
    {
      path: ["databaseName"],
      input: d.databaseName,
      message: `changing databaseName from ${JSON.stringify(d.pinned.databaseName)} (database.pinned.databaseName) replaces the Aurora cluster and its data; ${OPT_IN("database")}`,
    },
  ];
}

export function cacheReplacementIssues(c: {
  engine: string;
  engineVersion: string;
  allowReplacement: boolean;
  pinned: { engine: string; engineVersion: string };
}): GuardIssue[] {
  if (c.allowReplacement) return [];
  if (c.pinned.engine === "valkey" && c.engine === "redis") {
    return [
      {
        path: ["engine"],
        input: c.engine,
        message: `changing engine from "valkey" (cache.pinned.engine) to "redis" is a downgrade that replaces the replication group (new endpoint, cached data lost); ${OPT_IN("cache")}`,
      },
    ];
  }
  if (c.engine === c.pinned.engine && compareVersions(c.engineVersion, c.pinned.engineVersion) < 0) {
    return [
      {
        path: ["engineVersion"],
        input: c.engineVersion,
        message: `downgrading engineVersion from ${JSON.stringify(c.pinned.engineVersion)} (cache.pinned.engineVersion) replaces the replication group; ${OPT_IN("cache")}`,
      },
    ];
  }
  return [];
}
