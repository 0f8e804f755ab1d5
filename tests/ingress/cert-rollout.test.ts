// A re-issued certificate must reach nginx without a manual `kubectl rollout restart`: nginx reads its certificate
// only at start, so the NGINX pod template carries the certificate's sha256 and the pods wait for its Secret.

import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";

import { CERT_CHECKSUM_ANNOTATION, CONFIG_CHECKSUM_ANNOTATION } from "../../components/ingress/nginx-workload";
import { EDGE_TLS_SECRET } from "../../components/shared/names";
import { mockResourceState } from "../../tools/mock-outputs";
import { CapturedResource, RunResult, input, ofType, one, runProgram, stackRun } from "../harness";

const ORIGIN_CERT = "cloudflare:index/originCaCertificate:OriginCaCertificate";
const SELF_SIGNED = "tls:index/selfSignedCert:SelfSignedCert";
const deployment = (run: RunResult) => one(run, "kubernetes:apps/v1:Deployment", "ingress-nginx-deployment");
const annotations = (run: RunResult): Record<string, string> =>
  input(deployment(run), "spec.template.metadata.annotations");
const tlsSecret = (run: RunResult) =>
  ofType(run, "kubernetes:core/v1:Secret").find((s) => input(s, "metadata.name") === EDGE_TLS_SECRET)!;
const sha256 = (text: string) => createHash("sha256").update(text.trimEnd()).digest("hex");

/** The PEM the (mock) provider returns for a captured certificate resource: what ends up in tls.crt. */
function issuedPem(r: CapturedResource, field: "certificate" | "certPem"): string {
  const pem = mockResourceState(r.type, r.name, r.inputs, "us-east-1").state[field];
  assert.equal(typeof pem, "string", `${r.name}.${field}`);
  return pem as string;
}

async function run(config: Record<string, unknown>, stack = "prod"): Promise<RunResult> {
  const r = await runProgram({ stack, config });
  assert.ifError(r.error);
  return r;
}

let shorter: Promise<RunResult> | undefined;
/** Prod with a 1-year instead of a 15-year origin certificate: same hosts, same key, a new certificate. */
const shorterValidity = () => (shorter ??= run({ "edgestack:edge": { originCertValidityDays: 365 } }));

describe("ingress component: certificate rotation rolls the NGINX pods", () => {
  it("stamps the sha256 of the Origin CA certificate it serves on the pod template", async () => {
    const prod = await stackRun("prod");
    assert.equal(annotations(prod)[CERT_CHECKSUM_ANNOTATION], sha256(issuedPem(one(prod, ORIGIN_CERT), "certificate")));
  });

  it("a re-issued certificate (edge.originCertValidityDays 5475 → 365) changes the annotation, nginx.conf unchanged", async () => {
    const prod = await stackRun("prod");
    const variant = await shorterValidity();
    assert.equal(one(variant, ORIGIN_CERT).inputs.requestedValidity, 365);
    assert.notEqual(annotations(variant)[CERT_CHECKSUM_ANNOTATION], annotations(prod)[CERT_CHECKSUM_ANNOTATION]);
    assert.equal(
      annotations(variant)[CERT_CHECKSUM_ANNOTATION],
      sha256(issuedPem(one(variant, ORIGIN_CERT), "certificate")),
    );
    assert.equal(
      annotations(variant)[CONFIG_CHECKSUM_ANNOTATION],
      annotations(prod)[CONFIG_CHECKSUM_ANNOTATION],
      "only the certificate changed",
    );
  });

  it("the pods wait for the Secrets holding the certificate; key material stays secret", async () => {
    for (const r of [await stackRun("prod"), await shorterValidity()]) {
      const secret = tlsSecret(r);
      assert.equal(secret.inputs.stringData, "[secret]");
      assert.ok(deployment(r).dependencies.includes(secret.urn), "a rollout mounts the new Secret, not the old one");
      const aop = ofType(r, "kubernetes:core/v1:Secret").find((s) => s.name === "ingress-nginx-aop-ca")!;
      assert.ok(deployment(r).dependencies.includes(aop.urn));
      assert.ok(secret.dependencies.includes(one(r, ORIGIN_CERT).urn), "the Secret holds the issued certificate");
    }
  });

  it("edge disabled: the self-signed certificate's sha256 is stamped the same way", async () => {
    const r = await run({ "edgestack:edge": { enabled: false } }, "dev"); // the graph other files read too
    assert.equal(ofType(r, ORIGIN_CERT).length, 0);
    assert.equal(annotations(r)[CERT_CHECKSUM_ANNOTATION], sha256(issuedPem(one(r, SELF_SIGNED), "certPem")));
    assert.equal(tlsSecret(r).inputs.stringData, "[secret]");
  });
});
