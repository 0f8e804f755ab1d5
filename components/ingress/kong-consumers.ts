// KongConsumer bodies and the Secret shapes KIC reads credentials from (label konghq.com/credential).
// Builders take names and place values without reading them, so the component can pass Pulumi
// Output<string> (secret) values where strings are shown here; nothing secret is ever inspected or logged.

// Names, groups and algorithms are this program's (kong-gateway.ts) from config the schema validated.

import { INGRESS_CLASS_ANNOTATION, KONG_API_VERSION } from "./kong-plugins";

const CREDENTIAL_LABEL = "konghq.com/credential";

interface KongConsumerResource {
  apiVersion: typeof KONG_API_VERSION;
  kind: "KongConsumer";
  metadata: { name: string; namespace: string; annotations: Record<string, string> };
  username: string;
  custom_id?: string;
  /** Names of Secrets in the same namespace, each labelled konghq.com/credential=<type>. */
  credentials: string[];
}

interface KongConsumerOptions {
  name: string;
  namespace: string;
  username: string;
  credentialSecretNames: string[];
  ingressClass?: string;
}

export function kongConsumer(o: KongConsumerOptions): KongConsumerResource {
  return {
    apiVersion: KONG_API_VERSION,
    kind: "KongConsumer",
    // KongConsumer is a class-filtered resource: without the annotation KIC ignores it.
    metadata: {
      name: o.name,
      namespace: o.namespace,
      annotations: { [INGRESS_CLASS_ANNOTATION]: o.ingressClass ?? "kong" },
    },
    username: o.username,
    credentials: [...o.credentialSecretNames],
  };
}

export interface CredentialSecret<V> {
  apiVersion: "v1";
  kind: "Secret";
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  type: "Opaque";
  stringData: Record<string, V | string>;
}

/** Algorithms of Kong's jwt_secrets entity. HS* use a shared `secret`; the others a PEM public key. */
type JwtAlgorithm =
  | "HS256"
  | "HS384"
  | "HS512"
  | "RS256"
  | "RS384"
  | "RS512"
  | "ES256"
  | "ES384"
  | "ES512"
  | "PS256"
  | "PS384"
  | "PS512"
  | "EdDSA";

interface JwtCredentialOptions<V> {
  name: string;
  namespace: string;
  algorithm: JwtAlgorithm;
  /** Value the token carries in its `iss` claim (the jwt plugin's key_claim_name). */
  key: V;
  /** PEM public key, for RS*, ES*, PS* and EdDSA (Kong's field is called rsa_public_key for all of them). */
  publicKeyPem?: V;
  /** Shared secret, for HS* only. Prefer asymmetric algorithms: Kong then holds no signing material. */
  secret?: V;
}

export function jwtCredentialSecret<V = string>(o: JwtCredentialOptions<V>): CredentialSecret<V> {
  const algorithm = o.algorithm;
  // Values may be unresolved Pulumi outputs: they are placed, never read.
  const symmetric = algorithm.startsWith("HS");
  const material: Record<string, V> = symmetric ? { secret: o.secret as V } : { rsa_public_key: o.publicKeyPem as V };
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: o.name, namespace: o.namespace, labels: { [CREDENTIAL_LABEL]: "jwt" } },
    type: "Opaque",
    stringData: { key: o.key, algorithm, ...material },
  };
}

/** ACL group membership is also a KIC credential Secret (one group per Secret). */
export function aclGroupSecret(o: { name: string; namespace: string; group: string }): CredentialSecret<string> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: o.name, namespace: o.namespace, labels: { [CREDENTIAL_LABEL]: "acl" } },
    type: "Opaque",
    stringData: { group: o.group },
  };
}
