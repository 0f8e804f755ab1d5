import { createHash } from "crypto";
import { ServiceRef, TelemetryTarget } from "./rule-types";
import { AlertThresholds, DEFAULT_ALERT_THRESHOLDS, validateThresholds } from "./thresholds";
import { CostEstimate, costPanels, dataPanels } from "./dashboards/aws";
import { edgePanels } from "./dashboards/edge";
import { dashboard } from "./dashboards/panels";
import { servicePanels } from "./dashboards/services";
import { telemetryPanels } from "./dashboards/telemetry";

/**
 * Grafana dashboards as code. The Monitoring component puts each `json` in a ConfigMap labelled
 * `grafana_dashboard: "1"` (kube-prometheus-stack's Grafana sidecar default label), one per uid.
 * Field names for Kong/edge jobs match RuleTargets so the same object can be passed to both.
 */
export interface DashboardOptions {
  services: readonly ServiceRef[];
  kongJob: string;
  kongServiceLabel: string;
  edgeJob: string;
  edgeNamespace: string;
  /** The observability tier's parts that run: a telemetry dashboard (log shipping, trace export) when either does. */
  logShipper?: TelemetryTarget;
  traceCollector?: TelemetryTarget;
  /** Threshold lines on the panels; defaults to DEFAULT_ALERT_THRESHOLDS. */
  thresholds?: AlertThresholds;
  aurora?: { clusterIdentifier: string };
  cache?: { cacheClusterIds: string[] };
  cost?: CostEstimate;
  /** uid prefix (default "edgestack"). */
  uidPrefix?: string;
}

export interface BuiltDashboard {
  uid: string;
  title: string;
  /** Dashboard JSON model as text, ready for a ConfigMap. */
  json: string;
}

/** Grafana limits uids to 40 characters; longer ones are shortened with a hash so they stay stable and unique. */
export function dashboardUid(...parts: string[]): string {
  const uid = parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-");
  if (uid.length <= 40) return uid;
  const hash = createHash("sha256").update(uid).digest("hex").slice(0, 8);
  return `${uid.slice(0, 31)}-${hash}`;
}

export function buildDashboards(opts: DashboardOptions): BuiltDashboard[] {
  const prefix = opts.uidPrefix ?? "edgestack";
  const thresholds = validateThresholds(opts.thresholds ?? { ...DEFAULT_ALERT_THRESHOLDS });
  const tags = [prefix];
  const specs = [
    ...opts.services.map((service) => ({
      uid: dashboardUid(prefix, "svc", service.namespace, service.name),
      title: `Service ${service.namespace}/${service.name}`,
      description: "Golden signals: traffic, errors, latency, saturation, and SLO burn rates.",
      tags: [...tags, "service"],
      panels: servicePanels({ service, kongJob: opts.kongJob, kongServiceLabel: opts.kongServiceLabel, thresholds }),
    })),
    {
      uid: dashboardUid(prefix, "edge"),
      title: "Edge: NGINX, Kong, public endpoints",
      description: "What users hit first: blackbox probes, the NGINX edge and the Kong gateway.",
      tags: [...tags, "edge"],
      panels: edgePanels(opts),
    },
    ...(opts.logShipper || opts.traceCollector
      ? [
          {
            uid: dashboardUid(prefix, "telemetry"),
            title: "Telemetry: log shipping and trace export",
            description: "Fluent Bit's outputs to CloudWatch Logs and the OpenTelemetry collector's export to X-Ray.",
            tags: [...tags, "telemetry"],
            panels: telemetryPanels({ ...opts, thresholds }),
          },
        ]
      : []),
    ...(opts.aurora || opts.cache
      ? [
          {
            uid: dashboardUid(prefix, "data"),
            title: "Data: Aurora and ElastiCache",
            description: "AWS data services from CloudWatch.",
            tags: [...tags, "data"],
            panels: dataPanels(opts),
          },
        ]
      : []),
    {
      uid: dashboardUid(prefix, "cost"),
      title: "Cost",
      description: "Estimated monthly cost from the pricing table, and AWS's billed amount when available.",
      tags: [...tags, "cost"],
      panels: costPanels(opts.cost),
    },
  ];
  const uids = specs.map((s) => s.uid);
  const dup = uids.find((u, i) => uids.indexOf(u) !== i);
  if (dup) throw new Error(`dashboards: uid ${dup} is generated twice; check services for duplicates`);
  return specs.map((s) => ({ uid: s.uid, title: s.title, json: JSON.stringify(dashboard(s), null, 2) }));
}
