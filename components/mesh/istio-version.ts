/**
 * The pinned Istio release. Both charts (base, istiod) and the proxy images move together; bump all of it
 * here, after re-reading the charts' values.yaml at the new tag (see values.ts for the keys we set).
 *
 * 1.30.4 (released 2026-08-27, istio.io/latest/news/releases/1.30.x) is the newest patch of a minor we could
 * check the chart values of (tag 1.30.3 of istio/istio; patch releases do not change chart values). 1.31 is
 * out; move to it after checking its charts, one minor at a time (Istio supports in-place upgrades across one
 * minor, and a canary revision for safer ones: README, "Service mesh (Istio)" › "Upgrading").
 */
export const ISTIO_VERSION = "1.30.4";

/**
 * Official Helm repository of the Istio charts (`helm repo add istio <this>`), a classic repo (index.yaml), passed
 * as the Release's `repositoryOpts.repo`. The old one, https://istio-release.storage.googleapis.com/charts, is removed
 * in December 2026 (last scream test 2026-12-08 15:00 UTC to 12-09 15:00 UTC, upgrade notes below). Istio's blog "An
 * update on our move to AWS" (istio.io/latest/blog/2026/retirement-of-gcp, 2026-08-21; istio/istio.io
 * content/en/blog/2026/retirement-of-gcp/index.md): "All Helm charts of all Istio versions are currently available
 * at https://blob.istio.io/istio-release/charts and we will continue to publish them there", and users of the old
 * repo "should migrate to https://blob.istio.io/istio-release/charts". Also istio/istio#61467, the 1.31 upgrade notes
 * and istio/release-builder release/publish.sh (R2_HELM_URL). OCI alternative: oci://ghcr.io/istio/release/charts.
 */
export const ISTIO_CHART_REPO = "https://blob.istio.io/istio-release/charts";

/**
 * Where Istio publishes its release images: Docker Hub only, from 1.31 on. The official mirror gcr.io/istio-release
 * (istio.io/latest/blog/2020/docker-rate-limit) and registry.istio.io are retired: "From Istio 1.31 forwards, we will
 * no longer publish artifacts to gcr.io/istio-release, registry.istio.io, and istio-release.storage.googleapis.com.
 * Docker images will still be available on Docker Hub", with GCP-hosted artifacts disabled in scream tests up to
 * 2026-12-08/09 (istio.io/latest/news/releases/1.31.x/announcing-1.31/upgrade-notes, read 2026-12-04). So the nodes
 * never pull from here: the mesh mirrors each image below into the stack's ECR (components/shared/image-mirror.ts).
 */
export const ISTIO_UPSTREAM_HUB = "docker.io/istio";

/**
 * The images the three charts run, as istio/istio 1.30.3 renders them: `pilot` (istiod,
 * istio-discovery/templates/deployment.yaml), `proxyv2` (the injected istio-proxy and istio-validation containers,
 * files/injection-template.yaml via global.proxy.image / global.proxy_init.image) and `install-cni` (the node
 * agent, istio-cni/templates/daemonset.yaml). Each template takes a value containing "/" as the full reference.
 */
export const ISTIO_IMAGES = ["pilot", "proxyv2", "install-cni"] as const;
export type IstioImage = (typeof ISTIO_IMAGES)[number];

/**
 * Control-plane revision for a version: "1.30.4" → "1-30". Namespaces select the control plane by
 * `istio.io/rev=<revision>`, so a minor upgrade can run a second istiod side by side (canary) and move
 * namespaces one at a time. Patch releases keep the revision (in-place upgrade).
 */
export function revisionOf(version: string): string {
  const m = /^(\d+)\.(\d+)\.\d+$/.exec(version);
  if (!m) throw new Error(`Istio version: expected major.minor.patch such as "1.30.4", got ${JSON.stringify(version)}`);
  return `${m[1]}-${m[2]}`;
}

export const ISTIO_REVISION = revisionOf(ISTIO_VERSION);
