import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import * as yaml from "js-yaml";
import { buildRecordingRules } from "../../components/monitoring/alert-rules";
import { buildDashboards, dashboardUid, DashboardOptions } from "../../components/monitoring/dashboards";
import { Panel, SCHEMA_VERSION } from "../../components/monitoring/dashboards/panels";
import { DEFAULT_ALERT_THRESHOLDS } from "../../components/monitoring/thresholds";
import { SAMPLE_INPUT } from "../../tools/test-rules";
import { requireBinary } from "./helpers";

const opts: DashboardOptions = {
  ...SAMPLE_INPUT.targets,
  aurora: { clusterIdentifier: "edgestack-prod-db" },
  cache: { cacheClusterIds: ["edgestack-prod-cache-001", "edgestack-prod-cache-002"] },
  cost: {
    monthlyUsd: 1834.25,
    byComponent: { cluster: 612.4, database: 540, network: 301.85 },
    source: "policies/cost/pricing.ts (us-east-1 on-demand, 2026-11)",
  },
};
const built = buildDashboards(opts);
type Dash = {
  uid: string;
  schemaVersion: number;
  templating: { list: { name: string; type: string; query: string }[] };
  panels: Panel[];
};
const dashboards = built.map((b) => ({ ...b, model: JSON.parse(b.json) as Dash }));
const dataPanels = (d: Dash) => d.panels.filter((p) => p.type !== "row");
const byUid = (uid: string) => dashboards.find((d) => d.uid === uid)?.model as Dash;
const exprs = (d: Dash) =>
  dataPanels(d).flatMap((p) => (p.targets ?? []).flatMap((t) => ("expr" in t ? [t.expr] : [])));

