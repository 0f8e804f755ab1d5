import { strict as assert } from "node:assert";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AS_OF } from "../harness";
import {
    certificateFacts,
    CLOUDFLARE_ORIGIN_CA_ECC_ROOT,
    CLOUDFLARE_ORIGIN_CA_RSA_ROOT,
    CLOUDFLARE_ORIGIN_PULL_CA,
    daysUntilExpiry,
    PublishedCaCertificate,
    readCaCertificateFile,
} from "../../components/edge/origin-ca";

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

    it("the origin-pull CA NGINX trusts is valid on the tests' as-of day (the dated policy warns before it expires)", () => {
        const days = daysUntilExpiry(CLOUDFLARE_ORIGIN_PULL_CA.pem, new Date(`${AS_OF}T00:00:00Z`));
        assert.ok(days > 0, `origin-pull CA expired ${-days} days before ${AS_OF}; download ${CLOUDFLARE_ORIGIN_PULL_CA.sourceUrl}`);
    });

    it("counts days until expiry", () => {
        assert.equal(daysUntilExpiry(CLOUDFLARE_ORIGIN_PULL_CA.pem, new Date("2029-10-31T17:00:00Z")), 1);
        assert.ok(daysUntilExpiry(CLOUDFLARE_ORIGIN_PULL_CA.pem, new Date("2030-01-01T00:00:00Z")) < 0);
    });

    describe("readCaCertificateFile", () => {
        let dir: string;
        before(() => {
            dir = mkdtempSync(join(tmpdir(), "edge-ca-"));
        });
        after(() => rmSync(dir, { recursive: true, force: true }));

        const write = (name: string, text: string): string => {
            const path = join(dir, name);
            writeFileSync(path, text);
            return path;
        };

        it("returns a valid CA file's PEM", () => {
            const path = write("origin-pull-ca.pem", CLOUDFLARE_ORIGIN_PULL_CA.pem);
            assert.equal(readCaCertificateFile(path), CLOUDFLARE_ORIGIN_PULL_CA.pem);
        });

        it("rejects missing, malformed, bundled and expired files with the path in the message", () => {
            assert.throws(() => readCaCertificateFile(join(dir, "absent.pem")), /absent\.pem: cannot read it \(ENOENT\)/);
            const garbage = write("garbage.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
            assert.throws(() => readCaCertificateFile(garbage), /garbage\.pem: not a valid X\.509 certificate/);
            const empty = write("empty.pem", "");
            assert.throws(() => readCaCertificateFile(empty), /expected exactly one PEM certificate block, found 0/);
            const bundle = write("bundle.pem", CLOUDFLARE_ORIGIN_CA_ECC_ROOT.pem + CLOUDFLARE_ORIGIN_CA_RSA_ROOT.pem);
            assert.throws(() => readCaCertificateFile(bundle), /found 2/);
            const path = write("later.pem", CLOUDFLARE_ORIGIN_PULL_CA.pem);
            assert.throws(() => readCaCertificateFile(path, new Date("2030-01-01T00:00:00Z")), /expired on 2029-11-01T17:00:00.000Z/);
        });
    });
});
