/**
 * The certificate the NGINX edge serves, as the Secrets its pods mount (fixed names from names.ts):
 * - with the Edge tier: the Cloudflare Origin CA certificate (EdgeOrigin) in EDGE_TLS_SECRET and Cloudflare's
 *   Authenticated Origin Pulls CA in EDGE_AOP_CA;
 * - without it: a self-signed ECDSA P-256 certificate for the server names in EDGE_TLS_SECRET, no AOP CA.
 * Created by the Ingress tier (it owns the edge namespace) so the Deployment waits for them and carries the
 * certificate's checksum: a re-issued certificate rolls the pods instead of waiting for a manual restart.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { CLOUDFLARE_ORIGIN_PULL_CA, type OriginCertificate } from "../edge";
import { EDGE_LABELS } from "./nginx-workload";
import { EDGE_AOP_CA, EDGE_AOP_CA_KEY, EDGE_TLS_SECRET } from "../shared/names";

/** Secret annotation with the origin certificate's expiry (ISO 8601 UTC), for whoever inspects the Secret. */
const EXPIRY_ANNOTATION = "edgestack.io/origin-cert-expires-on";
/** The same for the pinned origin-pull CA NGINX trusts: the policy pack warns before either expires (dated rule). */
const CA_EXPIRY_ANNOTATION = "edgestack.io/ca-expires-on";

export interface EdgeTls {
  tlsSecret: k8s.core.v1.Secret;
  /** Present only with the Origin CA certificate (Cloudflare then presents its AOP client certificate). */
  aopCaSecret?: k8s.core.v1.Secret;
  /** PEM of the served certificate (its checksum goes on the pod template). */
  certificatePem: pulumi.Output<string>;
}

interface EdgeTlsArgs {
  name: string;
  namespace: pulumi.Input<string>;
  serverNames: string[];
  /** The Edge tier's Origin CA certificate; undefined: self-signed. */
  origin?: OriginCertificate;
}

export function createEdgeTls(parent: pulumi.Resource, a: EdgeTlsArgs): EdgeTls {
  return a.origin
    ? originCaSecrets(parent, a.name, a.namespace, a.origin)
    : selfSignedSecret(parent, a.name, a.namespace, a.serverNames);
}

function originCaSecrets(
  parent: pulumi.Resource,
  name: string,
  namespace: pulumi.Input<string>,
  origin: OriginCertificate,
): EdgeTls {
  // Fixed names (the pods mount them), so a replacement must delete the old object first.
  const opts = { parent, deleteBeforeReplace: true };
  const tlsSecret = new k8s.core.v1.Secret(
    `${name}-origin-tls`,
    {
      metadata: {
        name: EDGE_TLS_SECRET,
        namespace,
        labels: { ...EDGE_LABELS },
        annotations: { [EXPIRY_ANNOTATION]: origin.expiresOn },
      },
      type: "kubernetes.io/tls",
      stringData: pulumi.secret({ "tls.crt": origin.certificatePem, "tls.key": origin.privateKeyPem }),
    },
    { ...opts, aliases: [origin.secretAliases.tls] },
  );
  const aopCaSecret = new k8s.core.v1.Secret(
    `${name}-aop-ca`,
    {
      metadata: {
        name: EDGE_AOP_CA,
        namespace,
        labels: { ...EDGE_LABELS },
        annotations: { [CA_EXPIRY_ANNOTATION]: CLOUDFLARE_ORIGIN_PULL_CA.notAfter },
      },
      type: "Opaque",
      stringData: { [EDGE_AOP_CA_KEY]: CLOUDFLARE_ORIGIN_PULL_CA.pem },
    },
    { ...opts, aliases: [origin.secretAliases.aopCa] },
  );
  return { tlsSecret, aopCaSecret, certificatePem: origin.certificatePem };
}

/** Self-signed ECDSA P-256 certificate for the server names, in EDGE_TLS_SECRET (edge tier disabled). */
function selfSignedSecret(
  parent: pulumi.Resource,
  name: string,
  namespace: pulumi.Input<string>,
  serverNames: string[],
): EdgeTls {
  const key = new tls.PrivateKey(`${name}-selfsigned-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, { parent });
  const cert = new tls.SelfSignedCert(
    `${name}-selfsigned-cert`,
    {
      privateKeyPem: key.privateKeyPem,
      subject: { commonName: serverNames[0], organization: "edgestack (self-signed, edge tier disabled)" },
      dnsNames: serverNames,
      validityPeriodHours: 24 * 365,
      // Re-issued by the next `pulumi up` in the last 30 days (and the pods roll through the checksum annotation).
      earlyRenewalHours: 24 * 30,
      allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
    },
    { parent },
  );
  const tlsSecret = new k8s.core.v1.Secret(
    `${name}-selfsigned-tls`,
    {
      metadata: { namespace, name: EDGE_TLS_SECRET, labels: { ...EDGE_LABELS } },
      type: "kubernetes.io/tls",
      stringData: { "tls.crt": cert.certPem, "tls.key": pulumi.secret(key.privateKeyPem) },
    },
    { parent },
  );
  return { tlsSecret, certificatePem: cert.certPem };
}
