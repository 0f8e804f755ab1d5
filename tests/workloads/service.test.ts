import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { finalStage, parseDockerfile } from "../../apps/dockerfile";
import { CapturedResource } from "../../policies/lib/graph";
import { FRAMEWORKS } from "../../components/workloads/frameworks";
import { contextTag, readBuildContext } from "../../components/workloads/image-tag";
import { ISTIO_REVISION } from "../../components/mesh/istio-version";
import { ROOT, input, ofType, one, RunResult, stackRun } from "../harness";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const byName = (rs: CapturedResource[], name: string) => rs.find((r) => input(r, "metadata.name") === name)!;
const container = (d: CapturedResource) => input(d, "spec.template.spec.containers")[0];

describe("PythonService in the committed stacks", () => {
  it("runs each container non-root, read-only, without privileges, under RuntimeDefault seccomp", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const deployments = ofType(await stackRun(stack), DEPLOYMENT).filter(
        (d) => input(d, "metadata.namespace") === "apps",
      );
      assert.strictEqual(deployments.length, 2);
      for (const d of deployments) {
        const pod = input(d, "spec.template.spec");
        assert.deepStrictEqual(pod.securityContext, {
          runAsNonRoot: true,
          runAsUser: 10001,
          runAsGroup: 10001,
          fsGroup: 10001,
          seccompProfile: { type: "RuntimeDefault" },
        });
        const sc = container(d).securityContext;
        assert.strictEqual(sc.runAsNonRoot, true);
        assert.strictEqual(sc.runAsUser, 10001);
        assert.strictEqual(sc.readOnlyRootFilesystem, true);
        assert.strictEqual(sc.allowPrivilegeEscalation, false);
        assert.deepStrictEqual(sc.capabilities, { drop: ["ALL"] });
        assert.deepStrictEqual(sc.seccompProfile, { type: "RuntimeDefault" });
        assert.deepStrictEqual(
          container(d).volumeMounts,
          [{ name: "tmp", mountPath: "/tmp" }],
          "only /tmp is writable",
        );
        assert.ok(pod.volumes.some((v: any) => v.name === "tmp" && v.emptyDir));
        assert.strictEqual(pod.automountServiceAccountToken, false);
      }
    }
  });

  it("serves on the framework's port, named http, with startup/liveness/readiness probes and a graceful stop", async () => {
    const run = await stackRun("prod");
    for (const [name, fw] of [
      ["items", "fastapi"],
      ["orders", "flask"],
    ] as const) {
      const d = byName(ofType(run, DEPLOYMENT), name);
      const c = container(d);
      assert.strictEqual(c.name, name, "container named after the service (dashboards select by container)");
      assert.deepStrictEqual(c.ports, [{ name: "http", containerPort: FRAMEWORKS[fw].port, protocol: "TCP" }]);
      assert.deepStrictEqual(
        [c.startupProbe.httpGet.path, c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path],
        ["/healthz", "/healthz", "/readyz"],
      );
      assert.ok([c.startupProbe, c.livenessProbe, c.readinessProbe].every((p) => p.httpGet.port === "http"));
      assert.deepStrictEqual(c.args, FRAMEWORKS[fw].args(FRAMEWORKS[fw].port));
      assert.deepStrictEqual(c.lifecycle, { preStop: { sleep: { seconds: 10 } } });
      assert.ok(input(d, "spec.template.spec.terminationGracePeriodSeconds") > 30);
      const zones = input(d, "spec.template.spec.topologySpreadConstraints").map((t: any) => t.topologyKey);
      assert.deepStrictEqual(zones, ["topology.kubernetes.io/zone", "kubernetes.io/hostname"]);
      assert.strictEqual(input(d, "spec.replicas"), undefined, "the HPA owns the replica count");
      assert.deepStrictEqual(c.resources, {
        requests: { cpu: "250m", memory: "256Mi" },
        limits: { cpu: "1", memory: "512Mi" },
      });
      const svc = byName(ofType(run, "kubernetes:core/v1:Service"), name);
      assert.strictEqual(input(svc, "spec.type"), "ClusterIP");
      assert.deepStrictEqual(input(svc, "spec.ports")[0], {
        name: "http",
        port: FRAMEWORKS[fw].port,
        targetPort: "http",
        protocol: "TCP",
        appProtocol: "http",
      });
    }
  });

  it("readiness stays off a database that pauses when idle: READINESS_DB lazy in dev (Serverless v2 at 0 ACU), always in prod", async () => {
    for (const [stack, mode] of [
      ["dev", "lazy"],
      ["prod", "always"],
    ] as const) {
      const run = await stackRun(stack);
      const cluster = one(run, "aws:rds/cluster:Cluster");
      const pauses = input(cluster, "serverlessv2ScalingConfiguration")?.minCapacity === 0;
      assert.strictEqual(pauses, stack === "dev", `${stack}: the premise (dev's cluster pauses, prod's does not)`);
      for (const name of ["items", "orders"]) {
        const env = container(byName(ofType(run, DEPLOYMENT), name)).env as { name: string; value?: string }[];
        assert.strictEqual(env.find((e) => e.name === "READINESS_DB")?.value, mode, `${stack}/${name}`);
      }
    }
  });

  it("HPA on CPU and memory with min/max from config (dev 1-3, prod 3-12); PDB from minReplicas", async () => {
    for (const [stack, min, max, budget] of [
      ["dev", 1, 3, { maxUnavailable: 1 }],
      ["prod", 3, 12, { minAvailable: 2 }],
    ] as const) {
      const run = await stackRun(stack);
      for (const hpa of ofType(run, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").filter(
        (r) => input(r, "metadata.namespace") === "apps",
      )) {
        assert.deepStrictEqual([input(hpa, "spec.minReplicas"), input(hpa, "spec.maxReplicas")], [min, max]);
        assert.deepStrictEqual(
          input(hpa, "spec.metrics").map((m: any) => m.resource.name),
          ["cpu", "memory"],
        );
        assert.ok(input(hpa, "spec.behavior.scaleDown.stabilizationWindowSeconds") >= 300);
      }
      const pdbs = ofType(run, "kubernetes:policy/v1:PodDisruptionBudget").filter(
        (r) => input(r, "metadata.namespace") === "apps",
      );
      assert.strictEqual(pdbs.length, 2);
      for (const pdb of pdbs) {
        const { selector, unhealthyPodEvictionPolicy, ...rest } = pdb.inputs.spec as any;
        assert.deepStrictEqual(rest, budget);
        assert.strictEqual(unhealthyPodEvictionPolicy, "AlwaysAllow");
        assert.deepStrictEqual(selector.matchLabels, { "app.kubernetes.io/name": input(pdb, "metadata.name") });
      }
    }
  });

  it("NetworkPolicy admits Kong on the app port and monitoring on the metrics port; with the mesh, the nodes on the sidecar's health ports", async () => {
    const peers = (np: CapturedResource) =>
      input(np, "spec.ingress").map((r: any) => [
        r.from.map((f: any) => f.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] ?? f.ipBlock?.cidr),
        r.ports.map((p: any) => p.port),
      ]);
    const run = await stackRun("prod");
    const vpcCidr = one(run, "aws:ec2/vpc:Vpc").inputs.cidrBlock;
    const prod = byName(ofType(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy"), "items");
    assert.deepStrictEqual(peers(prod), [
      [["kong"], [8001]],
      [["monitoring"], [15020]],
      [[vpcCidr], [15020, 15021]],
    ]);
    assert.deepStrictEqual(input(prod, "spec.policyTypes"), ["Ingress", "Egress"]);
    const dev = byName(ofType(await stackRun("dev"), "kubernetes:networking.k8s.io/v1:NetworkPolicy"), "items");
    assert.deepStrictEqual(peers(dev), [
      [["kong"], [8001]],
      [["monitoring"], [8001]],
    ]);
  });

  it("each ServiceAccount carries its own IRSA role, trusted only for that account in the apps namespace", async () => {
    const run = await stackRun("prod");
    for (const name of ["items", "orders"]) {
      const sa = byName(ofType(run, "kubernetes:core/v1:ServiceAccount"), name);
      const role = one(run, "aws:iam/role:Role", `services-${name}-irsa`);
      assert.match(
        input(sa, "metadata.annotations")["eks.amazonaws.com/role-arn"],
        new RegExp(`^arn:aws:iam::\\d{12}:role/services-${name}-irsa`),
      );
      const trust = JSON.parse(role.inputs.assumeRolePolicy as string).Statement;
      assert.strictEqual(trust.length, 1);
      assert.strictEqual(trust[0].Action, "sts:AssumeRoleWithWebIdentity");
      const cond = trust[0].Condition.StringEquals;
      const sub = Object.entries(cond).find(([k]) => k.endsWith(":sub"))![1];
      assert.strictEqual(sub, `system:serviceaccount:apps:${name}`);
      assert.ok(Object.entries(cond).some(([k, v]) => k.endsWith(":aud") && v === "sts.amazonaws.com"));
    }
  });

  it("ECR: immutable tags, scan on push, KMS encryption, no force delete, lifecycle policy", async () => {
    const run = await stackRun("prod");
    // The services' own repositories (the image mirrors of other tiers: tests/ingress/image-sources.test.ts).
    const repos = ofType(run, "aws:ecr/repository:Repository").filter((r) => r.name.startsWith("services-"));
    assert.deepStrictEqual(repos.map((r) => r.inputs.name).sort(), ["edgestack-prod-items", "edgestack-prod-orders"]);
    for (const r of repos) {
      assert.strictEqual(r.inputs.imageTagMutability, "IMMUTABLE");
      assert.deepStrictEqual(r.inputs.imageScanningConfiguration, { scanOnPush: true });
      assert.deepStrictEqual(r.inputs.encryptionConfigurations, [{ encryptionType: "KMS" }]);
      assert.strictEqual(r.inputs.forceDelete, false);
    }
    const policies = ofType(run, "aws:ecr/lifecyclePolicy:LifecyclePolicy").filter((r) =>
      r.name.startsWith("services-"),
    );
    assert.strictEqual(policies.length, 2);
    assert.strictEqual(
      JSON.parse(policies[0].inputs.policy as string).rules[1].selection.countNumber,
      30,
      "prod keeps 30 images",
    );
  });

  it("builds each image for arm64, tagged by its build context's content, and deploys it by digest", async () => {
    const run = await stackRun("prod");
    for (const [name, fw] of [
      ["items", "fastapi"],
      ["orders", "flask"],
    ] as const) {
      const image = one(run, "docker-build:index:Image", `services-${name}-image`);
      const ctx = readBuildContext(path.join(ROOT, "apps"), `${fw}/Dockerfile`);
      const tag = contextTag(ctx.files, ctx.dockerfile, { platform: "linux/arm64" });
      assert.deepStrictEqual(image.inputs.tags, [
        `123456789012.dkr.ecr.us-east-1.amazonaws.com/edgestack-prod-${name}:${tag}`,
      ]);
      assert.deepStrictEqual(input(image, "context"), { location: "apps" });
      assert.deepStrictEqual(input(image, "dockerfile"), { location: `apps/${fw}/Dockerfile` });
      assert.deepStrictEqual(input(image, "platforms"), ["linux/arm64"]);
      assert.strictEqual(input(image, "push"), true);
      const [registry] = input(image, "registries");
      assert.strictEqual(registry.address, "123456789012.dkr.ecr.us-east-1.amazonaws.com");
      assert.strictEqual(registry.password, "[secret]");
      const d = byName(ofType(run, DEPLOYMENT), name);
      assert.match(
        container(d).image,
        new RegExp(
          `^123456789012\\.dkr\\.ecr\\.us-east-1\\.amazonaws\\.com/edgestack-prod-${name}@sha256:[0-9a-f]{64}$`,
        ),
      );
    }
  });

  it("creates the apps namespace once: restricted Pod Security, Istio injection only when the mesh is on", async () => {
    const appsNamespace = (run: RunResult) =>
      ofType(run, "kubernetes:core/v1:Namespace").filter((n) => input(n, "metadata.name") === "apps");
    const [prod] = appsNamespace(await stackRun("prod"));
    const [dev] = appsNamespace(await stackRun("dev"));
    assert.strictEqual(appsNamespace(await stackRun("prod")).length, 1);
    assert.strictEqual(input(prod, "metadata.name"), "apps");
    // The revisioned istiod is selected by `istio.io/rev`; `istio-injection` would pin the default revision.
    assert.strictEqual(input(prod, "metadata.labels")["istio.io/rev"], ISTIO_REVISION);
    assert.strictEqual(input(prod, "metadata.labels")["istio-injection"], undefined);
    assert.strictEqual(input(prod, "metadata.labels")["pod-security.kubernetes.io/enforce"], "restricted");
    assert.strictEqual(input(dev, "metadata.labels")["istio.io/rev"], undefined);
    assert.strictEqual(input(dev, "metadata.labels")["istio-injection"], undefined);
    assert.strictEqual(input(dev, "metadata.labels")["pod-security.kubernetes.io/enforce"], "restricted");
  });

  it("every Kubernetes object goes through the cluster's provider; a ServiceMonitor scrapes /metrics only without the mesh", async () => {
    // SA, Deployment, Service, HPA, PDB, NetworkPolicy, cache-token Secret, database-role Job (+ ServiceMonitor
    // without the mesh); once: the namespace and the role Jobs' service account.
    for (const [stack, perService] of [
      ["dev", 9],
      ["prod", 8],
    ] as const) {
      const run = await stackRun(stack);
      const provider = one(run, "pulumi:providers:kubernetes");
      const objects = run.resources.filter(
        (r) => r.custom && r.type.startsWith("kubernetes:") && r.parent?.includes("Workloads"),
      );
      assert.strictEqual(
        objects.length,
        2 + 2 * perService,
        `${stack}: namespace, role-Job SA + (SA, Deployment, Service, HPA, PDB, NetworkPolicy, Secret, Job[, ServiceMonitor]) per service`,
      );
      for (const r of objects)
        assert.ok(r.provider?.startsWith(provider.urn), `${r.type} ${r.name} uses ${r.provider}`);
    }
    const monitors = ofType(await stackRun("dev"), "kubernetes:monitoring.coreos.com/v1:ServiceMonitor").filter((m) =>
      m.parent?.includes("PythonService"),
    );
    assert.strictEqual(monitors.length, 2);
    for (const sm of monitors) {
      assert.deepStrictEqual(input(sm, "spec.endpoints"), [
        { port: "http", path: "/metrics", interval: "30s", scrapeTimeout: "10s" },
      ]);
      assert.strictEqual(input(sm, "metadata.labels").release, "kps");
    }
  });

  it("the framework table matches the Dockerfiles (EXPOSE and CMD)", function () {
    for (const [fw, spec] of Object.entries(FRAMEWORKS)) {
      const file = path.join(ROOT, "apps", spec.app, "Dockerfile");
      if (!fs.existsSync(file)) this.skip();
      // The image the container runs is the Dockerfile's final stage (apps/dockerfile.ts reads it as Docker does).
      const image = finalStage(parseDockerfile(fs.readFileSync(file, "utf8")));
      assert.deepStrictEqual(image.expose, [spec.port], `${fw}: EXPOSE ${spec.port}`);
      assert.deepStrictEqual(image.cmd, spec.args(spec.port), `${fw}: container args = image CMD`);
    }
  });
});
