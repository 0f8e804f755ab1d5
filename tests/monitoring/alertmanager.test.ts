import { strict as assert } from "assert";
import * as yaml from "js-yaml";
import {
  ALERTMANAGER_SECRET_KEYS,
  AlertmanagerOptions,
  renderAlertmanagerConfig,
  renderAlertmanagerYaml,
} from "../../components/monitoring/alertmanager";

const base: AlertmanagerOptions = {
  secretName: "alertmanager-notifiers",
  email: { topicArn: "arn:aws:sns:us-east-1:123456789012:edgestack-prod-alerts", region: "us-east-1" },
  slack: { channel: "#platform-alerts" },
};

type Route = { receiver: string; matchers?: string[]; repeat_interval?: string };
type Receiver = {
  name: string;
  sns_configs?: Record<string, unknown>[];
  email_configs?: unknown[];
  slack_configs?: Record<string, unknown>[];
};

function parts(o: AlertmanagerOptions) {
  const r = renderAlertmanagerConfig(o);
  const c = r.config as {
    route: Route & { routes: Route[]; group_by: string[] };
    receivers: Receiver[];
    inhibit_rules: Record<string, string[]>[];
  };
  return { ...r, c, receiver: (name: string) => c.receivers.find((x) => x.name === name) };
}

describe("monitoring: Alertmanager config", () => {
  it("keeps the chart's null receiver with Watchdog and InfoInhibitor routed to it", () => {
    const { c, receiver } = parts(base);
    assert.deepEqual(receiver("null"), { name: "null" });
    const toNull = c.route.routes.filter((r) => r.receiver === "null").flatMap((r) => r.matchers ?? []);
    assert.ok(toNull.includes('alertname = "Watchdog"'));
    assert.ok(toNull.includes('alertname = "InfoInhibitor"'));
    // The null routes come first: a Watchdog carrying a severity must still never notify.
    assert.equal(c.route.routes[0].receiver, "null");
  });

  it("sends critical to email and Slack, warning to Slack by default or to email when asked", () => {
    const { receiver } = parts(base);
    assert.equal(receiver("critical")?.sns_configs?.length, 1);
    assert.equal(receiver("critical")?.slack_configs?.length, 1);
    assert.equal(receiver("warning")?.slack_configs?.length, 1);
    assert.equal(receiver("warning")?.sns_configs, undefined);
    const byEmail = parts({ ...base, warningsTo: "email" }).receiver("warning");
    assert.equal(byEmail?.sns_configs?.length, 1);
    assert.equal(byEmail?.slack_configs, undefined);
    const emailOnly = parts({ ...base, slack: undefined }).receiver("warning");
    assert.equal(emailOnly?.sns_configs?.length, 1, "without Slack, warnings fall back to email");
  });

  it("groups by alertname, namespace, service and repeats pages more often than warnings", () => {
    const { c } = parts({ ...base, repeatCritical: "30m" });
    assert.deepEqual(c.route.group_by, ["alertname", "namespace", "service"]);
    const critical = c.route.routes.find((r) => r.receiver === "critical");
    const warning = c.route.routes.find((r) => r.receiver === "warning");
    assert.equal(critical?.repeat_interval, "30m");
    assert.equal(warning?.repeat_interval, "12h");
  });

  it("lets a critical alert inhibit the warning of the same alertname, namespace and service (not another service's)", () => {
    const { c } = parts(base);
    const rule = c.inhibit_rules.find((r) => r.source_matchers?.includes("severity = critical"));
    assert.ok(rule);
    assert.ok(rule.target_matchers.some((m) => /severity =~ warning/.test(m)));
    assert.deepEqual([...rule.equal].sort(), ["alertname", "exported_service", "namespace", "service"]);
  });

  it("emails through the SNS topic with SigV4 and no credentials at all (IRSA signs); no SMTP anywhere", () => {
    const { c, secretFiles, receiver } = parts(base);
    const text = renderAlertmanagerYaml(base);
    for (const name of ["critical", "warning"]) {
      const sns = parts({ ...base, warningsTo: "email" }).receiver(name)?.sns_configs?.[0] ?? {};
      assert.equal(sns.topic_arn, base.email!.topicArn, name);
      assert.deepEqual(
        sns.sigv4,
        { region: "us-east-1" },
        `${name}: region only, keys come from the pod's web identity`,
      );
      assert.deepEqual(sns.attributes, { receiver: name });
      assert.equal(sns.send_resolved, true);
    }
    assert.equal(receiver("critical")?.email_configs, undefined);
    assert.ok(!/smtp|auth_password|access_key|secret_key|email_configs/.test(text), "no SMTP or AWS key field");
    assert.deepEqual(secretFiles, ["slack-webhook-url"]);
    assert.deepEqual(yaml.load(text), c, "YAML for amtool is the same config");
  });

  it("reads the Slack webhook from the mounted Secret, never inline", () => {
    const { secretFiles, receiver } = parts(base);
    const slack = receiver("critical")?.slack_configs?.[0] ?? {};
    assert.equal(
      slack.api_url_file,
      `/etc/alertmanager/secrets/alertmanager-notifiers/${ALERTMANAGER_SECRET_KEYS.slackWebhookUrl}`,
    );
    assert.ok(!/api_url:|hooks\.slack\.com/.test(renderAlertmanagerYaml(base)), "no inline secret field");
    assert.deepEqual(parts({ ...base, slack: undefined }).secretFiles, [], "email alone needs no Secret key");
    assert.deepEqual(secretFiles, ["slack-webhook-url"]);
  });

  it("rejects bad options with the key, the value and what is allowed", () => {
    const bad = (o: Partial<AlertmanagerOptions>, pattern: RegExp) =>
      assert.throws(
        () => renderAlertmanagerConfig({ ...base, ...o }),
        (e: Error) => pattern.test(e.message),
        String(pattern),
      );
    bad(
      { slack: { channel: "platform" } },
      /alertmanager\.slack\.channel: expected a channel name starting with '#'.*got "platform"/,
    );
    bad(
      { email: { ...base.email!, topicArn: "arn:aws:sns:us-east-1:123456789012:alerts.fifo" } },
      /alertmanager\.email\.topicArn: expected a standard SNS topic ARN.*got "arn:aws:sns:us-east-1:123456789012:alerts\.fifo"/,
    );
    bad(
      { email: { ...base.email!, region: "virginia" } },
      /alertmanager\.email\.region: expected an AWS region such as us-east-1, got "virginia"/,
    );
    bad({ email: undefined, slack: undefined }, /at least one of email or slack/);
    bad({ slack: undefined, warningsTo: "slack" }, /alertmanager\.warningsTo: "slack" is not configured/);
    bad({ repeatCritical: "1 hour" }, /alertmanager\.repeatCritical: expected a duration/);
    bad({ secretName: "Alertmanager_Secrets" }, /alertmanager\.secretName: expected a Kubernetes Secret name/);
  });
});
