import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import {
  allLogGroups,
  containerTagOf,
  DROPPED_KEYS,
  fluentBitPipeline,
  fluentBitValues,
  logGroupLayout,
  logShipperPolicy,
  otherNamespacesRegex,
  STRIP_QUERY_LUA,
} from "../../components/observability/logs";
import {
  AWS_FOR_FLUENT_BIT,
  FLUENT_BIT_IMAGE,
  OTEL_COLLECTOR,
  OTEL_COLLECTOR_IMAGE,
} from "../../components/observability/pins";
import {
  appTracingEnv,
  collectorConfig,
  collectorValues,
  samplerRatio,
  traceExportPolicy,
} from "../../components/observability/traces";
import { ChartKeysFixture, valueKeyPaths } from "../monitoring/chart-keys";

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/chart-values-keys.json"), "utf8")) as Record<
  string,
  ChartKeysFixture
>;
const layout = logGroupLayout("edgestack-prod", ["apps", "kong", "kube-system"], true);
const fluentBit = fluentBitValues(
  {
    region: "us-east-1",
    layout,
    roleArn: "arn:aws:iam::123456789012:role/fb",
    serviceAccount: "fluent-bit",
    fullname: "fluent-bit",
    resources: { cpuRequest: "100m", memoryRequest: "128Mi", memoryLimit: "256Mi" },
    serviceMonitorLabels: { release: "kps" },
  },
  FLUENT_BIT_IMAGE,
) as any;
const collector = collectorValues({
  fullname: "otel-collector",
  serviceAccount: "otel-collector",
  roleArn: "arn:aws:iam::123456789012:role/otel",
  region: "us-east-1",
  replicas: 2,
  resources: { cpuRequest: "100m", memoryRequest: "256Mi", memoryLimit: "512Mi" },
  image: OTEL_COLLECTOR_IMAGE,
  correlatedLogGroups: ["/edgestack-prod/containers/apps"],
  serviceMonitorLabels: { release: "kps" },
}) as any;

