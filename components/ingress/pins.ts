// Pinned images and the Kong chart of the ingress tier, with where each pin was checked. Registries: never Docker
// Hub anonymously (through the NAT addresses a node rollout exhausts its pull limit and ends in `toomanyrequests`):
// Amazon ECR Public where the publisher pushes there, which needs no credentials and is served from AWS (the
// publishers' READMEs list it; Docker's Official Images are mirrored at public.ecr.aws/docker/library). No digest is
// pinned: none could be verified from here (no registry access), and an invented one would be worse than a tag.
// Images are pinned by tag here; to pin by digest as well, pass the digest to imageRef (e.g. from `crane digest <repo>:<tag>` in CI)
// so a re-pushed tag can never change what runs. All images are multi-arch (the nodes are Graviton/arm64).
// The pins below were compared with the upstream release lists on 2026-11-23.

interface ImagePin {
  repository: string;
  tag: string;
}

/**
 * nginx stable branch, unprivileged variant (uid 101, listens on ports >= 1024, temp files under /tmp).
 * Source: nginx/docker-nginx-unprivileged PR #424 (2026-09-15, "stable to 1.30.5"). `nginxVersion` selects the
 * config syntax the renderer emits and must match the tag.
 */
export const NGINX_IMAGE = Object.freeze({
  // nginx/docker-nginx-unprivileged README, "Image Registries": Amazon ECR (gallery.ecr.aws/nginx/nginx-unprivileged).
  repository: "public.ecr.aws/nginx/nginx-unprivileged",
  tag: "1.30.5-alpine",
  nginxVersion: "1.30.5",
});

/** Reads stub_status and serves Prometheus metrics. Source: nginx/nginx-prometheus-exporter v1.5.3 (2026-08, v1.5.2 retracted). */
export const NGINX_EXPORTER_IMAGE: Readonly<ImagePin> = Object.freeze({
  // nginx/nginx-prometheus-exporter README, "Docker images": also on the Amazon ECR Public Gallery and Quay.io.
  repository: "public.ecr.aws/nginx/nginx-prometheus-exporter",
  tag: "1.5.3",
});

/**
 * The `kong` chart (not the `ingress` meta-chart, which pins the older kong 3.2.0 sub-chart): one Deployment with
 * the Kong proxy and the ingress controller as a sidecar, DB-less by default. Source: Kong/charts
 * charts/kong/Chart.yaml version 3.4.1 (2026-07-02); its values.yaml is what kong-values.ts is checked against.
 */
export const KONG_CHART = Object.freeze({
  chart: "kong",
  version: "3.4.1",
  repo: "https://charts.konghq.com",
});

/** Kong Gateway OSS: 3.9 is the maintained OSS line (docker-library/official-images PR #21601, 3.9.2, 2026-06-04). */
// `kong` is a Docker Official Image, so ECR Public mirrors it (Kong/kubernetes-ingress-controller#2370 cites
// gallery.ecr.aws/docker/library/kong).
export const KONG_IMAGE: Readonly<ImagePin> = Object.freeze({
  repository: "public.ecr.aws/docker/library/kong",
  tag: "3.9.2",
});

/**
 * Kong Ingress Controller 3.5 (configPatches need >= 3.1). Source: Kong/kubernetes-ingress-controller v3.5.13 (2026-08-07).
 * The upstream the stack's ECR mirror copies (components/shared/image-mirror.ts; kong.ts): Kong publishes this image
 * on Docker Hub only (its release workflow logs in to Docker Hub and pushes `kong/kubernetes-ingress-controller`;
 * the ECR Public request, Kong/kubernetes-ingress-controller#2370, was not delivered as far as could be checked).
 */
export const KIC_IMAGE: Readonly<ImagePin> = Object.freeze({
  repository: "kong/kubernetes-ingress-controller",
  tag: "3.5.13",
});

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

/** `repo:tag`, or `repo:tag@sha256:...` when a digest is given (the runtime then ignores the tag). */
export function imageRef(pin: ImagePin, digest?: string): string {
  if (digest !== undefined && !DIGEST_RE.test(digest)) {
    throw new Error(`image digest for ${pin.repository}: expected sha256:<64 hex>, got ${JSON.stringify(digest)}`);
  }
  return `${pin.repository}:${pin.tag}${digest ? `@${digest}` : ""}`;
}
