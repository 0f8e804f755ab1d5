import { strict as assert } from "assert";
import { fluentBitPipeline, fluentBitValues, logGroupLayout, outputAlias } from "../../components/observability/logs";
import { FLUENT_BIT_IMAGE, OTEL_COLLECTOR_IMAGE } from "../../components/observability/pins";
import { COLLECTOR_METRICS_PORT, collectorConfig, collectorValues } from "../../components/observability/traces";

/**
 * What the telemetry alerts (components/monitoring/rules-telemetry.ts) need from the observability tier: both
 * components expose their own metrics where their chart's ServiceMonitor scrapes, under the names the rules read.
 */

const layout = logGroupLayout("edgestack-prod", ["apps", "kong", "kube-system"], true);
const resources = { cpuRequest: "100m", memoryRequest: "128Mi", memoryLimit: "256Mi" };

describe("observability: the shippers' own metrics, for the telemetry alerts", () => {
  it("Fluent Bit: every output has its own Alias (the metrics' `name` label), the chart's HTTP server and ServiceMonitor on", () => {
    const outputs = fluentBitPipeline(layout, "us-east-1").outputs.split("[OUTPUT]").slice(1);
    const aliases = outputs.map((o) => /^\s*Alias\s+(\S+)$/m.exec(o)?.[1]);
    assert.deepEqual(aliases, [
      outputAlias("apps"),
      outputAlias("kong"),
      outputAlias("kube-system"),
      outputAlias("other"),
      outputAlias("nodes"),
    ]);
    assert.deepEqual(aliases, [
      "cloudwatch_apps",
      "cloudwatch_kong",
      "cloudwatch_kube_system",
      "cloudwatch_other",
      "cloudwatch_nodes",
    ]);
    const values = fluentBitValues(
      {
        region: "us-east-1",
        layout,
        roleArn: "arn:aws:iam::123456789012:role/fb",
        serviceAccount: "fluent-bit",
        fullname: "fluent-bit",
        resources,
        serviceMonitorLabels: { release: "kps" },
      },
      FLUENT_BIT_IMAGE,
    ) as Record<string, any>;
    assert.equal(values.serviceMonitor.enabled, true);
    // Left to the chart: service.extraService (HTTP_Server On, port 2020) and serviceMonitor.service/telemetryPath
    // (monitor-agent → 2020, /api/v1/metrics/prometheus), aws/eks-charts stable/aws-for-fluent-bit 0.2.0 values.yaml.
    assert.equal(values.service, undefined);
    assert.deepEqual(Object.keys(values.serviceMonitor).sort(), ["enabled", "labels"]);
  });

  it("collector: telemetry served on the pod IP at the chart's metrics port, named without _total, scraped by its ServiceMonitor", () => {
    const config = collectorConfig({ region: "us-east-1", correlatedLogGroups: [] }) as Record<string, any>;
    assert.deepEqual(config.service.telemetry.metrics.readers, [
      {
        pull: {
          exporter: {
            prometheus: {
              host: "${env:MY_POD_IP}",
              port: 8888,
              without_type_suffix: true,
              without_units: true,
              without_scope_info: true,
            },
          },
        },
      },
    ]);
    const values = collectorValues({
      fullname: "otel-collector",
      serviceAccount: "otel-collector",
      roleArn: "arn:aws:iam::123456789012:role/otel",
      region: "us-east-1",
      replicas: 2,
      resources,
      image: OTEL_COLLECTOR_IMAGE,
      correlatedLogGroups: [],
      serviceMonitorLabels: { release: "kps" },
    }) as Record<string, any>;
    // The chart's `metrics` port (containerPort/servicePort 8888 by default, opentelemetry-collector 0.170.0
    // values.yaml) is what serviceMonitor.metricsEndpoints (default `port: metrics`) scrapes; it is off by default.
    assert.equal(COLLECTOR_METRICS_PORT, 8888);
    assert.deepEqual(values.ports.metrics, { enabled: true });
    assert.equal(values.serviceMonitor.enabled, true);
    assert.equal(values.serviceMonitor.metricsEndpoints, undefined, "the chart's default endpoint: port metrics");
  });
});
