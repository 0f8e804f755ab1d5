/**
 * Issue 14 item 9: what AWS bills that the estimate used to show as free. One case per charge, with the line it
 * must produce and the input that turns it off, then the committed stacks carrying each of them.
 */
import assert from "node:assert/strict";
import { estimateCost, type CostLine } from "../../policies/cost/estimate";
import { base, patch, res } from "./fixtures";
import { stackRun } from "../harness";

const ON = { asOfDate: "2026-12-03" };
const H = 730;
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} != ${expected}`);
const lines = (r: ReturnType<typeof res>, over = {}) => estimateCost([r], { ...ON, ...over }).lines;
const byKey = (ls: CostLine[], key: string) => ls.filter((l) => l.priceKey === key);

describe("cost: everything billable is priced", () => {
  it("the RDS-managed master user secret: $0.40/month on the cluster, only when RDS manages the password", () => {
    const managed = byKey(
      lines(patch(base.rdsCluster(), "manageMasterUserPassword", true)),
      "secretsmanager/secret-month",
    );
    assert.equal(managed.length, 1);
    close(managed[0].monthlyUsd, 0.4, "secret");
    assert.deepEqual(
      byKey(lines(patch(base.rdsCluster(), "manageMasterUserPassword", false)), "secretsmanager/secret-month"),
      [],
    );
  });

  it("enhanced monitoring: RDSOSMetrics ingestion by interval (13 KB per sample) and 30 days of storage", () => {
    const every30 = lines(patch(base.clusterInstance(), "monitoringInterval", 30));
    const gb = (((H * 3600) / 30) * 13) / 1024 ** 2;
    close(byKey(every30, "cloudwatch/logs-ingest-gb")[0].monthlyUsd, gb * 0.5, "ingestion");
    close(byKey(every30, "cloudwatch/logs-storage-gb-month")[0].monthlyUsd, gb * (30 / (H / 24)) * 0.03, "storage");
    const every60 = byKey(
      lines(patch(base.clusterInstance(), "monitoringInterval", 60)),
      "cloudwatch/logs-ingest-gb",
    )[0];
    close(every60.quantity * 2, gb, "half the samples at 60 s");
    assert.deepEqual(
      byKey(lines(patch(base.clusterInstance(), "monitoringInterval", 0)), "cloudwatch/logs-ingest-gb"),
      [],
    );
  });

  it("KMS rotations: +$1/month for each of the first two, none for a key that does not rotate", () => {
    const total = (key: ReturnType<typeof res>, over = {}) => lines(key, over).reduce((s, l) => s + l.monthlyUsd, 0);
    close(total(base.kmsKey()), 3, "steady state: key + two billed rotations");
    close(total(base.kmsKey(), { kmsRotationsBilled: 1 }), 2, "second year");
    close(total(base.kmsKey(), { kmsRotationsBilled: 0 }), 1, "first year");
    close(total(patch(base.kmsKey(), "enableKeyRotation", false)), 1, "no rotation");
    assert.throws(() => estimateCost([], { kmsRotationsBilled: 3 }), /kmsRotationsBilled: expected 0, 1 or 2/);
  });

  it("ElastiCache snapshots beyond the free one: (retention - 1) x snapshot size x $0.085", () => {
    const week = byKey(
      lines(patch(base.replicationGroup(), "snapshotRetentionLimit", 7), { cacheSnapshotGb: 2 }),
      "elasticache/backup-gb-month",
    );
    close(week[0].monthlyUsd, 6 * 2 * 0.085, "6 extra snapshots of 2 GB");
    assert.deepEqual(
      byKey(lines(patch(base.replicationGroup(), "snapshotRetentionLimit", 1)), "elasticache/backup-gb-month"),
      [],
    );
  });

  it("internet egress from an internet-facing NLB (to Cloudflare) at $0.09/GB; an internal one sends nothing out", () => {
    const svc = (annotations: Record<string, string>) =>
      res("kubernetes:core/v1:Service", "edge", { metadata: { annotations }, spec: { type: "LoadBalancer" } });
    const egress = byKey(lines(svc({}), { internetEgressGbPerLbMonth: 300 }), "vpc/internet-egress-gb");
    close(egress[0].monthlyUsd, 300 * 0.09, "300 GB");
    assert.deepEqual(
      byKey(
        lines(svc({ "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" })),
        "vpc/internet-egress-gb",
      ),
      [],
    );
  });

  it("a spot burst group at desired size 0 is not free: its assumed share of the headroom, with the ceiling at maxSize named", () => {
    const burst = patch(patch(base.nodeGroup("m7g.large", 0), "capacityType", "SPOT"), "scalingConfig", {
      minSize: 0,
      desiredSize: 0,
      maxSize: 12,
    });
    const ls = lines(burst);
    const scaleOut = ls.filter((l) => /scale-out above desired/.test(l.description));
    assert.equal(scaleOut.length, 1);
    close(scaleOut[0].monthlyUsd, 1.2 * H * 0.0816 * 0.4, "1.2 nodes at the spot price");
    const ceiling = 12 * (0.0816 * 0.4 * H + 20 * 0.08);
    assert.ok(scaleOut[0].assumption?.includes(`at maxSize 12: $${ceiling.toFixed(2)}/month`), scaleOut[0].assumption);
    assert.ok(ls.reduce((s, l) => s + l.monthlyUsd, 0) > 0);
    // On-demand groups are sized at desiredSize (nothing in the program scales managed groups out).
    const onDemand = patch(base.nodeGroup("m7g.large", 2), "scalingConfig", { minSize: 2, desiredSize: 2, maxSize: 6 });
    assert.deepEqual(
      lines(onDemand).filter((l) => /scale-out/.test(l.description)),
      [],
    );
  });

  it("the committed stacks carry every one of these charges", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const estimate = estimateCost((await stackRun(stack)).resources, ON);
      const has = (what: RegExp) =>
        assert.ok(
          estimate.lines.some((l) => what.test(l.description)),
          `${stack}: ${what}`,
        );
      has(/RDS-managed master user secret/);
      has(/enhanced monitoring every \d+ s/);
      has(/key material rotations/);
      has(/internet egress from Service ingress-nginx-nlb/);
      // prod bursts on Karpenter's spot NodePool (priced with its ceiling), dev on a SPOT managed group.
      if (stack === "dev") has(/spot scale-out above desired size/);
      if (stack === "prod") has(/snapshot storage beyond the free one \(7 kept\)/);
    }
  });
});
