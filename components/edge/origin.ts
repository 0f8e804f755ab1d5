/**
 * Origin certificate of the Edge tier: an ECDSA P-256 key and CSR generated here (the key never leaves the stack's
 * encrypted state and the TLS Secret), signed by Cloudflare's Origin CA for this stack's hosts.
 *
 * Split from Edge because of ordering: Edge's DNS records need the Ingress tier's NLB hostname, so Edge is built
 * after Ingress, while the NGINX Deployment in Ingress must know the certificate to roll its pods when it is
 * re-issued (new hosts, validity, key). This component needs only config, so platform.ts builds it before Ingress;
 * Ingress writes the certificate into the edge namespace's TLS Secret and stamps its checksum on the pod template.
 * Only Cloudflare and TLS resources here (no Kubernetes, no AWS), hence no provider arguments.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { EdgeConfig } from "../../config";
import { originCertificateHostnames, stackHostnames } from "./layout";
import { originCertExpiryIso } from "./origin-ca";

interface EdgeOriginArgs {
  namePrefix: string;
  config: EdgeConfig;
}

/** What the NGINX edge serves: the certificate, its key (secret) and its expiry. */
export interface OriginCertificate {
  /** PEM of the Origin CA certificate (public). */
  certificatePem: pulumi.Output<string>;
  /** PEM of the private key; a secret output. */
  privateKeyPem: pulumi.Output<string>;
  /** ISO 8601 UTC. */
  expiresOn: pulumi.Output<string>;
  /** Former URNs of the TLS and AOP CA Secrets (children of Edge before this split), for their new owner's `aliases`. */
  secretAliases: { tls: pulumi.Alias; aopCa: pulumi.Alias };
}

/**
 * Until the split, the key, CSR, certificate and both Secrets were children of the Edge component of the same name.
 * Aliases to those URNs let existing stacks adopt them in place: no new key or certificate, and above all no delete
 * of the old Secret resource, which would remove the same-named Kubernetes Secret its successor had just written.
 */
const PREVIOUS_PARENT_TYPE = "edgestack:platform:Edge";

export class EdgeOrigin extends pulumi.ComponentResource {
  readonly certificate: OriginCertificate;
  /** Origin CA certificate id (its serial): changes on every re-issue. */
  readonly certificateId: pulumi.Output<string>;
  /** Subject alternative names (the stack's apex, www and api hosts). */
  readonly hostnames: string[];

  constructor(name: string, args: EdgeOriginArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:EdgeOrigin", name, {}, opts);
    const previousParent = pulumi.createUrn(name, PREVIOUS_PARENT_TYPE, opts?.parent);
    const child = { parent: this, aliases: [{ parent: previousParent }] };
    const hosts = stackHostnames(args.config);
    this.hostnames = originCertificateHostnames(hosts);

    const key = new tls.PrivateKey(`${name}-origin-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, child);
    const csr = new tls.CertRequest(
      `${name}-origin-csr`,
      {
        privateKeyPem: key.privateKeyPem,
        dnsNames: this.hostnames,
        subject: { commonName: hosts.apex, organization: args.namePrefix },
      },
      child,
    );
    const cert = new cloudflare.OriginCaCertificate(
      `${name}-origin-cert`,
      {
        csr: csr.certRequestPem,
        hostnames: this.hostnames,
        requestType: "origin-ecc",
        requestedValidity: args.config.originCertValidityDays,
      },
      child,
    );

    this.certificateId = cert.id;
    this.certificate = {
      certificatePem: cert.certificate,
      privateKeyPem: pulumi.secret(key.privateKeyPem),
      expiresOn: cert.expiresOn.apply(originCertExpiryIso),
      secretAliases: {
        tls: { name: `${name}-origin-tls`, parent: previousParent },
        aopCa: { name: `${name}-aop-ca`, parent: previousParent },
      },
    };
    this.registerOutputs({ certificateId: this.certificateId, expiresOn: this.certificate.expiresOn });
  }
}
