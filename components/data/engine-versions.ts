/**
 * Engine versions the data tier may be created with, and the parameter-group family each one needs.
 *
 * Aurora PostgreSQL: every minor version has its own "Aurora end of standard support" date; after it AWS
 * upgrades the cluster in a maintenance window and refuses new clusters on that minor. LTS minors are kept
 * about three years. Source: "Release calendars for Aurora PostgreSQL", minor-version table
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html,
 * read 2026-11-23). Add a row when AWS publishes a new minor.
 *
 * ElastiCache: versions offered for node-based replication groups and their parameter-group families (Valkey 8.x
 * shares `valkey8`, Redis OSS 7.x shares `redis7`). Source: ElastiCache "Engine versions and upgrading" and
 * "Engine specific parameters" (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html,
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html, read 2026-11-23).
 */

export interface AuroraPostgresVersion {
    version: string;
    released: string;
    endOfStandardSupport: string;
    /** Long-term-support minor: patched in place for ~3 years instead of ~1. */
    lts: boolean;
}

export const AURORA_POSTGRES_VERSIONS: readonly AuroraPostgresVersion[] = [
    { version: "18.4", released: "2026-08-21", endOfStandardSupport: "2027-12-31", lts: false },
    { version: "18.3", released: "2026-06-11", endOfStandardSupport: "2027-11-30", lts: false },
    { version: "17.10", released: "2026-08-21", endOfStandardSupport: "2027-12-31", lts: false },
    { version: "17.9", released: "2026-04-06", endOfStandardSupport: "2027-09-30", lts: false },
    { version: "17.7", released: "2025-12-18", endOfStandardSupport: "2030-02-28", lts: true },
    { version: "17.6", released: "2025-11-25", endOfStandardSupport: "2027-04-30", lts: false },
    { version: "17.5", released: "2025-06-30", endOfStandardSupport: "2026-12-31", lts: false },
    { version: "17.4", released: "2025-05-01", endOfStandardSupport: "2026-11-30", lts: false },
    { version: "16.14", released: "2026-08-21", endOfStandardSupport: "2027-12-31", lts: false },
    { version: "16.13", released: "2026-04-06", endOfStandardSupport: "2027-09-30", lts: false },
    { version: "16.11", released: "2025-12-18", endOfStandardSupport: "2027-05-31", lts: false },
    { version: "16.10", released: "2025-11-25", endOfStandardSupport: "2027-04-30", lts: false },
    { version: "16.9", released: "2025-06-30", endOfStandardSupport: "2026-12-31", lts: false },
    { version: "16.8", released: "2025-04-08", endOfStandardSupport: "2029-02-28", lts: true },
    { version: "15.18", released: "2026-08-21", endOfStandardSupport: "2027-12-31", lts: false },
    { version: "15.17", released: "2026-04-06", endOfStandardSupport: "2027-09-30", lts: false },
    { version: "15.15", released: "2025-12-18", endOfStandardSupport: "2027-05-31", lts: false },
    { version: "15.10", released: "2024-12-13", endOfStandardSupport: "2028-02-29", lts: true },
    // Aurora PostgreSQL 14 as a major leaves standard support on 2027-02-28 (RDS Extended Support is billed after).
    { version: "14.23", released: "2026-08-21", endOfStandardSupport: "2027-02-28", lts: false },
    { version: "14.6", released: "2023-01-23", endOfStandardSupport: "2027-02-28", lts: true },
];

function today(): string {
    return new Date().toISOString().slice(0, 10);
}

export function findAuroraVersion(version: string): AuroraPostgresVersion | undefined {
    return AURORA_POSTGRES_VERSIONS.find((v) => v.version === version);
}

/** Minor versions a new cluster can be created on (released and still in standard support) on `onDate`. */
export function auroraVersionsInSupport(onDate: string = today()): string[] {
    return AURORA_POSTGRES_VERSIONS.filter((v) => v.released <= onDate && onDate < v.endOfStandardSupport).map((v) => v.version);
}

/** Cluster parameter-group family of an Aurora PostgreSQL version: `aurora-postgresql<major>`. */
export function auroraParameterFamily(version: string): string {
    const major = /^(\d+)\.\d+$/.exec(version)?.[1];
    if (!major) throw new Error(`database.engineVersion: expected major.minor such as "17.7", got ${JSON.stringify(version)}`);
    return `aurora-postgresql${major}`;
}

export const CACHE_ENGINES = ["valkey", "redis"] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];

export interface CacheEngineVersion {
    engine: CacheEngine;
    version: string;
    family: string;
}

export const CACHE_ENGINE_VERSIONS: readonly CacheEngineVersion[] = [
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
    if (!found) throw new Error(`cache.engineVersion: ${engine} ${JSON.stringify(version)} is not offered (expected one of ${cacheVersions(engine).join(", ")})`);
    return found.family;
}

/** Numeric comparison of dotted versions: negative when a < b. */
export function compareVersions(a: string, b: string): number {
    const pa = a.split(".").map(Number);
    const pb = b.split(".").map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0) return d;
    }
    return 0;
}
