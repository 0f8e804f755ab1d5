import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  BLACKBOX_EXPORTER,
  BLACKBOX_FULLNAME,
  BLACKBOX_MODULE,
  BLACKBOX_PORT,
  blackboxExporterValues,
  DASHBOARD_LABEL,
  KUBE_PROMETHEUS_STACK,
  kubePrometheusStackValues,
  probeSpec,
  retentionSize,
} from "../../components/monitoring/chart-values";
import { ChartKeysFixture, matchesOpaque, valueKeyPaths } from "./chart-keys";
import { SAMPLE_KPS_INPUT } from "./chart-samples";

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/chart-values-keys.json"), "utf8")) as Record<
  string,
  ChartKeysFixture
>;
const kps = kubePrometheusStackValues(SAMPLE_KPS_INPUT) as any;
const blackbox = blackboxExporterValues({ minTlsVersion: "TLS12" }) as any;

describe("monitoring: chart values are checked against the charts' values.yaml", () => {
  for (const [pin, values] of [
    [KUBE_PROMETHEUS_STACK, kps],
    [BLACKBOX_EXPORTER, blackbox],
  ] as const) {
    it(`${pin.chart}: pinned version and repository, and every key set was verified at that version`, () => {
      const f = fixture[pin.chart];
      assert.equal(pin.repo, "https://prometheus-community.github.io/helm-charts");
      assert.match(pin.version, /^\d+\.\d+\.\d+$/, "an exact version, no range");
      assert.equal(
        f.version,
        pin.version,
        `bumping ${pin.chart} needs the keys re-verified (tests/monitoring/fixtures/check-chart-keys.ts)`,
      );
      const used = valueKeyPaths(values, Object.keys(f.opaque));
      const unverified = used.filter((k) => !(k in f.keys));
      assert.deepEqual(unverified, [], "keys set but not listed as verified in fixtures/chart-values-keys.json");
      const stale = Object.keys(f.keys).filter((k) => !used.includes(k));
      assert.deepEqual(stale, [], "fixture lists keys the program no longer sets");
    });
  }

  it("opaque subtrees and key paths are computed as documented", () => {
    assert.ok(matchesOpaque("resources", "*.resources") && matchesOpaque("grafana.resources", "*.resources"));
    assert.ok(!matchesOpaque("grafana.resourcesX", "*.resources"));
    assert.deepEqual(
      valueKeyPaths({ a: { b: 1, c: { d: [1] } }, resources: { requests: {} }, e: {} }, ["*.resources"]),
      ["a.b", "a.c.d", "resources", "e"],
    );
  });
});

describe("monitoring: kube-prometheus-stack values", () => {
  it("disables the control-plane scrapers EKS does not expose", () => {
    for (const job of ["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"])
      assert.equal(kps[job].enabled, false, job);
  });

  it("selects every ServiceMonitor, PodMonitor, Probe, ScrapeConfig and PrometheusRule, not only the release's", () => {
    const spec = kps.prometheus.prometheusSpec;
    for (const kind of ["serviceMonitor", "podMonitor", "probe", "rule", "scrapeConfig"]) {
      assert.equal(spec[`${kind}SelectorNilUsesHelmValues`], false, kind);
      assert.equal(spec[`${kind}Selector`], undefined, `${kind}Selector left nil so the chart renders {}`);
    }
  });

  it("keeps data on an encrypted gp3 volume, by time and by size", () => {
    const spec = kps.prometheus.prometheusSpec;
    assert.equal(spec.retention, "15d");
    assert.equal(spec.retentionSize, "42GB", "85 % of 50 GiB, floored");
    assert.deepEqual(spec.storageSpec.volumeClaimTemplate.spec, {
      storageClassName: "gp3",
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "50Gi" } },
    });
    assert.equal(kps.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName, "gp3");
    assert.equal(retentionSize(10), "8GB");
    assert.equal(retentionSize(5), "4GB");
  });

  it("sets requests and a memory limit on every workload; Prometheus memory request = limit", () => {
    const paths = valueKeyPaths(kps, Object.keys(fixture["kube-prometheus-stack"].opaque)).filter((p) =>
      p.endsWith("resources"),
    );
    assert.deepEqual(paths.sort(), [
      "alertmanager.alertmanagerSpec.resources",
      "grafana.resources",
      "grafana.sidecar.resources",
      "kube-state-metrics.resources",
      "prometheus-node-exporter.resources",
      "prometheus.prometheusSpec.resources",
      "prometheusOperator.prometheusConfigReloader.resources",
      "prometheusOperator.resources",
    ]);
    const toMi = (q: string) =>
      Number(q.replace(/Gi$/, "")) * (q.endsWith("Gi") ? 1024 : 1) || Number(q.replace(/Mi$/, ""));
    for (const p of paths) {
      const r = p.split(".").reduce((v: any, k) => v[k], kps);
      assert.ok(r.requests.cpu && r.requests.memory && r.limits.memory, p);
      assert.ok(toMi(r.limits.memory) >= toMi(r.requests.memory), `${p}: limit below request`);
    }
    assert.deepEqual(kps.prometheus.prometheusSpec.resources, {
      requests: { cpu: "500m", memory: "4Gi" },
      limits: { memory: "4Gi" },
    });
  });

  it("Alertmanager: our config (null receiver kept) with notifier credentials mounted from a Secret, never inline", () => {
    const am = kps.alertmanager;
    assert.deepEqual(am.alertmanagerSpec.secrets, ["alertmanager-notifiers"]);
    assert.ok(
      am.config.receivers.some((r: any) => r.name === "null"),
      "the chart's null receiver",
    );
    const text = JSON.stringify(am.config);
    assert.ok(!/"(api_url|auth_password|smtp_auth_password|slack_api_url)"/.test(text), "no inline credential field");
    for (const file of text.match(/"[a-z_]+_file":"[^"]+"/g) ?? []) {
      assert.match(file, /"\/etc\/alertmanager\/secrets\/alertmanager-notifiers\/[a-z-]+"/);
    }
  });

  it("Grafana: admin from the existing Secret, dashboards by sidecar label, CloudWatch through the IRSA role", () => {
    const g = kps.grafana;
    assert.deepEqual(g.admin, {
      existingSecret: "grafana-admin",
      userKey: "admin-user",
      passwordKey: "admin-password",
    });
    assert.equal(g.adminPassword, undefined, "no password in the values");
    assert.deepEqual(g.sidecar.dashboards, {
      enabled: true,
      label: "grafana_dashboard",
      labelValue: "1",
      searchNamespace: "ALL",
    });
    assert.deepEqual(DASHBOARD_LABEL, { grafana_dashboard: "1" });
    assert.equal(g.serviceAccount.annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam::123456789012:role/grafana");
    const [cw] = g.additionalDataSources;
    assert.deepEqual(
      [cw.type, cw.uid, cw.jsonData.authType, cw.jsonData.defaultRegion],
      ["cloudwatch", "cloudwatch", "default", "us-east-1"],
    );
    assert.equal(cw.secureJsonData, undefined, "no static AWS keys");
  });
});

