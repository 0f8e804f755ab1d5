// Issue 15 item 7: images must not come from Docker Hub anonymously (10 pulls per hour per NAT address: a node rollout
// or spot burst ends in `toomanyrequests`). Collects every image the prod graph names — containers of workloads and
// the image settings in chart values (`image.repository`/`registry`, Istio's `hub`) — and checks where each is pulled
// from. Chart defaults the program does not set are not visible under mocks and are not covered here.

import { strict as assert } from "node:assert";

import { stackRun, type CapturedResource } from "../harness";

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

/** What still comes from Docker Hub, named so the list shrinks deliberately (docs/request-path.md, "Image sources"). */
const STILL_ON_DOCKER_HUB = [
  "ingress-kong-release values.ingressController.image.repository",
  "mesh-istiod values.global.hub",
  "mesh-cni values.global.hub",
];

describe("image sources (prod graph)", () => {
  it("pulls no workload or chart image from Docker Hub, except the listed open ones", async () => {
    const run = await stackRun("prod");
    const images = [
      ...run.resources
        .filter((r) => r.type.startsWith("kubernetes:apps/v1:") || r.type.startsWith("kubernetes:batch/v1:"))
        .flatMap(workloadImages),
      ...run.resources
        .filter((r) => r.type === "kubernetes:helm.sh/v3:Release")
        .flatMap((r) => chartImages(r.inputs.values).map((i) => ({ ...i, where: `${r.name} ${i.where}` }))),
    ];
    assert.ok(images.length >= 5, `found ${images.length} images`);
    const hub = images
      .filter((i) => isDockerHub(i.ref))
      .map((i) => i.where)
      .sort();
    assert.deepEqual(
      hub,
      [...STILL_ON_DOCKER_HUB].filter((w) => hub.includes(w)).sort(),
      `Docker Hub images: ${JSON.stringify(images.filter((i) => isDockerHub(i.ref)))}`,
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
