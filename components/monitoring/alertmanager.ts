import * as yaml from "js-yaml";

/**
 * Alertmanager configuration for kube-prometheus-stack's `alertmanager.config`, plus the same
 * config as YAML for `amtool check-config`.
 *
 * Email goes through Amazon SNS, not SMTP: Alertmanager's `sns_configs` receiver (Alertmanager >= 0.23; the pinned
 * chart runs v0.28) publishes to the stack's KMS-encrypted alert topic, whose email subscriptions deliver the mail.
 * It signs with SigV4 from the AWS SDK's default credential chain when `sigv4` carries no keys, i.e. from the IRSA
 * web identity EKS injects into the pod (the chart's `alertmanager.serviceAccount.annotations`): prometheus/
 * alertmanager notify/sns/sns.go uses static credentials only when both access_key and secret_key are set, else
 * `LoadDefaultConfig` (checked 2026-12-03). So no SMTP user, no password and no SES identity exist to be faked.
 *
 * Secrets: the Slack webhook URL never appears in this config. It lives in a Kubernetes Secret (created by the
 * Monitoring component from secret config) that the chart mounts through
 * `alertmanager.alertmanagerSpec.secrets: [<secretName>]`; the Prometheus Operator mounts each listed Secret at
 * /etc/alertmanager/secrets/<secretName>/<key>, and the config points there with `api_url_file` (Alertmanager
 * >= 0.25, the version Debian 12's amtool ships; current Alertmanager keeps it).
 *
 * Kept from the chart's default config (kube-prometheus-stack values.yaml `alertmanager.config`):
 * the `null` receiver, Watchdog routed to it (the always-firing heartbeat), the InfoInhibitor
 * route and the four default inhibit rules (critical inhibits warning/info, warning inhibits info,
 * both with equal namespace + alertname; InfoInhibitor inhibits info).
 */

/**
 * Email through the SNS alert topic (whose email subscriptions send it). `Arn` is `string` for amtool and the tests,
 * and the topic's `Output<string>` in the program (Helm values resolve nested Outputs).
 */
export interface EmailOptions<Arn = string> {
  topicArn: Arn;
  /** Region of the topic: SigV4 signs for it (sigv4.region; required, the pod has no AWS config file). */
  region: string;
}

export interface SlackOptions {
  /** Channel, starting with '#'. */
  channel: string;
}

export interface AlertmanagerOptions<Arn = string> {
  /** Name of the Kubernetes Secret holding the keys below (listed in alertmanagerSpec.secrets). */
  secretName: string;
  email?: EmailOptions<Arn>;
  slack?: SlackOptions;
  /** Where warnings go; criticals go to every configured channel. Default: slack when set, else email. */
  warningsTo?: "slack" | "email";
  /** Re-notify intervals for still-firing alerts. Defaults: critical 1h, warning 12h. */
  repeatCritical?: string;
  repeatWarning?: string;
}

/** Keys expected in the Secret; the Monitoring component writes them from secret config. */
export const ALERTMANAGER_SECRET_KEYS = { slackWebhookUrl: "slack-webhook-url" } as const;
const ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/secrets";

type Obj = Record<string, unknown>;

interface RenderedAlertmanagerConfig {
  /** Value for the chart's `alertmanager.config`. */
  config: Obj;
  /** Secret keys the config reads (for the component to fill and for the tests). */
  secretFiles: string[];
}

/** Standard SNS topic ARN (FIFO topics do not deliver to email subscriptions). */
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const DURATION = /^\d+(s|m|h|d)$/;

function validateAlertmanagerOptions<Arn>(o: AlertmanagerOptions<Arn>): AlertmanagerOptions<Arn> {
  const p: string[] = [];
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(o.secretName)) {
    p.push(`alertmanager.secretName: expected a Kubernetes Secret name, got ${JSON.stringify(o.secretName)}`);
  }
  if (!o.email && !o.slack) p.push("alertmanager: expected at least one of email or slack; alerts would reach nobody");
  if (o.email) {
    // An Output (the program's topic) is checked by AWS; a plain string here is what amtool and the tests see.
    if (typeof o.email.topicArn === "string" && !SNS_TOPIC_ARN.test(o.email.topicArn)) {
      p.push(
        `alertmanager.email.topicArn: expected a standard SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), got ${JSON.stringify(o.email.topicArn)}`,
      );
    }
    if (!REGION.test(o.email.region))
      p.push(
        `alertmanager.email.region: expected an AWS region such as us-east-1, got ${JSON.stringify(o.email.region)}`,
      );
  }
  if (o.slack && !/^#[a-z0-9][a-z0-9_-]{0,79}$/.test(o.slack.channel)) {
    p.push(
      `alertmanager.slack.channel: expected a channel name starting with '#' (lowercase, digits, - and _), got ${JSON.stringify(o.slack.channel)}`,
    );
  }
  if (o.warningsTo && !o[o.warningsTo]) p.push(`alertmanager.warningsTo: "${o.warningsTo}" is not configured`);
  for (const key of ["repeatCritical", "repeatWarning"] as const) {
    const v = o[key];
    if (v !== undefined && !DURATION.test(v))
      p.push(`alertmanager.${key}: expected a duration like 1h or 30m, got ${JSON.stringify(v)}`);
  }
  if (p.length > 0) throw new Error(p.join("\n"));
  return o;
}