describe("observability: chart values are checked against the charts' values.yaml", () => {
  for (const [pin, values] of [
    [AWS_FOR_FLUENT_BIT, fluentBit],
    [OTEL_COLLECTOR, collector],
  ] as const) {
    it(`${pin.chart}: pinned version, and every key set was verified at that version`, () => {
      const f = fixture[pin.chart];
      assert.match(pin.version, /^\d+\.\d+\.\d+$/);
      assert.equal(f.version, pin.version, `bumping ${pin.chart} needs its keys re-verified`);
      const used = valueKeyPaths(values, Object.keys(f.opaque));
      assert.deepEqual(
        used.filter((k) => !(k in f.keys)),
        [],
        "keys set but not verified in fixtures/chart-values-keys.json",
      );
      assert.deepEqual(
        Object.keys(f.keys).filter((k) => !used.includes(k)),
        [],
        "fixture lists keys no longer set",
      );
    });
  }

  it("pulls no image from Docker Hub", () => {
    for (const image of [fluentBit.image.repository, collector.image.repository])
      assert.match(image, /^(public\.ecr\.aws|ghcr\.io)\//);
  });
});

describe("observability: log groups and Fluent Bit's pipeline", () => {
  const pipeline = fluentBitPipeline(layout, "us-east-1");
  const outputs = pipeline.outputs.split("[OUTPUT]").slice(1);

  it("one group per listed namespace, a catch-all and the nodes' group, all under the stack's prefix", () => {
    assert.deepEqual(allLogGroups(layout), [
      "/edgestack-prod/containers/apps",
      "/edgestack-prod/containers/kong",
      "/edgestack-prod/containers/kube-system",
      "/edgestack-prod/containers/other",
      "/edgestack-prod/nodes",
    ]);
    assert.equal(logGroupLayout("p", ["apps"], false).nodes, undefined);
  });

  it("routes each container log to exactly one group: its namespace's, else the catch-all", () => {
    const tag = (ns: string) => `kube.var.log.containers.web-7d9f_${ns}_app-0123abcd.log`;
    const regex = new RegExp(otherNamespacesRegex(["apps", "kong", "kube-system"]));
    const glob = (pattern: string, s: string) =>
      new RegExp(`^${pattern.replace(/[.]/g, "\\.").replace(/\*/g, ".*")}$`).test(s);
    for (const ns of ["apps", "kong", "kube-system"]) {
      assert.ok(glob(containerTagOf(ns), tag(ns)) && !regex.test(tag(ns)), ns);
      assert.ok(!glob(containerTagOf(ns), tag(`${ns}x`)), `${ns}x is not ${ns}`);
    }
    for (const ns of ["karpenter", "appsx", "default"]) assert.ok(regex.test(tag(ns)), ns);
    assert.equal(outputs.length, 5);
  });

  it("never lets Fluent Bit create a group: every output names an existing group with auto_create_group Off", () => {
    for (const out of outputs) {
      assert.match(out, /auto_create_group\s+Off/);
      const group = /log_group_name\s+(\S+)/.exec(out)![1];
      assert.ok(allLogGroups(layout).includes(group), group);
    }
    assert.equal(fluentBit.cloudWatchLogs.enabled, false, "the chart's own output (one group, auto-created) is off");
  });

  it("parses JSON lines to top-level fields, drops credential keys and strips query strings", () => {
    assert.deepEqual(
      [fluentBit.filter.mergeLog, fluentBit.filter.mergeLogKey, fluentBit.filter.keepLog],
      ["On", "", "Off"],
    );
    for (const key of DROPPED_KEYS)
      assert.match(pipeline.filters, new RegExp(`Remove\\s+${key}\\n|Remove\\s+${key}$`, "m"));
    assert.match(pipeline.filters, /Name\s+lua[\s\S]*call\s+strip_query/);
  });

  it("ships the kubelet and containerd journal when node logs are on", () => {
    assert.match(
      pipeline.inputs,
      /Name\s+systemd[\s\S]*_SYSTEMD_UNIT=kubelet\.service[\s\S]*_SYSTEMD_UNIT=containerd\.service/,
    );
    assert.equal(fluentBitPipeline(logGroupLayout("p", ["apps"], false), "us-east-1").inputs, "");
  });

  it("the shipper's role writes streams and events into its groups only", () => {
    const doc = JSON.parse(logShipperPolicy(["arn:aws:logs:us-east-1:1:log-group:/p/containers/apps"]));
    assert.deepEqual(doc.Statement, [
      {
        Sid: "WriteThisClustersLogGroups",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [
          "arn:aws:logs:us-east-1:1:log-group:/p/containers/apps",
          "arn:aws:logs:us-east-1:1:log-group:/p/containers/apps:*",
        ],
      },
    ]);
  });
});

describe("observability: the query-stripping Lua filter, run by LuaJIT (Fluent Bit's Lua)", () => {
  const LUAJIT = "/usr/bin/luajit";
  const cases: [string, string][] = [
    ["GET /api/v1/items?token=abc HTTP/1.1", "GET /api/v1/items HTTP/1.1"],
    ['10.0.0.1 - - "GET /x/y?a=1&b=2 HTTP/2.0" 200', '10.0.0.1 - - "GET /x/y HTTP/2.0" 200'],
    ["https://example.com/cb?code=secret", "https://example.com/cb"],
    ["/plain/path", "/plain/path"],
    ["no path here", "no path here"],
  ];

  it("removes every query string and leaves other text alone", function () {
    if (!fs.existsSync(LUAJIT)) {
      if (process.env.CI === "true") throw new Error(`${LUAJIT} not found; install with: apt-get install -y luajit`);
      console.log("      skipped: luajit not found; install with: apt-get install -y luajit");
      return this.skip();
    }
    const script =
      `${STRIP_QUERY_LUA}\n` +
      cases
        .map(
          ([input], i) =>
            `local c, _, r = strip_query("t", 0, { log = ${JSON.stringify(input)} }); print(${i}, c, r.log)`,
        )
        .join("\n");
    const run = spawnSync(LUAJIT, ["-e", script], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => l.split("\t"));
    cases.forEach(([input, expected], i) => {
      assert.equal(lines[i][2], expected, input);
      assert.equal(lines[i][1], input === expected ? "0" : "1", `return code for ${input}`);
    });
  });
});

describe("observability: the OpenTelemetry collector", () => {
  it("receives OTLP only, exports to X-Ray only, linked to the apps' log group", () => {
    const c = collectorConfig({ region: "us-east-1", correlatedLogGroups: ["/p/containers/apps"] }) as any;
    assert.deepEqual(Object.keys(c.receivers), ["otlp"]);
    assert.deepEqual(c.service.pipelines, {
      traces: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["awsxray"] },
    });
    assert.deepEqual(c.exporters.awsxray.aws_log_groups, ["/p/containers/apps"]);
    assert.ok(c.service.extensions.includes("health_check"), "the chart's probes need it");
    for (const port of ["jaeger-compact", "jaeger-thrift", "jaeger-grpc", "zipkin"])
      assert.equal(collector.ports[port].enabled, false, port);
    assert.equal(collector.podDisruptionBudget.enabled, true);
    assert.equal(collector.command.name, "otelcol-contrib");
  });

  it("may only put trace segments", () => {
    assert.deepEqual(JSON.parse(traceExportPolicy()).Statement[0].Action, [
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
    ]);
  });

  it("gives the apps parent-based ratio sampling and the collector's OTLP/HTTP endpoint", () => {
    const env = appTracingEnv("items", "http://otel-collector.observability.svc.cluster.local:4318", 5);
    assert.equal(env.OTEL_TRACES_SAMPLER, "parentbased_traceidratio");
    assert.equal(env.OTEL_TRACES_SAMPLER_ARG, "0.05");
    assert.equal(env.OTEL_SERVICE_NAME, "items");
    assert.equal(samplerRatio(0.1), "0.001");
    assert.throws(() => samplerRatio(101), /between 0 and 100, got 101/);
  });
});
