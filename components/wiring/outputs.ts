import type * as pulumi from "@pulumi/pulumi";
import type { CacheOutputs, DatabaseOutputs } from "../data";
import type { EdgeSummary } from "../edge";
import type { BuiltDashboard, MonitoringSummary } from "../monitoring";
import type { ObservabilitySummary } from "../observability";

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
