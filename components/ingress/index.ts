/**
 * Ingress tier: Cloudflare → AWS NLB (Cloudflare ranges only, TCP passthrough) → NGINX edge (TLS 1.2/1.3 with the
 * ECC origin certificate, HSTS, real client IP, limits, passive health checks per Kong pod) → Kong (DB-less,
 * plugins: rate-limiting in ElastiCache, jwt, acl, cors, security headers, prometheus) → the services.
 * The community ingress-nginx controller was retired in March 2026, so the edge is plain NGINX with a config
 * rendered and tested in components/ingress/. This file creates the two namespaces and wires the halves
 * (ingress-nginx.ts, ingress-kong.ts); every Kubernetes resource uses the provider given in `providers`.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { IngressConfig } from "../../config";
import type { OriginCertificate } from "../edge";
import { CLOUDFLARE_IP_RANGES } from "./cloudflare-ips";
import type { RoutedService } from "./kong-gateway";
import { createKongGateway, type KongRedis } from "./kong";
import { createNginxEdge } from "./nginx";
import { NAMESPACES, PART_OF, PART_OF_LABEL } from "../shared/names";

// Also public, for platform.ts: the CORS origins Kong allows and the edge's health path.
export { effectiveCorsOrigins } from "./kong-gateway";
export { HEALTH_PATH } from "./nginx-conf";
export { serviceHealthPath } from "./kong-health";

/** Cluster DNS (kube-dns Service of EKS's CoreDNS add-on): NGINX re-resolves Kong's pods through it. */
export const CLUSTER_DNS = "kube-dns.kube-system.svc.cluster.local";

interface IngressArgs {
  namePrefix: string;
  config: IngressConfig;
  /** Public host names NGINX serves (the edge tier's apex, www and api hosts). */
  serverNames: string[];
  /** Origins the cors plugin allows (see kong-gateway.ts effectiveCorsOrigins). */
  corsOrigins: string[];
  /** The services Kong routes to (name, Service port, paths, ACL groups). */
  services: RoutedService[];
  /** The services' namespace and what must exist before routes are created there (the Namespace resource). */
  appsNamespace?: string;
  appsDependsOn?: pulumi.Input<pulumi.Resource>[];
  /** Per service name: what its route and ACL plugin wait for (its own workload) instead of appsDependsOn. */
  serviceDependsOn?: Record<string, pulumi.Input<pulumi.Resource>[]>;
  /** VPC CIDR: pods get VPC addresses (VPC CNI), so Kong trusts X-Real-IP from it (the NGINX pods). */
  vpcCidr: string;
  /**
   * Extra peers Kong trusts to set X-Real-IP: with Kong's pods in the mesh, its peer is its own sidecar (127.0.0.6 /
   * ::6), not NGINX, so without these Kong would log, rate-limit and forward the sidecar's loopback address.
   */
  kongTrustedPeerCidrs?: string[];
  /**
   * The Edge tier's Origin CA certificate (EdgeOrigin): written into the edge namespace's TLS Secret with Cloudflare's
   * AOP CA (then client certificates are verified). Undefined (edge disabled): a self-signed certificate.
   */
  originCertificate?: OriginCertificate;
  hstsPreload: boolean;
  /** ElastiCache endpoint + AUTH token for rate limiting; absent: counters per Kong pod (policy local). */
  redis?: KongRedis;
  /** Tags for the NLB and its security groups (set through the load balancer controller). */
  lbTags: Record<string, string>;
  /** What the NLB Service waits for (the AWS Load Balancer Controller release: its webhooks must be up). */
  loadBalancerDependsOn?: pulumi.Input<pulumi.Resource>[];
  /** Labels on ServiceMonitors so kube-prometheus-stack selects them. */
  serviceMonitorLabels?: Record<string, string>;
  /** What ServiceMonitors wait for (the monitoring tier that installs the CRD). */
  monitoringDependsOn?: pulumi.Input<pulumi.Resource>[];
  /** Extra labels per namespace this tier owns (e.g. the mesh's injection label on Kong's namespace). */
  namespaceLabels?: { edge?: Record<string, string>; kong?: Record<string, string> };
  /** Extra annotations on every route Ingress (e.g. the mesh's konghq.com/preserve-host). */
  routeAnnotations?: Record<string, string>;
  /** What Kong's release waits for (e.g. the mesh control plane that injects its sidecar). */
  kongDependsOn?: pulumi.Input<pulumi.Resource>[];
  /** ECR forceDelete of the tier's image mirrors (components/shared/image-mirror.ts). */
  forceDeleteImages: boolean;
}

