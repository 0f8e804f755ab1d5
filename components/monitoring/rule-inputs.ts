import type { MonitoringConfig, ObservabilityConfig, PlatformSecrets, ServiceConfig } from "../../config";
import { METRICS_JOBS, NAMESPACES } from "../shared/names";
import type { AlertmanagerOptions } from "./alertmanager";
import type { RuleTargets } from "./rule-types";
import { AlertThresholds, resolveThresholds } from "./thresholds";

/**
 * From the stack's configuration to what the alert rules, their promtool tests and the Alertmanager config are
 * rendered from. One function for the Monitoring component and for `npm run test:rules`, so the rules tested are
 * the rules deployed.
 */
export interface MonitoringRuleInputs<Arn = string> {
  thresholds: AlertThresholds;
  targets: RuleTargets;
  alertmanager: AlertmanagerOptions<Arn>;
}

/** The SNS alert topic Alertmanager emails through (components/monitoring/aws-alerting.ts creates it). */
interface AlertTopic<Arn = string> {
  arn: Arn;
  region: string;
}

/** The parts of PlatformConfig the rules depend on (a PlatformConfig fits). */
interface RuleConfig {
  services: readonly Pick<ServiceConfig, "name">[];
  monitoring: MonitoringConfig;
  /** Which parts of the observability tier run: each brings its alerts (rules-telemetry.ts). */
  observability: ObservabilityParts;
  /** Only whether each secret is set matters here; the values go into a Kubernetes Secret. */
  secrets: Pick<PlatformSecrets, "alertSlackWebhookUrl">;
}

export interface ObservabilityParts {
  logs: Pick<ObservabilityConfig["logs"], "enabled">;
  traces: Pick<ObservabilityConfig["traces"], "enabled">;
}

/** Secret with the Alertmanager notifier credentials, listed in `alertmanager.alertmanagerSpec.secrets`. */
const ALERTMANAGER_SECRET_NAME = "alertmanager-notifiers";

/**
 * Label holding Kong's service name. The Kong chart's ServiceMonitor does not set `honorLabels`, so the operator's
 * own `service` target label wins and Kong's lands in `exported_service`.
 */
const KONG_SERVICE_LABEL = "exported_service";

/** config `monitoring.thresholds` (the keys an operator tunes) onto the rules' thresholds; the rest keep their defaults. */
function thresholdsFromConfig(t: MonitoringConfig["thresholds"]): AlertThresholds {
  return resolveThresholds({
    serviceDownMinutes: t.serviceDownMinutes,
    certExpiryDays: t.certExpiryDays,
    errorRatePercent: t.errorRatePercent,
    errorSpikePercent: t.errorSpikePercent,
    latencyP95Ms: t.latencyP95Ms,
    resourcePercent: t.resourcePercent,
  });
}

export function ruleInputsFromConfig<Arn = string>(
  cfg: RuleConfig,
  alertTopic: AlertTopic<Arn>,
): MonitoringRuleInputs<Arn> {
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
      // The observability tier's releases (components/observability/index.ts), scraped through their charts'
      // ServiceMonitors; their alerts exist only where the part runs.
      ...(cfg.observability.logs.enabled
        ? { logShipper: { job: METRICS_JOBS.fluentBit, namespace: NAMESPACES.observability } }
        : {}),
      ...(cfg.observability.traces.enabled
        ? { traceCollector: { job: METRICS_JOBS.otelCollector, namespace: NAMESPACES.observability } }
        : {}),
    },
    alertmanager: {
      secretName: ALERTMANAGER_SECRET_NAME,
      // To the topic whose email subscription is monitoring.alertEmail (no SMTP credentials to provide).
      email: { topicArn: alertTopic.arn, region: alertTopic.region },
      slack: m.slackEnabled ? { channel: m.slackChannel } : undefined,
    },
  };
}
