import { strict as assert } from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parseConfig } from "../../config";
import { Monitoring, MonitoringArgs } from "../../components/monitoring";
import { mockCall, mockResourceState } from "../../tools/mock-outputs";

/**
 * The Monitoring component on its own, under Pulumi's mocks, with the inputs other tiers hand it (data-tier
 * identifiers, public URLs, the mesh's dashboard). platform.ts wires them as those tiers land; this checks what
 * the component makes of them. (index.ts runs are in monitoring-component.test.ts.)
 */
interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
}

const cfg = parseConfig(
  "edgestack",
  "prod",
  {
    environment: "prod",
    edge: JSON.stringify({ zone: "example.com" }),
    monitoring: JSON.stringify({ alertEmail: "ops@example.com" }),
  },
  "us-east-1",
);

async function construct(extra: Partial<MonitoringArgs>): Promise<Registered[]> {
  const registered: Registered[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        registered.push({ type: a.type, name: a.name, inputs: a.inputs });
        return mockResourceState(a.type, a.name, a.inputs, "us-east-1");
      },
      call: (a) => mockCall(a.token, a.inputs, "us-east-1"),
    },
    "edgestack",
    "wiring",
    true,
  );
  const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
  new Monitoring(
    "monitoring",
    {
      namePrefix: "edgestack-prod",
      region: "us-east-1",
      config: cfg.monitoring,
      services: cfg.services,
      secrets: {},
      oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
      oidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
      storageClass: "gp3",
      publicUrls: [],
      costTag: { key: "environment", value: "prod" },
      protect: true,
      observability: cfg.observability,
      ...extra,
    },
    { providers: { kubernetes: provider } },
  );
  await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
  return registered;
}

const ofType = (rs: Registered[], type: string) => rs.filter((r) => r.type === type);

describe("Monitoring component with the other tiers' inputs", function () {
  this.timeout(20_000);
  let rs: Registered[];
  before(async () => {
    rs = await construct({
      aurora: { clusterIdentifier: pulumi.output("edgestack-prod-database"), readers: 1 },
      cache: {
        replicationGroupId: "edgestack-prod-cache",
        memberClusters: ["edgestack-prod-cache-001", "edgestack-prod-cache-002"],
      },
      publicUrls: ["https://example.com/healthz", pulumi.output("https://api.example.com/healthz")],
      extraDashboards: [
        { uid: "edgestack-mesh", json: pulumi.output(JSON.stringify({ uid: "edgestack-mesh", title: "Mesh" })) },
      ],
    });
  });

  it("raises CloudWatch alarms for the Aurora writer and readers and every cache node, acting on the alert topic", () => {
    const alarms = ofType(rs, "aws:cloudwatch/metricAlarm:MetricAlarm");
    assert.equal(alarms.length, 2 * 3 + 1 + 2 * 5, "3 per Aurora role + replica lag, 5 per cache node (with replicas)");
    const topic = ofType(rs, "aws:sns/topic:Topic")[0];
    const topicArn = `arn:aws:sns:us-east-1:123456789012:${topic.inputs.name}`;
    for (const a of alarms) {
      assert.match(a.inputs.name, /^edgestack-prod-(aurora|cache)-/);
      assert.deepEqual([a.inputs.alarmActions, a.inputs.okActions], [[topicArn], [topicArn]], a.name);
    }
    const dims = alarms.map((a) => Object.values(a.inputs.dimensions)[0]);
    for (const id of ["edgestack-prod-database", "edgestack-prod-cache-001", "edgestack-prod-cache-002"]) {
      assert.ok(dims.includes(id), `an alarm watches ${id}`);
    }
  });

  it("probes each public URL through the blackbox exporter", () => {
    const [probe, ...more] = ofType(rs, "kubernetes:monitoring.coreos.com/v1:Probe");
    assert.equal(more.length, 0);
    assert.deepEqual(probe.inputs.spec.targets.staticConfig.static, [
      "https://example.com/healthz",
      "https://api.example.com/healthz",
    ]);
    assert.equal(probe.inputs.spec.module, "http_2xx");
    assert.equal(probe.inputs.metadata.namespace, "monitoring");
  });

  it("charts the data tier's own identifiers and adds the other tiers' dashboards", () => {
    const maps = ofType(rs, "kubernetes:core/v1:ConfigMap");
    const byKey = Object.fromEntries(maps.map((m) => [Object.keys(m.inputs.data)[0], m]));
    const data = byKey["edgestack-data.json"];
    assert.ok(data, `a data dashboard among ${Object.keys(byKey).join(", ")}`);
    const json = data.inputs.data["edgestack-data.json"] as string;
    for (const id of ["edgestack-prod-database", "edgestack-prod-cache-001", "edgestack-prod-cache-002"])
      assert.ok(json.includes(id), id);
    const mesh = byKey["edgestack-mesh.json"];
    assert.equal(mesh.inputs.metadata.labels.grafana_dashboard, "1");
  });

  it("without readers, replicas or public URLs: no lag alarms and no Probe", async () => {
    const small = await construct({
      aurora: { clusterIdentifier: "db", readers: 0 },
      cache: { replicationGroupId: "rg", memberClusters: ["rg-001"] },
    });
    const metrics = ofType(small, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.inputs.metricName);
    assert.equal(metrics.length, 3 + 4);
    assert.ok(!metrics.includes("AuroraReplicaLagMaximum") && !metrics.includes("ReplicationLag"));
    assert.equal(ofType(small, "kubernetes:monitoring.coreos.com/v1:Probe").length, 0);
  });
});
