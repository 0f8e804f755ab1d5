/**
 * Engine versions the data tier may be created with, and the parameter-group family each one needs.
 *
 * Aurora PostgreSQL's minor-version support calendar is policies/lib/aurora-versions.ts (support is policy, not
 * config validation); here only the parameter-group family a version needs.
 *
 * ElastiCache: versions offered for node-based replication groups and their parameter-group families (Valkey 8.x
 * shares `valkey8`, Redis OSS 7.x shares `redis7`). Source: ElastiCache "Engine versions and upgrading" and
 * "Engine specific parameters" (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html,
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html, read 2026-11-23).
 */

/** Cluster parameter-group family of an Aurora PostgreSQL version: `aurora-postgresql<major>`. */
export function auroraParameterFamily(version: string): string {
  const major = /^(\d+)\.\d+$/.exec(version)?.[1];
  if (!major)
    throw new Error(`database.engineVersion: expected major.minor such as "17.7", got ${JSON.stringify(version)}`);
  return `aurora-postgresql${major}`;
}

export const CACHE_ENGINES = ["valkey", "redis"] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];

interface CacheEngineVersion {
  engine: CacheEngine;
  version: string;
  family: string;
}

const CACHE_ENGINE_VERSIONS: readonly CacheEngineVersion[] = [
  { engine: "valkey", version: "7.2", family: "valkey7" },
  { engine: "valkey", version: "8.0", family: "valkey8" },
  { engine: "valkey", version: "8.1", family: "valkey8" },
  { engine: "valkey", version: "8.2", family: "valkey8" },
  { engine: "valkey", version: "9.0", family: "valkey9" },
  { engine: "valkey", version: "9.1", family: "valkey9" },
  { engine: "redis", version: "7.0", family: "redis7" },
  { engine: "redis", version: "7.1", family: "redis7" },
];

export function cacheVersions(engine: CacheEngine): string[] {
  return CACHE_ENGINE_VERSIONS.filter((v) => v.engine === engine).map((v) => v.version);
}

/** Parameter-group family for an engine + version (the family must match, or ElastiCache rejects the group). */
export function cacheParameterFamily(engine: CacheEngine, version: string): string {
  const found = CACHE_ENGINE_VERSIONS.find((v) => v.engine === engine && v.version === version);
  if (!found)
    throw new Error(
      `cache.engineVersion: ${engine} ${JSON.stringify(version)} is not offered (expected one of ${cacheVersions(engine).join(", ")})`,
    );
  return found.family;
}
