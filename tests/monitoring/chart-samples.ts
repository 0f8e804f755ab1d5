import { renderAlertmanagerConfig } from "../../components/monitoring/alertmanager";
import { KubePrometheusStackInput } from "../../components/monitoring/chart-values";
import { SAMPLE_INPUT } from "../../tools/test-rules";

/** A full kube-prometheus-stack input with plain values (the role ARN is an Output in the program). */
export const SAMPLE_KPS_INPUT: KubePrometheusStackInput = {
  retentionDays: 15,
  storageGiB: 50,
  storageClass: "gp3",
  prometheusCpuRequest: "500m",
  prometheusMemory: "4Gi",
  alertmanagerConfig: renderAlertmanagerConfig(SAMPLE_INPUT.alertmanager).config,
  alertmanagerSecretName: "alertmanager-notifiers",
  alertmanagerRoleArn: "arn:aws:iam::123456789012:role/alertmanager",
  grafanaAdminSecretName: "grafana-admin",
  grafanaRoleArn: "arn:aws:iam::123456789012:role/grafana",
  grafanaImage: {
    registry: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
    repository: "edgestack-prod/mirror/grafana/grafana",
    tag: "13.2.0-m0123456789",
    sha: "0".repeat(64),
  },
  region: "us-east-1",
  xrayDatasource: true,
};
