import * as assert from "assert";
import { ConfigError, parseConfig } from "../../config";
import { DB_ROLE_SERVICE_ACCOUNT } from "../../components/workloads/db-role-bootstrap";
import { ofType, runProgram } from "../harness";

const BASE: Record<string, string> = {
  environment: "dev",
  edge: JSON.stringify({ zone: "example.com" }),
  monitoring: JSON.stringify({ alertEmail: "ops@example.com" }),
};

function problemsFor(services: unknown): string[] {
  try {
    parseConfig("edgestack", "dev", { ...BASE, services: JSON.stringify(services) }, "us-east-1");
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
    return (e as ConfigError).problems;
  }
  return [];
}

const svc = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  framework: "fastapi",
  paths: [`/api/${name}`],
  allowedGroups: ["readers"],
  ...extra,
});

describe("services config", () => {
  const cases: Array<[string, unknown, string]> = [
    [
      "duplicate service name",
      [svc("items"), svc("items", { paths: ["/other"] })],
      'edgestack:services[1].name: expected unique service names, got "items"',
    ],
    [
      "unknown framework",
      [svc("items", { framework: "django" })],
      'edgestack:services[0].framework: expected one of "fastapi", "flask", got "django"',
    ],
    [
      "a port is not configurable: it comes with the framework",
      [svc("items", { port: 8080 })],
      "edgestack:services[0].port: unknown key (allowed:",
    ],
    [
      "maxReplicas below minReplicas",
      [svc("items", { minReplicas: 4, maxReplicas: 2 })],
      "edgestack:services[0].maxReplicas: expected maxReplicas >= minReplicas (4), got 2",
    ],
    [
      "keepImages out of range",
      [svc("items", { keepImages: 0 })],
      "edgestack:services[0].keepImages: expected an integer between 1 and 1000, got 0",
    ],
    ["name that is not a DNS label", [svc("Items_API")], "edgestack:services[0].name: expected a DNS label"],
    [
      "the same path routed twice",
      [svc("a", { paths: ["/x"] }), svc("b", { paths: ["/x"] })],
      "expected each path to be routed to one service only (/x is used twice)",
    ],
  ];
  for (const [what, services, expected] of cases) {
    it(`rejects ${what}`, () => {
      const problems = problemsFor(services);
      assert.ok(
        problems.some((p) => p.includes(expected)),
        `expected a line containing\n  ${expected}\ngot\n  ${problems.join("\n  ")}`,
      );
    });
  }

  it("fills per-environment sizing, including how many images to keep", () => {
    const dev = parseConfig("edgestack", "dev", { ...BASE, services: JSON.stringify([svc("items")]) }, "us-east-1");
    assert.deepStrictEqual(
      [dev.services[0].minReplicas, dev.services[0].maxReplicas, dev.services[0].keepImages],
      [1, 3, 10],
    );
    const prod = parseConfig(
      "edgestack",
      "prod",
      { ...BASE, environment: "prod", services: JSON.stringify([svc("items")]) },
      "us-east-1",
    );
    assert.deepStrictEqual(
      [prod.services[0].minReplicas, prod.services[0].maxReplicas, prod.services[0].keepImages],
      [3, 12, 30],
    );
  });

  it("adding a service is data only: three entries give three of everything", async () => {
    const run = await runProgram({
      stack: "dev",
      config: {
        "edgestack:services": [
          svc("items"),
          svc("orders", { framework: "flask" }),
          svc("reports", { app: "fastapi", minReplicas: 2, maxReplicas: 4 }),
        ],
      },
    });
    if (run.error) throw run.error;
    for (const type of [
      "aws:ecr/repository:Repository",
      "docker-build:index:Image",
      "kubernetes:apps/v1:Deployment",
      "kubernetes:core/v1:Service",
      "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
      "kubernetes:policy/v1:PodDisruptionBudget",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      "kubernetes:core/v1:ServiceAccount",
      "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
      "kubernetes:batch/v1:Job",
      "edgestack:platform:PythonService",
    ]) {
      // Other tiers (ingress) create objects of the same types in their own namespaces (and an ECR image mirror);
      // the database-role Jobs share one service account of their own.
      const found = ofType(run, type).filter(
        (r) =>
          (!r.type.startsWith("kubernetes:") && r.name.startsWith("services-")) ||
          ((r.inputs.metadata as any)?.namespace === "apps" &&
            (r.inputs.metadata as any)?.name !== DB_ROLE_SERVICE_ACCOUNT),
      );
      assert.strictEqual(found.length, 3, `${type}: ${found.map((r) => r.name).join(", ")}`);
    }
    // Other tiers (monitoring) have namespaces of their own: count the services' one.
    const appNamespaces = ofType(run, "kubernetes:core/v1:Namespace").filter(
      (n) => (n.inputs.metadata as any)?.name === "apps",
    );
    assert.deepStrictEqual(appNamespaces.length, 1, "one shared namespace");
    const reports = ofType(run, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").find(
      (h) => (h.inputs.metadata as any).name === "reports",
    )!;
    assert.deepStrictEqual(
      [(reports.inputs.spec as any).minReplicas, (reports.inputs.spec as any).maxReplicas],
      [2, 4],
    );
  });
});
