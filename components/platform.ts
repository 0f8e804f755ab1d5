/**
 * Platform: composes the tiers and is the only place where they are wired together (outputs of one tier
 * become inputs of another). Each tier gets its own AWS provider whose defaultTags carry the tier's
 * `component` tag, so every taggable AWS resource is tagged without any component repeating it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import type { PlatformConfig } from "../config";
import { Cluster } from "./cluster";
import { AuroraBackups, Cache, CacheOutputs, Database, DatabaseOutputs } from "./data";
import { Edge, edgeDisabledSummary, EdgeHostnames, EdgeOrigin, EdgeSummary, stackHostnames } from "./edge";
import { effectiveCorsOrigins, HEALTH_PATH, Ingress, serviceHealthPath } from "./ingress";
import {
  istioDashboard,
  Mesh,
  meshInjectionLabels,
  meshRouteAnnotations,
  meshTrustedPeerCidrs,
  MeshTrafficPolicy,
  principal,
} from "./mesh";
import { type BuiltDashboard, Monitoring, MonitoringSummary } from "./monitoring";
import { Network } from "./network";
import { Observability, ObservabilitySummary, OTLP_PORTS } from "./observability";
import { NAMESPACES, physicalNamePrefix, RELEASES, SERVICE_ACCOUNTS, STORAGE_CLASS } from "./shared/names";
import { LoadBalancerController, Workloads, createCriticalFindingsAlert } from "./workloads";

export const REQUIRED_TAG_KEYS = ["project", "environment", "component", "managed-by", "cost-center"] as const;

/** The tags every AWS resource of `component` carries (user tags cannot override the required ones). */
export function platformTags(cfg: PlatformConfig, component: string): Record<string, string> {
  return {
    ...cfg.tags,
    project: cfg.project,
    environment: cfg.environment,
    component,
    "managed-by": "pulumi",
    "cost-center": cfg.costCenter,
  };
}

export interface PlatformOutputs {
  vpcId: pulumi.Output<string>;
  privateSubnetIds: pulumi.Output<string>[];
  clusterName: pulumi.Output<string>;
  clusterEndpoint: pulumi.Output<string>;
  kubeconfig: pulumi.Output<string>;
  /** Aurora endpoints, port, managed-secret ARN, security group (consumed by the services). */
  database: DatabaseOutputs;
  /** ElastiCache endpoints, port, AUTH token (secret), secret ARN, security group (Kong rate limiting, services). */
  cache: CacheOutputs;
  /** ECR repository URL per service name. */
  serviceRepositories: Record<string, pulumi.Output<string>>;
  /** Image (repo@sha256:…) each service runs. */
  serviceImages: Record<string, pulumi.Output<string>>;
  /** Istio control-plane revision namespaces select with `istio.io/rev`; undefined when the mesh is off. */
  meshRevision?: string;
  /** The mesh's Grafana dashboard for the monitoring tier; undefined when the mesh is off. */
  meshDashboard?: BuiltDashboard;
  edge: EdgeSummary;
  /** DNS name of the edge NLB (the origin the edge tier's proxied records point at). */
  edgeNlbHostname: pulumi.Output<string>;
  /** ACL group → `iss` claim its API tokens carry; HS256 signing secrets per group (secret). */
  jwtIssuers: Record<string, string>;
  jwtSigningSecrets: pulumi.Output<Record<string, string>>;
  monitoring: MonitoringSummary;
  observability: ObservabilitySummary;
}

/** The hosts an environment serves (the zone itself is not one of them unless it is the apex). */
function publicHosts(h: EdgeHostnames): string[] {
  return [h.apex, h.www, h.api];
}

export class Platform extends pulumi.ComponentResource {
  readonly outputs: PlatformOutputs;

