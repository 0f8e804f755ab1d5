import * as assert from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import * as yaml from "js-yaml";
import { tmpdir } from "os";
import { join } from "path";
import { parseConfig, type MeshConfig } from "../../config";
import { cpuMillis, meshOverhead, memoryMiB } from "../../components/mesh/capacity";
import { istioDashboard, istioDashboardQueries } from "../../components/mesh/dashboard";
import { requireBinary } from "../monitoring/helpers";
import { ISTIO_REVISION, revisionOf } from "../../components/mesh/istio-version";
import {
  meshInjectionLabels,
  meshNamespaceLabels,
  meshRouteAnnotations,
  meshServiceAnnotations,
  metricsMergeAnnotations,
} from "../../components/mesh/labels";
import { meshTelemetrySpec, sidecarPodMonitorSpec } from "../../components/mesh/observability";
import { allowFromSpec, duration, principal, RETRY_ON, virtualServiceSpec } from "../../components/mesh/traffic";
import { istiodValues, parseHostPort } from "../../components/mesh/values";

function cfgFor(env: "dev" | "prod", mesh: object = {}) {
  return parseConfig(
    "edgestack",
    env,
    {
      environment: env,
      edge: JSON.stringify({ zone: "example.com" }),
      monitoring: JSON.stringify({ alertEmail: "ops@example.com" }),
      mesh: JSON.stringify(mesh),
    },
    "us-east-1",
  );
}

const IMAGES = {
  hub: "registry.example/istio",
  refs: { pilot: "registry.example/istio/pilot", proxyv2: "registry.example/istio/proxyv2", "install-cni": "x/y" },
};

describe("mesh helpers: revision and namespace labels", () => {
  it("derives the revision from the minor version and rejects a malformed version", () => {
    assert.strictEqual(revisionOf("1.30.4"), "1-30");
    assert.strictEqual(revisionOf("2.0.0"), "2-0");
    assert.throws(() => revisionOf("1.30"), /expected major\.minor\.patch such as "1\.30\.4", got "1\.30"/);
  });

  it("labels a namespace for injection by revision only when the mesh is on", () => {
    assert.deepStrictEqual(meshNamespaceLabels(true, "1-30"), { "istio.io/rev": "1-30" });
    assert.deepStrictEqual(meshNamespaceLabels(false, "1-30"), {});
    assert.throws(() => meshNamespaceLabels(true, "1.30"), /expected a label value such as "1-30", got "1\.30"/);
  });

  it("injects the configured namespaces only: apps and kong in prod, nothing in dev, never monitoring by default", () => {
    const prod = cfgFor("prod").mesh;
    assert.deepStrictEqual(meshInjectionLabels(prod, "apps"), { "istio.io/rev": ISTIO_REVISION });
    assert.deepStrictEqual(meshInjectionLabels(prod, "kong"), { "istio.io/rev": ISTIO_REVISION });
    assert.deepStrictEqual(meshInjectionLabels(prod, "monitoring"), {});
    assert.deepStrictEqual(meshInjectionLabels(prod, "edge"), {});
    assert.deepStrictEqual(meshInjectionLabels(cfgFor("dev").mesh, "apps"), {});
    assert.deepStrictEqual(
      meshInjectionLabels(cfgFor("prod", { injectNamespaces: ["apps", "kong", "monitoring"] }).mesh, "monitoring"),
      { "istio.io/rev": ISTIO_REVISION },
    );
  });

  it("tells Kong to route through the mesh: service IP, mesh host, no retries of its own, upstream Host", () => {
    assert.deepStrictEqual(meshServiceAnnotations(true, "items", "apps"), {
      "ingress.kubernetes.io/service-upstream": "true",
      "konghq.com/host-header": "items.apps.svc.cluster.local",
      "konghq.com/retries": "0",
    });
    assert.deepStrictEqual(meshServiceAnnotations(false, "items", "apps"), {});
    assert.deepStrictEqual(meshRouteAnnotations(true), { "konghq.com/preserve-host": "false" });
    assert.deepStrictEqual(meshRouteAnnotations(false), {});
  });

  it("asks metrics merging for the app's port and path", () => {
    assert.deepStrictEqual(metricsMergeAnnotations(8001), {
      "prometheus.io/scrape": "true",
      "prometheus.io/port": "8001",
      "prometheus.io/path": "/metrics",
    });
    assert.throws(() => metricsMergeAnnotations(70000), /expected 1-65535, got 70000/);
    assert.throws(() => metricsMergeAnnotations(5000, "metrics"), /starting with '\/'/);
  });
});

