/**
 * Platform: composes the tiers and is the only place where they are wired together (outputs of one tier
 * become inputs of another). Each tier gets its own AWS provider whose defaultTags carry the tier's
 * `component` tag, so every taggable AWS resource is tagged without any component repeating it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../config";
import { Cluster } from "./cluster";
import { AuroraBackups, Cache, Database } from "./data";
import { Edge, edgeDisabledSummary, EdgeOrigin, stackHostnames } from "./edge";
import { effectiveCorsOrigins, Ingress } from "./ingress";
import {
  Mesh,
  meshInjectionLabels,
  meshRouteAnnotations,
  meshTrustedPeerCidrs,
  MeshTrafficPolicy,
  principal,
} from "./mesh";
import { Monitoring } from "./monitoring";
import { Network } from "./network";
import { Observability } from "./observability";
import { NAMESPACES, physicalNamePrefix, RELEASES, SERVICE_ACCOUNTS } from "./shared/names";
import { monitoringArgs, workloadsArgs } from "./wiring/args";
import type { PlatformOutputs } from "./wiring/outputs";
import { platformTags } from "./wiring/tags";

export { REQUIRED_TAG_KEYS } from "./wiring/tags";
import { LoadBalancerController, Workloads, createCriticalFindingsAlert } from "./workloads";

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
      monitoringArgs(cfg, namePrefix, cluster, database, cache),
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
      workloadsArgs(cfg, namePrefix, { network, cluster, database, cache, monitoring, observability, mesh }),
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
