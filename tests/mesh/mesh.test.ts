import * as assert from "assert";
import { istiodHasPdb, IstiodValues } from "../../components/mesh/values";
import { ISTIO_CHART_REPO, ISTIO_REVISION, ISTIO_VERSION } from "../../components/mesh/istio-version";
import { CapturedResource, input, ofType, one, RunResult, runProgram, stackRun } from "../harness";
import { injectedPod, restrictedViolations } from "./pod-security";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const PEER_AUTH = "kubernetes:security.istio.io/v1:PeerAuthentication";
const AUTHZ = "kubernetes:security.istio.io/v1:AuthorizationPolicy";
const DR = "kubernetes:networking.istio.io/v1:DestinationRule";
const VS = "kubernetes:networking.istio.io/v1:VirtualService";

const istioish = (r: CapturedResource) =>
  /istio\.io|^edgestack:platform:Mesh/.test(r.type) ||
  (r.type === RELEASE &&
    /istio/.test(
      String(r.inputs.chart) + String(r.inputs.repositoryOpts && (r.inputs.repositoryOpts as { repo?: string }).repo),
    ));

function release(run: RunResult, chart: string): CapturedResource {
  const found = ofType(run, RELEASE).filter((r) => r.inputs.chart === chart);
  assert.strictEqual(found.length, 1, `one ${chart} release`);
  return found[0];
}

/** Resources of a type in a namespace, by metadata. */
function inNamespace(run: RunResult, type: string, ns: string): CapturedResource[] {
  return ofType(run, type).filter((r) => input(r, "metadata.namespace") === ns);
}

describe("Mesh: on/off by configuration", () => {
  it("dev (mesh off by default) has no Istio resource, no Mesh component and no revision output", async () => {
    const dev = await stackRun("dev");
    assert.deepStrictEqual(
      dev.resources.filter(istioish).map((r) => `${r.type} ${r.name}`),
      [],
    );
    assert.strictEqual(dev.outputs.meshRevision, undefined);
  });

  it("prod installs base and istiod from the official repo at the pinned version, istiod after base", async () => {
    const prod = await stackRun("prod");
    const base = release(prod, "base");
    const istiod = release(prod, "istiod");
    for (const r of [base, istiod]) {
      assert.strictEqual(r.inputs.version, ISTIO_VERSION);
      assert.strictEqual(input(r, "repositoryOpts.repo"), ISTIO_CHART_REPO);
      assert.strictEqual(r.inputs.namespace, "istio-system");
      assert.strictEqual(r.inputs.atomic, true, "a failed upgrade rolls back");
    }
    assert.deepStrictEqual([base.inputs.name, istiod.inputs.name], ["istio-base", "istiod"]);
    assert.ok(istiod.dependencies.includes(base.urn), "istiod waits for the CRDs and webhook from base");
    assert.strictEqual(prod.outputs.meshRevision, ISTIO_REVISION);
  });

  it("prod istiod: revisioned, autoscaled 2..5, PDB minAvailable 1 rendered, probes rewritten, images pinned", async () => {
    const prod = await stackRun("prod");
    const values = release(prod, "istiod").inputs.values as unknown as IstiodValues;
    assert.strictEqual(values.revision, ISTIO_REVISION);
    assert.strictEqual(
      input(release(prod, "base"), "values.defaultRevision"),
      ISTIO_REVISION,
      "default validator targets our istiod",
    );
    assert.deepStrictEqual([values.autoscaleEnabled, values.autoscaleMin, values.autoscaleMax], [true, 2, 5]);
    assert.deepStrictEqual(values.pdb, { minAvailable: 1 });
    assert.strictEqual(istiodHasPdb(values), true, "the chart renders the PDB (autoscaleMin > 1)");
    assert.strictEqual(values.sidecarInjectorWebhook.rewriteAppHTTPProbe, true);
    assert.deepStrictEqual(
      [values.global.hub, values.global.tag],
      ["123456789012.dkr.ecr.us-east-1.amazonaws.com/edgestack-prod/mirror/istio", ISTIO_VERSION],
    );
    assert.match(String(values.image), /\/mirror\/istio\/pilot:1\.30\.4-m[0-9a-f]{10}@sha256:[0-9a-f]{64}$/);
    assert.deepStrictEqual(values.global.proxy.resources.requests, { cpu: "100m", memory: "128Mi" });
  });

  it("every Kubernetes object and release of the mesh goes through the cluster's provider", async () => {
    const prod = await stackRun("prod");
    const k8sProvider = one(prod, "pulumi:providers:kubernetes");
    const root = one(prod, "edgestack:platform:Mesh");
    const inMesh = (r: CapturedResource): boolean =>
      r.parent === root.urn || prod.resources.some((p) => p.urn === r.parent && inMesh(p));
    // Kubernetes objects only: the mesh's AWS resources (ECR mirrors of the Istio images) use the tier's AWS provider.
    const mesh = prod.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && inMesh(r));
    // namespace, 3 releases (base, cni, istiod), Telemetry, 2 monitors + PeerAuthentication, allow-nothing
    // + 3 per service (2 services)
    assert.strictEqual(mesh.length, 7 + 2 + 3 * 2, mesh.map((r) => r.type).join(", "));
    const wrong = mesh.filter((r) => !r.provider?.startsWith(`${k8sProvider.urn}::`)).map((r) => r.name);
    assert.deepStrictEqual(wrong, []);
  });
});

