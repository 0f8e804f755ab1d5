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
import * as aws from "@pulumi/aws";
import * as dockerbuild from "@pulumi/docker-build";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import * as path from "path";
import type { ServiceConfig } from "../../config";
import { createDbRoleBootstrap, type DatabaseAdmin, type DbRoleBootstrap } from "./db-role-bootstrap";
import { irsaTrustPolicy } from "../shared/iam";
import {
  isInjected,
  meshInjectionLabels,
  meshServiceAnnotations,
  metricsMergeAnnotations,
  type MeshInjection,
} from "../mesh";
import { APP_LABEL, NAMESPACES, PART_OF, PART_OF_LABEL, RELEASES } from "../shared/names";
import { FRAMEWORKS, HEALTH_PATHS, HTTP_PORT_NAME } from "./frameworks";
import { contextTag, readBuildContext } from "./image-tag";
import { createCriticalFindingsAlert, repositoryName } from "./image-scan";
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
import { ecrLifecyclePolicy, serviceAccessPolicy } from "./service-aws";

/** The nodes are Graviton. */
export const BUILD_PLATFORM = "linux/arm64";

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

    // ---- image: ECR repository + build/push tagged by the build context's content
    const repo = new aws.ecr.Repository(
      `${name}-repo`,
      {
        name: repositoryName(args.namePrefix, svc.name),
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS" }],
        // Dev: destroy takes the images along, so destroy → up never meets a leftover repository of the same
        // name. Prod: a non-empty repository stops the destroy (RepositoryNotEmptyException) and keeps images.
        forceDelete: svc.forceDeleteImages,
      },
      child,
    );
    new aws.ecr.LifecyclePolicy(
      `${name}-repo`,
      { repository: repo.name, policy: ecrLifecyclePolicy(svc.keepImages) },
      child,
    );
    this.repositoryUrl = repo.repositoryUrl;

    const app = svc.app ?? fw.app;
    const dockerfile = path.join(args.appsDir, app, "Dockerfile");
    let context: ReturnType<typeof readBuildContext>;
    try {
      context = readBuildContext(args.appsDir, path.relative(args.appsDir, dockerfile));
    } catch (e) {
      throw new Error(`service "${svc.name}" (framework ${svc.framework}, app ${app}): ${(e as Error).message}`);
    }
    const tag = contextTag(context.files, context.dockerfile, { platform: BUILD_PLATFORM });
    const auth = aws.ecr.getAuthorizationTokenOutput({ registryId: repo.registryId }, child);
    // @pulumi/docker-build (BuildKit through an embedded buildx client); @pulumi/docker's Image is superseded by it.
    // Inputs checked against @pulumi/docker-build 0.0.22 image.d.ts. It has no attestation input (no --sbom /
    // --provenance: pulumi/pulumi-docker-build#73, open): the SBOM and provenance story is in docs/supply-chain.md.
    const image = new dockerbuild.Image(
      `${name}-image`,
      {
        tags: [pulumi.interpolate`${repo.repositoryUrl}:${tag}`],
        // Relative to the project directory, so the recorded inputs do not depend on the checkout path.
        context: { location: relativeToCwd(args.appsDir) },
        dockerfile: { location: relativeToCwd(dockerfile) },
        platforms: [BUILD_PLATFORM],
        push: true,
        // The registry's own credentials, held in memory for this build only (not the host's docker config).
        registries: [
          {
            address: repo.repositoryUrl.apply((u) => u.split("/")[0]),
            username: auth.userName,
            password: pulumi.secret(auth.password),
          },
        ],
        // Previews do not build (two arm64 builds under emulation on every PR preview); the provider still validates
        // the on-disk Dockerfile on preview ("regardless of this setting", image.d.ts), and `pulumi up` builds.
        buildOnPreview: false,
      },
      child,
    );
    // `ref` is `<first tag>@sha256:…` once pushed (the provider's image.go): the Deployment runs the digest it pushed.
    this.image = pulumi.all([image.ref, image.tags]).apply(([ref, tags]) => ref || (tags ?? [])[0]);

    // ---- identity: IRSA role for this service account only
    const identity = pulumi.all([
      aws.getCallerIdentityOutput({}, child).accountId,
      aws.getPartitionOutput({}, child).partition,
    ]);
    const role = new aws.iam.Role(
      `${name}-irsa`,
      {
        description: `${args.namePrefix} service ${svc.name} (IRSA)`,
        assumeRolePolicy: pulumi
          .all([args.oidcProviderArn, args.oidcIssuerUrl, namespace])
          .apply(([arn, url, ns]) => irsaTrustPolicy(arn, url, ns, svc.name)),
      },
      child,
    );
    this.roleArn = role.arn;
    const db = args.database;
    const permissions: pulumi.Resource[] = [];
    if (db && (db.resourceId !== undefined || db.secretArn !== undefined)) {
      permissions.push(
        new aws.iam.RolePolicy(
          `${name}-access`,
          {
            role: role.id,
            policy: pulumi
              .all([identity, db.resourceId, db.user, db.secretArn])
              .apply(([[accountId, partition], resourceId, user, secretArn]) =>
                serviceAccessPolicy({
                  partition,
                  region: args.region,
                  accountId,
                  dbResourceId: resourceId,
                  dbUser: user,
                  secretArns: secretArn ? [secretArn] : [],
                }),
              ),
          },
          child,
        ),
      );
    }
    // Pods using this account (the Deployment names it) start only once the role may do what they need: a token
    // for a role without its policy fails the first IAM database login and with it the readiness check.
    const sa = new k8s.core.v1.ServiceAccount(
      `${name}-sa`,
      {
        metadata: { ...metadata, annotations: { "eks.amazonaws.com/role-arn": role.arn } },
        // The app never calls the Kubernetes API; the IRSA token is a separate projected volume.
        automountServiceAccountToken: false,
      },
      { ...child, dependsOn: permissions },
    );

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

