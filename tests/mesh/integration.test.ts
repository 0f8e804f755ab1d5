/**
 * The mesh and the services tier together, in the program's graph: namespace labels, ordering, metrics through
 * the sidecar (and the alert rules that read them), Kong-facing Service annotations, NetworkPolicy.
 */
import * as assert from "assert";
import type { IstiodValues } from "../../components/mesh/values";
import { buildAlertRules } from "../../components/monitoring/alert-rules";
import { appSource } from "../../components/monitoring/rules-traffic";
import { DEFAULT_ALERT_THRESHOLDS } from "../../components/monitoring/thresholds";
import { SAMPLE_INPUT } from "../../tools/test-rules";
import { CapturedResource, input, ofType, one, RunResult, stackRun } from "../harness";
import { Labels, matches, podMonitorRelabelings, relabel, sanitize, selectors, targetLabels } from "./scrape-sim";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const POD_MONITOR = "kubernetes:monitoring.coreos.com/v1:PodMonitor";

const appDeployments = (run: RunResult) =>
  ofType(run, DEPLOYMENT).filter((d) => input(d, "metadata.namespace") === "apps");
const release = (run: RunResult, chart: string) => ofType(run, RELEASE).find((r) => r.inputs.chart === chart)!;
const appsNamespace = (run: RunResult) =>
  ofType(run, "kubernetes:core/v1:Namespace").find((n) => input(n, "metadata.name") === "apps")!;
const isMeshPolicy = (r: CapturedResource) => /istio\.io/.test(r.type) && input(r, "metadata.namespace") === "apps";

describe("mesh ↔ services: namespace and ordering", () => {
  it("the apps namespace selects istiod by the revision istiod is installed with (not istio-injection)", async () => {
    const prod = await stackRun("prod");
    const revision = (release(prod, "istiod").inputs.values as unknown as IstiodValues).revision;
    const labels = input(appsNamespace(prod), "metadata.labels");
    assert.strictEqual(labels["istio.io/rev"], revision);
    assert.ok(!("istio-injection" in labels), "istio-injection would override the revision label");
  });

  it("app Deployments wait for the whole control plane: CRDs, the CNI node agents and the injector", async () => {
    const prod = await stackRun("prod");
    const controlPlane = ["base", "cni", "istiod"].map((chart) => release(prod, chart).urn);
    for (const d of appDeployments(prod)) {
      assert.deepStrictEqual(
        controlPlane.filter((urn) => !d.dependencies.includes(urn)),
        [],
        `${d.name} waits for base, cni and istiod`,
      );
    }
    const dev = await stackRun("dev");
    assert.strictEqual(
      ofType(dev, RELEASE).filter((r) => /istio/.test(String(input(r, "repositoryOpts.repo")))).length,
      0,
    );
    assert.ok(appDeployments(dev).length > 0);
  });

  it("the traffic policies wait for the apps namespace resource, not just its name", async () => {
    const prod = await stackRun("prod");
    const ns = appsNamespace(prod);
    const policies = prod.resources.filter(isMeshPolicy);
    assert.strictEqual(
      policies.length,
      2 + 3 * appDeployments(prod).length,
      "PeerAuthentication, allow-nothing, 3 per service",
    );
    assert.deepStrictEqual(
      policies.filter((p) => !p.dependencies.includes(ns.urn)).map((p) => p.name),
      [],
    );
  });
});

