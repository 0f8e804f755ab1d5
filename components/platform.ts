/**
 * Platform: composes the tiers and is the only place where they are wired together (outputs of one tier
 * become inputs of another). Each tier gets its own AWS provider whose defaultTags carry the tier's
 * `component` tag, so every taggable AWS resource is tagged without any component repeating it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "./cluster";
import type { PlatformConfig } from "./config";
import { Monitoring, MonitoringSummary } from "./monitoring";
import { STORAGE_CLASS } from "./names";
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
    monitoring: MonitoringSummary;
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

        // Kubernetes tiers: their AWS resources get the tier's tags, their k8s resources the cluster's provider.
        const k8sTierOpts = (component: string): pulumi.ComponentResourceOptions => {
            const o = tierOpts(component);
            return { ...o, providers: { ...(o.providers as Record<string, pulumi.ProviderResource>), kubernetes: cluster.k8sProvider } };
        };
        const monitoring = new Monitoring("monitoring", {
            namePrefix,
            region: cfg.region,
            config: cfg.monitoring,
            services: cfg.services,
            secrets: cfg.secrets,
            oidcProviderArn: cluster.oidcProviderArn,
            oidcIssuerUrl: cluster.oidcIssuerUrl,
            storageClass: STORAGE_CLASS,
            // TODO(edge): the edge tier's public URLs (health endpoints that answer 2xx), e.g. edge.summary.urls.
            publicUrls: [],
            costTag: { key: "environment", value: cfg.environment },
            // TODO(data): aurora: { clusterIdentifier, instanceIdentifiers } and cache: { replicationGroupId,
            //   memberClusters } from the Database and Cache tiers; cost: the pricing estimate; extraDashboards: the mesh's.
            protect: cfg.protectStateful,
        }, k8sTierOpts("monitoring"));

        this.outputs = {
            vpcId: network.vpcId,
            privateSubnetIds: network.privateSubnetIds,
            clusterName: cluster.clusterName,
            clusterEndpoint: cluster.endpoint,
            kubeconfig: cluster.kubeconfig,
            monitoring: monitoring.summary,
        };
        this.registerOutputs({});
    }
}
