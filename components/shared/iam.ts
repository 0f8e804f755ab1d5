/**
 * Pure IAM policy document builders shared by the tiers (JSON strings, as the AWS API takes them).
 */

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: Record<string, string | string[]>;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Trust policy letting an AWS service assume a role. */
export function serviceTrustPolicy(service: string): string {
  return policyDocument([{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]);
}

/** Strips the scheme from an OIDC issuer URL: IAM condition keys use `oidc.eks.<region>.amazonaws.com/id/<ID>`. */
function issuerHostPath(issuerUrl: string): string {
  return issuerUrl.replace(/^https:\/\//, "");
}

/**
 * IRSA trust policy: only the given Kubernetes service account (namespace/name) of this cluster may assume the
 * role, and only with the `sts.amazonaws.com` audience.
 */
export function irsaTrustPolicy(
  oidcProviderArn: string,
  issuerUrl: string,
  namespace: string,
  serviceAccount: string,
): string {
  const host = issuerHostPath(issuerUrl);
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Federated: oidcProviderArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          [`${host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
          [`${host}:aud`]: "sts.amazonaws.com",
        },
      },
    },
  ]);
}