export class Ingress extends pulumi.ComponentResource {
  /** DNS name of the NLB (the edge tier's origin, proxied through Cloudflare). */
  readonly nlbHostname: pulumi.Output<string>;
  /** The Secret NGINX serves its certificate from: Cloudflare's strict TLS mode waits for it. */
  readonly tlsSecret: k8s.core.v1.Secret;
  /** ACL group → `iss` claim its tokens carry. */
  readonly jwtIssuers: Record<string, string>;
  /** ACL group → HS256 signing secret for groups without a configured RS256 key. Secret. */
  readonly jwtSigningSecrets: pulumi.Output<Record<string, string>>;
  /** ECR repositories of the images this tier mirrors from Docker Hub (their scans alert like the services'). */
  readonly mirroredRepositories: string[];

  constructor(name: string, args: IngressArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:Ingress", name, {}, opts);
    const cfg = args.config;
    const cloudflareIpRanges =
      cfg.cloudflareIpRanges.length > 0 ? [...cfg.cloudflareIpRanges] : [...CLOUDFLARE_IP_RANGES];
    const namespace = (
      key: string,
      nsName: string,
      extra: Record<string, string> | undefined,
      security: Record<string, string>,
    ) =>
      new k8s.core.v1.Namespace(
        `${name}-${key}-ns`,
        { metadata: { name: nsName, labels: { [PART_OF_LABEL]: PART_OF, ...extra, ...security } } },
        { parent: this },
      );
    const edgeNs = namespace("edge", NAMESPACES.edge, args.namespaceLabels?.edge, {
      // The edge pods meet the "restricted" Pod Security Standard; enforce it.
      "pod-security.kubernetes.io/enforce": "restricted",
      // Rollouts wait until the NLB reports a new pod healthy (load balancer controller readiness gate).
      "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
    });
    // Kong's chart runs restricted containers; enforce baseline, report anything short of restricted.
    const kongNs = namespace("kong", NAMESPACES.kong, args.namespaceLabels?.kong, {
      "pod-security.kubernetes.io/enforce": "baseline",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
    });

    const serviceMonitorLabels = args.serviceMonitorLabels ?? {};
    const monitoringDependsOn = args.monitoringDependsOn ?? [];
    const kong = createKongGateway(this, {
      name: `${name}-kong`,
      namePrefix: args.namePrefix,
      namespace: NAMESPACES.kong,
      namespaceResource: kongNs,
      appsNamespace: args.appsNamespace ?? NAMESPACES.apps,
      appsDependsOn: args.appsDependsOn ?? [],
      serviceDependsOn: args.serviceDependsOn ?? {},
      config: cfg,
      services: args.services,
      corsOrigins: args.corsOrigins,
      trustedCidrs: [args.vpcCidr, ...(args.kongTrustedPeerCidrs ?? [])],
      redis: args.redis,
      routeAnnotations: args.routeAnnotations ?? {},
      serviceMonitorLabels,
      monitoringDependsOn,
      releaseDependsOn: args.kongDependsOn ?? [],
      forceDeleteImages: args.forceDeleteImages,
    });

    const edge = createNginxEdge(this, {
      name: `${name}-nginx`,
      namePrefix: args.namePrefix,
      namespace: edgeNs.metadata.name,
      config: cfg.nginx,
      serverNames: args.serverNames,
      cloudflareIpRanges,
      upstream: kong.peers,
      resolver: CLUSTER_DNS,
      originCertificate: args.originCertificate,
      hstsPreload: args.hstsPreload,
      lbTags: args.lbTags,
      loadBalancerDependsOn: args.loadBalancerDependsOn ?? [],
      serviceMonitorLabels,
      monitoringDependsOn,
    });

    this.nlbHostname = edge.nlbHostname;
    this.tlsSecret = edge.tls.tlsSecret;
    this.jwtIssuers = kong.jwtIssuers;
    this.jwtSigningSecrets = kong.jwtSigningSecrets;
    this.mirroredRepositories = kong.mirroredRepositories;
    this.registerOutputs({
      nlbHostname: this.nlbHostname,
      jwtIssuers: this.jwtIssuers,
      jwtSigningSecrets: this.jwtSigningSecrets,
    });
  }
}
