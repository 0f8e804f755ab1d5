/**
 * Cloudflare's published CA certificates, with where they come from and when they expire.
 *
 * - Authenticated Origin Pulls CA ("origin-pull.cloudflare.net"): the CA of the client certificate
 *   Cloudflare presents to origins when global AOP (zone setting `tls_client_auth`) is on. NGINX
 *   verifies it with `ssl_client_certificate <this file>; ssl_verify_client on;`. Published at
 *   https://developers.cloudflare.com/ssl/static/authenticated_origin_pull_ca.pem — text taken from
 *   cloudflare/cloudflare-docs `public/ssl/static/authenticated_origin_pull_ca.pem` (commit 4c25f240),
 *   byte-identical to the copy in cloudflare/cloudflared `tlsconfig/cloudflare_ca.go` (commit d1df7985,
 *   2026-08-20); read 2026-11-23. It is shared by all Cloudflare customers: it proves a request came
 *   through Cloudflare, not through *your* zone (zone-level AOP with your own certificate does that).
 * - Origin CA roots (ECC, RSA): sign the Origin CA certificates (`cloudflare.OriginCaCertificate`)
 *   the origin serves to Cloudflare. Only Cloudflare's edge needs to trust them; listed for
 *   documentation and for tests that check an origin certificate chains to Cloudflare. Text from
 *   cloudflare/cloudflared `tlsconfig/cloudflare_ca.go` (commit d1df7985); the same roots are published at
 *   https://developers.cloudflare.com/ssl/static/origin_ca_ecc_root.pem and .../origin_ca_rsa_root.pem.
 *
 * All three expire in 2029. When Cloudflare publishes a replacement, download it, replace the PEM in
 * origin-ca-pems.ts and update the metadata below (tests compare both).
 */
import { ORIGIN_CA_ECC_ROOT_PEM, ORIGIN_CA_RSA_ROOT_PEM, ORIGIN_PULL_CA_PEM } from "./origin-ca-pems";

export interface PublishedCaCertificate {
  /** PEM text (one certificate). */
  pem: string;
  /** Where Cloudflare publishes it. */
  sourceUrl: string;
  /** Day the text was taken and checked. */
  retrieved: string;
  /** SHA-256 fingerprint as OpenSSL/Node print it (colon-separated upper-case hex). */
  sha256Fingerprint: string;
  /** Expiry (notAfter), ISO 8601 UTC. */
  notAfter: string;
  /** The subject attribute that identifies it (CN or OU). */
  identifiedBy: string;
}

export const CLOUDFLARE_ORIGIN_PULL_CA: Readonly<PublishedCaCertificate> = Object.freeze({
  pem: ORIGIN_PULL_CA_PEM,
  sourceUrl: "https://developers.cloudflare.com/ssl/static/authenticated_origin_pull_ca.pem",
  retrieved: "2026-11-23",
  sha256Fingerprint: "9A:1A:C2:B4:BE:15:F9:F2:7E:EE:20:A7:34:CB:A4:E9:89:8F:61:00:1B:3B:D7:C8:4B:69:B5:6A:3E:25:A2:B9",
  notAfter: "2029-11-01T17:00:00.000Z",
  identifiedBy: "CN=origin-pull.cloudflare.net",
});

export const CLOUDFLARE_ORIGIN_CA_ECC_ROOT: Readonly<PublishedCaCertificate> = Object.freeze({
  pem: ORIGIN_CA_ECC_ROOT_PEM,
  sourceUrl: "https://developers.cloudflare.com/ssl/static/origin_ca_ecc_root.pem",
  retrieved: "2026-11-23",
  sha256Fingerprint: "AA:63:69:7A:22:76:4B:67:B2:13:4C:E1:4C:B5:69:0E:A3:36:94:0B:93:98:61:13:F4:95:45:91:78:32:D8:0D",
  notAfter: "2029-08-15T17:00:00.000Z",
  identifiedBy: "OU=CloudFlare Origin SSL ECC Certificate Authority",
});

export const CLOUDFLARE_ORIGIN_CA_RSA_ROOT: Readonly<PublishedCaCertificate> = Object.freeze({
  pem: ORIGIN_CA_RSA_ROOT_PEM,
  sourceUrl: "https://developers.cloudflare.com/ssl/static/origin_ca_rsa_root.pem",
  retrieved: "2026-11-23",
  sha256Fingerprint: "D3:C7:E8:5C:91:70:7F:C0:A1:2A:BC:5D:88:26:67:47:AA:4F:A8:E7:B1:62:F6:33:FF:B3:C9:D9:89:94:76:20",
  notAfter: "2029-08-15T17:00:00.000Z",
  identifiedBy: "OU=CloudFlare Origin SSL Certificate Authority",
});

/**
 * Cloudflare reports Origin CA expiry as Go's time format ("2041-11-19 00:00:00 +0000 UTC"); returns it as
 * ISO 8601 UTC ("2041-11-19T00:00:00.000Z") for monitoring. Anything else is returned unchanged: the value
 * is informational and must not fail a deployment.
 */
export function originCertExpiryIso(expiresOn: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)? ?([+-])(\d{2}):?(\d{2})/.exec(expiresOn);
  const parsed = m ? new Date(`${m[1]}T${m[2]}${m[3]}${m[4]}:${m[5]}`) : new Date(expiresOn);
  return Number.isNaN(parsed.getTime()) ? expiresOn : parsed.toISOString();
}
