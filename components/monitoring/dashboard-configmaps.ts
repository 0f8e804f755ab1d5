import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DASHBOARD_LABEL } from "./chart-values";
import type { AuroraTargets, CacheTargets } from "./cloudwatch-alarms";
import { buildDashboards } from "./dashboards";
import type { MonitoringRuleInputs } from "./rule-inputs";

/** What the Monitoring component's dashboards are built from (a subset of MonitoringArgs plus its rule inputs). */
interface DashboardConfigMapArgs {
  inputs: Pick<MonitoringRuleInputs, "thresholds" | "targets">;
  aurora?: AuroraTargets<pulumi.Input<string>>;
  cache?: CacheTargets<pulumi.Input<string>>;
  extraDashboards?: { uid: string; json: pulumi.Input<string> }[];
}

/** One ConfigMap per dashboard, labelled for the Grafana sidecar (searchNamespace ALL), children of `parent`. */
export function createDashboardConfigMaps(
  parent: pulumi.Resource,
  name: string,
  args: DashboardConfigMapArgs,
  inNs: (n: string, extra?: Record<string, string>) => Record<string, unknown>,
): void {
  const build = (aurora?: string, cacheIds?: string[]) =>
    buildDashboards({
      ...args.inputs.targets,
      thresholds: args.inputs.thresholds,
      aurora: aurora === undefined ? undefined : { clusterIdentifier: aurora },
      cache: cacheIds === undefined ? undefined : { cacheClusterIds: cacheIds },
    });
  // Which dashboards exist is known now; their JSON waits for the data tier's identifiers.
  const placeholders = build(
    args.aurora ? "" : undefined,
    args.cache ? args.cache.memberClusters.map(() => "") : undefined,
  );
  const resolved = pulumi
    .all([
      pulumi.output(args.aurora?.clusterIdentifier),
      pulumi.output(args.cache ? pulumi.all([...args.cache.memberClusters]) : undefined),
    ])
    .apply(([aurora, cacheIds]) => build(aurora, cacheIds));
  const all = [
    ...placeholders.map((d) => ({
      uid: d.uid,
      json: resolved.apply((ds) => ds.find((x) => x.uid === d.uid)!.json) as pulumi.Input<string>,
    })),
    ...(args.extraDashboards ?? []),
  ];
  for (const d of all) {
    new k8s.core.v1.ConfigMap(
      `${name}-dashboard-${d.uid}`,
      {
        metadata: inNs(`dashboard-${d.uid}`, DASHBOARD_LABEL),
        data: { [`${d.uid}.json`]: d.json },
      },
      { parent },
    );
  }
}