export interface WorkloadsArgs extends Omit<
  PythonServiceArgs,
  "config" | "namespace" | "database" | "mesh" | "databaseRoles"
> {
  services: readonly ServiceConfig[];
  /** Shared by every service; each logs in as the PostgreSQL role named after the service. */
  database?: Omit<ServiceDatabase, "user" | "password">;
  /** With `database`: the master login a Job uses to create each service's role before its pods start. */
  databaseAdmin?: DatabaseAdmin;
  /**
   * The installed mesh: its configuration decides whether the apps namespace is injected (by revision label),
   * and injected pods wait for its control plane. Absent: no mesh.
   */
  mesh?: { config: MeshInjection; controlPlane: pulumi.Resource[] };
  /** Critical scan findings of the service images go to this SNS topic (image-scan.ts); absent: no alert. */
  alerts?: { topicArn: pulumi.Input<string>; runbookBaseUrl: string };
}

/**
 * The apps namespace and one PythonService per configured service (adding a service is one more config entry).
 * The namespace lives here, not in PythonService, because all services share it; it enforces the "restricted"
 * Pod Security Standard and, with the mesh on, asks Istio to inject sidecars (which pass "restricted" because
 * the mesh's CNI node agent, not a NET_ADMIN init container, redirects their traffic: mesh/cni.ts).
 */
export class Workloads extends pulumi.ComponentResource {
  readonly namespace: pulumi.Output<string>;
  readonly services: PythonService[];

  constructor(name: string, args: WorkloadsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:Workloads", name, {}, opts);
    const { services, database, databaseAdmin, mesh, alerts, ...shared } = args;
    const injected = mesh !== undefined && isInjected(mesh.config, NAMESPACES.apps);
    const ns = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: NAMESPACES.apps,
          labels: {
            [PART_OF_LABEL]: PART_OF,
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/enforce-version": "latest",
            // `istio.io/rev: <revision>` (the revisioned istiod), not `istio-injection`, which would win over it.
            ...(mesh ? meshInjectionLabels(mesh.config, NAMESPACES.apps) : {}),
          },
        },
      },
      { parent: this },
    );
    this.namespace = ns.metadata.name;
    const databaseRoles =
      database && databaseAdmin
        ? createDbRoleBootstrap(this, name, {
            namePrefix: shared.namePrefix,
            region: shared.region,
            namespace: ns.metadata.name,
            oidcProviderArn: shared.oidcProviderArn,
            oidcIssuerUrl: shared.oidcIssuerUrl,
            admin: databaseAdmin,
            port: database.port,
            databaseName: database.name,
          })
        : undefined;
    this.services = services.map(
      (svc) =>
        new PythonService(
          `${name}-${svc.name}`,
          {
            ...shared,
            config: svc,
            namespace: ns.metadata.name,
            database: database ? { ...database, user: svc.name } : undefined,
            databaseRoles,
            mesh: mesh && injected ? { controlPlane: mesh.controlPlane } : undefined,
          },
          { parent: this },
        ),
    );
    if (alerts && services.length > 0) {
      createCriticalFindingsAlert(this, name, {
        namePrefix: shared.namePrefix,
        repositories: services.map((s) => repositoryName(shared.namePrefix, s.name)),
        alertTopicArn: alerts.topicArn,
        runbookBaseUrl: alerts.runbookBaseUrl,
      });
    }
    this.registerOutputs({ namespace: this.namespace });
  }
}

function relativeToCwd(p: string): string {
  return path.relative(process.cwd(), p) || ".";
}