describe("mesh helpers: traffic specs", () => {
  it("formats durations as protobuf Duration strings", () => {
    assert.deepStrictEqual([duration(5000), duration(2500), duration(10)], ["5s", "2.5s", "0.01s"]);
    assert.throws(() => duration(0), /positive integer of milliseconds, got 0/);
  });

  it("builds SPIFFE principals in the cluster's trust domain", () => {
    assert.strictEqual(principal("kong", "kong-kong"), "cluster.local/ns/kong/sa/kong-kong");
  });

  it("refuses an ALLOW policy with nobody allowed (it would silently deny everything)", () => {
    assert.throws(() => allowFromSpec({ app: "x" }, [], 8001), /at least one allowed principal/);
  });

  it("retries only failures that never reached the app; zero attempts disables retries", () => {
    const mesh = cfgFor("prod").mesh;
    const spec = virtualServiceSpec("items.apps.svc.cluster.local", mesh);
    assert.deepStrictEqual(spec.http[0].retries, { attempts: 2, perTryTimeout: "2s", retryOn: RETRY_ON });
    assert.deepStrictEqual(RETRY_ON.split(","), ["connect-failure", "refused-stream", "reset-before-request"]);
    assert.deepStrictEqual(
      virtualServiceSpec("h", { ...mesh, retries: { attempts: 0, perTryTimeoutMs: 100 } }).http[0].retries,
      { attempts: 0 },
    );
  });

  it("refuses retries that do not fit in the route timeout even if config validation was bypassed", () => {
    const mesh = cfgFor("prod").mesh;
    assert.throws(
      () => virtualServiceSpec("h", { ...mesh, retries: { attempts: 3, perTryTimeoutMs: 2000 }, timeoutMs: 5000 }),
      /retries \(3 × 2000 ms\) exceed the route timeout \(5000 ms\)/,
    );
  });
});

describe("mesh helpers: tracing and scraping", () => {
  it("samples at the configured rate; exports only when a collector is configured", () => {
    assert.deepStrictEqual(meshTelemetrySpec(1, false), { tracing: [{ randomSamplingPercentage: 1 }] });
    assert.deepStrictEqual(meshTelemetrySpec(5, true), {
      tracing: [{ providers: [{ name: "otel-tracing" }], randomSamplingPercentage: 5 }],
    });
    assert.throws(() => meshTelemetrySpec(101, false), /between 0 and 100, got 101/);
    const mesh: MeshConfig = cfgFor("prod", {
      tracingCollector: "otel-collector.monitoring.svc.cluster.local:4317",
    }).mesh;
    assert.deepStrictEqual(istiodValues(mesh, "1-30", IMAGES).meshConfig.extensionProviders, [
      { name: "otel-tracing", opentelemetry: { service: "otel-collector.monitoring.svc.cluster.local", port: 4317 } },
    ]);
    assert.strictEqual(istiodValues(cfgFor("prod").mesh, "1-30", IMAGES).meshConfig.extensionProviders, undefined);
    assert.throws(() => parseHostPort("collector"), /expected host:port, got "collector"/);
  });

  it("scrapes the sidecars' merged endpoint with job/service = the app label, like a ServiceMonitor would", () => {
    const spec = sidecarPodMonitorSpec(["apps"]);
    assert.strictEqual(spec.jobLabel, "app.kubernetes.io/name");
    const relabel = spec.podMetricsEndpoints[0].relabelings;
    assert.ok(
      relabel.some(
        (r) =>
          r.targetLabel === "service" && r.sourceLabels[0] === "__meta_kubernetes_pod_label_app_kubernetes_io_name",
      ),
    );
    // Rewrites the target to the annotated port: "15020;10.1.2.3" → "10.1.2.3:15020".
    const addr = relabel.find((r) => r.targetLabel === "__address__")!;
    assert.strictEqual("15020;10.1.2.3".replace(new RegExp(`^${addr.regex}$`), addr.replacement!), "10.1.2.3:15020");
    assert.throws(() => sidecarPodMonitorSpec([]), /at least one namespace/);
  });
});

