/**
 * Where the mesh fetches from. Istio removes its GCP-hosted artifacts in December 2026 (charts from
 * istio-release.storage.googleapis.com, images and OCI charts from gcr.io/istio-release, images from
 * registry.istio.io; istio.io/latest/blog/2026/retirement-of-gcp), so nothing in the graph may point there.
 */
import * as assert from "assert";
import { ISTIO_VERSION } from "../../components/mesh/istio-version";
import { input, ofType, stackRun } from "../harness";

const RETIRED = ["istio-release.storage.googleapis.com", "gcr.io/istio-release", "registry.istio.io"];
const RELEASE = "kubernetes:helm.sh/v3:Release";

/** Every string anywhere in a value, with its dotted path. */
function strings(value: unknown, at = ""): [string, string][] {
  if (typeof value === "string") return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  return [];
}

describe("mesh: artifact sources (Istio's GCP hosting is retired)", () => {
  it("prod: no input of any resource (charts, repositories, images, mirror sources) names a retired host", async () => {
    const prod = await stackRun("prod");
    const hits = prod.resources.flatMap((r) =>
      strings(r.inputs)
        .filter(([, s]) => RETIRED.some((host) => s.includes(host)))
        .map(([at, s]) => `${r.type} ${r.name} ${at}=${s}`),
    );
    assert.deepStrictEqual(hits, []);
  });

  it("prod: the three Istio charts come from blob.istio.io at the pinned version", async () => {
    const prod = await stackRun("prod");
    const istio = ofType(prod, RELEASE).filter((r) => ["base", "cni", "istiod"].includes(String(r.inputs.chart)));
    assert.deepStrictEqual(
      istio.map((r) => [r.inputs.chart, input(r, "repositoryOpts.repo"), r.inputs.version]).sort(),
      ["base", "cni", "istiod"].map((c) => [c, "https://blob.istio.io/istio-release/charts", ISTIO_VERSION]),
    );
  });
});
