/**
 * PythonService: one FastAPI or Flask service, from source to a scraped, autoscaled, fenced Deployment.
 * The framework is data (components/workloads/frameworks.ts); every computed piece (tag, specs, policies) is a
 * pure helper under components/workloads/ with its own tests. This file only turns them into resources.
 *
 *   ECR repository (immutable tags, scan on push, KMS, lifecycle) ← docker-build Image (tag = build-context hash)
 *   IRSA role (rds-db:connect as its DB user, its own secrets) ← ServiceAccount
 *   Secret (cache AUTH token / DB password, from secret outputs) → Deployment → Service, HPA, PDB,
 *   NetworkPolicy, ServiceMonitor (without the mesh; with it the mesh's PodMonitor scrapes the sidecar)
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import type { ServiceConfig } from "../../config";
import type { DbRoleBootstrap } from "./db-role-bootstrap";
import { meshServiceAnnotations, metricsMergeAnnotations } from "../mesh";
import { APP_LABEL, PART_OF, PART_OF_LABEL, RELEASES } from "../shared/names";
import { FRAMEWORKS, HEALTH_PATHS, HTTP_PORT_NAME } from "./frameworks";
import { hpaSpec, networkPolicySpec, pdbSpec } from "./k8s-policies";
import {
  CONTAINER_SECURITY_CONTEXT,
  POD_SECURITY_CONTEXT,
  SECRET_KEYS,
  containerEnv,
  lifecycle,
  probes,
  terminationGracePeriodSeconds,
  topologySpread,
} from "./pod-spec";
import { serviceIdentity } from "./service-identity";
import { serviceImage } from "./service-image";

export interface ServiceDatabase {
  host: pulumi.Input<string>;
  port: pulumi.Input<number>;
  name: pulumi.Input<string>;
  /** PostgreSQL role the service logs in as (IAM auth: `GRANT rds_iam TO <user>`). */
  user: pulumi.Input<string>;
  /** Resource id in the rds-db:connect ARN: `cluster-…` (Aurora) or `prx-…` (RDS Proxy). Absent: no IAM DB auth grant. */
  resourceId?: pulumi.Input<string>;
  /** A Secrets Manager secret of this service it may read (GetSecretValue). */
  secretArn?: pulumi.Input<string>;
  /** Password auth instead of IAM auth (secret output; goes into the service's Kubernetes Secret). */
  password?: pulumi.Output<string>;
  /** The database auto-pauses when no connection is open: readiness must not keep it awake (READINESS_DB=lazy). */
  pausesWhenIdle?: boolean;
}

export interface ServiceCache {
  host: pulumi.Input<string>;
  port: pulumi.Input<number>;
  /** ElastiCache AUTH token (secret output). */
  authToken: pulumi.Output<string>;
}

export interface ServiceMesh {
  /** Mesh.controlPlane: the Deployment waits for it, so its pods are admitted with a sidecar (and the CNI agent). */
  controlPlane: pulumi.Resource[];
}

export interface PythonServiceArgs {
  namePrefix: string;
  region: string;
  config: ServiceConfig;
  /** The Docker build context: the repository's apps/ directory (both images share apps/common). */
  appsDir: string;
  /** Image tags by Dockerfile, shared by the services of one Workloads: each build context is read and hashed once. */
  buildTags?: Map<string, string>;
  namespace: pulumi.Input<string>;
  vpcCidr: string;
  oidcProviderArn: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
  /** Present when the service's pods get an Istio sidecar (their namespace is injected); absent without the mesh. */
  mesh?: ServiceMesh;
  database?: ServiceDatabase;
  cache?: ServiceCache;
  /** What the ServiceMonitor waits for (the monitoring tier that installs the CRD). */
  monitoringDependsOn?: pulumi.Input<pulumi.Resource>[];
  /** Creates the PostgreSQL role `database.user` before the service's pods start; absent: none created. */
  databaseRoles?: DbRoleBootstrap;
  /**
   * Tracing: OTEL_* variables for a service's container (by service name) and the collector's OTLP ports its
   * NetworkPolicy must let out. Absent: no tracing.
   */
  tracing?: { env: (service: string) => Record<string, string>; collectorPorts: number[] };
}

