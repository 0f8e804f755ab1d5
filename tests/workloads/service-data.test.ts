import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parseConfig } from "../../config";
import { PythonService } from "../../components/workloads/service";
import { Workloads } from "../../components/workloads/workloads";
import { CapturedResource } from "../../policies/lib/graph";
import { ROOT, input } from "../harness";
import { runComponent } from "./support";

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

const SHARED = {
  namePrefix: "edgestack-prod",
  region: "us-east-1",
  appsDir: path.join(ROOT, "apps"),
  vpcCidr: "10.30.0.0/16",
  oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
  oidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
  cache: {
    host: pulumi.output("master.edgestack-prod-cache.abc.use1.cache.amazonaws.com"),
    port: pulumi.output(6379),
    authToken: pulumi.secret("cache-token-value"),
  },
};
const DATABASE = {
  host: pulumi.output("edgestack-prod-db.proxy-abc.us-east-1.rds.amazonaws.com"),
  port: pulumi.output(5432),
  name: "app",
  resourceId: pulumi.output("prx-0123456789abcdef0"),
  secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:edgestack-prod-app-AbCdEf",
};

/** Workloads with a database and a cache handed in as outputs, the way the data tier will. */
function withData(): Promise<CapturedResource[]> {
  return runComponent(() => new Workloads("services", { ...SHARED, services: cfg.services, database: DATABASE }));
}

const find = (rs: CapturedResource[], type: string, name: string) =>
  rs.find((r) => r.type === type && input(r, "metadata.name") === name)!;

describe("PythonService with the data tier's endpoints and secrets", () => {
  let resources: CapturedResource[];
  before(async () => {
    resources = await withData();
  });

  it("puts the cache AUTH token in a Kubernetes Secret built from the secret output (captured as [secret])", () => {
    const secret = find(resources, "kubernetes:core/v1:Secret", "items-credentials");
    assert.ok(secret, "a Secret per service");
    assert.strictEqual(secret.inputs.stringData, "[secret]");
    assert.strictEqual(secret.inputs.type, "Opaque");
    assert.ok(!JSON.stringify(resources).includes("cache-token-value"), "the token appears nowhere in the graph");
  });

  it("sets the DB and cache variables, IAM auth, and references the token by secretKeyRef", () => {
    const d = find(resources, "kubernetes:apps/v1:Deployment", "items");
    const env = Object.fromEntries(
      input(d, "spec.template.spec.containers")[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]),
    );
    assert.strictEqual(env.DATABASE_HOST, "edgestack-prod-db.proxy-abc.us-east-1.rds.amazonaws.com");
    assert.strictEqual(env.DATABASE_PORT, "5432");
    assert.strictEqual(env.DATABASE_USER, "items", "each service logs in as its own role");
    assert.strictEqual(env.DATABASE_IAM_AUTH, "true");
    assert.strictEqual(env.REDIS_PORT, "6379");
    assert.deepStrictEqual(env.REDIS_AUTH_TOKEN, {
      secretKeyRef: { name: "items-credentials", key: "REDIS_AUTH_TOKEN" },
    });
    assert.strictEqual(
      input(d, "spec.template.metadata.annotations")["edgestack.io/credentials-hash"],
      "[secret]",
      "rotation restarts pods",
    );
  });

  it("the IRSA role may connect as the service's DB user through the proxy and read only its own secret", () => {
    const policy = resources.find(
      (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "services-orders-access",
    )!;
    const statements = JSON.parse(policy.inputs.policy as string).Statement;
    assert.deepStrictEqual(
      statements.map((s: any) => [s.Action, s.Resource]),
      [
        ["rds-db:connect", "arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-0123456789abcdef0/orders"],
        [
          "secretsmanager:GetSecretValue",
          ["arn:aws:secretsmanager:us-east-1:123456789012:secret:edgestack-prod-app-AbCdEf"],
        ],
      ],
    );
  });

  it("opens egress to the DB and cache ports inside the VPC only", () => {
    const np = find(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "items");
    assert.deepStrictEqual(input(np, "spec.egress")[1], {
      to: [{ ipBlock: { cidr: "10.30.0.0/16" } }],
      ports: [
        { protocol: "TCP", port: 5432 },
        { protocol: "TCP", port: 6379 },
      ],
    });
  });

  it("password auth instead: the password joins the Secret, IAM auth is off", async () => {
    const rs = await runComponent(
      () =>
        new PythonService("items", {
          ...SHARED,
          config: cfg.services[0],
          namespace: "apps",
          database: { ...DATABASE, user: "items", password: pulumi.secret("db-password-value") },
        }),
    );
    const d = find(rs, "kubernetes:apps/v1:Deployment", "items");
    const names = input(d, "spec.template.spec.containers")[0].env.map((e: any) => e.name);
    assert.ok(names.includes("DATABASE_PASSWORD") && !names.includes("DATABASE_IAM_AUTH"));
    assert.ok(!JSON.stringify(rs).includes("db-password-value"));
  });
});
