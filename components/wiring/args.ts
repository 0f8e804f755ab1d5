/**
 * The argument sets of the two tiers that take the most from others (monitoring watches the data tier and the
 * public hosts; the services connect to the data tier, the mesh and the collector). Platform passes the tiers in.
 */
import * as path from "path";
import type { PlatformConfig } from "../../config";
import type { Cluster } from "../cluster";
import type { Cache, Database } from "../data";
import { servedHosts, stackHostnames } from "../edge";
import { HEALTH_PATH, serviceHealthPath } from "../ingress";
import { istioDashboard, type Mesh } from "../mesh";
import type { Monitoring, MonitoringArgs } from "../monitoring";
import type { Network } from "../network";
import { type Observability, OTLP_PORTS } from "../observability";
import { NAMESPACES, STORAGE_CLASS } from "../shared/names";
import type { WorkloadsArgs } from "../workloads";

export function monitoringArgs(
  cfg: PlatformConfig,
  namePrefix: string,
  cluster: Cluster,
  database: Database,
  cache: Cache,
): MonitoringArgs {
  return {
    namePrefix,
    region: cfg.region,
    config: cfg.monitoring,
    services: cfg.services,
    secrets: cfg.secrets,
    oidcProviderArn: cluster.oidcProviderArn,
    oidcIssuerUrl: cluster.oidcIssuerUrl,
    storageClass: STORAGE_CLASS,
    // Each public host through Cloudflare at NGINX's own health path (DNS, TLS, the edge: for diagnosis), and each
    // service's public health route on the API host (Cloudflare → NGINX → Kong → the service's pods).
    publicUrls: cfg.edge.enabled
      ? [
          ...servedHosts(stackHostnames(cfg.edge)).map((h) => `https://${h}${HEALTH_PATH}`),
          ...cfg.services.map((s) => `https://${stackHostnames(cfg.edge).api}${serviceHealthPath(s)}`),
        ]
      : [],
    costTag: { key: "environment", value: cfg.environment },
    // Alarms by role (writer/readers) and per cache node; the node count is known from config, the ids later.
    aurora: { clusterIdentifier: database.outputs.clusterIdentifier, readers: cfg.database.readers },
    cache: {
      replicationGroupId: cache.outputs.replicationGroupId,
      memberClusters: Array.from({ length: cfg.cache.nodes }, (_, i) =>
        cache.outputs.memberClusters.apply((ids) => ids[i]),
      ),
    },
    // No `cost`: the estimate is a property of the whole resource graph, which only exists once this program
    // has run; the offline preview and the PR comment report it. The cost dashboard shows AWS's billed
    // amount (EstimatedCharges) and the budget instead.
    // The mesh's dashboard (a pure function of the namespace it shows), shipped with ours.
    extraDashboards: cfg.mesh.enabled ? [istioDashboard(NAMESPACES.apps)] : [],
    protect: cfg.protectStateful,
    observability: cfg.observability,
    xrayDatasource: cfg.observability.traces.enabled,
  };
}

interface WorkloadsDeps {
  network: Network;
  cluster: Cluster;
  database: Database;
  cache: Cache;
  monitoring: Monitoring;
  observability: Observability;
  mesh?: Mesh;
}

export function workloadsArgs(
  cfg: PlatformConfig,
  namePrefix: string,
  { network, cluster, database, cache, monitoring, observability, mesh }: WorkloadsDeps,
): WorkloadsArgs {
  return {
    namePrefix,
    region: cfg.region,
    services: cfg.services,
    appsDir: path.resolve(__dirname, "..", "..", "apps"),
    vpcCidr: network.vpcCidr,
    oidcProviderArn: cluster.oidcProviderArn,
    oidcIssuerUrl: cluster.oidcIssuerUrl,
    mesh: mesh ? { config: cfg.mesh, controlPlane: mesh.controlPlane } : undefined,
    // Each service logs in to PostgreSQL through RDS Proxy (or the writer) with IAM auth as the role named after
    // it, and to the cache with the AUTH token (a Kubernetes Secret per service).
    database: {
      host: database.outputs.proxyEndpoint,
      port: database.outputs.port,
      name: database.outputs.databaseName,
      resourceId: database.outputs.connectResourceId,
      pausesWhenIdle: database.outputs.pausesWhenIdle,
    },
    // A Job per service creates its PostgreSQL role (GRANT rds_iam) as the master user before its pods start.
    databaseAdmin: {
      host: database.outputs.writerEndpoint,
      secretArn: database.outputs.secretArn,
      secretKeyArn: database.outputs.secretKeyArn,
    },
    cache: { host: cache.outputs.primaryEndpoint, port: cache.outputs.port, authToken: cache.outputs.authToken },
    monitoringDependsOn: [monitoring.stack],
    // Critical vulnerabilities found by ECR's scan on push go to the alert topic.
    alerts: { topicArn: monitoring.alertTopicArn, runbookBaseUrl: cfg.monitoring.runbookBaseUrl },
    tracing: cfg.observability.traces.enabled
      ? { env: observability.appEnv, collectorPorts: [...OTLP_PORTS] }
      : undefined,
  };
}
