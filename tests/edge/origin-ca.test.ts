import { strict as assert } from "node:assert";
import { X509Certificate } from "node:crypto";
import {
  CLOUDFLARE_ORIGIN_CA_ECC_ROOT,
  CLOUDFLARE_ORIGIN_CA_RSA_ROOT,
  CLOUDFLARE_ORIGIN_PULL_CA,
  PublishedCaCertificate,
} from "../../components/edge/origin-ca";
import { AS_OF } from "../harness";

interface CertificateFacts {
  subject: string;
  sha256Fingerprint: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
}

/** Parses one PEM certificate; throws naming `what` if it is not one. */
function certificateFacts(pem: string, what = "certificate"): CertificateFacts {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----/g) ?? [];
  if (blocks.length !== 1) {
    throw new Error(`${what}: expected exactly one PEM certificate block, found ${blocks.length}`);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (err) {
    throw new Error(`${what}: not a valid X.509 certificate (${(err as Error).message})`);
  }
  return {
    subject: cert.subject,
    sha256Fingerprint: cert.fingerprint256,
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    isCa: cert.ca,
  };
}

const published: Array<[string, Readonly<PublishedCaCertificate>, string]> = [
  ["Authenticated Origin Pulls CA", CLOUDFLARE_ORIGIN_PULL_CA, "rsa"],
  ["Origin CA ECC root", CLOUDFLARE_ORIGIN_CA_ECC_ROOT, "ec"],
  ["Origin CA RSA root", CLOUDFLARE_ORIGIN_CA_RSA_ROOT, "rsa"],
];

describe("Cloudflare published CA certificates", () => {
  for (const [name, cert, keyType] of published) {
    it(`${name}: the embedded PEM matches its recorded fingerprint, expiry and subject`, () => {
      const facts = certificateFacts(cert.pem, name);
      assert.equal(facts.sha256Fingerprint, cert.sha256Fingerprint);
      assert.equal(facts.notAfter.toISOString(), cert.notAfter);
      assert.ok(facts.subject.split("\n").includes(cert.identifiedBy), facts.subject);
      assert.ok(facts.subject.includes("O=CloudFlare\\, Inc."), facts.subject);
      assert.equal(facts.isCa, true);
      assert.equal(new X509Certificate(cert.pem).publicKey.asymmetricKeyType, keyType);
      assert.match(cert.sourceUrl, /^https:\/\/developers\.cloudflare\.com\/ssl\/static\/.+\.pem$/);
    });

    it(`${name}: is self-signed (a root Cloudflare's edge or NGINX can trust directly)`, () => {
      const x509 = new X509Certificate(cert.pem);
      assert.ok(x509.checkIssued(x509));
      assert.ok(x509.verify(x509.publicKey));
    });
  }

  it("the origin-pull CA NGINX trusts is valid on the as-of date (replace it from the source URL when this fails)", () => {
    assert.ok(
      certificateFacts(CLOUDFLARE_ORIGIN_PULL_CA.pem).notAfter > new Date(AS_OF),
      `download ${CLOUDFLARE_ORIGIN_PULL_CA.sourceUrl}`,
    );
  });

  it("names what is wrong with a PEM that is not one certificate", () => {
    assert.throws(
      () => certificateFacts("", "empty.pem"),
      /empty\.pem: expected exactly one PEM certificate block, found 0/,
    );
    assert.throws(
      () => certificateFacts(CLOUDFLARE_ORIGIN_CA_ECC_ROOT.pem + CLOUDFLARE_ORIGIN_CA_RSA_ROOT.pem),
      /found 2/,
    );
  });
});