describe("Mesh: traffic policy in prod", () => {
  it("the app namespace is STRICT mTLS namespace-wide", async () => {
    const pas = inNamespace(await stackRun("prod"), PEER_AUTH, "apps");
    assert.strictEqual(pas.length, 1);
    assert.deepStrictEqual(pas[0].inputs.spec, { mtls: { mode: "STRICT" } }, "no selector, no port exception");
  });

  it("deny by default; each service callable only by Kong's identity, on its own port, not on health/metrics paths", async () => {
    const policies = inNamespace(await stackRun("prod"), AUTHZ, "apps");
    const byName = new Map(policies.map((p) => [input(p, "metadata.name") as string, p]));
    assert.deepStrictEqual(byName.get("allow-nothing")?.inputs.spec, {});
    for (const [svc, port] of [
      ["items", "8001"],
      ["orders", "5000"],
    ]) {
      const p = byName.get(`${svc}-from-gateway`);
      assert.ok(p, `policy for ${svc}`);
      assert.deepStrictEqual(input(p, "spec.selector.matchLabels"), { "app.kubernetes.io/name": svc });
      assert.strictEqual(input(p, "spec.action"), "ALLOW");
      assert.deepStrictEqual(input(p, "spec.rules"), [
        {
          from: [{ source: { principals: ["cluster.local/ns/kong/sa/kong-kong"] } }],
          to: [{ operation: { ports: [port], notPaths: ["/healthz", "/readyz", "/metrics"] } }],
        },
      ]);
    }
    assert.strictEqual(policies.length, 3);
  });

  it("per service: DestinationRule with pool limits and outlier detection from config", async () => {
    const drs = inNamespace(await stackRun("prod"), DR, "apps");
    assert.deepStrictEqual(drs.map((d) => input(d, "spec.host")).sort(), [
      "items.apps.svc.cluster.local",
      "orders.apps.svc.cluster.local",
    ]);
    for (const d of drs) {
      assert.deepStrictEqual(input(d, "spec.trafficPolicy.outlierDetection"), {
        consecutive5xxErrors: 5,
        interval: "10s",
        baseEjectionTime: "30s",
        maxEjectionPercent: 50,
      });
      assert.deepStrictEqual(input(d, "spec.trafficPolicy.connectionPool"), {
        tcp: { maxConnections: 1000 },
        http: { http1MaxPendingRequests: 1000, http2MaxRequests: 1000, maxRetries: 100 },
      });
    }
  });

  it("per service: VirtualService with a timeout and retries that fit inside it", async () => {
    const vss = inNamespace(await stackRun("prod"), VS, "apps");
    assert.strictEqual(vss.length, 2);
    for (const v of vss) {
      const [route] = input(v, "spec.http") as Array<{
        timeout: string;
        retries: { attempts: number; perTryTimeout: string; retryOn: string };
      }>;
      assert.strictEqual(route.timeout, "5s");
      assert.strictEqual(route.retries.attempts, 2);
      assert.ok(route.retries.attempts * parseFloat(route.retries.perTryTimeout) <= parseFloat(route.timeout));
      assert.ok(!/5xx|gateway-error/.test(route.retries.retryOn), "no retry of requests the app may have processed");
    }
  });

  it("Istio objects wait for the control plane (CRDs and validating webhook)", async () => {
    const prod = await stackRun("prod");
    const istiod = release(prod, "istiod");
    const crs = prod.resources.filter((r) => /istio\.io/.test(r.type));
    assert.ok(crs.length >= 9);
    assert.deepStrictEqual(
      crs.filter((r) => !r.dependencies.includes(istiod.urn)).map((r) => r.name),
      [],
    );
  });

  it("mesh-wide trace sampling from config through the Telemetry API; Envoy and istiod scraped by monitors", async () => {
    const prod = await stackRun("prod");
    const telemetry = one(prod, "kubernetes:telemetry.istio.io/v1:Telemetry");
    // Exported to the platform's collector (mesh.tracingCollector "" + observability.traces.enabled), at prod's 5 %.
    assert.deepStrictEqual(telemetry.inputs.spec, {
      tracing: [{ providers: [{ name: "otel-tracing" }], randomSamplingPercentage: 5 }],
    });
    assert.strictEqual(input(telemetry, "metadata.namespace"), "istio-system");
    const pm = one(prod, "kubernetes:monitoring.coreos.com/v1:PodMonitor");
    assert.deepStrictEqual(input(pm, "spec.namespaceSelector.matchNames"), ["apps"]);
    assert.strictEqual(input(pm, "metadata.labels.release"), "kps", "selected by kube-prometheus-stack's Prometheus");
    const sm = ofType(prod, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor").find((m) =>
      m.parent?.includes("edgestack:platform:Mesh"),
    )!;
    assert.deepStrictEqual(input(sm, "spec.endpoints"), [{ port: "http-monitoring", interval: "30s" }]);
    const istiod = release(prod, "istiod");
    assert.ok(
      [pm, sm].every((m) => m.dependencies.includes(istiod.urn)),
      "monitors wait for the control plane (and the monitoring CRDs passed in)",
    );
  });
});

