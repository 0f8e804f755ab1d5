/**
 * Platform: composes the tiers and is the only place where they are wired together (outputs of one tier
 * become inputs of another). Each tier gets its own AWS provider whose defaultTags carry the tier's
 * `component` tag, so every taggable AWS resource is tagged without any component repeating it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { Cluster } from "./cluster";
import type { PlatformConfig } from "./config";
import { LoadBalancerController } from "./lb-controller";
import { Mesh, MeshTrafficPolicy } from "./mesh";
import type { BuiltDashboard } from "./monitoring/dashboards";
import { principal } from "./mesh/traffic";
import { Monitoring, MonitoringSummary } from "./monitoring";
import { istioDashboard } from "./mesh/dashboard";
import { NAMESPACES, SERVICE_ACCOUNTS, STORAGE_CLASS } from "./names";
import { Network } from "./network";
import { Workloads } from "./service";

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
    /** ECR repository URL per service name. */
    serviceRepositories: Record<string, pulumi.Output<string>>;
    /** Image (repo@sha256:…) each service runs. */
    serviceImages: Record<string, pulumi.Output<string>>;
    /** Istio control-plane revision namespaces select with `istio.io/rev`; undefined when the mesh is off. */
    meshRevision?: string;
    /** The mesh's Grafana dashboard for the monitoring tier; undefined when the mesh is off. */
    meshDashboard?: BuiltDashboard;
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
            //   memberClusters } from the Database and Cache tiers; cost: the pricing estimate.
            // The mesh's dashboard (a pure function of the namespace it shows), shipped with ours.
            extraDashboards: cfg.mesh.enabled ? [istioDashboard(NAMESPACES.apps)] : [],
            protect: cfg.protectStateful,
        }, k8sTierOpts("monitoring"));
        new LoadBalancerController("lb-controller", {
            namePrefix,
            region: cfg.region,
            clusterName: cluster.clusterName,
            vpcId: network.vpcId,
            oidcProviderArn: cluster.oidcProviderArn,
            oidcIssuerUrl: cluster.oidcIssuerUrl,
            // The load balancers it creates front the ingress tier.
            defaultTags: platformTags(cfg, "ingress"),
        }, k8sTierOpts("lb-controller"));
        const workloads = new Workloads("services", {
            namePrefix,
            region: cfg.region,
            services: cfg.services,
            appsDir: path.resolve(__dirname, "..", "apps"),
            vpcCidr: network.vpcCidr,
            oidcProviderArn: cluster.oidcProviderArn,
            oidcIssuerUrl: cluster.oidcIssuerUrl,
            meshEnabled: cfg.mesh.enabled,
            // TODO(lead): once the data tier (branch `data`) is on main, wire it here:
            //   database: { host: database.outputs.proxyEndpoint, port: database.outputs.port,
            //               name: database.outputs.databaseName, resourceId: <RDS Proxy id "prx-…" (IAM auth through the
            //               proxy is granted on the proxy's id; clusterResourceId when connecting directly)> },
            //   cache: { host: cache.outputs.primaryEndpoint, port: cache.outputs.port, authToken: cache.outputs.authToken },
            monitoringDependsOn: [monitoring.stack],
        }, k8sTierOpts("services"));
        // Mesh (optional). Workloads with sidecars wait for mesh.controlPlane; the traffic policies wait for the
        // app namespace (pass the services tier's namespace output here when it lands, instead of the name).
        let mesh: Mesh | undefined;
        if (cfg.mesh.enabled) {
            mesh = new Mesh("mesh", {
                config: cfg.mesh,
                scrapeNamespaces: [NAMESPACES.apps],
                dashboardNamespace: NAMESPACES.apps,
                // The kube-prometheus-stack release installs the ServiceMonitor/PodMonitor CRDs.
                monitoringDependsOn: [monitoring.stack],
            }, { parent: this, providers: { kubernetes: cluster.k8sProvider } });
            new MeshTrafficPolicy("mesh-apps", {
                config: cfg.mesh,
                namespace: NAMESPACES.apps,
                services: cfg.services,
                allowedPrincipals: [principal(NAMESPACES.kong, SERVICE_ACCOUNTS.kongProxy)],
                controlPlane: mesh.controlPlane,
            }, { parent: mesh });
        }

        this.outputs = {
            vpcId: network.vpcId,
            privateSubnetIds: network.privateSubnetIds,
            clusterName: cluster.clusterName,
            clusterEndpoint: cluster.endpoint,
            kubeconfig: cluster.kubeconfig,
            serviceRepositories: Object.fromEntries(workloads.services.map((s) => [s.serviceName, s.repositoryUrl])),
            serviceImages: Object.fromEntries(workloads.services.map((s) => [s.serviceName, s.image])),
            meshRevision: mesh?.revision,
            meshDashboard: mesh?.dashboard,
            monitoring: monitoring.summary,
        };
        this.registerOutputs({});
    }
}