describe("mesh helpers: dashboard", () => {
  it("has request rate, 5xx, p95 per service and the mTLS share, scoped to the app namespace", () => {
    const built = istioDashboard("apps");
    const model = JSON.parse(built.json) as {
      uid: string;
      panels: Array<{ id: number; title: string; targets: Array<{ expr: string; datasource: { uid: string } }> }>;
    };
    assert.deepStrictEqual(
      [built.uid, model.uid, built.title],
      ["edgestack-mesh-apps", "edgestack-mesh-apps", "Mesh: apps"],
    );
    assert.deepStrictEqual(
      model.panels.map((p) => p.title),
      ["Requests per second", "5xx per second", "p95 latency", "Requests over mTLS"],
    );
    const q = istioDashboardQueries("apps");
    assert.deepStrictEqual(
      model.panels.map((p) => p.targets[0].expr),
      [q.requestRate, q.errorRate, q.p95LatencyMs, q.mtlsShare],
    );
    for (const expr of Object.values(q))
      assert.match(expr, /reporter="destination", destination_service_namespace="apps"/);
    assert.match(q.errorRate, /response_code=~"5\.\."/);
    assert.match(q.p95LatencyMs, /^histogram_quantile\(0\.95, sum by \(destination_service_name, le\)/);
    assert.match(q.mtlsShare, /connection_security_policy="mutual_tls"/);
    assert.ok(
      model.panels.every((p) => p.targets[0].datasource.uid === "${prometheus}"),
      "same datasource variable as the monitoring dashboards",
    );
    assert.throws(() => istioDashboard('apps"} or vector(1'), /expected a namespace name/);
  });

  it("writes PromQL that Prometheus parses (promtool check rules on every query)", function () {
    const promtool = requireBinary(this, "promtool", "prometheus");
    const rules = Object.values(istioDashboardQueries("apps")).map((e, i) => ({
      record: `mesh:query_${i}:check`,
      expr: e.replace(/\$__rate_interval/g, "5m"),
    }));
    const dir = mkdtempSync(join(tmpdir(), "edgestack-mesh-"));
    try {
      writeFileSync(join(dir, "queries.yaml"), yaml.dump({ groups: [{ name: "mesh", rules }] }, { lineWidth: -1 }));
      const r = spawnSync(promtool, ["check", "rules", join(dir, "queries.yaml")], { encoding: "utf8" });
      assert.strictEqual(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("mesh helpers: capacity (node sizing)", () => {
  it("parses Kubernetes quantities", () => {
    assert.deepStrictEqual(["250m", "1", "0.5"].map(cpuMillis), [250, 1000, 500]);
    assert.deepStrictEqual(["128Mi", "2Gi"].map(memoryMiB), [128, 2048]);
    assert.throws(() => cpuMillis("1 core"), /expected "250m" or "1", got "1 core"/);
  });

  it("prod: at minimum replicas the mesh (sidecars, istiod, CNI agents) requests under 30 % of the base nodes' CPU and 11 % of their memory", () => {
    const cfg = cfgFor("prod");
    const nodes = cfg.cluster.nodeGroups.reduce((n, g) => n + g.minSize, 0);
    const min = meshOverhead(cfg.mesh, cfg.services, cfg.ingress.kong.minReplicas, nodes, "min");
    // 2 services × 3 + Kong 3 = 9 sidecars × 100m/128Mi; 2 istiod × 250m/512Mi; 3 nodes × 100m/100Mi.
    assert.deepStrictEqual(min, {
      sidecars: 9,
      sidecarRequests: { cpuMillis: 900, memoryMiB: 1152 },
      istiodRequests: { cpuMillis: 500, memoryMiB: 1024 },
      cniRequests: { cpuMillis: 300, memoryMiB: 300 },
      total: { cpuMillis: 1700, memoryMiB: 2476 },
    });
    const base = cfg.cluster.nodeGroups.find((g) => g.capacityType === "ON_DEMAND")!;
    assert.deepStrictEqual(
      [base.instanceTypes, base.minSize, nodes],
      [["m7g.large"], 3, 3],
      "3 × (2 vCPU / 8 GiB), no spot node at minimum",
    );
    assert.ok(min.total.cpuMillis <= 0.3 * base.minSize * 2000, "CPU: under 30 % of the base nodes");
    assert.ok(min.total.memoryMiB <= 0.11 * base.minSize * 8192, "memory: under 11 % of the base nodes");
  });

  it("prod: at maximum every node of the group runs a CNI agent", () => {
    const cfg = cfgFor("prod");
    const nodes = cfg.cluster.nodeGroups.reduce((n, g) => n + g.maxSize, 0);
    const max = meshOverhead(cfg.mesh, cfg.services, cfg.ingress.kong.maxReplicas, nodes, "max");
    assert.strictEqual(nodes, 9);
    assert.deepStrictEqual(max.cniRequests, { cpuMillis: 900, memoryMiB: 900 });
    assert.strictEqual(max.total.cpuMillis, max.sidecarRequests.cpuMillis + max.istiodRequests.cpuMillis + 900);
  });
});
