/**
 * What the platform needs to know about each Python service, in one typed table (framework is data).
 * The PythonService component can import this instead of repeating ports and paths; tests check it
 * against the Dockerfiles and against the running apps.
 */
import * as path from "path";

export type ServiceName = "fastapi" | "flask";

export interface AppService {
  name: ServiceName;
  /** Container port (Dockerfile EXPOSE, server bind). */
  port: number;
  /** Docker build context, relative to the repository root: both images share apps/common. */
  buildContext: string;
  /** Dockerfile path relative to the repository root. */
  dockerfile: string;
  /** Liveness: process answers, no dependency checks. */
  livenessPath: string;
  /** Readiness: PostgreSQL + Redis round trips; 503 with per-dependency status when one fails. */
  readinessPath: string;
  /** Prometheus scrape path (text format). */
  metricsPath: string;
  /** The example JSON endpoint (used by smoke tests and the capacity benchmark). */
  examplePath: string;
  /** Environment variables the image reads besides the shared ones below (name → meaning). */
  tuningEnv: Record<string, string>;
}

/** Read by both services; empty host = dependency not configured (readiness reports "skipped"). */
export const SHARED_ENV: Readonly<Record<string, string>> = {
  DATABASE_HOST: "PostgreSQL (RDS Proxy) host; empty skips the database check",
  DATABASE_PORT: "default 5432",
  DATABASE_NAME: "required with DATABASE_HOST",
  DATABASE_USER: "required with DATABASE_HOST",
  DATABASE_PASSWORD: "secret; or set DATABASE_IAM_AUTH=true (not both)",
  DATABASE_IAM_AUTH: "true: sign an RDS IAM token with the pod's IRSA role (needs AWS_REGION)",
  DATABASE_SSLMODE: "default require (disable|allow|prefer|require|verify-ca|verify-full)",
  REDIS_HOST: "ElastiCache primary endpoint; empty skips the cache check",
  REDIS_PORT: "default 6379",
  REDIS_TLS: "default true",
  REDIS_AUTH_TOKEN: "secret; AUTH token of the replication group",
  READINESS_CHECK_TIMEOUT_SECONDS: "default 2; readiness probe timeoutSeconds must be larger",
  READINESS_CACHE_SECONDS: "default 30; a successful database check is reused this long",
  READINESS_DB:
    "always (default) | lazy: after the first login, probes touch the database only while a connection is open",
  DATABASE_IDLE_CLOSE_SECONDS: "default 60; the worker's shared connection is closed after this long unused",
  WEB_CONCURRENCY: "worker processes per pod (uvicorn and gunicorn default); image default 2",
  LOG_LEVEL: "default INFO",
};

const REPO_ROOT = path.resolve(__dirname, "..");

export const SERVICES: Readonly<Record<ServiceName, AppService>> = {
  fastapi: {
    name: "fastapi",
    port: 8001,
    buildContext: "apps",
    dockerfile: "apps/fastapi/Dockerfile",
    livenessPath: "/healthz",
    readinessPath: "/readyz",
    metricsPath: "/metrics",
    examplePath: "/api/v1/items",
    tuningEnv: {},
  },
  flask: {
    name: "flask",
    port: 5000,
    buildContext: "apps",
    dockerfile: "apps/flask/Dockerfile",
    livenessPath: "/healthz",
    readinessPath: "/readyz",
    metricsPath: "/metrics",
    examplePath: "/api/v1/orders",
    tuningEnv: { GUNICORN_THREADS: "threads per gunicorn worker (gthread); image default 4" },
  },
};

/** Absolute path of a repository-relative path from this table. */
export function repoPath(relative: string): string {
  return path.join(REPO_ROOT, relative);
}