function secretPath(secretName: string, key: string): string {
  return `${ALERTMANAGER_SECRETS_DIR}/${secretName}/${key}`;
}

/**
 * SNS publish: the subject becomes the email's subject. SNS requires a subject of ASCII without line breaks and under
 * 100 characters (SNS Publish API reference, "Subject"): status, count and alertname stay well below (our alert names
 * are < 40 characters). The message is plain text (email-protocol subscriptions get the raw message); SNS caps it at
 * 256 KB, which a few alerts' summaries never approach. The attribute lets a subscription filter policy pick pages.
 */
function emailConfig<Arn>(receiverName: string, email: EmailOptions<Arn>): Obj {
  return {
    topic_arn: email.topicArn,
    sigv4: { region: email.region },
    subject:
      '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}',
    message:
      "{{ range .Alerts }}[{{ .Status }}] {{ .Annotations.summary }}\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n\n{{ end }}",
    attributes: { receiver: receiverName },
    send_resolved: true,
  };
}

function slackConfig<Arn>(o: AlertmanagerOptions<Arn>, slack: SlackOptions): Obj {
  return {
    api_url_file: secretPath(o.secretName, ALERTMANAGER_SECRET_KEYS.slackWebhookUrl),
    channel: slack.channel,
    send_resolved: true,
    title:
      '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}',
    text: "{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}",
  };
}

function receiver<Arn>(name: string, o: AlertmanagerOptions<Arn>, channels: ("email" | "slack")[]): Obj {
  const r: Obj = { name };
  if (channels.includes("email") && o.email) r.sns_configs = [emailConfig(name, o.email)];
  if (channels.includes("slack") && o.slack) r.slack_configs = [slackConfig(o, o.slack)];
  return r;
}

const INHIBIT_EQUAL = ["namespace", "alertname", "service", "exported_service"];

export function renderAlertmanagerConfig<Arn = string>(options: AlertmanagerOptions<Arn>): RenderedAlertmanagerConfig {
  const o = validateAlertmanagerOptions(options);
  const warningsTo = o.warningsTo ?? (o.slack ? "slack" : "email");
  const config: Obj = {
    global: { resolve_timeout: "5m" },
    inhibit_rules: [
      // Same alert about the same thing: per-service labels too (apps: `service`; Kong series: `exported_service`),
      // so one service's critical does not hide another service's warning. Absent labels compare equal.
      { source_matchers: ["severity = critical"], target_matchers: ["severity =~ warning|info"], equal: INHIBIT_EQUAL },
      { source_matchers: ["severity = warning"], target_matchers: ["severity = info"], equal: INHIBIT_EQUAL },
      { source_matchers: ["alertname = InfoInhibitor"], target_matchers: ["severity = info"], equal: ["namespace"] },
      { target_matchers: ["alertname = InfoInhibitor"] },
    ],
    route: {
      // Unmatched alerts (no or unknown severity) go to the warning channel, not to null:
      // a rule without severity is a bug we want to see, not lose.
      receiver: "warning",
      group_by: ["alertname", "namespace", "service"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: o.repeatWarning ?? "12h",
      routes: [
        { receiver: "null", matchers: ['alertname = "Watchdog"'] },
        { receiver: "null", matchers: ['alertname = "InfoInhibitor"'] },
        // Info alerts are context for the others (visible in Alertmanager and Grafana), not pages.
        { receiver: "null", matchers: ['severity = "info"'] },
        {
          receiver: "critical",
          matchers: ['severity = "critical"'],
          group_wait: "10s",
          repeat_interval: o.repeatCritical ?? "1h",
        },
        { receiver: "warning", matchers: ['severity = "warning"'], repeat_interval: o.repeatWarning ?? "12h" },
      ],
    },
    receivers: [{ name: "null" }, receiver("critical", o, ["email", "slack"]), receiver("warning", o, [warningsTo])],
    templates: ["/etc/alertmanager/config/*.tmpl"],
  };
  const secretFiles = o.slack ? [ALERTMANAGER_SECRET_KEYS.slackWebhookUrl] : [];
  return { config, secretFiles };
}

/** The config as YAML for amtool (plain topic ARN only). */
export function renderAlertmanagerYaml(options: AlertmanagerOptions<string>): string {
  return yaml.dump(renderAlertmanagerConfig(options).config, { lineWidth: -1, noRefs: true });
}
