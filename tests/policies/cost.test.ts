/** The estimator against hand-computed figures for a small fixed graph. */
import assert from "node:assert/strict";
import { componentOf, estimateCost, topCostDrivers } from "../../policies/cost/estimate";
import { platformGraph, EXPECTED, H } from "./cost-graph";
import { base, patch, res } from "./fixtures";

const ON = { asOfDate: "2026-11-23" };
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} != ${expected}`);

function perResource(lines: ReturnType<typeof estimateCost>["lines"]) {
  const out: Record<string, number> = {};
  for (const l of lines) out[l.name] = (out[l.name] ?? 0) + l.monthlyUsd;
  return out;
}

describe("cost estimator", () => {
  const estimate = estimateCost(platformGraph(), ON);

  it("prices every resource as hand-computed from the unit prices (730 h/month)", () => {
    const got = perResource(estimate.lines);
    for (const [name, expected] of Object.entries(EXPECTED)) close(got[name] ?? 0, expected, name);
    assert.deepEqual(
      Object.keys(got).filter((n) => !(n in EXPECTED)),
      [],
    );
  });

  it("prices 2 x m7g.large on-demand as 2 x $0.0816 x 730, reserved at the savings-plan rate", () => {
    const nodes = estimate.lines.find((l) => l.name === "nodes" && l.priceKey === "ec2/m7g.large")!;
    assert.equal(nodes.quantity, 2 * H);
    close(nodes.monthlyUsd, 119.136, "on-demand");
    close(nodes.reservedMonthlyUsd, 2 * H * 0.0816 * 0.72, "reserved");
  });

  it("keeps spot nodes at the spot price in the reserved view", () => {
    const spot = estimate.lines.find((l) => l.name === "spot" && l.priceKey === "ec2/t4g.large")!;
    close(spot.reservedMonthlyUsd, spot.monthlyUsd, "spot reserved");
    assert.match(spot.assumption ?? "", /spot at 0.4/);
  });

  it("accounts each line to the Platform root's child component, through nested components", () => {
    assert.deepEqual(
      componentOf(
        platformGraph().find((r) => r.name === "nodes")!,
        new Map(platformGraph().map((r) => [r.urn, r])),
      ),
      { name: "cluster", type: "edgestack:platform:Cluster" },
    );
    close(
      estimate.byComponent.network.monthlyUsd,
      EXPECTED["nat-a"] + EXPECTED["nat-ip"] + EXPECTED["ecr-api"],
      "network",
    );
    close(estimate.byComponent.cluster.monthlyUsd, EXPECTED.eks + EXPECTED.nodes + EXPECTED.spot, "cluster");
    close(estimate.byComponent.stack.monthlyUsd, EXPECTED["unparented-key"], "unparented resources");
    assert.equal(estimate.byComponent.database.componentType, "edgestack:platform:Database");
  });

  it("adds up: lines = components = total, reserved never above on-demand", () => {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    close(estimate.totalUsd, sum(Object.values(EXPECTED)), "total");
    close(sum(Object.values(estimate.byComponent).map((c) => c.monthlyUsd)), estimate.totalUsd, "components");
    assert.ok(estimate.reservedTotalUsd < estimate.totalUsd);
    for (const l of estimate.lines) assert.ok(l.reservedMonthlyUsd <= l.monthlyUsd + 1e-9, l.description);
  });

  it("lists billable resources it cannot price instead of showing them as free", () => {
    assert.deepEqual(
      estimate.notPriced.map((n) => `${n.name}@${n.component}`),
      ["legacy-alb@ingress"],
    );
    const odd = estimateCost(
      [base.nodeGroup("m5.large"), patch(base.replicationGroup(), "nodeType", "cache.r6g.large")],
      ON,
    );
    assert.deepEqual(
      odd.notPriced.map((n) => n.reason),
      [
        "instance type m5.large has no price in pricing.ts",
        "valkey node type cache.r6g.large has no price in pricing.ts",
      ],
    );
    assert.equal(odd.totalUsd, 0);
  });

  it("bills a version past standard support at the extended-support rate", () => {
    const extended = estimateCost([patch(base.eksCluster(), "version", "1.32")], ON);
    close(extended.totalUsd, H * 0.6, "extended support");
    assert.match(extended.lines[0].description, /extended support/);
  });

  it("takes overrides of the usage assumptions and rejects invalid ones by name", () => {
    const more = estimateCost([base.natGateway()], { ...ON, natGbPerGatewayMonth: 1000 });
    close(more.totalUsd, H * 0.045 + 1000 * 0.045, "nat with 1 TB");
    assert.throws(
      () => estimateCost([], { natGbPerGatewayMonth: -1 }),
      /cost assumption natGbPerGatewayMonth: expected a number >= 0, got -1/,
    );
    assert.throws(
      () => estimateCost([], { cloudflarePlan: "enterprise" as never }),
      /cloudflarePlan: expected "free", "pro" or "business"/,
    );
  });

  it("uses the Cloudflare plan assumption when the stack has no ZoneSubscription", () => {
    const zone = [
      res("cloudflare:index/dnsRecord:DnsRecord", "a", { type: "A" }),
      res("cloudflare:index/dnsRecord:DnsRecord", "b", { type: "A" }),
    ];
    assert.equal(estimateCost(zone, { cloudflarePlan: "business" }).totalUsd, 250);
    assert.equal(estimateCost(zone, { cloudflarePlan: "business" }).reservedTotalUsd, 200);
  });

  it("names the top cost drivers, most expensive first", () => {
    assert.deepEqual(
      topCostDrivers(estimate, 3).map((d) => d.name),
      ["writer", "nodes", "proxy"],
    );
  });
});
