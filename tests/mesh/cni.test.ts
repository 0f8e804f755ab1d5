/**
 * Pod Security with the mesh on: the apps namespace enforces "restricted", so injected pods must not need the
 * NET_ADMIN/NET_RAW `istio-init` container; the Istio CNI node agent takes that job, and its own privileges
 * live in istio-system. Also checks every Helm value the mesh sets against the charts' values.yaml keys.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { istioCniValues } from "../../components/mesh/cni";
import { ISTIO_CHART_REPO, ISTIO_VERSION } from "../../components/mesh/istio-version";
import type { IstiodValues } from "../../components/mesh/values";
import { input, ofType, RunResult, stackRun } from "../harness";
import { injectedPod, restrictedViolations } from "./pod-security";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const istioReleases = (run: RunResult) =>
  ofType(run, RELEASE).filter((r) => input(r, "repositoryOpts.repo") === ISTIO_CHART_REPO);
const release = (run: RunResult, chart: string) => {
  const found = istioReleases(run).filter((r) => r.inputs.chart === chart);
  assert.strictEqual(found.length, 1, `one ${chart} release`);
  return found[0];
};
const namespaceLabels = (run: RunResult, name: string) =>
  input(
    ofType(run, "kubernetes:core/v1:Namespace").find((n) => input(n, "metadata.name") === name)!,
    "metadata.labels",
  );
const appDeployments = (run: RunResult) =>
  ofType(run, "kubernetes:apps/v1:Deployment").filter((d) => input(d, "metadata.namespace") === "apps");

describe("mesh: Istio CNI node agent (Pod Security restricted with sidecars)", () => {
  it("prod installs the official cni chart from the same repository and version as base/istiod, in istio-system", async () => {
    const prod = await stackRun("prod");
    const cni = release(prod, "cni");
    for (const r of [release(prod, "base"), cni, release(prod, "istiod")]) {
      assert.deepStrictEqual(
        [r.inputs.version, r.inputs.namespace, r.inputs.atomic],
        [ISTIO_VERSION, "istio-system", true],
        String(r.inputs.chart),
      );
    }
    assert.strictEqual(cni.inputs.name, "istio-cni");
    assert.deepStrictEqual(input(cni, "values.global"), {
      // The mirrors' path in the stack's ECR (tests/ingress/image-sources.test.ts); the image itself is set in full.
      hub: "123456789012.dkr.ecr.us-east-1.amazonaws.com/edgestack-prod/mirror/istio",
      tag: ISTIO_VERSION,
      logAsJson: true,
    });
  });

  it("istiod injects for the CNI and is installed after it; without the mesh there is no agent", async () => {
    const prod = await stackRun("prod");
    const istiod = release(prod, "istiod");
    assert.deepStrictEqual(input(istiod, "values.cni"), { enabled: true, provider: "default" });
    assert.ok(istiod.dependencies.includes(release(prod, "cni").urn), "no istio-validation pod before the agent runs");
    assert.deepStrictEqual(
      istioReleases(await stackRun("dev")).map((r) => r.inputs.chart),
      [],
    );
  });

  it('no injected app pod needs NET_ADMIN: each prod pod with its injected containers passes "restricted"', async () => {
    const prod = await stackRun("prod");
    assert.strictEqual(namespaceLabels(prod, "apps")["pod-security.kubernetes.io/enforce"], "restricted");
    const values = release(prod, "istiod").inputs.values as unknown as IstiodValues;
    const deployments = appDeployments(prod);
    assert.strictEqual(deployments.length, 2);
    for (const d of deployments) {
      const pod = injectedPod(d, values);
      assert.deepStrictEqual(
        pod.initContainers!.map((c) => c.name),
        ["istio-validation"],
      );
      assert.deepStrictEqual(restrictedViolations(pod), [], d.name);
    }
  });

  it("the oracle refuses what injection does without the agent (istio-init as root with NET_ADMIN/NET_RAW)", async () => {
    const prod = await stackRun("prod");
    const values = release(prod, "istiod").inputs.values as unknown as IstiodValues;
    const violations = restrictedViolations(
      injectedPod(appDeployments(prod)[0], { ...values, cni: { enabled: false } }),
    );
    assert.deepStrictEqual(violations, [
      "container istio-init: capabilities NET_ADMIN, NET_RAW may not be added",
      "container istio-init: runAsNonRoot must be true",
      "container istio-init: runAsUser must not be 0",
    ]);
  });

  it("the agent's privileges stay in istio-system: no app namespace allows privileged pods", async () => {
    const prod = await stackRun("prod");
    assert.strictEqual(release(prod, "cni").inputs.namespace, "istio-system");
    assert.strictEqual(namespaceLabels(prod, "istio-system")["pod-security.kubernetes.io/enforce"], "privileged");
    const privileged = ofType(prod, "kubernetes:core/v1:Namespace")
      .filter((n) => input(n, "metadata.labels")?.["pod-security.kubernetes.io/enforce"] === "privileged")
      .map((n) => input(n, "metadata.name"));
    // monitoring runs node-exporter (hostNetwork, hostPID, hostPath /proc,/sys) and observability Fluent Bit
    // (root, hostPath /var/log): privileged by design. Neither is injected.
    assert.deepStrictEqual(privileged.sort(), ["istio-system", "monitoring", "observability"]);
    assert.deepStrictEqual(
      istioCniValues({ hub: "r/istio", refs: { pilot: "r/p", proxyv2: "r/x", "install-cni": "r/c" } })
        .excludeNamespaces,
      ["kube-system", "istio-system"],
      "never redirects system pods",
    );
  });
});

interface ChartKeys {
  version: string;
  charts: Record<string, { keys: string[]; open: string[] }>;
}
const KEYS = JSON.parse(
  fs.readFileSync(path.join(__dirname, "fixtures", "istio-1.30.3-values-keys.json"), "utf8"),
) as ChartKeys;

/** Dotted paths of every value set (arrays and scalars are leaves). */
function paths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => paths(v, prefix ? `${prefix}.${k}` : k));
}

describe("mesh: Helm values against the charts' values.yaml", () => {
  it("the key list was read at a patch of the pinned minor (patches do not change chart values)", () => {
    assert.strictEqual(KEYS.version.split(".").slice(0, 2).join("."), ISTIO_VERSION.split(".").slice(0, 2).join("."));
  });

  it("every key set for base, cni and istiod exists in that chart (a typo would be silently ignored by Helm)", async () => {
    const prod = await stackRun("prod");
    const unknown: string[] = [];
    for (const [chart, fixture] of [
      ["base", "base"],
      ["cni", "cni"],
      ["istiod", "istiod"],
    ] as const) {
      const { keys, open } = KEYS.charts[fixture];
      for (const p of paths(release(prod, chart).inputs.values)) {
        if (!keys.includes(p) && !open.some((o) => p.startsWith(`${o}.`))) unknown.push(`${chart}: ${p}`);
      }
    }
    assert.deepStrictEqual(unknown, []);
  });

  it("catches a key the chart does not have (pilot.cni is the docs' legacy spelling; values.yaml has cni)", () => {
    const { keys } = KEYS.charts.istiod;
    assert.ok(keys.includes("cni.enabled") && !keys.includes("pilot.cni.enabled"));
    assert.ok(!KEYS.charts.cni.keys.includes("cni.cniBinDir"), "the cni chart's keys are top level (cniBinDir)");
  });
});
