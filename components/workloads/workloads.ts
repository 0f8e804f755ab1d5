import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceConfig } from "../../config";
import { isInjected, meshInjectionLabels, type MeshInjection } from "../mesh";
import { NAMESPACES, PART_OF, PART_OF_LABEL } from "../shared/names";
import { createDbRoleBootstrap, type DatabaseAdmin } from "./db-role-bootstrap";
import { createCriticalFindingsAlert, repositoryName } from "./image-scan";
import { PythonService, type PythonServiceArgs, type ServiceDatabase } from "./service";

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
    const buildTags = new Map<string, string>();
    this.services = services.map(
      (svc) =>
        new PythonService(
          `${name}-${svc.name}`,
          {
            ...shared,
            buildTags,
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