  constructor(name: string, cfg: PlatformConfig, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:Platform", name, {}, opts);
    const namePrefix = physicalNamePrefix(cfg.project, cfg.stack);
    const awsFor = (component: string) =>
      new aws.Provider(
        `${name}-aws-${component}`,
        {
          region: cfg.region as aws.Region,
          defaultTags: { tags: platformTags(cfg, component) },
        },
        { parent: this },
      );
    const tierOpts = (component: string): pulumi.ComponentResourceOptions => ({
      parent: this,
      providers: { aws: awsFor(component) },
    });
    const clusterName = `${namePrefix}-eks`;

    const network = new Network(
      "network",
      { namePrefix, region: cfg.region, config: cfg.network, clusterName, protect: cfg.protectStateful },
      tierOpts("network"),
    );
    const cluster = new Cluster(
      "cluster",
      {
        namePrefix,
        region: cfg.region,
        config: cfg.cluster,
        vpcId: network.vpcId,
        vpcCidr: network.vpcCidr,
        privateSubnetIds: network.privateSubnetIds,
        instanceTags: platformTags(cfg, "cluster"),
        protect: cfg.protectStateful,
        karpenter: cfg.capacity.karpenter,
      },
      tierOpts("cluster"),
    );

    const dataArgs = {
      namePrefix,
      region: cfg.region,
      vpcId: network.vpcId,
      isolatedSubnetIds: network.isolatedSubnetIds,
      allowedSecurityGroupIds: [cluster.nodeSecurityGroupId],
      protect: cfg.protectStateful,
    };
    const database = new Database(
      "database",
      {
        ...dataArgs,
        config: cfg.database,
        availabilityZones: network.availabilityZones,
        // Each service logs in as the PostgreSQL role named after it (Workloads below), through the proxy with IAM.
        iamUsers: cfg.services.map((s) => s.name),
      },
      tierOpts("database"),
    );
    const cache = new Cache("cache", { ...dataArgs, config: cfg.cache }, tierOpts("cache"));

    // Kubernetes tiers: their AWS resources get the tier's tags, their k8s resources the cluster's provider.
    const k8sTierOpts = (component: string): pulumi.ComponentResourceOptions => {
      const o = tierOpts(component);
      return {
        ...o,
        providers: { ...(o.providers as Record<string, pulumi.ProviderResource>), kubernetes: cluster.k8sProvider },
      };
    };
    const monitoring = new Monitoring(
      "monitoring",
      {
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
              ...publicHosts(stackHostnames(cfg.edge)).map((h) => `https://${h}${HEALTH_PATH}`),
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
      },
      k8sTierOpts("monitoring"),
    );
    // AWS Backup of the Aurora cluster; its restore results and failures go to the alert topic.
    if (cfg.backup.enabled) {
      new AuroraBackups(
        "backup",
        {
          namePrefix,
          config: cfg.backup,
          clusterArn: database.outputs.clusterArn,
          keyArn: database.outputs.secretKeyArn,
          subnetGroupName: database.outputs.subnetGroupName,
          securityGroupId: database.outputs.securityGroupId,
          alertTopicArn: monitoring.alertTopicArn,
          runbookBaseUrl: cfg.monitoring.runbookBaseUrl,
          protect: cfg.protectStateful,
        },
        tierOpts("backup"),
      );
    }
    // Logs and traces: before the mesh (its sidecars export to the collector) and the services (their OTEL_* env).
    const observability = new Observability(
      "observability",
      {
        namePrefix,
        region: cfg.region,
        config: cfg.observability,
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuerUrl: cluster.oidcIssuerUrl,
        // The charts' ServiceMonitors need the CRDs kube-prometheus-stack installs.
        monitoringDependsOn: [monitoring.stack],
        protect: cfg.protectStateful,
      },
      k8sTierOpts("observability"),
    );
    // mesh.tracingCollector "" = the platform's own collector (when there is one).
    const meshConfig = { ...cfg.mesh, tracingCollector: cfg.mesh.tracingCollector || observability.otlpGrpcEndpoint };
    const lbController = new LoadBalancerController(
      "lb-controller",
      {
        namePrefix,
        region: cfg.region,
        clusterName: cluster.clusterName,
        vpcId: network.vpcId,
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuerUrl: cluster.oidcIssuerUrl,
        // The load balancers it creates front the ingress tier.
        defaultTags: platformTags(cfg, "ingress"),
      },
      k8sTierOpts("lb-controller"),
    );
    // Mesh (optional), before the services: their namespace is labelled for its revision, their Deployments wait
    // for its control plane (injector + CNI node agent), and its traffic policies wait for their namespace.
    const mesh = cfg.mesh.enabled
      ? new Mesh(
          "mesh",
          {
            namePrefix,
            // As the services' repositories: prod keeps its copies (a destroy stops at a non-empty repository).
            forceDeleteImages: !cfg.protectStateful,
            config: meshConfig,
            scrapeNamespaces: [NAMESPACES.apps],
            dashboardNamespace: NAMESPACES.apps,
            // The kube-prometheus-stack release installs the ServiceMonitor/PodMonitor CRDs.
            monitoringDependsOn: [monitoring.stack],
          },
          // Its AWS resources (the ECR mirrors of the Istio images) get the tier's tags.
          k8sTierOpts("mesh"),
        )
      : undefined;
    const workloads = new Workloads(
      "services",
      {
        namePrefix,
        region: cfg.region,
        services: cfg.services,
        appsDir: path.resolve(__dirname, "..", "apps"),
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
      },
      k8sTierOpts("services"),
    );
    if (mesh) {
      new MeshTrafficPolicy(
        "mesh-apps",
        {
          config: cfg.mesh,
          namespace: workloads.namespace,
          services: cfg.services,
          allowedPrincipals: [principal(NAMESPACES.kong, SERVICE_ACCOUNTS.kongProxy)],
          controlPlane: mesh.controlPlane,
        },
        { parent: mesh },
      );
    }

    const hosts = stackHostnames(cfg.edge);
    // The origin certificate needs only config, so it exists before Ingress: Ingress writes it into the edge
    // namespace it owns and stamps its checksum on the NGINX pod template (a re-issue rolls the pods). Edge, which
    // needs the NLB hostname from Ingress, comes after. Cloudflare default provider, as for Edge.
    const origin = cfg.edge.enabled
      ? new EdgeOrigin("edge", { namePrefix, config: cfg.edge }, { parent: this })
      : undefined;
    const ingress = new Ingress(
      "ingress",
      {
        namePrefix,
        config: cfg.ingress,
        serverNames: [hosts.api, hosts.apex, hosts.www],
        corsOrigins: effectiveCorsOrigins(cfg.ingress.corsOrigins, [hosts.apex, hosts.www]),
        services: cfg.services.map((s) => ({
          name: s.name,
          paths: s.paths,
          allowedGroups: s.allowedGroups,
          port: workloads.services.find((w) => w.serviceName === s.name)!.port,
        })),
        // Routes and route plugins go into the services' namespace once it (and the services) exist; a
        // service's own route and ACL plugin wait for that service only (linear in services).
        appsDependsOn: [workloads],
        serviceDependsOn: Object.fromEntries(workloads.services.map((w) => [w.serviceName, [w]])),
        vpcCidr: network.vpcCidr,
        originCertificate: origin?.certificate,
        hstsPreload: cfg.edge.hstsPreload,
        // Rate-limiting counters in ElastiCache (TLS, AUTH token via a Secret + configPatches).
        redis: { host: cache.outputs.primaryEndpoint, port: cache.outputs.port, authToken: cache.outputs.authToken },
        lbTags: platformTags(cfg, "ingress"),
        // The controller's webhooks must be up before the NLB Service is created.
        loadBalancerDependsOn: [lbController.release],
        serviceMonitorLabels: { release: RELEASES.kubePrometheusStack },
        // ServiceMonitor CRDs come with kube-prometheus-stack.
        monitoringDependsOn: [monitoring.stack],
        // Kong carries the mesh identity the services' AuthorizationPolicies allow.
        namespaceLabels: { kong: meshInjectionLabels(cfg.mesh, NAMESPACES.kong) },
        // In the mesh, Kong's peer is its sidecar: trust its inbound source addresses too (X-Real-IP from NGINX).
        kongTrustedPeerCidrs: meshTrustedPeerCidrs(cfg.mesh, NAMESPACES.kong),
        routeAnnotations: meshRouteAnnotations(cfg.mesh.enabled),
        kongDependsOn: mesh ? mesh.controlPlane : [],
        forceDeleteImages: !cfg.protectStateful,
      },
      k8sTierOpts("ingress"),
    );
    // The mirrored upstream images (Kong's controller, Istio's) are scanned on push like the services' images: their
    // critical findings go to the same topic, by a rule of their own (under the ingress tier's provider and tags).
    createCriticalFindingsAlert(ingress, "image-mirrors", {
      namePrefix,
      ruleName: `${namePrefix}-ecr-critical-findings-mirrors`,
      watching: "the mirrors of upstream images",
      repositories: [
        ...ingress.mirroredRepositories,
        ...(mesh?.mirroredRepositories ?? []),
        ...monitoring.mirroredRepositories,
      ],
      alertTopicArn: monitoring.alertTopicArn,
      runbookBaseUrl: cfg.monitoring.runbookBaseUrl,
    });
    // Cloudflare resources use the default provider (token from secret config cloudflare:apiToken or
    // CLOUDFLARE_API_TOKEN); Edge creates no AWS resources, so it gets no AWS provider.
    const edge = origin
      ? new Edge(
          "edge",
          {
            namePrefix,
            config: cfg.edge,
            // The proxied records point at the edge NLB; strict TLS waits until NGINX's Secret holds the certificate.
            originHostname: ingress.nlbHostname,
            originCertificate: origin.certificate,
            originCertificateReady: [ingress.tlsSecret],
          },
          { parent: this },
        )
      : undefined;

    this.outputs = {
      vpcId: network.vpcId,
      privateSubnetIds: network.privateSubnetIds,
      clusterName: cluster.clusterName,
      clusterEndpoint: cluster.endpoint,
      kubeconfig: cluster.kubeconfig,
      database: database.outputs,
      cache: cache.outputs,
      serviceRepositories: Object.fromEntries(workloads.services.map((s) => [s.serviceName, s.repositoryUrl])),
      serviceImages: Object.fromEntries(workloads.services.map((s) => [s.serviceName, s.image])),
      meshRevision: mesh?.revision,
      meshDashboard: mesh?.dashboard,
      edge: edge ? edge.summary : edgeDisabledSummary(this),
      edgeNlbHostname: ingress.nlbHostname,
      jwtIssuers: ingress.jwtIssuers,
      jwtSigningSecrets: ingress.jwtSigningSecrets,
      monitoring: monitoring.summary,
      observability: observability.summary,
    };
    this.registerOutputs({});
  }
}
