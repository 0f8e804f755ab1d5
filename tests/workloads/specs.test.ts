import * as assert from "assert";
import { FRAMEWORKS, serviceEndpoints } from "../../components/workloads/frameworks";
import { disruptionBudget, hpaSpec, networkPolicySpec } from "../../components/workloads/k8s-policies";
import {
  PRE_STOP_SLEEP_SECONDS,
  READINESS_CHECK_TIMEOUT_SECONDS,
  containerEnv,
  probes,
  terminationGracePeriodSeconds,
  topologySpread,
} from "../../components/workloads/pod-spec";
import { ecrLifecyclePolicy, serviceAccessStatements } from "../../components/workloads/service-aws";
import type { ServiceConfig } from "../../config";

describe("workload specs (pure)", () => {
  describe("PodDisruptionBudget from minReplicas", () => {
    it("a single replica never blocks a node drain", () =>
      assert.deepStrictEqual(disruptionBudget(1), { maxUnavailable: 1 }));
    it("with N replicas, at most one of the baseline goes at a time", () => {
      assert.deepStrictEqual(disruptionBudget(2), { minAvailable: 1 });
      assert.deepStrictEqual(disruptionBudget(3), { minAvailable: 2 });
    });
    it("rejects a non-positive count", () =>
      assert.throws(() => disruptionBudget(0), /minReplicas must be an integer >= 1, got 0/));
  });

  describe("HorizontalPodAutoscaler", () => {
    const spec = hpaSpec({
      deploymentName: "items",
      minReplicas: 3,
      maxReplicas: 12,
      targetCpuPercent: 65,
      targetMemoryPercent: 80,
    });
    it("targets the Deployment with CPU and memory utilization", () => {
      assert.deepStrictEqual(spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "items" });
      assert.deepStrictEqual(
        (spec.metrics as any[]).map((m) => [
          m.resource.name,
          m.resource.target.type,
          m.resource.target.averageUtilization,
        ]),
        [
          ["cpu", "Utilization", 65],
          ["memory", "Utilization", 80],
        ],
      );
    });
    it("scales up at once and down only after a stabilization window", () => {
      const b = spec.behavior as any;
      assert.strictEqual(b.scaleUp.stabilizationWindowSeconds, 0);
      assert.ok(b.scaleDown.stabilizationWindowSeconds >= 300);
    });
    it("refuses max < min", () =>
      assert.throws(
        () =>
          hpaSpec({
            deploymentName: "x",
            minReplicas: 4,
            maxReplicas: 2,
            targetCpuPercent: 50,
            targetMemoryPercent: 50,
          }),
        /maxReplicas \(2\) must be >= minReplicas \(4\)/,
      ));
  });

  describe("NetworkPolicy", () => {
    const base = { appName: "items", port: 8001, vpcCidr: "10.30.0.0/16", meshEnabled: false };
    const nsOf = (peer: any) => peer?.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"];
    it("denies by default and admits only Kong (service port) and monitoring (metrics)", () => {
      const spec = networkPolicySpec(base) as any;
      assert.deepStrictEqual(spec.policyTypes, ["Ingress", "Egress"]);
      assert.deepStrictEqual(spec.podSelector, { matchLabels: { "app.kubernetes.io/name": "items" } });
      assert.deepStrictEqual(
        spec.ingress.map((r: any) => [r.from.map(nsOf), r.ports.map((p: any) => p.port)]),
        [
          [["kong"], [8001]],
          [["monitoring"], [8001]],
        ],
      );
    });
    it("egress: DNS, the data ports inside the VPC only, and 443", () => {
      const spec = networkPolicySpec({ ...base, databasePort: 5432, cachePort: 6379 }) as any;
      const dns = spec.egress[0];
      assert.strictEqual(nsOf(dns.to[0]), "kube-system");
      assert.deepStrictEqual(
        dns.ports.map((p: any) => `${p.protocol}/${p.port}`),
        ["UDP/53", "TCP/53"],
      );
      assert.deepStrictEqual(spec.egress[1], {
        to: [{ ipBlock: { cidr: "10.30.0.0/16" } }],
        ports: [
          { protocol: "TCP", port: 5432 },
          { protocol: "TCP", port: 6379 },
        ],
      });
      assert.deepStrictEqual(spec.egress[2], { ports: [{ protocol: "TCP", port: 443 }] });
      assert.strictEqual(spec.egress.length, 3);
    });
    it("without data stores there is no VPC egress rule at all", () => {
      const spec = networkPolicySpec(base) as any;
      assert.ok(!JSON.stringify(spec.egress).includes("ipBlock"));
    });
    it("with the mesh: metrics only on the sidecar's merged port, probes from the nodes, egress to istiod's xDS", () => {
      const spec = networkPolicySpec({ ...base, meshEnabled: true }) as any;
      const from = (r: any) => nsOf(r.from[0]) ?? r.from[0].ipBlock.cidr;
      assert.deepStrictEqual(
        spec.ingress.map((r: any) => [from(r), r.ports.map((p: any) => p.port)]),
        [
          ["kong", [8001]],
          ["monitoring", [15020]],
          ["10.30.0.0/16", [15020, 15021]],
        ],
      );
      const mesh = spec.egress.filter((r: any) => nsOf(r.to?.[0]) === "istio-system");
      assert.deepStrictEqual(
        mesh.map((r: any) => r.ports),
        [[{ protocol: "TCP", port: 15012 }]],
        "xDS and certificates; the webhook (15017) is called by the API server",
      );
    });
  });

  describe("pod", () => {
    it("readiness probe waits longer than the app's own dependency-check deadline", () => {
      const p = probes();
      assert.ok((p.readinessProbe as any).timeoutSeconds > READINESS_CHECK_TIMEOUT_SECONDS + 0.5);
      assert.strictEqual((p.readinessProbe as any).httpGet.path, "/readyz");
      assert.strictEqual((p.livenessProbe as any).httpGet.path, "/healthz", "liveness never depends on the database");
      const s = p.startupProbe as any;
      assert.ok(s.periodSeconds * s.failureThreshold >= 60, "cold start budget of at least a minute");
    });
    it("grace period covers the preStop sleep plus the framework's drain time", () => {
      for (const fw of Object.keys(FRAMEWORKS) as Array<keyof typeof FRAMEWORKS>) {
        assert.ok(terminationGracePeriodSeconds(fw) > PRE_STOP_SLEEP_SECONDS + FRAMEWORKS[fw].drainSeconds);
      }
    });
    it("spreads strictly across zones and best-effort across nodes", () => {
      const [zone, host] = topologySpread("items") as any[];
      assert.deepStrictEqual(
        [zone.topologyKey, zone.whenUnsatisfiable],
        ["topology.kubernetes.io/zone", "DoNotSchedule"],
      );
      assert.deepStrictEqual([host.topologyKey, host.whenUnsatisfiable], ["kubernetes.io/hostname", "ScheduleAnyway"]);
    });
    it("credentials come from the Secret by reference; IAM auth when there is no password", () => {
      const env = containerEnv({
        region: "us-east-1",
        secretName: "items-credentials",
        database: { host: "db", port: 5432, name: "app", user: "items", passwordInSecret: false },
        cache: { host: "cache", port: 6379 },
      }) as any[];
      const byName = Object.fromEntries(env.map((e) => [e.name, e]));
      assert.strictEqual(byName.DATABASE_IAM_AUTH.value, "true");
      assert.strictEqual(byName.DATABASE_PASSWORD, undefined);
      assert.strictEqual(byName.DATABASE_PORT.value, "5432");
      assert.strictEqual(byName.DATABASE_SSLMODE.value, "require");
      assert.deepStrictEqual(byName.REDIS_AUTH_TOKEN.valueFrom, {
        secretKeyRef: { name: "items-credentials", key: "REDIS_AUTH_TOKEN" },
      });
      assert.strictEqual(byName.REDIS_TLS.value, "true");
      const withPassword = containerEnv({
        region: "us-east-1",
        secretName: "s",
        database: { host: "db", port: 5432, name: "app", user: "u", passwordInSecret: true },
      }) as any[];
      assert.deepStrictEqual(withPassword.find((e) => e.name === "DATABASE_PASSWORD").valueFrom, {
        secretKeyRef: { name: "s", key: "DATABASE_PASSWORD" },
      });
      assert.ok(!withPassword.some((e) => e.name === "DATABASE_IAM_AUTH"), "the app refuses both at once");
    });
    it("a dependency that is not given leaves no variable (readiness then skips it)", () => {
      const names = (containerEnv({ region: "us-east-1", secretName: "s" }) as any[]).map((e) => e.name);
      assert.ok(!names.some((n) => n.startsWith("DATABASE_") || n.startsWith("REDIS_")), names.join(","));
    });
  });

  describe("AWS documents", () => {
    it("ECR lifecycle: untagged expire after days, only the N newest built tags are kept", () => {
      const policy = JSON.parse(ecrLifecyclePolicy(30));
      assert.deepStrictEqual(
        policy.rules.map((r: any) => [
          r.rulePriority,
          r.selection.tagStatus,
          r.selection.countType,
          r.selection.countNumber,
        ]),
        [
          [1, "untagged", "sinceImagePushed", 3],
          [2, "tagged", "imageCountMoreThan", 30],
        ],
      );
      assert.deepStrictEqual(policy.rules[1].selection.tagPatternList, ["src-*"]);
      assert.throws(() => ecrLifecyclePolicy(0), /keepTagged must be an integer >= 1, got 0/);
    });
    it("service role: connect as its own DB user on the given resource, read only its own secret", () => {
      const s = serviceAccessStatements({
        partition: "aws",
        region: "us-east-1",
        accountId: "123456789012",
        dbResourceId: "prx-0123abcd",
        dbUser: "items",
        secretArns: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:items-AbCdEf"],
      });
      assert.deepStrictEqual(
        s.map((x) => [x.Action, x.Resource]),
        [
          ["rds-db:connect", "arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-0123abcd/items"],
          ["secretsmanager:GetSecretValue", ["arn:aws:secretsmanager:us-east-1:123456789012:secret:items-AbCdEf"]],
        ],
      );
      assert.deepStrictEqual(
        serviceAccessStatements({ partition: "aws", region: "us-east-1", accountId: "1" }),
        [],
        "nothing given → no permission",
      );
    });
  });

  it("service endpoints for the other tiers: in-cluster host and the framework's port", () => {
    const svc = {
      name: "items",
      framework: "fastapi",
      paths: ["/api/v1/items"],
      allowedGroups: ["readers"],
    } as unknown as ServiceConfig;
    assert.deepStrictEqual(serviceEndpoints([svc]), [
      {
        name: "items",
        namespace: "apps",
        port: 8001,
        host: "items.apps.svc.cluster.local",
        paths: ["/api/v1/items"],
        allowedGroups: ["readers"],
      },
    ]);
  });
});
