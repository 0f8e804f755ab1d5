/**
 * The two Python frameworks as data: one PythonService component serves both, and a framework is nothing
 * more than a row of this table. The values mirror the images under apps/ (EXPOSE, CMD); a test compares
 * them with the Dockerfiles so the two cannot drift apart silently.
 */
import { SERVICES } from "../../config/apps";
import type { ServiceConfig } from "../../config";
import { NAMESPACES } from "../shared/names";

export type Framework = ServiceConfig["framework"];

interface FrameworkSpec {
  /** Container port the server binds (Dockerfile EXPOSE). */
  port: number;
  /** Container `args` (the image's CMD; the image ENTRYPOINT runs the settings check first, then `exec`s this). */
  args: (port: number) => string[];
  /** Default directory under apps/ holding `Dockerfile` (the build context is apps/ itself: apps/common is shared). */
  app: string;
  /**
   * Seconds the server needs to finish in-flight requests after SIGTERM (gunicorn `graceful_timeout`,
   * uvicorn drains open connections): terminationGracePeriodSeconds = preStop sleep + this + margin.
   */
  drainSeconds: number;
}

export const FRAMEWORKS: Readonly<Record<Framework, FrameworkSpec>> = {
  fastapi: {
    // Ports and paths come from the apps' own table (config/apps.ts), which its tests check against the images.
    port: SERVICES.fastapi.port,
    args: (port) => [
      "uvicorn",
      "app.main:app",
      "--host",
      "0.0.0.0",
      "--port",
      String(port),
      "--proxy-headers",
      "--log-config",
      "/app/uvicorn-logging.json",
      "--no-access-log",
      "--timeout-keep-alive",
      "75",
    ],
    app: "fastapi",
    drainSeconds: 20,
  },
  flask: {
    port: SERVICES.flask.port,
    args: (port) => [
      "gunicorn",
      "-c",
      "/app/gunicorn.conf.py",
      "-b",
      `0.0.0.0:${port}`,
      "--access-logfile",
      "-",
      "app.main:app",
    ],
    app: "flask",
    // gunicorn.conf.py: graceful_timeout = 20
    drainSeconds: 20,
  },
};

/** HTTP paths every image serves (apps/common/edgeapp). */
export const HEALTH_PATHS = {
  liveness: SERVICES.fastapi.livenessPath,
  readiness: SERVICES.fastapi.readinessPath,
  metrics: SERVICES.fastapi.metricsPath,
} as const;

/** Name of the container/Service port; the ServiceMonitor and Kong refer to it by name. */
export const HTTP_PORT_NAME = "http";

/** How other tiers (Kong routes, mesh DestinationRules, blackbox probes) reach a service inside the cluster. */
interface ServiceEndpoint {
  name: string;
  namespace: string;
  port: number;
  /** `<name>.<namespace>.svc.cluster.local` */
  host: string;
  paths: readonly string[];
  allowedGroups: readonly string[];
}

/** Pure: the in-cluster endpoint of every configured service (no resource needed, so any tier can call it). */
export function serviceEndpoints(services: readonly ServiceConfig[]): ServiceEndpoint[] {
  return services.map((s) => ({
    name: s.name,
    namespace: NAMESPACES.apps,
    port: FRAMEWORKS[s.framework].port,
    host: `${s.name}.${NAMESPACES.apps}.svc.cluster.local`,
    paths: s.paths,
    allowedGroups: s.allowedGroups,
  }));
}
