import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { diffGraphs, GraphDiff } from "../../tools/graph-diff";
import { diffValues, PropertyChange } from "../../tools/value-diff";
import { buildGraphJson, GraphJson } from "../../tools/graph-json";
import { renderStackDiff } from "../../tools/pr-comment";
import { preview } from "../../tools/preview-offline";
import { AS_OF, ROOT } from "../harness";

/** The graph exactly as `preview:offline --json` writes it (same builder, through a JSON round trip). */
async function graph(overrides: Record<string, unknown> = {}): Promise<GraphJson> {
  const result = await preview({ stack: "prod", tree: false, asOf: AS_OF, overrides });
  assert.ok(!result.run.error, String(result.run.error));
  return JSON.parse(JSON.stringify(buildGraphJson(result.report, result.run.resources, result.blocking)));
}

const SERVICES = [
  { name: "items", framework: "fastapi", paths: ["/api/v1/items"], allowedGroups: ["readers", "writers"] },
  { name: "orders", framework: "flask", paths: ["/api/v1/orders"], allowedGroups: ["writers"] },
];
const THIRD = { name: "inventory", framework: "fastapi", paths: ["/api/v1/inventory"], allowedGroups: ["readers"] };

describe("preview graph and preview:diff (prod, three real runs)", function () {
  this.timeout(180000);
  let base: GraphJson;
  let cidr: GraphDiff;
  let service: GraphDiff;
  before(async () => {
    base = await graph();
    cidr = diffGraphs(base, await graph({ "edgestack:network": { cidr: "10.60.0.0/16" } }));
    service = diffGraphs(base, await graph({ "edgestack:services": [...SERVICES, THIRD] }));
  });

  it("the graph matches docs/preview-graph.schema.json (ajv), sorted by URN, secrets only as [secret]", () => {
    const Ajv = require("ajv") as typeof import("ajv").default;
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "docs/preview-graph.schema.json"), "utf8"));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    assert.ok(validate(base), JSON.stringify(validate.errors?.slice(0, 5)));
    const urns = base.resources.map((r) => r.urn);
    assert.deepStrictEqual(urns, [...urns].sort());
    const cache = base.resources.find((r) => r.type === "aws:elasticache/replicationGroup:ReplicationGroup")!;
    assert.strictEqual(cache.inputs.authToken, "[secret]");
    assert.ok(
      cache.protect && cache.cost!.monthlyUsd > 0 && cache.provider,
      "protect, provider and cost line are carried",
    );
    // EdgeOrigin and Edge share the name "edge": components are keyed by URN, not name.
    const edges = base.graphComponents.filter((c) => c.name === "edge");
    assert.strictEqual(new Set(edges.map((c) => c.key)).size, 2);
  });

  it("a new VPC CIDR lists the VPC as a replacement (with its source), first in the markdown", () => {
    const vpc = cidr.resources.find((d) => d.type === "aws:ec2/vpc:Vpc")!;
    assert.strictEqual(vpc.op, "replace");
    const change = vpc.changes.find((c) => c.path === "cidrBlock")!;
    assert.deepStrictEqual([change.old, change.new], ["10.30.0.0/16", "10.60.0.0/16"]);
    assert.match(
      change.forcesReplacement!.source,
      /terraform-provider-aws\/blob\/[0-9a-f]{40}\/internal\/service\/ec2\/vpc_\.go/,
    );
    assert.strictEqual(vpc.protectBlocks, false);
    assert.ok(vpc.dependents! > 0, "what hangs off the VPC is counted");
    assert.strictEqual(cidr.resources[0].urn, vpc.urn, "the VPC is the first resource of the diff");
    const md = renderStackDiff(cidr).join("\n");
    const firstRow = md.split("\n").find((l) => l.startsWith("| **replace**"))!;
    assert.match(firstRow, /\*\*network-vpc\*\* `aws:ec2\/vpc:Vpc`/);
    assert.ok(md.indexOf("Replacements") < md.indexOf("Changed resources"), "warnings come before the resource list");
    assert.strictEqual(cidr.summary.create + cidr.summary.delete, 0);
    assert.strictEqual(cidr.cost.deltaUsd, 0);
  });

  it("a third service is listed as added with its cost; other tiers change only where they name the new service", () => {
    assert.strictEqual(service.summary.delete + service.summary.replace, 0);
    const created = service.resources.filter((d) => d.op === "create");
    assert.ok(created.length >= 10);
    for (const d of created) assert.match(d.name, /inventory/, `${d.type} ${d.name} is the new service's`);
    const repo = created.find((d) => d.type === "aws:ecr/repository:Repository")!;
    assert.ok(
      repo.cost.headUsd > 0 && repo.cost.deltaUsd === repo.cost.headUsd,
      "the new repository's storage is priced",
    );
    assert.ok(
      Math.abs(service.cost.deltaUsd - created.reduce((s, d) => s + d.cost.deltaUsd, 0)) < 1e-9,
      "the whole delta is the new service's",
    );
    // Shared lists (alert rules, the proxy's IAM policy) really change: every changed value names the new service.
    for (const d of service.resources.filter((x) => x.op === "update")) {
      for (const c of d.changes) assert.match(JSON.stringify([c.old, c.new]), /inventory/, `${d.name} ${c.path}`);
    }
    const labels = service.components.map((c) => c.label);
    assert.strictEqual(new Set(labels).size, labels.length, "component rows are unique");
    assert.ok(!labels.some((l) => l.startsWith("edge")) && !labels.includes("network"), "untouched tiers show no row");
    assert.strictEqual(
      service.components.find((c) => c.name === "services")!.create,
      created.filter((d) => d.custom && d.component.name === "services").length,
    );
  });
});

describe("property diff (pure)", () => {
  const changes = (a: unknown, b: unknown) => {
    const out: PropertyChange[] = [];
    diffValues("", a, b, out);
    return out;
  };

  it("a secret that appears or changes secrecy is listed without a value; an unchanged secret is not", () => {
    assert.deepStrictEqual(changes({ t: "[secret]" }, { t: "[secret]" }), []);
    assert.deepStrictEqual(changes({ t: "plain" }, { t: "[secret]" }), [{ path: "t", kind: "changed", secret: true }]);
    assert.deepStrictEqual(changes({}, { t: "[secret]" }), [
      { path: "t", kind: "added", new: "[secret]", secret: true },
    ]);
  });

  it("aligns named and unnamed list items instead of shifting every index", () => {
    const rules = (xs: string[]) => ({ rules: xs.map((expr) => ({ expr })) });
    assert.deepStrictEqual(
      changes(rules(["a", "c"]), rules(["a", "b", "c"])).map((c) => [c.path, c.kind]),
      [["rules[1]", "added"]],
    );
    const named = changes(
      {
        s: [
          { name: "x", v: 1 },
          { name: "y", v: 1 },
        ],
      },
      {
        s: [
          { name: "y", v: 2 },
          { name: "x", v: 1 },
        ],
      },
    );
    assert.deepStrictEqual(
      named.map((c) => c.path),
      ['s[name="y"].v'],
    );
  });

  it("compares JSON documents held in strings by path", () => {
    const doc = (r: string) => JSON.stringify({ Statement: [{ Sid: "A", Resource: r }] });
    assert.deepStrictEqual(
      changes({ policy: doc("x") }, { policy: doc("y") }).map((c) => c.path),
      ['policy|json.Statement[Sid="A"].Resource'],
    );
  });
});
