/**
 * Platform: composes the tiers and is the only place where they are wired together (outputs of one tier
 * become inputs of another). Each tier gets its own AWS provider whose defaultTags carry the tier's
 * `component` tag, so every taggable AWS resource is tagged without any component repeating it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "./cluster";
import type { PlatformConfig } from "./config";
import { environmentHostnames } from "./edge/hostnames";
import { Ingress } from "./ingress";
import { effectiveCorsOrigins } from "./ingress/kong-gateway";
import { FRAMEWORK_PORTS, RELEASES } from "./names";
import { Network } from "./network";

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
    /** DNS name of the edge NLB (the origin the edge tier's proxied records point at). */
    edgeNlbHostname: pulumi.Output<string>;
    /** ACL group → `iss` claim its API tokens carry; HS256 signing secrets per group (secret). */
    jwtIssuers: Record<string, string>;
    jwtSigningSecrets: pulumi.Output<Record<string, string>>;
}

export class Platform extends pulumi.ComponentResource {
    readonly outputs: PlatformOutputs;

    constructor(name: string, cfg: PlatformConfig, opts?: pulumi.ComponentResourceOptions) {
        super("edgestack:platform:Platform", name, {}, opts);
        const namePrefix = `${cfg.project}-${cfg.stack}`;
        const awsFor = (component: string) => new aws.Provider(`${name}-aws-${component}`, {
            region: cfg.region as aws.Region,
            defaultTags: { tags: platformTags(cfg, component) },
        }, { parent: this });
        const tierOpts = (component: string): pulumi.ComponentResourceOptions => ({ parent: this, providers: { aws: awsFor(component) } });
        const clusterName = `${namePrefix}-eks`;

        const network = new Network("network", { namePrefix, region: cfg.region, config: cfg.network, clusterName }, tierOpts("network"));
        const cluster = new Cluster("cluster", {
            namePrefix,
            region: cfg.region,
            config: cfg.cluster,
            vpcId: network.vpcId,
            privateSubnetIds: network.privateSubnetIds,
            instanceTags: platformTags(cfg, "cluster"),
            protect: cfg.protectStateful,
        }, tierOpts("cluster"));

        const hosts = environmentHostnames(cfg.edge.zone, cfg.edge.hostPrefix);
        const ingress = new Ingress("ingress", {
            namePrefix,
            config: cfg.ingress,
            serverNames: [hosts.api, hosts.apex, hosts.www],
            corsOrigins: effectiveCorsOrigins(cfg.ingress.corsOrigins, [hosts.apex, hosts.www]),
            services: cfg.services.map((s) => ({ name: s.name, port: FRAMEWORK_PORTS[s.framework], paths: s.paths, allowedGroups: s.allowedGroups })),
            vpcCidr: network.vpcCidr,
            originCertFromEdge: cfg.edge.enabled,
            hstsPreload: cfg.edge.hstsPreload,
            // Not yet wired: the cache tier's endpoint and AUTH token (redis: { host, port, authToken }).
            lbTags: platformTags(cfg, "ingress"),
            serviceMonitorLabels: { release: RELEASES.kubePrometheusStack },
        }, { parent: this, providers: { kubernetes: cluster.k8sProvider } });

        this.outputs = {
            vpcId: network.vpcId,
            privateSubnetIds: network.privateSubnetIds,
            clusterName: cluster.clusterName,
            clusterEndpoint: cluster.endpoint,
            kubeconfig: cluster.kubeconfig,
            edgeNlbHostname: ingress.nlbHostname,
            jwtIssuers: ingress.jwtIssuers,
            jwtSigningSecrets: ingress.jwtSigningSecrets,
        };
        this.registerOutputs({});
    }
}
