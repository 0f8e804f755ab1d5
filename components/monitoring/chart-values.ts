import type { Input } from "@pulumi/pulumi";

/**
 * Helm values of the two monitoring charts as typed data. Every key set here was checked against the chart's own
 * values.yaml at the pinned version (tests/monitoring/fixtures/chart-values-keys.json lists them with where each
 * was verified; a test fails when a key is added without being listed, or when a version changes).
 */

interface ChartPin {
  chart: string;
  version: string;
  repo: string;
}

/** prometheus-community/helm-charts, charts/kube-prometheus-stack/Chart.yaml (2026-08; Prometheus Operator v0.93.1). */
export const KUBE_PROMETHEUS_STACK: Readonly<ChartPin> = Object.freeze({
  chart: "kube-prometheus-stack",
  version: "88.5.3",
  repo: "https://prometheus-community.github.io/helm-charts",
});

/** prometheus-community/helm-charts, charts/prometheus-blackbox-exporter/Chart.yaml (blackbox_exporter v0.28.0). */
export const BLACKBOX_EXPORTER: Readonly<ChartPin> = Object.freeze({
  chart: "prometheus-blackbox-exporter",
  version: "11.17.2",
  repo: "https://prometheus-community.github.io/helm-charts",
});

/**
 * Grafana, as the grafana subchart (grafana-community/helm-charts grafana-12.11.1, kube-prometheus-stack 88.5.3's
 * dependency) runs it by default: `image.registry: docker.io`, `repository: grafana/grafana`, tag = the chart's
 * appVersion 13.2.0 (its Chart.yaml). Docker Hub only as far as the chart says, so the stack runs its own ECR copy
 * (components/shared/image-mirror.ts), by digest (`image.sha`, which the chart's _pod.tpl appends as `@sha256:`).
 */
export const GRAFANA_IMAGE = Object.freeze({ repository: "grafana/grafana", tag: "13.2.0" });

/** Fixed names the charts' objects get, so other resources can point at them. */
export const BLACKBOX_FULLNAME = "blackbox-exporter";
export const BLACKBOX_PORT = 9115;
export const GRAFANA_SERVICE_ACCOUNT = "grafana";
/** Alertmanager's service account, named so its IRSA role can trust exactly it (the chart's default name is derived). */
export const ALERTMANAGER_SERVICE_ACCOUNT = "alertmanager";
/** The Grafana Service kube-prometheus-stack creates: `<release>-grafana`, port 80. */
export const grafanaServiceName = (release: string) => `${release}-grafana`;
/** Label and value the Grafana sidecar watches for dashboard ConfigMaps (the chart's default). */
export const DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;
/** Secret with Grafana's admin user and password (from random), referenced by `grafana.admin.existingSecret`. */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
/** Keys of the Grafana admin Secret (the chart's `admin.userKey` / `admin.passwordKey` defaults). */
export const GRAFANA_ADMIN_KEYS = { user: "admin-user", password: "admin-password" } as const;
export const BLACKBOX_MODULE = "http_2xx";

type Resources = { requests: { cpu: string; memory: string }; limits: { memory: string } };
/** Memory limit = request (no surprise OOM under node pressure); no CPU limit (throttling only adds latency). */
const resources = (cpu: string, memory: string, memoryLimit = memory): Resources => ({
  requests: { cpu, memory },
  limits: { memory: memoryLimit },
});

const pvc = (storageClass: string, gib: number) => ({
  volumeClaimTemplate: {
    spec: {
      storageClassName: storageClass,
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: `${gib}Gi` } },
    },
  },
});

export interface KubePrometheusStackInput {
  retentionDays: number;
  storageGiB: number;
  /** StorageClass of the Prometheus and Alertmanager volumes (gp3, encrypted: created by the Cluster tier). */
  storageClass: string;
  prometheusCpuRequest: string;
  prometheusMemory: string;
  /** renderAlertmanagerConfig(...).config */
  alertmanagerConfig: Record<string, unknown>;
  /** Secret holding the notifier credentials the config reads from files. */
  alertmanagerSecretName: string;
  /** IAM role (IRSA) Alertmanager's SNS receiver signs with. */
  alertmanagerRoleArn: Input<string>;
  /** Secret with GRAFANA_ADMIN_KEYS. */
  grafanaAdminSecretName: string;
  /** IAM role (IRSA) Grafana's CloudWatch datasource assumes. */
  grafanaRoleArn: Input<string>;
  /** Grafana's image: the stack's ECR mirror of GRAFANA_IMAGE; `sha` is the pushed digest's hex ("" before the push). */
  grafanaImage: { registry: Input<string>; repository: string; tag: string; sha: Input<string> };
  region: string;
  /** Add the AWS X-Ray datasource (traces exported by the observability tier's collector). */
  xrayDatasource?: boolean;
}

/**
 * Grafana's X-Ray datasource plugin, pinned (grafana/x-ray-datasource release 2.17.2, 2026-09-08). The Grafana
 * chart installs `plugins` entries ("<id> <version>") at start-up from grafana.com: Grafana needs egress to it.
 */
const XRAY_PLUGIN = { id: "grafana-x-ray-datasource", version: "2.17.2" } as const;

/** Retention by size as well as by time: at 85 % of the volume Prometheus drops its oldest blocks instead of failing. */
export function retentionSize(storageGiB: number): string {
  // Prometheus parses sizes as powers of 1024 ("GB" = GiB).
  return `${Math.floor(storageGiB * 0.85)}GB`;
}

