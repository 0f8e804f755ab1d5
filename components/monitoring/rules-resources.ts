import { KUBE, promNumber, promRegexAny } from "./metrics";
import { AlertRule, RuleContext, appNamespaces, minutesDuration, runbookUrl } from "./rule-types";

/**
 * Saturation and workload health. Container and workload rules are scoped to our app namespaces
 * (kube-prometheus-stack's default rules already cover the rest of the cluster); node and volume
 * rules are cluster-wide because every node and PVC is ours.
 * Metric names and job/metrics_path selectors follow kube-prometheus-stack's own rules.
 */
export function resourceRules({ t, targets }: RuleContext): AlertRule[] {
  const ns = `namespace=~"${promRegexAny(appNamespaces(targets))}"`;
  const pct = promNumber(t.resourcePercent);
  const forRes = minutesDuration(t.resourceForMinutes);
  const cadvisor = `job="${KUBE.kubeletJob}", metrics_path="${KUBE.cadvisorPath}", container!="", ${ns}`;
  const ksm = `job="${KUBE.kubeStateMetricsJob}", ${ns}`;
  const node = `job="${KUBE.nodeExporterJob}"`;
  const byContainer = "sum by (namespace, pod, container)";
  const rb = (alert: string) => runbookUrl(targets.runbookBase, alert);
  const rule = (r: Omit<AlertRule, "runbookUrl" | "group">): AlertRule => ({
    group: "resources",
    ...r,
    runbookUrl: rb(r.alert),
  });

  return [
    rule({
      alert: "ContainerCpuNearLimit",
      expr:
        `100 * ${byContainer} (rate(container_cpu_usage_seconds_total{${cadvisor}}[5m])) / ` +
        `${byContainer} (kube_pod_container_resource_limits{${ksm}, resource="cpu"}) > ${pct}`,
      for: forRes,
      severity: "warning",
      summary: "Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} is near its CPU limit.",
      description: `CPU use is {{ printf "%.1f" $value }}% of the limit (threshold ${pct}%): requests are being throttled.`,
    }),
    rule({
      alert: "ContainerMemoryNearLimit",
      expr:
        `100 * ${byContainer} (container_memory_working_set_bytes{${cadvisor}}) / ` +
        `${byContainer} (kube_pod_container_resource_limits{${ksm}, resource="memory"}) > ${pct}`,
      for: forRes,
      severity: "warning",
      summary: "Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} is near its memory limit.",
      description: `Working set is {{ printf "%.1f" $value }}% of the memory limit (threshold ${pct}%): the next step is an OOM kill.`,
    }),
    rule({
      alert: "NodeCpuHigh",
      expr: `100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{${node}, mode="idle"}[5m]))) > ${pct}`,
      for: forRes,
      severity: "warning",
      summary: "Node {{ $labels.instance }} CPU is saturated.",
      description: `CPU use on {{ $labels.instance }} is {{ printf "%.1f" $value }}% (threshold ${pct}%).`,
    }),
    rule({
      alert: "NodeMemoryHigh",
      expr: `100 * (1 - node_memory_MemAvailable_bytes{${node}} / node_memory_MemTotal_bytes{${node}}) > ${pct}`,
      for: forRes,
      severity: "warning",
      summary: "Node {{ $labels.instance }} memory is nearly exhausted.",
      description: `Memory use on {{ $labels.instance }} is {{ printf "%.1f" $value }}% (threshold ${pct}%).`,
    }),
    rule({
      alert: "NodeDiskHigh",
      expr:
        `100 * (1 - node_filesystem_avail_bytes{${node}, fstype!~"tmpfs|overlay|squashfs|nsfs", mountpoint!=""} / ` +
        `node_filesystem_size_bytes{${node}, fstype!~"tmpfs|overlay|squashfs|nsfs", mountpoint!=""}) > ${pct}`,
      for: forRes,
      severity: "warning",
      summary: "Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} is nearly full.",
      description: `{{ $labels.mountpoint }} on {{ $labels.instance }} is {{ printf "%.1f" $value }}% full (threshold ${pct}%).`,
    }),
    rule({
      alert: "PersistentVolumeNearFull",
      expr:
        `100 * (1 - kubelet_volume_stats_available_bytes{job="${KUBE.kubeletJob}", metrics_path="${KUBE.kubeletPath}"} / ` +
        `kubelet_volume_stats_capacity_bytes{job="${KUBE.kubeletJob}", metrics_path="${KUBE.kubeletPath}"}) > ${pct}`,
      for: forRes,
      severity: "warning",
      summary: "PVC {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is nearly full.",
      description: `The volume is {{ printf "%.1f" $value }}% full (threshold ${pct}%).`,
    }),
    rule({
      alert: "PodCrashLooping",
      expr: `max_over_time(kube_pod_container_status_waiting_reason{${ksm}, reason="CrashLoopBackOff"}[5m]) >= 1`,
      for: minutesDuration(t.crashLoopMinutes),
      severity: "warning",
      summary: "Pod {{ $labels.namespace }}/{{ $labels.pod }} is crash looping.",
      description:
        `Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} has been in ` +
        `CrashLoopBackOff for ${t.crashLoopMinutes} minutes.`,
    }),
    rule({
      alert: "HpaMaxedOut",
      expr:
        `kube_horizontalpodautoscaler_status_current_replicas{${ksm}} == ` +
        `kube_horizontalpodautoscaler_spec_max_replicas{${ksm}} ` +
        `and on (namespace, horizontalpodautoscaler) ` +
        `(kube_horizontalpodautoscaler_spec_max_replicas{${ksm}} != kube_horizontalpodautoscaler_spec_min_replicas{${ksm}})`,
      for: minutesDuration(t.hpaMaxedMinutes),
      severity: "warning",
      summary: "HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} is at max replicas.",
      description:
        `{{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} has run at its maximum of ` +
        `{{ printf "%.0f" $value }} replicas for ${t.hpaMaxedMinutes} minutes: raise maxReplicas or add capacity.`,
    }),
  ];
}
