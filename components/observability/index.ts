/**
 * Observability tier: container and node logs to CloudWatch Logs (Fluent Bit, aws-for-fluent-bit chart) into log
 * groups this program creates (one per namespace, retention by environment, the tier's KMS key), and an
 * OpenTelemetry collector (opentelemetry-collector chart, contrib image) receiving OTLP from the mesh's sidecars and
 * the apps and exporting to AWS X-Ray. Each with its own IRSA role, least privilege.
 *
 * What is rendered (pipelines, values, policies) comes from pure functions in logs.ts and traces.ts; this file only
 * turns them into resources. Kubernetes resources use the provider in `opts.providers` (the cluster's).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ObservabilityConfig } from "../../config";
import { irsaTrustPolicy } from "../shared/iam";
import { createEncryptedLogGroup, createTierKey } from "../shared/kms";
import { MONITORING_LABELS, NAMESPACES, PART_OF, PART_OF_LABEL, RELEASES } from "../shared/names";
import { allLogGroups, fluentBitValues, logGroupLayout, logShipperPolicy, type LogGroupLayout } from "./logs";
import { AWS_FOR_FLUENT_BIT, FLUENT_BIT_IMAGE, OTEL_COLLECTOR, OTEL_COLLECTOR_IMAGE, type ChartPin } from "./pins";
import {
  appTracingEnv,
  collectorEndpoints,
  collectorValues,
  OTLP_GRPC_PORT,
  OTLP_HTTP_PORT,
  traceExportPolicy,
} from "./traces";

/** The collector's OTLP receiver ports (gRPC for the sidecars, HTTP for the apps). */
export const OTLP_PORTS = [OTLP_GRPC_PORT, OTLP_HTTP_PORT] as const;

interface ObservabilityArgs {
  namePrefix: string;
  region: string;
  config: ObservabilityConfig;
  oidcProviderArn: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
  /** The ServiceMonitor CRDs come with kube-prometheus-stack. */
  monitoringDependsOn: pulumi.Input<pulumi.Resource>[];
  /** `protect` the tier's KMS key (cfg.protectStateful). */
  protect: boolean;
}

export interface ObservabilitySummary {
  namespace: string;
  /** Log group per namespace (+ other, nodes); empty when logs are off. */
  logGroups: string[];
  /** host:port the sidecars export to; "" when traces are off. */
  traceCollector: string;
  tracesSamplingPercent: number;
}

