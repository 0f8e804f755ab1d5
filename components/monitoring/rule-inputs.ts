import type { MonitoringConfig, PlatformSecrets, ServiceConfig } from "../../config";
import { METRICS_JOBS, NAMESPACES } from "../shared/names";
import type { AlertmanagerOptions } from "./alertmanager";
import type { RuleTargets } from "./rule-types";
import { AlertThresholds, resolveThresholds } from "./thresholds";

/**
 * From the stack's configuration to what the alert rules, their promtool tests and the Alertmanager config are
 * rendered from. One function for the Monitoring component and for `npm run test:rules`, so the rules tested are
 * the rules deployed.
 */
export interface MonitoringRuleInputs {
    thresholds: AlertThresholds;
    targets: RuleTargets;
    alertmanager: AlertmanagerOptions;
}

/** The parts of PlatformConfig the rules depend on (a PlatformConfig fits). */
export interface RuleConfig {
    services: readonly Pick<ServiceConfig, "name">[];
    monitoring: MonitoringConfig;
    /** Only whether each secret is set matters here; the values go into a Kubernetes Secret. */
    secrets: Pick<PlatformSecrets, "alertSmtpPassword" | "alertSlackWebhookUrl">;
}

/** Secret with the Alertmanager notifier credentials, listed in `alertmanager.alertmanagerSpec.secrets`. */
export const ALERTMANAGER_SECRET_NAME = "alertmanager-notifiers";

/**
 * Label holding Kong's service name. The Kong chart's ServiceMonitor does not set `honorLabels`, so the operator's
 * own `service` target label wins and Kong's lands in `exported_service`.
 */
export const KONG_SERVICE_LABEL = "exported_service";

/** config `monitoring.thresholds` (the keys an operator tunes) onto the rules' thresholds; the rest keep their defaults. */
export function thresholdsFromConfig(t: MonitoringConfig["thresholds"]): AlertThresholds {
    return resolveThresholds({
        serviceDownMinutes: t.serviceDownMinutes,
        certExpiryDays: t.certExpiryDays,
        errorRatePercent: t.errorRatePercent,
        errorSpikePercent: t.errorSpikePercent,
        latencyP95Ms: t.latencyP95Ms,
        resourcePercent: t.resourcePercent,
    });
}

export function ruleInputsFromConfig(cfg: RuleConfig): MonitoringRuleInputs {
    const m = cfg.monitoring;
    return {
        thresholds: thresholdsFromConfig(m.thresholds),
        targets: {
            runbookBase: m.runbookBaseUrl,
            // PythonService: one Service (= job) per configured service, in the apps namespace.
            services: cfg.services.map((s) => ({ name: s.name, namespace: NAMESPACES.apps })),
            kongJob: METRICS_JOBS.kong,
            kongServiceLabel: KONG_SERVICE_LABEL,
            edgeJob: METRICS_JOBS.nginxEdge,
            edgeNamespace: NAMESPACES.edge,
        },
        alertmanager: {
            secretName: ALERTMANAGER_SECRET_NAME,
            email: {
                to: [m.alertEmail],
                from: m.smtp.from,
                smarthost: m.smtp.smarthost,
                // Without the secret there is no password to offer: send without AUTH (relays that trust the
                // source). SES requires AUTH, so the component warns in that case.
                authUsername: cfg.secrets.alertSmtpPassword ? m.smtp.username : undefined,
            },
            slack: m.slackEnabled ? { channel: m.slackChannel } : undefined,
        },
    };
}
