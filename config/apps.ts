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
}

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
  },
};

/** Absolute path of a repository-relative path from this table. */
export function repoPath(relative: string): string {
  return path.join(REPO_ROOT, relative);
}