export class Observability extends pulumi.ComponentResource {
  readonly layout?: LogGroupLayout;
  /** host:port of the collector's OTLP/gRPC receiver (mesh.tracingCollector), or "" when traces are off. */
  readonly otlpGrpcEndpoint: string;
  /** OTEL_* variables for an app container named `service`; {} when traces are off. */
  readonly appEnv: (service: string) => Record<string, string>;
  readonly summary: ObservabilitySummary;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:Observability", name, {}, opts);
    const cfg = args.config;
    const namespace = NAMESPACES.observability;
    const ns = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: namespace,
          // Fluent Bit reads the nodes' /var/log through hostPath and runs as root: only the privileged level admits it.
          labels: {
            [PART_OF_LABEL]: PART_OF,
            "pod-security.kubernetes.io/enforce": cfg.logs.enabled ? "privileged" : "restricted",
            "pod-security.kubernetes.io/warn": "baseline",
          },
        },
      },
      { parent: this },
    );
    const irsaRole = (suffix: string, serviceAccount: string, description: string, policy: pulumi.Input<string>) => {
      const role = new aws.iam.Role(
        `${name}-${suffix}`,
        {
          description,
          assumeRolePolicy: pulumi
            .all([args.oidcProviderArn, args.oidcIssuerUrl])
            .apply(([arn, url]) => irsaTrustPolicy(arn, url, namespace, serviceAccount)),
        },
        { parent: this },
      );
      const rolePolicy = new aws.iam.RolePolicy(`${name}-${suffix}`, { role: role.id, policy }, { parent: this });
      return { role, rolePolicy };
    };
    const release = (
      suffix: string,
      pin: ChartPin,
      releaseName: string,
      values: pulumi.Input<Record<string, unknown>>,
      dependsOn: pulumi.Input<pulumi.Resource>[],
    ) =>
      new k8s.helm.v3.Release(
        `${name}-${suffix}`,
        {
          name: releaseName,
          chart: pin.chart,
          version: pin.version,
          repositoryOpts: { repo: pin.repo },
          namespace: ns.metadata.name,
          timeout: 600,
          maxHistory: 5,
          values,
        },
        { parent: this, dependsOn: [...dependsOn, ...args.monitoringDependsOn] },
      );

    if (cfg.logs.enabled) {
      this.layout = logGroupLayout(args.namePrefix, cfg.logs.namespaces, cfg.logs.nodeLogs);
      const groupNames = allLogGroups(this.layout);
      const key = createTierKey(this, `${name}-logs`, {
        description: `${args.namePrefix} container and node logs`,
        alias: `alias/${args.namePrefix}-observability`,
        region: args.region,
        logGroupNames: groupNames,
        protect: args.protect,
      });
      const groups = groupNames.map((g) =>
        createEncryptedLogGroup(this, `${name}-${g.split("/").slice(2).join("-")}`, g, cfg.logs.retentionDays, key),
      );
      const shipper = irsaRole(
        "fluent-bit",
        RELEASES.fluentBit,
        "Fluent Bit: write container and node logs into this cluster's log groups",
        pulumi.all(groups.map((g) => g.arn)).apply((arns) => logShipperPolicy(arns)),
      );
      release(
        "fluent-bit",
        AWS_FOR_FLUENT_BIT,
        RELEASES.fluentBit,
        fluentBitValues(
          {
            region: args.region,
            layout: this.layout,
            roleArn: shipper.role.arn,
            serviceAccount: RELEASES.fluentBit,
            fullname: RELEASES.fluentBit,
            resources: cfg.logs,
            serviceMonitorLabels: { ...MONITORING_LABELS },
          },
          FLUENT_BIT_IMAGE,
        ),
        [shipper.rolePolicy, ...groups],
      );
    }

    const endpoints = collectorEndpoints(RELEASES.otelCollector, namespace);
    this.otlpGrpcEndpoint = cfg.traces.enabled ? endpoints.grpcHostPort : "";
    if (cfg.traces.enabled) {
      const exporter = irsaRole(
        "otel-collector",
        RELEASES.otelCollector,
        "OpenTelemetry collector: send trace segments to X-Ray",
        traceExportPolicy(),
      );
      release(
        "otel-collector",
        OTEL_COLLECTOR,
        RELEASES.otelCollector,
        collectorValues({
          fullname: RELEASES.otelCollector,
          serviceAccount: RELEASES.otelCollector,
          roleArn: exporter.role.arn,
          region: args.region,
          replicas: cfg.traces.replicas,
          resources: cfg.traces,
          image: OTEL_COLLECTOR_IMAGE,
          correlatedLogGroups: this.layout?.namespaces[NAMESPACES.apps]
            ? [this.layout.namespaces[NAMESPACES.apps]]
            : [],
          serviceMonitorLabels: { ...MONITORING_LABELS },
        }),
        [exporter.rolePolicy],
      );
    }
    this.appEnv = (service) =>
      cfg.traces.enabled ? appTracingEnv(service, endpoints.httpUrl, cfg.traces.samplingPercent) : {};
    this.summary = {
      namespace,
      logGroups: this.layout ? allLogGroups(this.layout) : [],
      traceCollector: this.otlpGrpcEndpoint,
      tracesSamplingPercent: cfg.traces.enabled ? cfg.traces.samplingPercent : 0,
    };
    this.registerOutputs({});
  }
}
