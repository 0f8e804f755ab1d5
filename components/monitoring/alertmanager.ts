import * as yaml from "js-yaml";

/**
 * Alertmanager configuration for kube-prometheus-stack's `alertmanager.config`, plus the same
 * config as YAML for `amtool check-config`.
 *
 * Secrets: the SMTP password and the Slack webhook URL never appear in this config. They live in a
 * Kubernetes Secret (created by the Monitoring component from secret config) that the chart mounts
 * through `alertmanager.alertmanagerSpec.secrets: [<secretName>]`; the Prometheus Operator mounts
 * each listed Secret at /etc/alertmanager/secrets/<secretName>/<key>, and the config points there
 * with `auth_password_file` and `api_url_file` (both supported since Alertmanager 0.25, the
 * version Debian 12's amtool ships; current Alertmanager keeps them).
 *
 * Kept from the chart's default config (kube-prometheus-stack values.yaml `alertmanager.config`):
 * the `null` receiver, Watchdog routed to it (the always-firing heartbeat), the InfoInhibitor
 * route and the four default inhibit rules (critical inhibits warning/info, warning inhibits info,
 * both with equal namespace + alertname; InfoInhibitor inhibits info).
 */

export interface EmailOptions {
    to: string[];
    from: string;
    /** SMTP server as host:port (587 with STARTTLS is the usual). */
    smarthost: string;
    /**
     * SMTP AUTH user; the password is read from the Secret's `smtp-password`. Leave undefined for a relay that
     * accepts mail without AUTH (then the Secret needs no password).
     */
    authUsername?: string;
}

export interface SlackOptions {
    /** Channel, starting with '#'. */
    channel: string;
}

export interface AlertmanagerOptions {
    /** Name of the Kubernetes Secret holding the keys below (listed in alertmanagerSpec.secrets). */
    secretName: string;
    email?: EmailOptions;
    slack?: SlackOptions;
    /** Where warnings go; criticals go to every configured channel. Default: slack when set, else email. */
    warningsTo?: "slack" | "email";
    /** Re-notify intervals for still-firing alerts. Defaults: critical 1h, warning 12h. */
    repeatCritical?: string;
    repeatWarning?: string;
}

/** Keys expected in the Secret; the Monitoring component writes them from secret config. */
export const ALERTMANAGER_SECRET_KEYS = { smtpPassword: "smtp-password", slackWebhookUrl: "slack-webhook-url" } as const;
export const ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/secrets";

type Obj = Record<string, unknown>;

export interface RenderedAlertmanagerConfig {
    /** Value for the chart's `alertmanager.config`. */
    config: Obj;
    /** The same config as YAML, for amtool. */
    yaml: string;
    /** Secret keys the config reads (for the component to fill and for the tests). */
    secretFiles: string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DURATION = /^\d+(s|m|h|d)$/;

export function validateAlertmanagerOptions(o: AlertmanagerOptions): AlertmanagerOptions {
    const p: string[] = [];
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(o.secretName)) {
        p.push(`alertmanager.secretName: expected a Kubernetes Secret name, got ${JSON.stringify(o.secretName)}`);
    }
    if (!o.email && !o.slack) p.push("alertmanager: expected at least one of email or slack; alerts would reach nobody");
    if (o.email) {
        if (o.email.to.length === 0) p.push("alertmanager.email.to: expected at least one address");
        o.email.to.forEach((a, i) => {
            if (!EMAIL.test(a)) p.push(`alertmanager.email.to[${i}]: expected an email address, got ${JSON.stringify(a)}`);
        });
        if (!EMAIL.test(o.email.from)) p.push(`alertmanager.email.from: expected an email address, got ${JSON.stringify(o.email.from)}`);
        if (!/^[a-zA-Z0-9.-]+:\d{1,5}$/.test(o.email.smarthost)) {
            p.push(`alertmanager.email.smarthost: expected host:port, got ${JSON.stringify(o.email.smarthost)}`);
        }
        if (o.email.authUsername !== undefined && o.email.authUsername.trim() === "") {
            p.push("alertmanager.email.authUsername: expected a non-empty user name (or none for a relay without AUTH)");
        }
    }
    if (o.slack && !/^#[a-z0-9][a-z0-9_-]{0,79}$/.test(o.slack.channel)) {
        p.push(`alertmanager.slack.channel: expected a channel name starting with '#' (lowercase, digits, - and _), got ${JSON.stringify(o.slack.channel)}`);
    }
    if (o.warningsTo && !o[o.warningsTo]) p.push(`alertmanager.warningsTo: "${o.warningsTo}" is not configured`);
    for (const key of ["repeatCritical", "repeatWarning"] as const) {
        const v = o[key];
        if (v !== undefined && !DURATION.test(v)) p.push(`alertmanager.${key}: expected a duration like 1h or 30m, got ${JSON.stringify(v)}`);
    }
    if (p.length > 0) throw new Error(p.join("\n"));
    return o;
}

function secretPath(secretName: string, key: string): string {
    return `${ALERTMANAGER_SECRETS_DIR}/${secretName}/${key}`;
}

function emailConfig(o: AlertmanagerOptions, email: EmailOptions): Obj {
    return {
        to: email.to.join(", "),
        from: email.from,
        smarthost: email.smarthost,
        ...(email.authUsername !== undefined
            ? { auth_username: email.authUsername, auth_password_file: secretPath(o.secretName, ALERTMANAGER_SECRET_KEYS.smtpPassword) }
            : {}),
        require_tls: true,
        send_resolved: true,
    };
}

function slackConfig(o: AlertmanagerOptions, slack: SlackOptions): Obj {
    return {
        api_url_file: secretPath(o.secretName, ALERTMANAGER_SECRET_KEYS.slackWebhookUrl),
        channel: slack.channel,
        send_resolved: true,
        title: '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}',
        text: "{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}",
    };
}

function receiver(name: string, o: AlertmanagerOptions, channels: ("email" | "slack")[]): Obj {
    const r: Obj = { name };
    if (channels.includes("email") && o.email) r.email_configs = [emailConfig(o, o.email)];
    if (channels.includes("slack") && o.slack) r.slack_configs = [slackConfig(o, o.slack)];
    return r;
}

const INHIBIT_EQUAL = ["namespace", "alertname", "service", "exported_service"];

export function renderAlertmanagerConfig(options: AlertmanagerOptions): RenderedAlertmanagerConfig {
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
                { receiver: "critical", matchers: ['severity = "critical"'], group_wait: "10s", repeat_interval: o.repeatCritical ?? "1h" },
                { receiver: "warning", matchers: ['severity = "warning"'], repeat_interval: o.repeatWarning ?? "12h" },
            ],
        },
        receivers: [{ name: "null" }, receiver("critical", o, ["email", "slack"]), receiver("warning", o, [warningsTo])],
        templates: ["/etc/alertmanager/config/*.tmpl"],
    };
    const secretFiles = [
        ...(o.email?.authUsername !== undefined ? [ALERTMANAGER_SECRET_KEYS.smtpPassword] : []),
        ...(o.slack ? [ALERTMANAGER_SECRET_KEYS.slackWebhookUrl] : []),
    ];
    return { config, yaml: yaml.dump(config, { lineWidth: -1, noRefs: true }), secretFiles };
}