export class PythonService extends pulumi.ComponentResource {
  readonly repositoryUrl: pulumi.Output<string>;
  /** The image the Deployment runs (`repo@sha256:…`). */
  readonly image: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;
  readonly serviceName: string;
  readonly port: number;

  constructor(name: string, args: PythonServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:PythonService", name, {}, opts);
    const { config: svc, namespace } = args;
    const fw = FRAMEWORKS[svc.framework];
    const child = { parent: this };
    this.serviceName = svc.name;
    this.port = fw.port;
    const labels = { [APP_LABEL]: svc.name, [PART_OF_LABEL]: PART_OF, "edgestack.io/framework": svc.framework };
    const mesh = args.mesh;
    const metadata = { name: svc.name, namespace, labels };

    // ---- image: ECR repository + build/push tagged by the build context's content (service-image.ts)
    ({ repositoryUrl: this.repositoryUrl, image: this.image } = serviceImage(this, name, args));

    // ---- identity: IRSA role for this service account only (service-identity.ts)
    const db = args.database;
    const identity = serviceIdentity(this, name, {
      namePrefix: args.namePrefix,
      region: args.region,
      serviceName: svc.name,
      namespace,
      oidcProviderArn: args.oidcProviderArn,
      oidcIssuerUrl: args.oidcIssuerUrl,
      database: db,
      metadata,
    });
    this.roleArn = identity.roleArn;
    const sa = identity.serviceAccount;

    // ---- credentials: only from secret outputs, never literals
    const secretData: Record<string, pulumi.Output<string>> = {};
    if (args.cache) secretData[SECRET_KEYS.cacheAuthToken] = pulumi.secret(args.cache.authToken);
    if (db?.password) secretData[SECRET_KEYS.databasePassword] = pulumi.secret(db.password);
    const secretName = `${svc.name}-credentials`;
    const hasSecret = Object.keys(secretData).length > 0;
    const secret = hasSecret
      ? new k8s.core.v1.Secret(
          `${name}-credentials`,
          { metadata: { ...metadata, name: secretName }, type: "Opaque", stringData: secretData },
          child,
        )
      : undefined;
    // A rotated credential must restart the pods (env vars are read at start): the hash changes with it.
    const credentialsHash = hasSecret
      ? pulumi.secret(
          pulumi
            .all(secretData)
            .apply((d) => crypto.createHash("sha256").update(JSON.stringify(d)).digest("hex").slice(0, 16)),
        )
      : undefined;

    // ---- workload: its pods log in to PostgreSQL as the role named after the service, so that role exists first.
    if (db && args.databaseRoles && typeof db.user !== "string")
      throw new Error(`service "${svc.name}": database.user must be a plain string for its role to be created`);
    const roleJob =
      db && args.databaseRoles
        ? args.databaseRoles.job(this, `${name}-db-role`, db.user as string, this.image)
        : undefined;
    const deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata,
        spec: {
          // No `replicas`: the HPA owns the count (a value here would fight it on every `pulumi up`).
          revisionHistoryLimit: 5,
          selector: { matchLabels: { [APP_LABEL]: svc.name } },
          strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
          template: {
            metadata: {
              labels,
              annotations: {
                ...(credentialsHash ? { "edgestack.io/credentials-hash": credentialsHash } : {}),
                // Under STRICT mTLS Prometheus (outside the mesh) cannot scrape the app port: the sidecar
                // folds the app's /metrics into its own endpoint on 15020, which the mesh's PodMonitor scrapes.
                ...(mesh ? metricsMergeAnnotations(fw.port, HEALTH_PATHS.metrics) : {}),
              },
            },
            spec: {
              serviceAccountName: sa.metadata.name,
              automountServiceAccountToken: false,
              securityContext: POD_SECURITY_CONTEXT,
              terminationGracePeriodSeconds: terminationGracePeriodSeconds(svc.framework),
              topologySpreadConstraints: topologySpread(svc.name),
              nodeSelector: { "kubernetes.io/arch": "arm64" },
              containers: [
                {
                  // Named after the service: dashboards and alerts select cAdvisor series by `container`.
                  name: svc.name,
                  image: this.image,
                  imagePullPolicy: "IfNotPresent",
                  args: fw.args(fw.port),
                  ports: [{ name: HTTP_PORT_NAME, containerPort: fw.port, protocol: "TCP" }],
                  env: containerEnv({
                    region: args.region,
                    secretName,
                    database: db
                      ? {
                          host: db.host,
                          port: db.port,
                          name: db.name,
                          user: db.user,
                          passwordInSecret: db.password !== undefined,
                          pausesWhenIdle: db.pausesWhenIdle,
                        }
                      : undefined,
                    cache: args.cache ? { host: args.cache.host, port: args.cache.port } : undefined,
                  }).concat(Object.entries(args.tracing?.env(svc.name) ?? {}).map(([k, v]) => ({ name: k, value: v }))),
                  resources: {
                    requests: { cpu: svc.cpuRequest, memory: svc.memoryRequest },
                    limits: { cpu: svc.cpuLimit, memory: svc.memoryLimit },
                  },
                  securityContext: CONTAINER_SECURITY_CONTEXT,
                  ...probes(),
                  lifecycle: lifecycle(),
                  volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                },
              ],
              volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
            },
          },
        },
      },
      {
        ...child,
        dependsOn: [...(secret ? [secret] : []), ...(roleJob ? [roleJob] : []), ...(mesh?.controlPlane ?? [])],
      },
    );

    new k8s.core.v1.Service(
      `${name}-service`,
      {
        // With the mesh, Kong (injected) must route through its sidecar to the Service host (mesh/labels.ts).
        metadata: mesh
          ? {
              ...metadata,
              annotations: pulumi.output(namespace).apply((ns) => meshServiceAnnotations(true, svc.name, ns)),
            }
          : metadata,
        spec: {
          type: "ClusterIP",
          selector: { [APP_LABEL]: svc.name },
          ports: [
            { name: HTTP_PORT_NAME, port: fw.port, targetPort: HTTP_PORT_NAME, protocol: "TCP", appProtocol: "http" },
          ],
        },
      },
      child,
    );
    new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      `${name}-hpa`,
      {
        metadata,
        spec: hpaSpec({ deploymentName: svc.name, ...svc }),
      },
      { ...child, dependsOn: [deployment] },
    );
    new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, { metadata, spec: pdbSpec(svc.name, svc.minReplicas) }, child);
    new k8s.networking.v1.NetworkPolicy(
      `${name}-netpol`,
      {
        metadata,
        spec: networkPolicySpec({
          appName: svc.name,
          port: fw.port,
          vpcCidr: args.vpcCidr,
          meshEnabled: mesh !== undefined,
          databasePort: db?.port,
          cachePort: args.cache?.port,
          traceCollectorPorts: args.tracing?.collectorPorts,
        }),
      },
      child,
    );
    // With the mesh the app port only accepts mTLS: the mesh's PodMonitor scrapes the merged endpoint instead,
    // with `job` and `service` set to the app's name as this ServiceMonitor would (mesh/observability.ts).
    if (!mesh)
      new k8s.apiextensions.CustomResource(
        `${name}-servicemonitor`,
        {
          apiVersion: "monitoring.coreos.com/v1",
          kind: "ServiceMonitor",
          // `release` is kube-prometheus-stack's default ServiceMonitor selector.
          metadata: { ...metadata, labels: { ...labels, release: RELEASES.kubePrometheusStack } },
          spec: {
            selector: { matchLabels: { [APP_LABEL]: svc.name } },
            endpoints: [{ port: HTTP_PORT_NAME, path: HEALTH_PATHS.metrics, interval: "30s", scrapeTimeout: "10s" }],
          },
        },
        { ...child, dependsOn: args.monitoringDependsOn ?? [] },
      );

    this.registerOutputs({ repositoryUrl: this.repositoryUrl, image: this.image, roleArn: this.roleArn });
  }
}