describe("monitoring: Grafana dashboards", () => {
  it("builds one dashboard per service plus edge, telemetry, data and cost, with unique stable uids", () => {
    assert.deepEqual(
      built.map((b) => b.uid),
      [
        "edgestack-svc-apps-api",
        "edgestack-svc-apps-web",
        "edgestack-edge",
        "edgestack-telemetry",
        "edgestack-data",
        "edgestack-cost",
      ],
    );
    assert.deepEqual(
      buildDashboards(opts).map((b) => b.json),
      built.map((b) => b.json),
      "same input, same JSON",
    );
    const long = dashboardUid("edgestack", "svc", "a-very-long-namespace-name", "an-even-longer-service-name");
    assert.ok(long.length <= 40, "Grafana's uid limit");
    assert.equal(long, dashboardUid("edgestack", "svc", "a-very-long-namespace-name", "an-even-longer-service-name"));
    assert.notEqual(
      long,
      dashboardUid("edgestack", "svc", "a-very-long-namespace-name", "an-even-longer-service-namf"),
    );
  });

  it("gives every data panel a datasource by uid variable and at least one query on that datasource", () => {
    for (const { uid, model } of dashboards) {
      const variables = new Set(
        model.templating.list.filter((v) => v.type === "datasource").map((v) => `\${${v.name}}`),
      );
      for (const p of dataPanels(model)) {
        assert.ok(p.datasource, `${uid}/${p.title}: no datasource`);
        assert.ok(
          variables.has(p.datasource.uid),
          `${uid}/${p.title}: datasource uid ${p.datasource.uid} is not a dashboard variable`,
        );
        assert.ok((p.targets ?? []).length > 0, `${uid}/${p.title}: no targets`);
        for (const t of p.targets ?? [])
          assert.deepEqual(t.datasource, p.datasource, `${uid}/${p.title}: target on another datasource`);
        const refIds = (p.targets ?? []).map((t) => t.refId);
        assert.equal(new Set(refIds).size, refIds.length, `${uid}/${p.title}: duplicate refId`);
      }
    }
  });

  it("uses a current schema version and lays panels out without overlaps on the 24-column grid", () => {
    for (const { uid, model } of dashboards) {
      assert.equal(model.schemaVersion, SCHEMA_VERSION);
      assert.ok(SCHEMA_VERSION >= 39, "Grafana 11+");
      const cells = new Set<string>();
      for (const p of model.panels) {
        const g = p.gridPos;
        assert.ok(g.x >= 0 && g.x + g.w <= 24, `${uid}/${p.title}: outside the grid`);
        for (let x = g.x; x < g.x + g.w; x++) {
          for (let y = g.y; y < g.y + g.h; y++) {
            assert.ok(!cells.has(`${x},${y}`), `${uid}/${p.title}: overlaps another panel at ${x},${y}`);
            cells.add(`${x},${y}`);
          }
        }
      }
      const ids = model.panels.map((p) => p.id);
      assert.equal(new Set(ids).size, ids.length, `${uid}: duplicate panel ids`);
    }
  });

  it("shows the golden signals of each service from our metric names, scoped to that service", () => {
    const svc = byUid("edgestack-svc-apps-api");
    const all = exprs(svc).join("\n");
    for (const metric of [
      "http_requests_total",
      "http_request_duration_seconds_bucket",
      "kong_http_requests_total",
      "kong_upstream_latency_ms_bucket",
      "container_cpu_usage_seconds_total",
      "container_memory_working_set_bytes",
      "kube_pod_container_resource_limits",
      "kube_horizontalpodautoscaler_status_current_replicas",
      "kube_horizontalpodautoscaler_spec_max_replicas",
    ])
      assert.ok(all.includes(metric), `missing ${metric}`);
    for (const q of [0.5, 0.95, 0.99]) assert.ok(all.includes(`histogram_quantile(${q},`), `missing p${q * 100}`);
    for (const e of exprs(svc)) {
      assert.ok(/namespace="apps"|apps\\\\\.api\\\\\./.test(e), `query not scoped to apps/api: ${e}`);
      assert.ok(!e.includes('job="web"'), "leaks the other service");
    }
  });

  it("reads the SLO recording rules the alert rules define", () => {
    const recorded = new Set(buildRecordingRules(DEFAULT_ALERT_THRESHOLDS, SAMPLE_INPUT.targets).map((r) => r.record));
    const used = exprs(byUid("edgestack-svc-apps-api")).flatMap((e) => e.match(/[a-z_]+:[a-z_]+:ratio_rate\w+/g) ?? []);
    assert.ok(used.length >= 2);
    for (const name of used) assert.ok(recorded.has(name), `${name} is not recorded`);
  });

  it("covers NGINX edge, Kong and the blackbox probes", () => {
    const all = exprs(byUid("edgestack-edge")).join("\n");
    // nginx-prometheus-exporter's stub_status metrics (collector/nginx.go), not the retired ingress controllers'.
    for (const metric of [
      "nginx_http_requests_total",
      "nginx_up",
      "nginx_connections_active",
      "nginx_connections_reading",
      "nginx_connections_writing",
      "nginx_connections_waiting",
      "kong_http_requests_total",
      "kong_request_latency_ms_bucket",
      "kong_upstream_latency_ms_bucket",
      "kong_kong_latency_ms_bucket",
      "probe_success",
      "probe_ssl_earliest_cert_expiry",
    ]) {
      assert.ok(all.includes(metric), `missing ${metric}`);
    }
    assert.ok(all.includes('job="nginx-edge-metrics", namespace="edge"'));
  });

  it("charts Aurora and ElastiCache from CloudWatch with their dimensions", () => {
    const targets = dataPanels(byUid("edgestack-data")).flatMap((p) => p.targets ?? []);
    const cw = targets.flatMap((t) => ("metricName" in t ? [t] : []));
    const names = (ns: string) =>
      cw
        .filter((t) => t.namespace === ns)
        .map((t) => t.metricName)
        .sort();
    assert.deepEqual(names("AWS/RDS"), [
      "AuroraReplicaLagMaximum",
      "CPUUtilization",
      "DatabaseConnections",
      "FreeableMemory",
    ]);
    assert.deepEqual(names("AWS/ElastiCache"), [
      "CPUUtilization",
      "CurrConnections",
      "DatabaseMemoryUsagePercentage",
      "EngineCPUUtilization",
      "Evictions",
    ]);
    assert.deepEqual(names("AWS/Backup"), [
      "NumberOfBackupJobsCompleted",
      "NumberOfBackupJobsFailed",
      "NumberOfRestoreJobsCompleted",
      "NumberOfRestoreJobsFailed",
    ]);
    const expected = {
      "AWS/RDS": { DBClusterIdentifier: "edgestack-prod-db" },
      "AWS/ElastiCache": { CacheClusterId: opts.cache?.cacheClusterIds },
      "AWS/Backup": { ResourceType: "Aurora" },
    };
    for (const t of cw) {
      assert.deepEqual(t.dimensions, expected[t.namespace as keyof typeof expected]);
      assert.equal(t.queryMode, "Metrics");
    }
    assert.ok(
      !buildDashboards({ ...opts, aurora: undefined, cache: undefined }).some((d) => d.uid === "edgestack-data"),
      "no data dashboard without data services",
    );
  });

  it("shows the cost estimate as the number passed in, labelled as an estimate, next to AWS billing", () => {
    const cost = byUid("edgestack-cost");
    const estimate = dataPanels(cost).find((p) => p.title === "Estimated monthly cost");
    assert.equal(
      estimate && "expr" in (estimate.targets?.[0] ?? {}) ? (estimate.targets?.[0] as { expr: string }).expr : "",
      "vector(1834.25)",
    );
    assert.match(estimate?.description ?? "", /Estimate .*policies\/cost\/pricing\.ts.*Not measured/);
    const parts = dataPanels(cost).find((p) => p.title === "Estimate by component")?.targets as {
      expr: string;
      legendFormat: string;
    }[];
    assert.deepEqual(
      parts.map((t) => [t.legendFormat, t.expr]),
      [
        ["cluster", "vector(612.4)"],
        ["database", "vector(540)"],
        ["network", "vector(301.85)"],
      ],
    );
    const billing = dataPanels(cost)
      .flatMap((p) => p.targets ?? [])
      .find((t) => "metricName" in t && t.metricName === "EstimatedCharges");
    assert.ok(
      billing && "region" in billing && billing.region === "us-east-1",
      "billing metrics exist only in us-east-1",
    );
    const without = JSON.parse(
      buildDashboards({ ...opts, cost: undefined }).find((d) => d.uid === "edgestack-cost")?.json ?? "{}",
    ) as Dash;
    assert.deepEqual(
      dataPanels(without).map((p) => p.title),
      ["AWS billed this month (account)"],
      "no made-up estimate when none is given",
    );
    assert.throws(() => buildDashboards({ ...opts, cost: { monthlyUsd: -1, source: "x" } }), /non-negative/);
  });

  it("writes PromQL that Prometheus parses (promtool check rules on every query)", function () {
    requireBinary(this, "promtool", "prometheus");
    const all = dashboards.flatMap((d) => exprs(d.model));
    const rules = all.map((e, i) => ({
      record: `dashboard:query_${i}:check`,
      expr: e.replace(/\$__rate_interval/g, "5m"),
    }));
    const dir = mkdtempSync(join(tmpdir(), "edgestack-dash-"));
    try {
      writeFileSync(
        join(dir, "queries.yaml"),
        yaml.dump({ groups: [{ name: "dashboards", rules }] }, { lineWidth: -1 }),
      );
      const r = spawnSync("promtool", ["check", "rules", join(dir, "queries.yaml")], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
