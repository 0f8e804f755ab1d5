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

/** Official Helm repository of the Istio charts (`helm repo add istio <this>`). */
export const ISTIO_CHART_REPO = "https://istio-release.storage.googleapis.com/charts";

/** Official images (istio/pilot, istio/proxyv2) on Docker Hub, the hub the release charts default to. */
export const ISTIO_HUB = "docker.io/istio";

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
