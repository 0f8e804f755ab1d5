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
  region: "us-east-1",
  xrayDatasource: true,
};
