import { strict as assert } from "assert";
import { CapturedResource, input, ofType, RunResult, stackRun } from "../harness";

/** The committed stacks: what the observability tier puts in each graph, and how the tiers are wired to it. */
const release = (run: RunResult, chart: string): CapturedResource | undefined =>
  ofType(run, "kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === chart);
const containerGroups = (run: RunResult) =>
  ofType(run, "aws:cloudwatch/logGroup:LogGroup").filter((g) =>
    /\/(containers\/[a-z0-9-]+|nodes)$/.test(String(g.inputs.name)),
  );
const appEnv = (run: RunResult) =>
  ofType(run, "kubernetes:apps/v1:Deployment")
    .filter((d) => input(d, "metadata.namespace") === "apps")
    .map((d) =>
      Object.fromEntries(
        (input(d, "spec.template.spec.containers")[0].env as { name: string; value?: string }[]).map((e) => [
          e.name,
          e.value,
        ]),
      ),
    );

describe("observability in the committed stacks", function () {
  this.timeout(120_000);
  let prod: RunResult;
  let dev: RunResult;
  before(async () => {
    prod = await stackRun("prod");
    dev = await stackRun("dev");
  });

  it("prod: a log shipper and an OpenTelemetry collector, pinned, in the observability namespace", () => {
    for (const chart of ["aws-for-fluent-bit", "opentelemetry-collector"]) {
      const r = release(prod, chart);
      assert.ok(r, chart);
      assert.equal(r.inputs.namespace, "observability");
      assert.match(String(r.inputs.version), /^\d+\.\d+\.\d+$/);
    }
  });

  it("every shipped log group is created by the program with retention and a KMS key; dev keeps less", () => {
    for (const [run, days] of [
      [prod, 30],
      [dev, 7],
    ] as const) {
      const groups = containerGroups(run);
      assert.ok(groups.length >= 6, `${groups.length} groups`);
      for (const g of groups) {
        assert.equal(g.inputs.retentionInDays, days, String(g.inputs.name));
        assert.ok(g.inputs.kmsKeyId, `${g.inputs.name} has a KMS key`);
      }
    }
  });

  it("the mesh exports to the collector: extension provider and Telemetry provider", () => {
    const istiod = release(prod, "istiod")!;
    assert.deepEqual(input(istiod, "values.meshConfig.extensionProviders"), [
      {
        name: "otel-tracing",
        opentelemetry: { service: "otel-collector.observability.svc.cluster.local", port: 4317 },
      },
    ]);
    const telemetry = ofType(prod, "kubernetes:telemetry.istio.io/v1:Telemetry")[0];
    assert.deepEqual(input(telemetry, "spec.tracing")[0].providers, [{ name: "otel-tracing" }]);
    assert.equal(input(telemetry, "spec.tracing")[0].randomSamplingPercentage, 5);
  });

  it("the apps export to the collector, with lower sampling in dev, and may reach it through their NetworkPolicy", () => {
    for (const [run, ratio] of [
      [prod, "0.05"],
      [dev, "0.01"],
    ] as const) {
      const envs = appEnv(run);
      assert.equal(envs.length, 2);
      for (const env of envs) {
        assert.equal(env.OTEL_EXPORTER_OTLP_ENDPOINT, "http://otel-collector.observability.svc.cluster.local:4318");
        assert.equal(env.OTEL_TRACES_SAMPLER_ARG, ratio);
      }
      for (const np of ofType(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy").filter(
        (n) => input(n, "metadata.namespace") === "apps",
      )) {
        const egress = input(np, "spec.egress") as {
          to?: { namespaceSelector?: { matchLabels: Record<string, string> } }[];
          ports: { port: number }[];
        }[];
        const toCollector = egress.find(
          (e) => e.to?.[0]?.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] === "observability",
        );
        assert.deepEqual(
          toCollector?.ports.map((p) => p.port),
          [4317, 4318],
        );
      }
    }
  });

  it("Grafana gets the X-Ray datasource", () => {
    const kps = release(prod, "kube-prometheus-stack")!;
    assert.ok(
      (input(kps, "values.grafana.additionalDataSources") as { type: string }[]).some(
        (d) => d.type === "grafana-x-ray-datasource",
      ),
    );
  });
});