describe("Mesh: variants", () => {
  it("dev with the mesh switched on: one istiod (the chart renders no PDB, so drains are not blocked), lean sidecars, the CNI agent", async () => {
    const run = await runProgram({ stack: "dev", config: { "edgestack:mesh": { enabled: true } } });
    assert.ifError(run.error);
    const values = ofType(run, RELEASE).find((r) => r.inputs.chart === "istiod")!.inputs
      .values as unknown as IstiodValues;
    assert.strictEqual(values.autoscaleMin, 1);
    assert.strictEqual(istiodHasPdb(values), false);
    assert.deepStrictEqual(values.global.proxy.resources.requests, { cpu: "50m", memory: "64Mi" });
    assert.strictEqual(inNamespace(run, PEER_AUTH, "apps").length, 1);
    // The CNI node agent comes with it, so the injected app pods still pass Pod Security "restricted".
    assert.strictEqual(values.cni.enabled, true);
    assert.strictEqual(ofType(run, RELEASE).filter((r) => r.inputs.chart === "cni").length, 1);
    const apps = ofType(run, "kubernetes:apps/v1:Deployment").filter((d) => input(d, "metadata.namespace") === "apps");
    assert.strictEqual(apps.length, 2);
    for (const d of apps) assert.deepStrictEqual(restrictedViolations(injectedPod(d, values)), [], d.name);
  });
});
