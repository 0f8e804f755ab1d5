/**
 * The Kong gateway of the Ingress tier: the pinned chart (DB-less, ingress controller on, proxy ClusterIP), a
 * headless Service that gives NGINX one upstream peer per Kong pod, the plugins as KongClusterPlugin/KongPlugin
 * resources, one API consumer per ACL group with its jwt/acl credential Secrets, and one Ingress per service.
 * Every custom resource depends on the release (its CRDs and IngressClass come from the chart). Secrets are only
 * ever referenced: the Redis AUTH token reaches the rate-limiting plugin through configPatches.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { IngressConfig } from "../../config";
import { aclGroupSecret, jwtCredentialSecret, kongConsumer, type CredentialSecret } from "./kong-consumers";
import {
  PLUGIN_NAMES,
  RATE_LIMIT_SCOPE,
  REDIS_AUTH_SECRET,
  type RoutedService,
  aclGroups,
  corsRoutePlugin,
  globalPlugins,
  jwtAlgorithms,
  jwtIssuer,
  rateLimitRoutePlugin,
  serviceIngress,
  servicePlugins,
} from "./kong-gateway";
import {
  KONG_API_VERSION,
  PLUGIN_CONFIG_SECRET_LABELS,
  configPatchSecretValue,
  type KongPluginResource,
} from "./kong-plugins";
import { KONG_PROXY_PORT, KONG_SELECTOR_LABELS, kongChartValues } from "./kong-values";
import { KIC_IMAGE, KONG_CHART } from "./pins";
import { mirrorImage } from "../shared/image-mirror";
import { healthUriPlugin, serviceHealthIngress } from "./kong-health";
import { RELEASES } from "../shared/names";

export interface KongRedis {
  host: pulumi.Input<string>;
  port: number;
  /** ElastiCache AUTH token (secret output). */
  authToken: pulumi.Output<string>;
}

interface KongGatewayArgs {
  name: string;
  namePrefix: string;
  /** Kong's namespace (created by the Ingress component) and the services' namespace (Ingresses, route plugins). */
  namespace: string;
  appsNamespace: string;
  /** What must exist before anything is created in the services' namespace (the namespace itself). */
  appsDependsOn: pulumi.Input<pulumi.Resource>[];
  /**
   * Per service name: what that service's route and ACL plugin wait for (its own workload). Depending on the whole
   * workloads component instead made every route depend on every service's resources: quadratic in services.
   */
  serviceDependsOn: Record<string, pulumi.Input<pulumi.Resource>[]>;
  namespaceResource: pulumi.Resource;
  config: IngressConfig;
  services: RoutedService[];
  corsOrigins: string[];
  trustedCidrs: string[];
  redis?: KongRedis;
  routeAnnotations: Record<string, string>;
  serviceMonitorLabels: Record<string, string>;
  monitoringDependsOn: pulumi.Input<pulumi.Resource>[];
  releaseDependsOn: pulumi.Input<pulumi.Resource>[];
  /** ECR forceDelete of the controller image's mirror (image-mirror.ts). */
  forceDeleteImages: boolean;
}

interface KongGateway {
  /** DNS name with one A record per ready Kong pod, and the proxy port (NGINX's upstream). */
  peers: { host: string; port: number };
  /** Group → the `iss` its tokens carry. */
  jwtIssuers: Record<string, string>;
  /** Group → generated HS256 signing secret (groups with a configured RS256 key are absent). Secret. */
  jwtSigningSecrets: pulumi.Output<Record<string, string>>;
  /** The ECR repositories of the mirrored images (the controller's). */
  mirroredRepositories: string[];
}

export const KONG_PEERS_SERVICE = "kong-proxy-peers";

