import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseConfig, PlatformSecrets } from "../../config";
import { buildAlertRules } from "../../components/monitoring/alert-rules";
import { renderAlertmanagerConfig } from "../../components/monitoring/alertmanager";
import { ruleInputsFromConfig } from "../../components/monitoring/rule-inputs";
import { stackRuleInput } from "../../tools/test-rules";

const MONITORING = { alertEmail: "ops@example.com" };

const TOPIC = { arn: "arn:aws:sns:us-east-1:123456789012:edgestack-prod-alerts", region: "us-east-1" };

function parse(monitoring: Record<string, unknown>, secrets: PlatformSecrets = {}, env = "prod") {
  return parseConfig(
    "edgestack",
    env,
    {
      environment: env,
      edge: JSON.stringify({ zone: "example.com" }),
      monitoring: JSON.stringify({ ...MONITORING, ...monitoring }),
    },
    "us-east-1",
    secrets,
  );
}

function problems(monitoring: Record<string, unknown>, secrets: PlatformSecrets = {}): string[] {
  try {
    parse(monitoring, secrets);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
    return e.problems;
  }
  return [];
}

describe("monitoring config: a bad value fails before anything is created, naming the key and what is allowed", () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    [
      "non-numeric threshold",
      { thresholds: { errorRatePercent: "five" } },
      'edgestack:monitoring.thresholds.errorRatePercent: expected a number between 0.1 and 99, got "five"',
    ],
    [
      "threshold that could never be exceeded",
      { thresholds: { resourcePercent: 100 } },
      "edgestack:monitoring.thresholds.resourcePercent: expected an integer between 50 and 99, got 100",
    ],
    [
      "warning spike not below the paging rate",
      { thresholds: { errorRatePercent: 3, errorSpikePercent: 3 } },
      "edgestack:monitoring.thresholds.errorSpikePercent: expected the warning spike threshold below errorRatePercent (3), got 3",
    ],
    [
      "invalid alert email",
      { alertEmail: "oncall-at-example" },
      'edgestack:monitoring.alertEmail: expected an email address, got "oncall-at-example"',
    ],
    // SMTP is gone (SES needs credentials nothing created): a stack file still carrying it is told so, loudly.
    [
      "SMTP settings from before the SNS receiver",
      { smtp: { from: "alertmanager@example.com" } },
      "edgestack:monitoring.smtp: unknown key",
    ],
    [
      "non-numeric alarm threshold",
      { alarms: { databaseConnections: "many" } },
      'edgestack:monitoring.alarms.databaseConnections: expected an integer between 10 and 16000, got "many"',
    ],
    [
      "CPU alarm at 100 %",
      { alarms: { cpuPercent: 100 } },
      "edgestack:monitoring.alarms.cpuPercent: expected an integer between 50 and 99, got 100",
    ],
    [
      "Prometheus memory in the wrong unit",
      { prometheusMemory: "4GB" },
      'edgestack:monitoring.prometheusMemory: expected a memory quantity such as "256Mi" or "1Gi", got "4GB"',
    ],
    ["typo in an alarm key", { alarms: { cpuPercnt: 80 } }, "edgestack:monitoring.alarms.cpuPercnt: unknown key"],
  ];
  for (const [what, monitoring, expected] of cases) {
    it(what, () => {
      const found = problems(monitoring);
      assert.ok(
        found.some((p) => p.startsWith(expected)),
        `expected "${expected}" in:\n${found.join("\n")}`,
      );
    });
  }

  it("Slack enabled without the webhook secret", () => {
    const found = problems({ slackEnabled: true });
    assert.ok(
      found.some((p) =>
        p.startsWith("edgestack:alertSlackWebhookUrl: required (secret) when monitoring.slackEnabled is true"),
      ),
      found.join("\n"),
    );
    assert.deepEqual(
      problems(
        { slackEnabled: true },
        { alertSlackWebhookUrl: pulumi.secret("https://hooks.slack.com/services/T/B/X") },
      ),
      [],
    );
  });

  it("every threshold the schema accepts builds valid rules (schema and rule validation agree at the bounds)", () => {
    for (const thresholds of [
      {
        serviceDownMinutes: 1,
        certExpiryDays: 1,
        errorRatePercent: 0.2,
        errorSpikePercent: 0.1,
        latencyP95Ms: 50,
        resourcePercent: 50,
      },
      {
        serviceDownMinutes: 60,
        certExpiryDays: 90,
        errorRatePercent: 99,
        errorSpikePercent: 98.9,
        latencyP95Ms: 60000,
        resourcePercent: 99,
      },
    ]) {
      const inputs = ruleInputsFromConfig(parse({ thresholds }), TOPIC);
      assert.ok(buildAlertRules(inputs.thresholds, inputs.targets).length > 10);
    }
  });
});

