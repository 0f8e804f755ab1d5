/**
 * Data tier: Aurora PostgreSQL (database.ts) + RDS Proxy (proxy.ts) and ElastiCache (cache.ts). The tier's public
 * surface; the other files in this folder are pure helpers of these components.
 */
export { Database, type DatabaseOutputs } from "./database";
export { Cache, type CacheOutputs } from "./cache";
/** AWS Backup of the Aurora cluster (vault, plan, cross-region copy, restore tests); wired after the alert topic exists. */
export { AuroraBackups } from "./backup";
/** The workloads tier's role-bootstrap Job reads the AWS-managed master secret with this policy. */
export { masterSecretReaderPolicy } from "./policies";