export function kubePrometheusStackValues(i: KubePrometheusStackInput): Record<string, unknown> {
  return {
    // EKS runs the control plane: these targets are unreachable and their default alerts would fire forever.
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    // EKS's kube-proxy binds its metrics to 127.0.0.1.
    kubeProxy: { enabled: false },
    prometheusOperator: {
      resources: resources("50m", "128Mi", "256Mi"),
      prometheusConfigReloader: { resources: resources("10m", "32Mi", "64Mi") },
    },
    "kube-state-metrics": { resources: resources("20m", "96Mi", "192Mi") },
    "prometheus-node-exporter": { resources: resources("20m", "32Mi", "64Mi") },
    prometheus: {
      prometheusSpec: {
        retention: `${i.retentionDays}d`,
        retentionSize: retentionSize(i.storageGiB),
        resources: {
          requests: { cpu: i.prometheusCpuRequest, memory: i.prometheusMemory },
          limits: { memory: i.prometheusMemory },
        },
        storageSpec: pvc(i.storageClass, i.storageGiB),
        // Select every ServiceMonitor, PodMonitor, Probe, ScrapeConfig and PrometheusRule in every namespace
        // instead of only those labelled `release: <this release>` (the other tiers' monitors and our rules).
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
      },
    },
    alertmanager: {
      config: i.alertmanagerConfig,
      // The SNS receiver signs with the web identity EKS injects for this annotation (no access keys anywhere).
      serviceAccount: {
        name: ALERTMANAGER_SERVICE_ACCOUNT,
        annotations: { "eks.amazonaws.com/role-arn": i.alertmanagerRoleArn },
      },
      alertmanagerSpec: {
        // Mounted at /etc/alertmanager/secrets/<name>/, where the config's *_file settings read them.
        secrets: [i.alertmanagerSecretName],
        resources: resources("10m", "64Mi", "128Mi"),
        // Silences and the notification log survive a restart.
        storage: pvc(i.storageClass, 2),
      },
    },
    grafana: {
      image: { ...i.grafanaImage },
      admin: {
        existingSecret: i.grafanaAdminSecretName,
        userKey: GRAFANA_ADMIN_KEYS.user,
        passwordKey: GRAFANA_ADMIN_KEYS.password,
      },
      serviceAccount: {
        name: GRAFANA_SERVICE_ACCOUNT,
        annotations: { "eks.amazonaws.com/role-arn": i.grafanaRoleArn },
      },
      resources: resources("50m", "192Mi", "384Mi"),
      sidecar: {
        dashboards: {
          enabled: true,
          label: Object.keys(DASHBOARD_LABEL)[0],
          labelValue: DASHBOARD_LABEL.grafana_dashboard,
          searchNamespace: "ALL",
        },
        resources: resources("10m", "64Mi", "128Mi"),
      },
      ...(i.xrayDatasource ? { plugins: [`${XRAY_PLUGIN.id} ${XRAY_PLUGIN.version}`] } : {}),
      additionalDataSources: [
        {
          name: "CloudWatch",
          uid: "cloudwatch",
          type: "cloudwatch",
          access: "proxy",
          editable: false,
          // "default" = the AWS SDK chain, which reads the web identity token EKS mounts for the IRSA role.
          jsonData: { authType: "default", defaultRegion: i.region },
        },
        ...(i.xrayDatasource
          ? [
              {
                name: "X-Ray",
                uid: "xray",
                type: XRAY_PLUGIN.id,
                access: "proxy",
                editable: false,
                // Same IRSA role as CloudWatch (its policy gains the X-Ray read actions).
                jsonData: { authType: "default", defaultRegion: i.region },
              },
            ]
          : []),
      ],
    },
  };
}

interface BlackboxInput {
  /** Minimum TLS version the probed endpoints must offer (the edge enforces 1.2). */
  minTlsVersion: "TLS12" | "TLS13";
}

export function blackboxExporterValues(i: BlackboxInput): Record<string, unknown> {
  return {
    fullnameOverride: BLACKBOX_FULLNAME,
    config: {
      modules: {
        [BLACKBOX_MODULE]: {
          prober: "http",
          timeout: "10s",
          http: {
            // Empty = any 2xx.
            valid_status_codes: [],
            valid_http_versions: ["HTTP/1.1", "HTTP/2.0"],
            follow_redirects: true,
            // A public URL served over plain HTTP is a failure, and so is an untrusted or expired certificate.
            fail_if_not_ssl: true,
            tls_config: { insecure_skip_verify: false, min_version: i.minTlsVersion },
            preferred_ip_protocol: "ip4",
          },
        },
      },
    },
    resources: resources("10m", "32Mi", "64Mi"),
  };
}

/** spec of the monitoring.coreos.com/v1 Probe that checks each public URL through the blackbox exporter. */
export function probeSpec(urls: readonly Input<string>[], namespace: string, jobName: string): Record<string, unknown> {
  return {
    jobName,
    interval: "30s",
    scrapeTimeout: "15s",
    module: BLACKBOX_MODULE,
    prober: { url: `${BLACKBOX_FULLNAME}.${namespace}.svc:${BLACKBOX_PORT}`, scheme: "http", path: "/probe" },
    targets: {
      staticConfig: {
        static: [...urls],
        // `target` = the host name: what the alerts and the dashboard show (instance keeps the full URL).
        relabelingConfigs: [
          { sourceLabels: ["__param_target"], regex: "https?://([^/:]+).*", targetLabel: "target", replacement: "$1" },
        ],
      },
    },
  };
}
