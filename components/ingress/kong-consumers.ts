// KongConsumer bodies and the Secret shapes KIC reads credentials from (label konghq.com/credential).
// Builders take names and place values without reading them, so the component can pass Pulumi
// Output<string> (secret) values where strings are shown here; nothing secret is ever inspected or logged.

import { GROUP_RE, INGRESS_CLASS_ANNOTATION, KONG_API_VERSION } from "./kong-plugins";
import { expectArray, expectK8sName, expectOneOf, expectString, expectUnique, invalid } from "./validate";

export const CREDENTIAL_LABEL = "konghq.com/credential";

export interface KongConsumerResource {
  apiVersion: typeof KONG_API_VERSION;
  kind: "KongConsumer";
  metadata: { name: string; namespace: string; annotations: Record<string, string> };
  username: string;
  custom_id?: string;
  /** Names of Secrets in the same namespace, each labelled konghq.com/credential=<type>. */
  credentials: string[];
}

export interface KongConsumerOptions {
  name: string;
  namespace: string;
  username: string;
  customId?: string;
  credentialSecretNames: string[];
  ingressClass?: string;
}

export function kongConsumer(o: KongConsumerOptions, prefix = "ingress.kong.consumers"): KongConsumerResource {
  const k = (s: string) => `${prefix}.${o.name}.${s}`;
  expectK8sName(`${prefix}.name`, o.name);
  expectK8sName(k("namespace"), o.namespace);
  expectString(k("username"), o.username, /^[A-Za-z0-9][A-Za-z0-9@._-]{0,127}$/, "a username of letters, digits, '@', '.', '_' or '-'");
  expectArray(k("credentialSecretNames"), o.credentialSecretNames, 1).forEach((n, i) => expectK8sName(`${k("credentialSecretNames")}[${i}]`, n));
  expectUnique(k("credentialSecretNames"), o.credentialSecretNames);
  return {
    apiVersion: KONG_API_VERSION,
    kind: "KongConsumer",
    // KongConsumer is a class-filtered resource: without the annotation KIC ignores it.
    metadata: { name: o.name, namespace: o.namespace, annotations: { [INGRESS_CLASS_ANNOTATION]: o.ingressClass ?? "kong" } },
    username: o.username,
    ...(o.customId !== undefined ? { custom_id: o.customId } : {}),
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
export const JWT_ALGORITHMS = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512",
  "PS256", "PS384", "PS512", "EdDSA"] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export interface JwtCredentialOptions<V> {
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

export function jwtCredentialSecret<V = string>(o: JwtCredentialOptions<V>, prefix = "ingress.kong.jwtCredentials"): CredentialSecret<V> {
  const k = (s: string) => `${prefix}.${o.name}.${s}`;
  expectK8sName(`${prefix}.name`, o.name);
  expectK8sName(k("namespace"), o.namespace);
  const algorithm = expectOneOf(k("algorithm"), o.algorithm, JWT_ALGORITHMS);
  if (o.key === undefined || o.key === null || o.key === "") invalid(k("key"), "the issuer value tokens carry in iss", o.key);
  const symmetric = algorithm.startsWith("HS");
  // Only presence is checked: values may be unresolved Pulumi outputs and are never read here.
  if (symmetric && o.secret === undefined) invalid(k("secret"), `a secret reference for ${algorithm}`, undefined);
  if (symmetric && o.publicKeyPem !== undefined) invalid(k("publicKeyPem"), `no public key for ${algorithm} (it uses secret)`, "<set>");
  if (!symmetric && o.publicKeyPem === undefined) invalid(k("publicKeyPem"), `a PEM public key for ${algorithm}`, undefined);
  if (!symmetric && o.secret !== undefined) invalid(k("secret"), `no shared secret for ${algorithm} (it uses publicKeyPem)`, "<set>");
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
export function aclGroupSecret(o: { name: string; namespace: string; group: string }, prefix = "ingress.kong.aclGroups"): CredentialSecret<string> {
  expectK8sName(`${prefix}.name`, o.name);
  expectK8sName(`${prefix}.${o.name}.namespace`, o.namespace);
  expectString(`${prefix}.${o.name}.group`, o.group, GROUP_RE, "a group name of letters, digits, '.', '_' or '-'");
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: o.name, namespace: o.namespace, labels: { [CREDENTIAL_LABEL]: "acl" } },
    type: "Opaque",
    stringData: { group: o.group },
  };
}
