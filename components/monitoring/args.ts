import type * as pulumi from "@pulumi/pulumi";
import type { MonitoringConfig, PlatformSecrets, ServiceConfig } from "../../config";
import type { AuroraTargets, CacheTargets } from "./cloudwatch-alarms";
import type { ObservabilityParts } from "./rule-inputs";

export interface MonitoringArgs {
  namePrefix: string;
  region: string;
  config: MonitoringConfig;
  services: readonly ServiceConfig[];
  /** Alert secrets from config (already secret Outputs). */
  secrets: PlatformSecrets;
  oidcProviderArn: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
  /** StorageClass of the Prometheus/Alertmanager volumes (the Cluster tier's encrypted gp3 class). */
  storageClass: string;
  /** Public URLs the blackbox exporter probes (HTTP 2xx over verified TLS); none = no Probe. */
  publicUrls: pulumi.Input<string>[];
  /** Cost allocation tag the budget filters on, e.g. { key: "environment", value: "prod" }. */
  costTag: { key: string; value: string };
  aurora?: AuroraTargets<pulumi.Input<string>>;
  cache?: CacheTargets<pulumi.Input<string>>;
  /** Dashboards other tiers render (e.g. the mesh's), added as ConfigMaps next to ours. */
  extraDashboards?: { uid: string; json: pulumi.Input<string> }[];
  /** `protect` the alert topic's KMS key (cfg.protectStateful). */
  protect: boolean;
  /** Which parts of the observability tier run (cfg.observability): their alerts and dashboard panels. */
  observability: ObservabilityParts;
  /** Traces go to AWS X-Ray: Grafana gets the X-Ray datasource (plugin + read-only IAM). */
  xrayDatasource?: boolean;
}

export interface MonitoringSummary {
  namespace: pulumi.Output<string>;
  /** Command that makes Grafana reachable at http://localhost:3000 (user admin). */
  grafana: string;
  /** Secret: `pulumi stack output --show-secrets monitoring`. */
  grafanaAdminPassword: pulumi.Output<string>;
  alertTopicArn: pulumi.Output<string>;
  alarms: number;
  budget: string;
  probedUrls: number;
}