describe("mesh ↔ services: metrics under STRICT mTLS", () => {
  it("with the mesh, each pod asks the sidecar to merge its own /metrics, and no ServiceMonitor scrapes the app port", async () => {
    const prod = await stackRun("prod");
    for (const d of appDeployments(prod)) {
      const port = input(d, "spec.template.spec.containers")[0].ports[0].containerPort;
      const annotations = input(d, "spec.template.metadata.annotations");
      assert.deepStrictEqual(
        [annotations["prometheus.io/scrape"], annotations["prometheus.io/port"], annotations["prometheus.io/path"]],
        ["true", String(port), "/metrics"],
        d.name,
      );
    }
    const appMonitors = ofType(prod, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor").filter(
      (m) => input(m, "metadata.namespace") === "apps",
    );
    assert.deepStrictEqual(
      appMonitors.map((m) => m.name),
      [],
    );
  });

  it("without the mesh, pods carry no merge annotations (nothing would honour them) and ServiceMonitors scrape", async () => {
    const dev = await stackRun("dev");
    for (const d of appDeployments(dev)) {
      assert.ok(
        !Object.keys(input(d, "spec.template.metadata.annotations") ?? {}).some((k) => k.startsWith("prometheus.io/")),
        d.name,
      );
    }
    assert.strictEqual(
      ofType(dev, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor").filter(
        (m) => input(m, "metadata.namespace") === "apps",
      ).length,
      2,
    );
  });

  /**
   * An injected pod of `d` as Prometheus' pod discovery sees its istio-proxy container: the injector has
   * rewritten `prometheus.io/port` to the agent's 15020 (keeping the app's port for the agent to scrape).
   */
  function discoveredSidecar(d: CapturedResource): Labels {
    const meta: Labels = {
      __meta_kubernetes_namespace: input(d, "metadata.namespace"),
      __meta_kubernetes_pod_name: `${input(d, "metadata.name")}-7d9f8-x2x4k`,
      __meta_kubernetes_pod_ip: "10.30.12.7",
      __meta_kubernetes_pod_container_name: "istio-proxy",
      __address__: "10.30.12.7:15090",
    };
    for (const [k, v] of Object.entries(input(d, "spec.template.metadata.labels") as Labels))
      meta[`__meta_kubernetes_pod_label_${sanitize(k)}`] = v;
    meta.__meta_kubernetes_pod_labelpresent_security_istio_io_tlsMode = "true";
    for (const k of Object.keys(input(d, "spec.template.metadata.annotations") as Labels)) {
      meta[`__meta_kubernetes_pod_annotationpresent_${sanitize(k)}`] = "true";
    }
    if (meta.__meta_kubernetes_pod_annotationpresent_prometheus_io_port)
      meta.__meta_kubernetes_pod_annotation_prometheus_io_port = "15020";
    return meta;
  }

  function scrapedLabels(run: RunResult, d: CapturedResource): Labels | undefined {
    const pm = one(run, POD_MONITOR);
    const spec = pm.inputs.spec as { jobLabel: string; podMetricsEndpoints: Array<{ relabelings: [] }> };
    const monitor = {
      namespace: input(pm, "metadata.namespace"),
      name: input(pm, "metadata.name"),
      jobLabel: spec.jobLabel,
    };
    const kept = relabel(discoveredSidecar(d), [
      ...podMonitorRelabelings(monitor),
      ...spec.podMetricsEndpoints[0].relabelings,
    ]);
    return kept && { ...targetLabels(kept), instance: kept.__address__ };
  }

  it("the mesh's PodMonitor scrapes each app pod's sidecar on 15020 with job, service and namespace of the app", async () => {
    const prod = await stackRun("prod");
    for (const d of appDeployments(prod)) {
      const labels = scrapedLabels(prod, d);
      assert.ok(labels, `${d.name}: target kept`);
      const app = input(d, "metadata.name");
      assert.deepStrictEqual(
        [labels.job, labels.service, labels.namespace, labels.instance],
        [app, app, "apps", "10.30.12.7:15020"],
      );
    }
  });

  it("ServiceDown and the apps' traffic alerts select the series the PodMonitor produces (job/namespace/service kept)", async () => {
    const prod = await stackRun("prod");
    const targets = {
      ...SAMPLE_INPUT.targets,
      services: appDeployments(prod).map((d) => ({ name: input(d, "metadata.name") as string, namespace: "apps" })),
    };
    const rules = buildAlertRules(DEFAULT_ALERT_THRESHOLDS, targets);
    for (const d of appDeployments(prod)) {
      const labels = scrapedLabels(prod, d)!;
      const serviceDown = rules.filter((r) => r.alert === "ServiceDown" && r.labels?.service === labels.job);
      assert.strictEqual(serviceDown.length, 1, `one ServiceDown rule for ${labels.job}`);
      const [upSelector] = selectors(serviceDown[0].expr, "up");
      assert.ok(matches(labels, upSelector), `${serviceDown[0].expr} matches ${JSON.stringify(labels)}`);
      // The apps' own request metrics (merged) carry the same target labels, aggregated by namespace/service.
      const app = appSource({ t: DEFAULT_ALERT_THRESHOLDS, targets });
      const [requests] = selectors(`${app.requests}{${app.selector}}`, app.requests);
      assert.ok(matches({ ...labels, method: "GET", route: "/items", status: "200" }, requests));
      assert.ok(
        app.by.every((l) => labels[l]),
        `aggregation labels ${app.by.join(", ")} present`,
      );
    }
  });

  it("a pod without the merge annotation, or without a sidecar, is not scraped by the PodMonitor", async () => {
    const prod = await stackRun("prod");
    const d = appDeployments(prod)[0];
    const pm = one(prod, POD_MONITOR);
    const relabelings = (pm.inputs.spec as { podMetricsEndpoints: Array<{ relabelings: [] }> }).podMetricsEndpoints[0]
      .relabelings;
    const monitor = { namespace: "istio-system", name: "istio-sidecars", jobLabel: "app.kubernetes.io/name" };
    const meta = discoveredSidecar(d);
    const { __meta_kubernetes_pod_annotationpresent_prometheus_io_port: _, ...unannotated } = meta;
    assert.strictEqual(relabel(unannotated, [...podMonitorRelabelings(monitor), ...relabelings]), undefined);
    assert.strictEqual(
      relabel({ ...meta, __meta_kubernetes_pod_container_name: d.name }, [
        ...podMonitorRelabelings(monitor),
        ...relabelings,
      ]),
      undefined,
    );
  });
});