export function createKongGateway(parent: pulumi.Resource, a: KongGatewayArgs): KongGateway {
  const { name, config: c } = a;
  // Kong publishes the controller on Docker Hub only (pins.ts): the pods run the stack's ECR copy, by digest.
  const controller = mirrorImage(parent, `${name}-controller`, {
    namePrefix: a.namePrefix,
    upstream: KIC_IMAGE,
    forceDelete: a.forceDeleteImages,
  });
  const release = new k8s.helm.v3.Release(
    `${name}-release`,
    {
      name: RELEASES.kong,
      chart: KONG_CHART.chart,
      version: KONG_CHART.version,
      repositoryOpts: { repo: KONG_CHART.repo },
      namespace: a.namespace,
      values: kongChartValues({
        ...c.kong,
        trustedCidrs: a.trustedCidrs,
        serviceMonitorLabels: a.serviceMonitorLabels,
        controllerImage: { repository: controller.repositoryUrl, tag: controller.tagAtDigest },
      }),
      // A failed upgrade rolls back instead of leaving a half-configured gateway.
      atomic: true,
      cleanupOnFail: true,
      maxHistory: 5,
      timeout: 600,
    },
    { parent, dependsOn: [a.namespaceResource, ...a.monitoringDependsOn, ...a.releaseDependsOn] },
  );
  const inKong = { parent, dependsOn: [release] };
  const inApps = { parent, dependsOn: [release, ...a.appsDependsOn] };
  const inService = (service: string) => ({
    parent,
    dependsOn: [release, ...(a.serviceDependsOn[service] ?? a.appsDependsOn)],
  });
  const aclOwner = new Map(a.services.map((s) => [PLUGIN_NAMES.acl(s.name), s.name]));

  // Headless: cluster DNS answers with every ready Kong pod, so NGINX (upstream `resolve`) sees each as a peer.
  new k8s.core.v1.Service(
    `${name}-peers`,
    {
      metadata: { name: KONG_PEERS_SERVICE, namespace: a.namespace },
      spec: {
        clusterIP: "None",
        selector: { ...KONG_SELECTOR_LABELS },
        ports: [
          {
            name: "http-proxy",
            port: KONG_PROXY_PORT,
            targetPort: KONG_PROXY_PORT,
            protocol: "TCP",
            appProtocol: "http",
          },
        ],
      },
    },
    inKong,
  );

  // apiVersion and kind must be plain strings (they select the resource type); the rest may wait on outputs.
  const plugin: PluginFactory = (key, kind, body, opts) => {
    const b = pulumi.output(body);
    return new k8s.apiextensions.CustomResource(
      `${name}-plugin-${key}`,
      {
        apiVersion: KONG_API_VERSION,
        kind,
        metadata: b.metadata,
        plugin: b.plugin,
        config: b.config,
        configPatches: b.configPatches,
      },
      opts,
    );
  };
  for (const body of [...globalPlugins(), corsRoutePlugin(a.corsOrigins)])
    plugin(body.metadata.name, body.kind, body, inKong);
  createRateLimit(a, parent, release, plugin);
  for (const body of servicePlugins(a.appsNamespace, a.services, c.jwt.maxTokenLifetimeSeconds)) {
    const owner = aclOwner.get(body.metadata.name);
    plugin(body.metadata.name, body.kind, body, owner === undefined ? inApps : inService(owner));
  }

  for (const svc of a.services) {
    const body = serviceIngress(a.appsNamespace, svc, a.routeAnnotations);
    new k8s.networking.v1.Ingress(`${name}-route-${svc.name}`, body, inService(svc.name));
    // The public health route (no token) the uptime probes use to cross Kong into the service (kong-health.ts).
    const own = inService(svc.name);
    const uri = healthUriPlugin(a.appsNamespace, svc.name);
    const uriPlugin = plugin(uri.metadata.name, uri.kind, uri, own) as pulumi.Resource;
    new k8s.networking.v1.Ingress(
      `${name}-health-${svc.name}`,
      serviceHealthIngress(a.appsNamespace, svc, PLUGIN_NAMES.rateLimit, a.routeAnnotations),
      { ...own, dependsOn: [...own.dependsOn, uriPlugin] },
    );
  }

  return {
    peers: { host: `${KONG_PEERS_SERVICE}.${a.namespace}.svc.cluster.local`, port: KONG_PROXY_PORT },
    mirroredRepositories: [controller.repositoryName],
    ...createConsumers(a, inKong),
  };
}

type PluginFactory = (
  key: string,
  kind: KongPluginResource["kind"],
  body: pulumi.Input<KongPluginResource>,
  opts: pulumi.CustomResourceOptions,
) => unknown;

