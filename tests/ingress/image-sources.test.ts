// Issue 15 item 7: images must not come from Docker Hub anonymously (10 pulls per hour per NAT address: a node rollout
// or spot burst ends in `toomanyrequests`). Collects every image the prod graph names — containers of workloads and
// the image settings in chart values (`image.repository`/`registry`, Istio's `hub`) — and checks where each is pulled
// from. Chart defaults the program does not set are not visible under mocks; docs/request-path.md, "Image sources",
// lists the ones checked against the pinned charts' sources.

import { strict as assert } from "node:assert";

import { KIC_IMAGE } from "../../components/ingress/pins";
import { GRAFANA_IMAGE } from "../../components/monitoring/chart-values";
import { ISTIO_VERSION } from "../../components/mesh/istio-version";
import { mirrorTag } from "../../components/shared/image-mirror";
import { mockResourceState } from "../../tools/mock-outputs";
import { input, ofType, one, stackRun, type CapturedResource, type RunResult } from "../harness";

/** Docker Hub: an unqualified name (`kong`, `kong/kic`) or one of Docker Hub's own hosts. */
export function isDockerHub(ref: string): boolean {
  const first = ref.split("/")[0];
  const qualified = ref.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  return !qualified || ["docker.io", "index.docker.io", "registry-1.docker.io"].includes(first);
}

function chartImages(values: unknown, at = "values"): Array<{ where: string; ref: string }> {
  if (Array.isArray(values)) return values.flatMap((v, i) => chartImages(v, `${at}[${i}]`));
  if (values === null || typeof values !== "object") return [];
  const o = values as Record<string, unknown>;
  const found: Array<{ where: string; ref: string }> = [];
  if (typeof o.hub === "string") found.push({ where: `${at}.hub`, ref: `${o.hub}/image` });
  if (typeof o.repository === "string")
    found.push({
      where: `${at}.repository`,
      ref: typeof o.registry === "string" && o.registry ? `${o.registry}/${o.repository}` : o.repository,
    });
  for (const [k, v] of Object.entries(o)) found.push(...chartImages(v, `${at}.${k}`));
  return found;
}

function workloadImages(r: CapturedResource): Array<{ where: string; ref: string }> {
  const spec = (r.inputs.spec as any)?.template?.spec ?? (r.inputs.spec as any)?.jobTemplate?.spec?.template?.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c: any) => ({
    where: `${r.name}/${c.name}`,
    ref: String(c.image),
  }));
}

/** A docker-build Image and what the mock runtime reports it pushed (tools/mock-outputs.ts: digest per logical name). */
function pushed(r: CapturedResource): { tag: string; digest: string } {
  const { state } = mockResourceState(r.type, r.name, r.inputs, "us-east-1");
  return { tag: String((r.inputs.tags as string[])[0]), digest: String(state.digest) };
}

/** The mirror Image whose inline Dockerfile builds FROM `upstream` (the full `repo:tag`), with its pushed digest. */
function mirrorOf(run: RunResult, upstream: string): { image: CapturedResource; tag: string; digest: string } {
  const images = ofType(run, "docker-build:index:Image").filter(
    (r) => input(r, "dockerfile.inline") === `FROM ${upstream}\n`,
  );
  assert.equal(images.length, 1, `one mirror of ${upstream}`);
  return { image: images[0], ...pushed(images[0]) };
}