describe("mesh ↔ services: Kong-facing Services and NetworkPolicy", () => {
  it("each Service tells Kong to route through the mesh: Service IP, the DestinationRule's host, no Kong retries", async () => {
    const prod = await stackRun("prod");
    const hosts = new Map(
      ofType(prod, "kubernetes:networking.istio.io/v1:DestinationRule").map((r) => [
        input(r, "metadata.name"),
        input(r, "spec.host"),
      ]),
    );
    const services = ofType(prod, "kubernetes:core/v1:Service").filter(
      (s) => input(s, "metadata.namespace") === "apps",
    );
    assert.strictEqual(services.length, 2);
    for (const s of services) {
      const name = input(s, "metadata.name");
      assert.deepStrictEqual(input(s, "metadata.annotations"), {
        "ingress.kubernetes.io/service-upstream": "true",
        "konghq.com/host-header": hosts.get(name),
        "konghq.com/retries": "0",
      });
    }
    const dev = await stackRun("dev");
    for (const s of ofType(dev, "kubernetes:core/v1:Service").filter(
      (x) => input(x, "metadata.namespace") === "apps",
    )) {
      assert.strictEqual(input(s, "metadata.annotations"), undefined, "no mesh: Kong keeps its defaults");
    }
  });

  it("NetworkPolicy with the mesh: monitoring reaches only 15020, the nodes 15020/15021, sidecars reach istiod on 15012", async () => {
    const prod = await stackRun("prod");
    const vpcCidr = one(prod, "aws:ec2/vpc:Vpc").inputs.cidrBlock;
    for (const np of ofType(prod, "kubernetes:networking.k8s.io/v1:NetworkPolicy").filter(
      (n) => input(n, "metadata.namespace") === "apps",
    )) {
      const ingress = input(np, "spec.ingress") as Array<{ from: any[]; ports: Array<{ port: number }> }>;
      const portsFrom = (pred: (peer: any) => boolean) =>
        ingress.filter((r) => r.from.some(pred)).flatMap((r) => r.ports.map((p) => p.port));
      assert.deepStrictEqual(
        portsFrom((p) => p.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] === "monitoring"),
        [15020],
      );
      assert.deepStrictEqual(
        portsFrom((p) => p.ipBlock?.cidr === vpcCidr),
        [15020, 15021],
      );
      const istiod = (input(np, "spec.egress") as any[]).filter(
        (r) => r.to?.[0]?.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] === "istio-system",
      );
      assert.deepStrictEqual(
        istiod.flatMap((r) => r.ports.map((p: any) => p.port)),
        [15012],
      );
    }
  });
});