/** rate-limiting counts in ElastiCache (redis, TLS verified, AUTH token patched in); without a cache, per pod. */
function createRateLimit(
  a: KongGatewayArgs,
  parent: pulumi.Resource,
  release: k8s.helm.v3.Release,
  plugin: PluginFactory,
): void {
  if (!a.redis) {
    plugin(
      PLUGIN_NAMES.rateLimit,
      RATE_LIMIT_SCOPE.kind,
      rateLimitRoutePlugin(a.config.rateLimit, undefined, a.namespace),
      { parent, dependsOn: [release] },
    );
    return;
  }
  const { port, authToken } = a.redis;
  const secret = new k8s.core.v1.Secret(
    `${a.name}-redis-auth`,
    {
      metadata: { name: REDIS_AUTH_SECRET.name, namespace: a.namespace, labels: { ...PLUGIN_CONFIG_SECRET_LABELS } },
      type: "Opaque",
      // JSON-quoted: KIC splices the value into the plugin config as raw JSON (kong-plugins.ts configPatchSecretValue).
      stringData: { [REDIS_AUTH_SECRET.key]: pulumi.secret(authToken.apply(configPatchSecretValue)) },
    },
    { parent, dependsOn: [a.namespaceResource] },
  );
  const body = pulumi
    .output(a.redis.host)
    .apply((host) => rateLimitRoutePlugin(a.config.rateLimit, { host, port }, a.namespace));
  plugin(PLUGIN_NAMES.rateLimit, RATE_LIMIT_SCOPE.kind, body, { parent, dependsOn: [release, secret] });
}

/**
 * One KongConsumer per ACL group, with an acl credential (the group) and a jwt credential: the configured RS256
 * public key, or a generated HS256 secret (48 random characters) handed out as a secret stack output.
 */
function createConsumers(
  a: KongGatewayArgs,
  opts: pulumi.CustomResourceOptions,
): Pick<KongGateway, "jwtIssuers" | "jwtSigningSecrets"> {
  const groups = aclGroups(a.services);
  const algorithms = jwtAlgorithms(groups, a.config.jwt.publicKeys);
  const jwtIssuers: Record<string, string> = {};
  const signing: Record<string, pulumi.Output<string>> = {};
  const secretResource = (key: string, body: CredentialSecret<pulumi.Input<string>>) =>
    new k8s.core.v1.Secret(`${a.name}-${key}`, body, opts);

  for (const group of groups) {
    const consumerName = `${group}-client`;
    jwtIssuers[group] = jwtIssuer(a.namePrefix, group);
    let material: { secret?: pulumi.Output<string>; publicKeyPem?: string };
    if (algorithms[group] === "HS256") {
      const password = new random.RandomPassword(
        `${a.name}-jwt-${group}`,
        { length: 48, special: false },
        { parent: opts.parent },
      );
      signing[group] = pulumi.secret(password.result);
      material = { secret: signing[group] };
    } else {
      material = { publicKeyPem: a.config.jwt.publicKeys[group] };
    }
    const jwtSecret = jwtCredentialSecret<pulumi.Input<string>>({
      name: `${consumerName}-jwt`,
      namespace: a.namespace,
      algorithm: algorithms[group],
      key: jwtIssuers[group],
      ...material,
    });
    const aclSecret = aclGroupSecret({ name: `${consumerName}-acl`, namespace: a.namespace, group });
    const secrets = [secretResource(`jwt-${group}`, jwtSecret), secretResource(`acl-${group}`, aclSecret)];
    const consumer = kongConsumer({
      name: consumerName,
      namespace: a.namespace,
      username: consumerName,
      credentialSecretNames: [jwtSecret.metadata.name, aclSecret.metadata.name],
    });
    new k8s.apiextensions.CustomResource(
      `${a.name}-consumer-${group}`,
      { ...consumer },
      { ...opts, dependsOn: [...(opts.dependsOn as pulumi.Resource[]), ...secrets] },
    );
  }
  return { jwtIssuers, jwtSigningSecrets: pulumi.secret(pulumi.output(signing)) };
}