describe("image sources (prod graph)", () => {
  it("pulls no workload or chart image from Docker Hub", async () => {
    const run = await stackRun("prod");
    const images = [
      ...run.resources
        .filter((r) => r.type.startsWith("kubernetes:apps/v1:") || r.type.startsWith("kubernetes:batch/v1:"))
        .flatMap(workloadImages),
      ...run.resources
        .filter((r) => r.type === "kubernetes:helm.sh/v3:Release")
        .flatMap((r) => chartImages(r.inputs.values).map((i) => ({ ...i, where: `${r.name} ${i.where}` }))),
    ];
    assert.ok(images.length >= 10, `found ${images.length} images`);
    assert.deepEqual(
      images.filter((i) => isDockerHub(i.ref)),
      [],
    );
    for (const moved of [
      "ingress-nginx-deployment/nginx",
      "ingress-nginx-deployment/exporter",
      "ingress-kong-release values.image.repository",
    ]) {
      const image = images.find((i) => i.where === moved);
      assert.ok(image && image.ref.startsWith("public.ecr.aws/"), `${moved}: ${image?.ref}`);
    }
  });

  it("runs the Kong ingress controller from the stack's ECR mirror, by the digest it pushed", async () => {
    const run = await stackRun("prod");
    const { image, tag, digest } = mirrorOf(run, `docker.io/${KIC_IMAGE.repository}:${KIC_IMAGE.tag}`);
    const repo =
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/edgestack-prod/mirror/kong/kubernetes-ingress-controller";
    assert.equal(tag, `${repo}:${mirrorTag(KIC_IMAGE)}`);
    assert.deepEqual([input(image, "platforms"), input(image, "push")], [["linux/arm64"], true]);
    const kong = one(run, "kubernetes:helm.sh/v3:Release", "ingress-kong-release");
    assert.deepEqual(input(kong, "values.ingressController.image"), {
      repository: repo,
      // The chart renders `<repository>:<tag>`: the tag carries the digest, so the pods run exactly what was pushed.
      tag: `${mirrorTag(KIC_IMAGE)}@${digest}`,
      effectiveSemver: KIC_IMAGE.tag,
    });
    assert.ok(kong.dependencies.includes(image.urn), "the release waits for the push");
  });

  it("runs istiod, the sidecars and the CNI agent from the stack's ECR mirrors, by digest, with the hub there too", async () => {
    const run = await stackRun("prod");
    const hub = "123456789012.dkr.ecr.us-east-1.amazonaws.com/edgestack-prod/mirror/istio";
    const ref = (image: string) => {
      const m = mirrorOf(run, `docker.io/istio/${image}:${ISTIO_VERSION}`);
      const tag = mirrorTag({ repository: `docker.io/istio/${image}`, tag: ISTIO_VERSION });
      assert.equal(m.tag, `${hub}/${image}:${tag}`);
      return `${hub}/${image}:${tag}@${m.digest}`;
    };
    const istiod = one(run, "kubernetes:helm.sh/v3:Release", "mesh-istiod");
    const cni = one(run, "kubernetes:helm.sh/v3:Release", "mesh-cni");
    assert.deepEqual(
      [
        input(istiod, "values.image"),
        input(istiod, "values.global.proxy.image"),
        input(istiod, "values.global.proxy_init.image"),
      ],
      [ref("pilot"), ref("proxyv2"), ref("proxyv2")],
    );
    assert.equal(input(cni, "values.image"), ref("install-cni"));
    // Anything the charts would name without a full reference resolves to the mirrors' registry, not Docker Hub.
    assert.deepEqual([input(istiod, "values.global.hub"), input(cni, "values.global.hub")], [hub, hub]);
  });

  it("runs Grafana (a chart default on Docker Hub) from the stack's ECR mirror, by digest", async () => {
    const run = await stackRun("prod");
    const { tag, digest } = mirrorOf(run, `docker.io/${GRAFANA_IMAGE.repository}:${GRAFANA_IMAGE.tag}`);
    const kps = one(run, "kubernetes:helm.sh/v3:Release", "monitoring-kube-prometheus-stack");
    assert.deepEqual(input(kps, "values.grafana.image"), {
      registry: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
      repository: "edgestack-prod/mirror/grafana/grafana",
      tag: mirrorTag(GRAFANA_IMAGE),
      // The chart renders `<registry>/<repository>:<tag>@sha256:<sha>`.
      sha: digest.replace(/^sha256:/, ""),
    });
    assert.equal(
      tag,
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/edgestack-prod/mirror/grafana/grafana:${mirrorTag(GRAFANA_IMAGE)}`,
    );
  });

  it("keeps every mirror like the services' repositories: immutable tags, scan on push, KMS", async () => {
    const run = await stackRun("prod");
    const mirrors = ofType(run, "aws:ecr/repository:Repository").filter((r) =>
      String(r.inputs.name).includes("/mirror/"),
    );
    assert.deepEqual(mirrors.map((r) => String(r.inputs.name)).sort(), [
      "edgestack-prod/mirror/grafana/grafana",
      "edgestack-prod/mirror/istio/install-cni",
      "edgestack-prod/mirror/istio/pilot",
      "edgestack-prod/mirror/istio/proxyv2",
      "edgestack-prod/mirror/kong/kubernetes-ingress-controller",
    ]);
    for (const r of mirrors)
      assert.deepEqual(
        [
          r.inputs.imageTagMutability,
          input(r, "imageScanningConfiguration.scanOnPush"),
          input(r, "encryptionConfigurations"),
        ],
        ["IMMUTABLE", true, [{ encryptionType: "KMS" }]],
        String(r.inputs.name),
      );
  });

  it("recognises Docker Hub references", () => {
    for (const ref of [
      "kong",
      "kong/kubernetes-ingress-controller:3.5",
      "docker.io/istio/proxyv2",
      "registry-1.docker.io/library/nginx",
    ])
      assert.ok(isDockerHub(ref), ref);
    for (const ref of [
      "public.ecr.aws/nginx/nginx-unprivileged",
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/x",
      "quay.io/prometheus/blackbox-exporter",
    ])
      assert.ok(!isDockerHub(ref), ref);
  });
});
