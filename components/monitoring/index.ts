/**
 * Monitoring tier: kube-prometheus-stack (Prometheus, Alertmanager, Grafana, operator, kube-state-metrics,
 * node-exporter), the blackbox exporter probing the public URLs, our alert and recording rules as a PrometheusRule,
 * Grafana dashboards as ConfigMaps, and on the AWS side (monitoring-aws.ts) CloudWatch alarms for the data
 * services, the SNS alert topic and the environment's budget.
 *
 * Everything rendered (chart values, rules, Alertmanager config, dashboards, alarms) comes from pure functions in
 * components/monitoring/; this file only turns their results into resources. Kubernetes resources use the
 * `kubernetes` provider passed in `opts.providers` (the cluster's).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { MonitoringArgs, MonitoringSummary } from "./args";
import { createAlertmanagerRole, createAlerting, createGrafanaRole } from "./aws-alerting";
import { buildAlertRules, buildRecordingRules, renderRuleGroups } from "./alert-rules";
import { ALERTMANAGER_SECRET_KEYS, renderAlertmanagerConfig } from "./alertmanager";
import {
  ALERTMANAGER_SERVICE_ACCOUNT,
  BLACKBOX_EXPORTER,
  blackboxExporterValues,
  GRAFANA_ADMIN_KEYS,
  GRAFANA_ADMIN_SECRET,
  GRAFANA_IMAGE,
  GRAFANA_SERVICE_ACCOUNT,
  grafanaServiceName,
  KUBE_PROMETHEUS_STACK,
  kubePrometheusStackValues,
  probeSpec,
} from "./chart-values";
import { createDashboardConfigMaps } from "./dashboard-configmaps";
import { ruleInputsFromConfig } from "./rule-inputs";
import { METRICS_JOBS, MONITORING_LABELS, NAMESPACES, PART_OF, PART_OF_LABEL, RELEASES } from "../shared/names";
import { mirrorImage } from "../shared/image-mirror";

// Also public, for platform.ts and the mesh tier (which adds its own dashboard with these panel builders).
export { type BuiltDashboard, dashboardUid } from "./dashboards";
export { dashboard, prom, stat, timeseries } from "./dashboards/panels";
export type { MonitoringArgs, MonitoringSummary } from "./args";

export class Monitoring extends pulumi.ComponentResource {
  readonly namespace: pulumi.Output<string>;
  /** The kube-prometheus-stack release: what ServiceMonitors/PodMonitors elsewhere wait for (it installs the CRDs). */
  readonly stack: k8s.helm.v3.Release;
  readonly alertTopicArn: pulumi.Output<string>;
  readonly grafanaAdminPassword: pulumi.Output<string>;
  /** `kubectl port-forward` target of Grafana. */
  readonly grafanaService: string;
  readonly alarmNames: string[];
  /** ECR repositories of the images this tier mirrors from Docker Hub (Grafana's). */
  readonly mirroredRepositories: string[];
  readonly budgetName: string;
  /** Stack output: where things are and how to reach Grafana. */
  readonly summary: MonitoringSummary;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:Monitoring", name, {}, opts);
    const child = { parent: this };
    const cfg = args.config;
    // The SNS topic first: Alertmanager emails through it (rule-inputs.ts), so its config names the topic's ARN.
    const alerting = createAlerting(
      name,
      {
        namePrefix: args.namePrefix,
        region: args.region,
        alertEmail: cfg.alertEmail,
        budgetMonthlyUsd: cfg.budgetMonthlyUsd,
        costTag: args.costTag,
        alarms: cfg.alarms,
        runbookBaseUrl: cfg.runbookBaseUrl,
        aurora: args.aurora,
        cache: args.cache,
        protect: args.protect,
      },
      this,
    );
    const inputs = ruleInputsFromConfig(
      { services: args.services, monitoring: cfg, observability: args.observability, secrets: args.secrets },
      { arn: alerting.topicArn, region: args.region },
    );
    const labels = { [PART_OF_LABEL]: PART_OF };

    const ns = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: NAMESPACES.monitoring,
          // node-exporter needs hostNetwork, hostPID and hostPath mounts: only the privileged level admits it.
          labels: {
            ...labels,
            "pod-security.kubernetes.io/enforce": "privileged",
            "pod-security.kubernetes.io/warn": "baseline",
          },
        },
      },
      child,
    );
    this.namespace = ns.metadata.name;
    const namespace = NAMESPACES.monitoring;
    const inNs = (objectName: string, extra: Record<string, string> = {}) => ({
      name: objectName,
      namespace: this.namespace,
      labels: { ...labels, ...extra },
    });

    const adminPassword = new random.RandomPassword(`${name}-grafana-admin`, { length: 32, special: false }, child);
    this.grafanaAdminPassword = pulumi.secret(adminPassword.result);
    const grafanaAdmin = new k8s.core.v1.Secret(
      `${name}-grafana-admin`,
      {
        metadata: inNs(GRAFANA_ADMIN_SECRET),
        type: "Opaque",
        stringData: pulumi.secret(
          pulumi.output(adminPassword.result).apply((password) => ({
            [GRAFANA_ADMIN_KEYS.user]: "admin",
            [GRAFANA_ADMIN_KEYS.password]: password,
          })),
        ),
      },
      child,
    );

    // Notifier credentials as files for Alertmanager (the rendered config only names the paths).
    const notifierValues: Record<string, pulumi.Input<string>> = {};
    if (cfg.slackEnabled && args.secrets.alertSlackWebhookUrl)
      notifierValues[ALERTMANAGER_SECRET_KEYS.slackWebhookUrl] = args.secrets.alertSlackWebhookUrl;
    const notifiers = new k8s.core.v1.Secret(
      `${name}-alertmanager-notifiers`,
      {
        metadata: inNs(inputs.alertmanager.secretName),
        type: "Opaque",
        stringData: pulumi.secret(pulumi.all(notifierValues)),
      },
      child,
    );

    const grafanaRole = createGrafanaRole(
      name,
      {
        oidcProviderArn: args.oidcProviderArn,
        oidcIssuerUrl: args.oidcIssuerUrl,
        namespace,
        serviceAccount: GRAFANA_SERVICE_ACCOUNT,
        xray: args.xrayDatasource,
      },
      this,
    );

    const alertmanagerRole = createAlertmanagerRole(
      name,
      {
        oidcProviderArn: args.oidcProviderArn,
        oidcIssuerUrl: args.oidcIssuerUrl,
        namespace,
        serviceAccount: ALERTMANAGER_SERVICE_ACCOUNT,
        topicArn: alerting.topicArn,
        keyArn: alerting.keyArn,
      },
      this,
    );

    const alertmanager = renderAlertmanagerConfig(inputs.alertmanager);
    // Grafana's chart default is Docker Hub: run the stack's ECR copy by digest (prod keeps it on destroy).
    const grafanaMirror = mirrorImage(this, `${name}-grafana`, {
      namePrefix: args.namePrefix,
      upstream: GRAFANA_IMAGE,
      forceDelete: !args.protect,
    });
    this.mirroredRepositories = [grafanaMirror.repositoryName];
    // Waits for the Secrets its values name and for the policies of the roles Grafana's and Alertmanager's service
    // accounts assume.
    this.stack = new k8s.helm.v3.Release(
      `${name}-kube-prometheus-stack`,
      {
        name: RELEASES.kubePrometheusStack,
        chart: KUBE_PROMETHEUS_STACK.chart,
        version: KUBE_PROMETHEUS_STACK.version,
        repositoryOpts: { repo: KUBE_PROMETHEUS_STACK.repo },
        namespace: this.namespace,
        timeout: 900,
        maxHistory: 5,
        values: kubePrometheusStackValues({
          retentionDays: cfg.prometheusRetentionDays,
          storageGiB: cfg.prometheusStorageGiB,
          storageClass: args.storageClass,
          prometheusCpuRequest: cfg.prometheusCpuRequest,
          prometheusMemory: cfg.prometheusMemory,
          alertmanagerConfig: alertmanager.config,
          alertmanagerSecretName: inputs.alertmanager.secretName,
          alertmanagerRoleArn: alertmanagerRole.roleArn,
          grafanaAdminSecretName: GRAFANA_ADMIN_SECRET,
          grafanaRoleArn: grafanaRole.roleArn,
          grafanaImage: {
            registry: grafanaMirror.repositoryUrl.apply((url) => url.split("/")[0]),
            repository: grafanaMirror.repositoryName,
            tag: grafanaMirror.tag,
            sha: grafanaMirror.digest.apply((d) => d.replace(/^sha256:/, "")),
          },
          region: args.region,
          xrayDatasource: args.xrayDatasource,
        }),
      },
      { ...child, dependsOn: [grafanaAdmin, notifiers, grafanaRole.policy, alertmanagerRole.policy] },
    );
    this.grafanaService = grafanaServiceName(RELEASES.kubePrometheusStack);

    const blackbox = new k8s.helm.v3.Release(
      `${name}-blackbox-exporter`,
      {
        name: RELEASES.blackboxExporter,
        chart: BLACKBOX_EXPORTER.chart,
        version: BLACKBOX_EXPORTER.version,
        repositoryOpts: { repo: BLACKBOX_EXPORTER.repo },
        namespace: this.namespace,
        maxHistory: 5,
        values: blackboxExporterValues({ minTlsVersion: "TLS12" }),
      },
      child,
    );

    // Custom resources need the operator's CRDs, which the kube-prometheus-stack release installs.
    const crd = { ...child, dependsOn: [this.stack] };
    new k8s.apiextensions.CustomResource(
      `${name}-rules`,
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: inNs("edgestack-rules", MONITORING_LABELS),
        spec: {
          groups: renderRuleGroups(buildAlertRules(inputs.thresholds, inputs.targets), {
            recordingRules: buildRecordingRules(inputs.thresholds, inputs.targets),
          }),
        },
      },
      crd,
    );
    if (args.publicUrls.length > 0) {
      new k8s.apiextensions.CustomResource(
        `${name}-public-endpoints`,
        {
          apiVersion: "monitoring.coreos.com/v1",
          kind: "Probe",
          metadata: inNs("public-endpoints", MONITORING_LABELS),
          spec: probeSpec(args.publicUrls, namespace, METRICS_JOBS.blackbox),
        },
        { ...crd, dependsOn: [this.stack, blackbox] },
      );
    }

    createDashboardConfigMaps(this, name, { ...args, inputs }, inNs);

    this.alertTopicArn = alerting.topicArn;
    this.alarmNames = alerting.alarmNames;
    this.budgetName = alerting.budgetName;

    this.summary = {
      namespace: this.namespace,
      grafana: `kubectl -n ${namespace} port-forward svc/${this.grafanaService} 3000:80`,
      grafanaAdminPassword: this.grafanaAdminPassword,
      alertTopicArn: this.alertTopicArn,
      alarms: this.alarmNames.length,
      budget: this.budgetName,
      probedUrls: args.publicUrls.length,
    };
    this.registerOutputs({
      namespace: this.namespace,
      alertTopicArn: this.alertTopicArn,
      grafanaAdminPassword: this.grafanaAdminPassword,
    });
  }
}
