import { strict as assert } from "assert";
import { createHash } from "crypto";
import { buildAlertRules, buildRecordingRules, renderRuleGroups } from "../../components/monitoring/alert-rules";
import { renderAlertmanagerConfig } from "../../components/monitoring/alertmanager";
import { BLACKBOX_EXPORTER, KUBE_PROMETHEUS_STACK } from "../../components/monitoring/chart-values";
import { buildDashboards } from "../../components/monitoring/dashboards";
import { stackRuleInput } from "../../tools/test-rules";
import {
  CapturedResource,
  effectiveTags,
  input,
  isTaggableAwsType,
  ofType,
  one,
  RunResult,
  capture,
  runProgram,
  stackRun,
} from "../harness";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CR_RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v));

function monitoringResources(run: RunResult): CapturedResource[] {
  const tier = one(run, "edgestack:platform:Monitoring");
  return run.resources.filter((r) => r.parent === tier.urn);
}
const release = (run: RunResult, chart: string) => ofType(run, RELEASE).find((r) => r.inputs.chart === chart)!;

describe("Monitoring component (program graph)", () => {
  it("installs kube-prometheus-stack and the blackbox exporter, pinned, in the monitoring namespace, through the cluster's provider", async () => {
    const run = await stackRun("prod");
    for (const pin of [KUBE_PROMETHEUS_STACK, BLACKBOX_EXPORTER]) {
      const r = release(run, pin.chart);
      assert.deepEqual(
        [r.inputs.version, input(r, "repositoryOpts.repo"), r.inputs.namespace],
        [pin.version, pin.repo, "monitoring"],
        pin.chart,
      );
    }
    const k8s = monitoringResources(run).filter((r) => r.type.startsWith("kubernetes:"));
    assert.ok(k8s.length >= 8);
    for (const r of k8s)
      assert.match(r.provider ?? "", /::cluster-k8s::/, `${r.type} ${r.name} uses the cluster's provider`);
    const ns = one(run, "kubernetes:core/v1:Namespace", "monitoring-namespace");
    assert.ok(
      release(run, KUBE_PROMETHEUS_STACK.chart).dependencies.includes(ns.urn),
      "the release waits for its namespace",
    );
  });

  it("sizes Prometheus by environment: retention, gp3 volume, memory", async () => {
    const sizes = async (stack: "dev" | "prod") => {
      const spec = input(
        release(await stackRun(stack), KUBE_PROMETHEUS_STACK.chart),
        "values.prometheus.prometheusSpec",
      );
      return [
        spec.retention,
        spec.storageSpec.volumeClaimTemplate.spec.storageClassName,
        spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage,
        spec.resources.limits.memory,
      ];
    };
    assert.deepEqual(await sizes("dev"), ["3d", "gp3", "10Gi", "1Gi"]);
    assert.deepEqual(await sizes("prod"), ["15d", "gp3", "50Gi", "4Gi"]);
  });

  it("deploys exactly the rule table rendered for the stack's config, after the chart's CRDs, with the selector label", async () => {
    const run = await stackRun("prod");
    const rule = one(run, CR_RULE);
    const inputs = stackRuleInput("prod");
    const alerts = buildAlertRules(inputs.thresholds, inputs.targets);
    const expected = renderRuleGroups(alerts, {
      recordingRules: buildRecordingRules(inputs.thresholds, inputs.targets),
    });
    assert.deepEqual(input(rule, "spec.groups"), plain(expected));
    const deployed = (input(rule, "spec.groups") as { rules: { alert?: string }[] }[])
      .flatMap((g) => g.rules)
      .filter((r) => r.alert);
    assert.equal(deployed.length, alerts.length);
    assert.ok(deployed.some((r) => r.alert === "ServiceDown"));
    assert.equal(input(rule, "metadata.labels.release"), "kps");
    assert.equal(input(rule, "metadata.namespace"), "monitoring");
    assert.ok(
      rule.dependencies.includes(release(run, KUBE_PROMETHEUS_STACK.chart).urn),
      "PrometheusRule needs the CRD the chart installs",
    );
  });

  it("configures Alertmanager from the same inputs, its credentials Secret mounted, the null receiver kept", async () => {
    const run = await stackRun("prod");
    const values = input(release(run, KUBE_PROMETHEUS_STACK.chart), "values.alertmanager");
    assert.deepEqual(values.config, plain(renderAlertmanagerConfig(stackRuleInput("prod").alertmanager).config));
    assert.ok(values.config.receivers.some((r: { name: string }) => r.name === "null"));
    const secret = one(run, "kubernetes:core/v1:Secret", "monitoring-alertmanager-notifiers");
    assert.deepEqual(values.alertmanagerSpec.secrets, [input(secret, "metadata.name")]);
    assert.ok(
      release(run, KUBE_PROMETHEUS_STACK.chart).dependencies.includes(secret.urn),
      "the Secret exists before Alertmanager mounts it",
    );
  });

  it("provisions one dashboard ConfigMap per dashboard with the Grafana sidecar label, the mesh's where the mesh runs", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const run = await stackRun(stack);
      const maps = monitoringResources(run).filter((r) => r.type === "kubernetes:core/v1:ConfigMap");
      const inputs = stackRuleInput(stack);
      const uids = [
        ...buildDashboards({
          ...inputs.targets,
          thresholds: inputs.thresholds,
          aurora: { clusterIdentifier: "-" },
          cache: { cacheClusterIds: ["-"] },
        }).map((d) => d.uid),
        ...(stack === "prod" ? ["edgestack-mesh-apps"] : []),
      ];
      assert.deepEqual(
        maps.map((m) => Object.keys(m.inputs.data as object)[0]).sort(),
        uids.map((u) => `${u}.json`).sort(),
        stack,
      );
      for (const m of maps) {
        assert.equal(input(m, "metadata.labels.grafana_dashboard"), "1");
        const [[key, json]] = Object.entries(m.inputs.data as Record<string, string>);
        assert.equal(`${JSON.parse(json).uid}.json`, key);
      }
    }
  });

  it("raises CloudWatch alarms on the stack's own Aurora cluster (by role) and on every cache node", async () => {
    for (const [stack, expected] of [
      ["dev", 3 + 4],
      ["prod", 3 * 2 + 1 + 5 * 2],
    ] as const) {
      const run = await stackRun(stack);
      // The monitoring tier's own alarms (the backup tier adds its restore-failed alarm on the same topic).
      const alarms = ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) =>
        a.name.startsWith("monitoring-"),
      );
      assert.equal(alarms.length, expected, `${stack}: ${alarms.map((a) => a.name).join(", ")}`);
      const cluster = one(run, "aws:rds/cluster:Cluster");
      const group = one(run, "aws:elasticache/replicationGroup:ReplicationGroup");
      const dims = alarms.map((a) => a.inputs.dimensions as Record<string, string>);
      assert.ok(
        dims
          .filter((d) => d.DBClusterIdentifier)
          .every((d) => d.DBClusterIdentifier === cluster.inputs.clusterIdentifier),
      );
      const nodes = [...new Set(dims.flatMap((d) => (d.CacheClusterId ? [d.CacheClusterId] : [])))];
      assert.deepEqual(
        nodes,
        Array.from(
          { length: Number(group.inputs.numCacheClusters) },
          (_, i) => `${group.inputs.replicationGroupId}-00${i + 1}`,
        ),
      );
      const topic = one(run, "aws:sns/topic:Topic", "monitoring-alerts");
      assert.ok(
        alarms.every(
          (a) =>
            (a.inputs.alarmActions as string[])[0] === `arn:aws:sns:us-east-1:123456789012:${input(topic, "name")}`,
        ),
      );
    }
  });

  it("probes every public host at the NGINX health path and each service through Kong at its health route", async () => {
    const probe = one(await stackRun("prod"), "kubernetes:monitoring.coreos.com/v1:Probe");
    assert.deepEqual(input(probe, "spec.targets.staticConfig.static"), [
      "https://example.com/nginx-health",
      "https://www.example.com/nginx-health",
      "https://api.example.com/nginx-health",
      "https://api.example.com/api/v1/items/healthz",
      "https://api.example.com/api/v1/orders/healthz",
    ]);
    const run = await capture({ stack: "dev", config: { "edgestack:edge": { enabled: false } } });
    assert.ifError(run.error);
    assert.equal(
      ofType(run, "kubernetes:monitoring.coreos.com/v1:Probe").length,
      0,
      "no public hosts without the edge tier",
    );
  });

  it("other tiers' monitors wait for the chart that installs their CRDs", async () => {
    const run = await stackRun("prod");
    const kps = release(run, KUBE_PROMETHEUS_STACK.chart).urn;
    const monitors = ["ServiceMonitor", "PodMonitor"].flatMap((kind) =>
      ofType(run, `kubernetes:monitoring.coreos.com/v1:${kind}`),
    );
    assert.ok(monitors.length >= 2, "the services' ServiceMonitors and the mesh's monitors");
    for (const m of monitors) assert.ok(m.dependencies.includes(kps), `${m.type} ${m.name}`);
  });

  it("Grafana: admin password from random into a Secret the chart references; CloudWatch through an IRSA role for its service account", async () => {
    const run = await stackRun("prod");
    const grafana = input(release(run, KUBE_PROMETHEUS_STACK.chart), "values.grafana");
    const admin = one(run, "kubernetes:core/v1:Secret", "monitoring-grafana-admin");
    assert.equal(grafana.admin.existingSecret, input(admin, "metadata.name"));
    assert.equal(admin.inputs.stringData, "[secret]");
    assert.equal(one(run, "random:index/randomPassword:RandomPassword", "monitoring-grafana-admin").inputs.length, 32);
    const role = one(run, "aws:iam/role:Role", "monitoring-grafana");
    const trust = JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0];
    const sub = Object.entries(trust.Condition.StringEquals).find(([k]) => k.endsWith(":sub"))![1];
    assert.equal(sub, `system:serviceaccount:monitoring:${grafana.serviceAccount.name}`);
    assert.match(grafana.serviceAccount.annotations["eks.amazonaws.com/role-arn"], /^arn:aws:iam::\d{12}:role\//);
    assert.equal(grafana.additionalDataSources[0].type, "cloudwatch");
    assert.equal(
      run.outputs.monitoring && (run.outputs.monitoring as Record<string, unknown>).grafanaAdminPassword,
      "[secret]",
    );
  });

  it("never shows the Slack webhook or the Grafana password in clear", async () => {
    const webhook = "https://hooks.slack.com/services/T000/B000/XYZsecret42";
    const run = await runProgram({
      stack: "dev",
      config: { "edgestack:monitoring": { slackEnabled: true } },
      secrets: { "edgestack:alertSlackWebhookUrl": webhook },
    });
    assert.ifError(run.error);
    // The mock answers RandomPassword with this value (tools/mock-outputs.ts).
    const grafanaPassword = createHash("sha256").update("password:monitoring-grafana-admin").digest("hex").slice(0, 32);
    const text = JSON.stringify(run);
    for (const secret of [webhook, "XYZsecret42", grafanaPassword])
      assert.ok(!text.includes(secret), `${secret} leaked into the graph`);
    assert.equal(
      one(run, "kubernetes:core/v1:Secret", "monitoring-alertmanager-notifiers").inputs.stringData,
      "[secret]",
    );
    const config = input(release(run, KUBE_PROMETHEUS_STACK.chart), "values.alertmanager.config");
    const critical = config.receivers.find((r: { name: string }) => r.name === "critical");
    assert.equal(
      critical.slack_configs[0].api_url_file,
      "/etc/alertmanager/secrets/alertmanager-notifiers/slack-webhook-url",
    );
  });

  it("Alertmanager emails through the KMS-encrypted alert topic with an IRSA role: publish to that topic and its key only, no SMTP", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const run = await stackRun(stack);
      const kps = release(run, KUBE_PROMETHEUS_STACK.chart);
      const am = input(kps, "values.alertmanager");
      const topic = one(run, "aws:sns/topic:Topic", "monitoring-alerts");
      const topicArn = `arn:aws:sns:us-east-1:123456789012:${input(topic, "name")}`;
      for (const name of ["critical", "warning"]) {
        const r = am.config.receivers.find((x: { name: string }) => x.name === name);
        assert.equal(r.email_configs, undefined, `${stack} ${name}: no SMTP receiver`);
      }
      const sns = am.config.receivers.find((x: { name: string }) => x.name === "critical").sns_configs[0];
      assert.deepEqual([sns.topic_arn, sns.sigv4], [topicArn, { region: "us-east-1" }], stack);

      const role = one(run, "aws:iam/role:Role", "monitoring-alertmanager");
      const trust = JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0];
      const sub = Object.entries(trust.Condition.StringEquals).find(([k]) => k.endsWith(":sub"))![1];
      assert.equal(sub, `system:serviceaccount:monitoring:${am.serviceAccount.name}`);
      assert.match(am.serviceAccount.annotations["eks.amazonaws.com/role-arn"], /^arn:aws:iam::123456789012:role\//);
      const policy = one(run, "aws:iam/rolePolicy:RolePolicy", "monitoring-alertmanager-sns");
      const statements = JSON.parse(policy.inputs.policy as string).Statement as {
        Action: string | string[];
        Resource: string;
      }[];
      assert.deepEqual(
        statements.map((s) => [s.Action, s.Resource]),
        [
          ["sns:Publish", topicArn],
          [["kms:GenerateDataKey*", "kms:Decrypt"], statements[1].Resource],
        ],
      );
      // The mock's key ARN ends in the key id it derives from the resource: only the key of this topic fits.
      assert.match(statements[1].Resource, /^arn:aws:kms:us-east-1:123456789012:key\//);
      assert.equal(topic.inputs.kmsMasterKeyId, statements[1].Resource, "the topic's own key");
      assert.ok(kps.dependencies.includes(policy.urn), `${stack}: Alertmanager starts only once it may publish`);
    }
  });

  it("alerts by KMS-encrypted SNS topic to the alert email; the key is protected in prod only", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const run = await stackRun(stack);
      const key = one(run, "aws:kms/key:Key", "monitoring-alerts");
      const topic = one(run, "aws:sns/topic:Topic", "monitoring-alerts");
      assert.match(topic.inputs.kmsMasterKeyId as string, /^arn:aws:kms:/);
      assert.ok(topic.dependencies.includes(key.urn));
      assert.equal(key.protect, stack === "prod");
      assert.equal(key.inputs.enableKeyRotation, true);
      const sub = one(run, "aws:sns/topicSubscription:TopicSubscription", "monitoring-alerts-email");
      assert.deepEqual([sub.inputs.protocol, sub.inputs.endpoint], ["email", "platform-alerts@example.com"]);
    }
  });

  it("budgets the environment's spend by its cost allocation tag, 80 % forecast and 100 % actual, to email and SNS", async () => {
    for (const [stack, usd] of [
      ["dev", "275.00"],
      ["prod", "1200.00"],
    ] as const) {
      const run = await stackRun(stack);
      const budget = one(run, "aws:budgets/budget:Budget");
      const topic = one(run, "aws:sns/topic:Topic", "monitoring-alerts");
      assert.deepEqual(
        [budget.inputs.limitAmount, budget.inputs.timeUnit, budget.inputs.budgetType],
        [usd, "MONTHLY", "COST"],
      );
      assert.deepEqual(budget.inputs.costFilters, [{ name: "TagKeyValue", values: [`user:environment$${stack}`] }]);
      const notes = budget.inputs.notifications as Record<string, unknown>[];
      assert.deepEqual(
        notes.map((n) => [n.threshold, n.notificationType]),
        [
          [80, "FORECASTED"],
          [100, "ACTUAL"],
        ],
      );
      for (const n of notes) {
        assert.deepEqual(n.subscriberEmailAddresses, ["platform-alerts@example.com"]);
        assert.deepEqual(n.subscriberSnsTopicArns, [`arn:aws:sns:us-east-1:123456789012:${input(topic, "name")}`]);
      }
    }
  });

  it("tags the tier's AWS resources as component monitoring", async () => {
    const run = await stackRun("prod");
    const aws = monitoringResources(run).filter((r) => r.type.startsWith("aws:") && isTaggableAwsType(r.type));
    assert.ok(aws.length >= 4, aws.map((r) => r.type).join());
    for (const r of aws) assert.equal(effectiveTags(run, r).component, "monitoring", `${r.type} ${r.name}`);
  });
});