describe("monitoring config: ruleInputsFromConfig (what the component and npm run test:rules render from)", () => {
  it("maps the config thresholds, the configured services and the ingress tier's job names", () => {
    const cfg = parse({ thresholds: { errorRatePercent: 7, latencyP95Ms: 800 } });
    const inputs = ruleInputsFromConfig(cfg, TOPIC);
    assert.equal(inputs.thresholds.errorRatePercent, 7);
    assert.equal(inputs.thresholds.latencyP95Ms, 800);
    assert.equal(inputs.thresholds.serviceDownMinutes, cfg.monitoring.thresholds.serviceDownMinutes);
    assert.equal(inputs.thresholds.availabilitySlo, 0.999, "keys the config does not expose keep the platform targets");
    assert.deepEqual(
      inputs.targets.services,
      cfg.services.map((s) => ({ name: s.name, namespace: "apps" })),
    );
    assert.deepEqual(
      [inputs.targets.kongJob, inputs.targets.kongServiceLabel],
      ["kong-kong-proxy", "exported_service"],
    );
    assert.deepEqual([inputs.targets.edgeJob, inputs.targets.edgeNamespace], ["nginx-edge-metrics", "edge"]);
    assert.equal(inputs.targets.runbookBase, cfg.monitoring.runbookBaseUrl);
  });

  it("emails through the alert topic (no credentials); Slack only when enabled", () => {
    const without = ruleInputsFromConfig(parse({}), TOPIC).alertmanager;
    assert.deepEqual(without.email, { topicArn: TOPIC.arn, region: "us-east-1" });
    assert.equal(without.slack, undefined);
    assert.deepEqual(renderAlertmanagerConfig(without).secretFiles, []);

    const secrets = { alertSlackWebhookUrl: pulumi.secret("https://hooks.slack.com/services/T/B/X") };
    const withAll = ruleInputsFromConfig(
      parse({ slackEnabled: true, slackChannel: "#oncall" }, secrets),
      TOPIC,
    ).alertmanager;
    assert.deepEqual(withAll.slack, { channel: "#oncall" });
    assert.deepEqual(renderAlertmanagerConfig(withAll).secretFiles, ["slack-webhook-url"]);
  });

  it("a stack file still holding the SMTP password secret fails, naming it", () => {
    assert.throws(
      () =>
        parseConfig(
          "edgestack",
          "prod",
          {
            environment: "prod",
            edge: JSON.stringify({ zone: "example.com" }),
            monitoring: JSON.stringify(MONITORING),
            alertSmtpPassword: "x",
          },
          "us-east-1",
        ),
      /edgestack:alertSmtpPassword: unknown key/,
    );
  });

  it("npm run test:rules reads the prod stack file by default, through the same function", () => {
    const prod = stackRuleInput("prod");
    assert.deepEqual(
      prod.targets.services.map((s) => s.name),
      ["items", "orders"],
    );
    assert.equal(
      prod.alertmanager.email?.topicArn,
      "arn:aws:sns:us-east-1:123456789012:edgestack-prod-alerts",
      "the prod stack's topic",
    );
    assert.equal(
      stackRuleInput("dev").alertmanager.email?.topicArn,
      "arn:aws:sns:us-east-1:123456789012:edgestack-dev-alerts",
    );
    assert.throws(() => stackRuleInput("staging"), /no stack file Pulumi\.staging\.yaml/);
  });
});