describe("monitoring: blackbox exporter and the Probe", () => {
  it("the http_2xx module wants any 2xx over verified TLS 1.2+, and fails on plain HTTP", () => {
    const m = blackbox.config.modules[BLACKBOX_MODULE];
    assert.equal(m.prober, "http");
    assert.deepEqual(m.http.valid_status_codes, [], "empty = 2xx");
    assert.equal(m.http.fail_if_not_ssl, true);
    assert.deepEqual(m.http.tls_config, { insecure_skip_verify: false, min_version: "TLS12" });
    assert.equal(blackbox.fullnameOverride, BLACKBOX_FULLNAME);
  });

  it("the Probe points at the exporter's Service and module and labels each series with its host", () => {
    const spec = probeSpec(
      ["https://api.example.com/healthz", "https://example.com", "https://www.example.com:8443/x"],
      "monitoring",
      "blackbox",
    ) as any;
    assert.equal(spec.prober.url, `${BLACKBOX_FULLNAME}.monitoring.svc:${BLACKBOX_PORT}`);
    assert.equal(spec.module, BLACKBOX_MODULE);
    assert.equal(spec.jobName, "blackbox");
    assert.deepEqual(spec.targets.staticConfig.static, [
      "https://api.example.com/healthz",
      "https://example.com",
      "https://www.example.com:8443/x",
    ]);
    // The operator sets __param_target from the target before our relabelings run; Prometheus anchors the regex.
    const [relabel] = spec.targets.staticConfig.relabelingConfigs;
    assert.deepEqual(relabel.sourceLabels, ["__param_target"]);
    const hostOf = (url: string) => url.replace(new RegExp(`^(?:${relabel.regex})$`), relabel.replacement);
    assert.deepEqual(spec.targets.staticConfig.static.map(hostOf), [
      "api.example.com",
      "example.com",
      "www.example.com",
    ]);
  });

  it("the Probe sets only fields of the monitoring.coreos.com/v1 Probe CRD (Prometheus Operator v0.93.1)", () => {
    const f = fixture["Probe"];
    const used = valueKeyPaths(probeSpec(["https://example.com"], "monitoring", "blackbox"), Object.keys(f.opaque));
    assert.deepEqual(
      used.filter((k) => !(k in f.keys)),
      [],
    );
  });
});

describe("monitoring: the X-Ray traces datasource", () => {
  it("installs the pinned plugin and provisions the datasource on Grafana's IRSA role only when asked", () => {
    assert.deepEqual(kps.grafana.plugins, ["grafana-x-ray-datasource 2.17.2"]);
    const xray = kps.grafana.additionalDataSources.find((d: { uid: string }) => d.uid === "xray");
    assert.deepEqual(
      { type: xray.type, jsonData: xray.jsonData },
      { type: "grafana-x-ray-datasource", jsonData: { authType: "default", defaultRegion: "us-east-1" } },
    );
    const without = kubePrometheusStackValues({ ...SAMPLE_KPS_INPUT, xrayDatasource: false }) as any;
    assert.equal(without.grafana.plugins, undefined);
    assert.deepEqual(
      without.grafana.additionalDataSources.map((d: { uid: string }) => d.uid),
      ["cloudwatch"],
    );
  });
});
