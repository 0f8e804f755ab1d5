/**
 * Identity: instance metadata locked to IMDSv2, database access through IAM and AWS-managed
 * credentials, cache access behind an auth token, pods getting AWS credentials through IRSA
 * (or EKS Pod Identity) instead of the node role, and no IAM "god mode" policies.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ReportViolation, type StackValidationArgs } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { parsePolicyDocument, wildcardAdminStatements } from "../lib/iam";
import { ofType } from "../lib/stack";
import { asArray, asRecord, isSet, isTrue } from "../lib/values";

/**
 * IMDSv1 lets any SSRF in a pod read the node role's credentials. Require session tokens
 * (IMDSv2) on every launch template; a hop limit of 1 also keeps pods off the node's IMDS.
 * Ref: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html
 */
export const launchTemplateImdsv2: EdgestackPolicy = {
  name: "aws-launch-template-require-imdsv2",
  description: "Launch templates must require IMDSv2 session tokens.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    'Set `metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 }` on the aws.ec2.LaunchTemplate.',
  validateResource: validateResourceOfType(aws.ec2.LaunchTemplate, (lt, _args, report) => {
    if (asRecord(lt.metadataOptions).httpTokens !== "required") {
      report('Instance metadata must require IMDSv2: `metadataOptions.httpTokens` should be "required".');
    }
  }),
};

/** Services authenticate to Aurora with short-lived IAM tokens (IRSA roles), not shared passwords. */
export const rdsIamAuthentication: EdgestackPolicy = {
  name: "aws-rds-cluster-require-iam-authentication",
  description: "Aurora clusters must enable IAM database authentication.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Set `iamDatabaseAuthenticationEnabled: true` on the aws.rds.Cluster and grant `rds-db:connect` to the service roles.",
  validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, _args, report) => {
    if (!isTrue(cluster.iamDatabaseAuthenticationEnabled)) {
      report("Aurora cluster must accept IAM authentication: `iamDatabaseAuthenticationEnabled` should be true.");
    }
  }),
};

/**
 * The master password is generated, stored and rotated by RDS in Secrets Manager, so it never
 * passes through program config or state. (Policy props carry secrets in clear in the real
 * engine, so "is masterPassword a secret" cannot be checked; requiring the managed password is.)
 */
export const rdsManagedMasterPassword: EdgestackPolicy = {
  name: "aws-rds-cluster-require-managed-master-password",
  description: "Aurora master passwords must be managed by RDS in Secrets Manager.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set `manageMasterUserPassword: true` (optionally `masterUserSecretKmsKeyId`) and remove `masterPassword`.",
  validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, _args, report) => {
    if (!isTrue(cluster.manageMasterUserPassword) || isSet(cluster.masterPassword)) {
      report(
        "Aurora master password must be AWS-managed: `manageMasterUserPassword` should be true and `masterPassword` unset.",
      );
    }
  }),
};

/** Redis/Valkey without AUTH lets anything that reaches the port read every key. */
export const elasticacheAuth: EdgestackPolicy = {
  name: "aws-elasticache-replication-group-require-auth",
  description: "ElastiCache replication groups must require authentication (AUTH token or RBAC user group).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set `authToken` from a random.RandomPassword (requires transit encryption) or attach RBAC `userGroupIds`.",
  validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (rg, _args, report) => {
    if (!isSet(rg.authToken) && !isSet(rg.authTokenWo) && asArray(rg.userGroupIds).length === 0) {
      report("ElastiCache must require authentication: set `authToken` (or RBAC `userGroupIds`).");
    }
  }),
};

function checkPolicyDocument(doc: unknown, report: ReportViolation) {
  const statements = parsePolicyDocument(doc);
  if (statements === undefined) {
    report(
      "Policy document could not be parsed as JSON, so it cannot be checked: pass a JSON string (JSON.stringify or aws.iam.getPolicyDocument).",
    );
    return;
  }
  if (wildcardAdminStatements(statements).length > 0) {
    report(
      'IAM policy must not allow every action on every resource: a statement allows `Action: "*"` (or a `NotAction` list) on `Resource: "*"`; list the specific actions and ARNs instead.',
    );
  }
}

/** No managed policy may grant `*` on `*` (full administrator). */
export const iamPolicyNoAdmin: EdgestackPolicy = {
  name: "aws-iam-policy-disallow-wildcard-admin",
  description: "IAM policies must not grant all actions on all resources.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "List the specific actions and resource ARNs the role needs; use AWS managed job-function policies only for humans.",
  validateResource: validateResourceOfType(aws.iam.Policy, (p, _args, report) => checkPolicyDocument(p.policy, report)),
};

/** Same check for inline role policies. */
export const iamRolePolicyNoAdmin: EdgestackPolicy = {
  name: "aws-iam-role-policy-disallow-wildcard-admin",
  description: "Inline IAM role policies must not grant all actions on all resources.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation: "List the specific actions and resource ARNs the role needs.",
  validateResource: validateResourceOfType(aws.iam.RolePolicy, (p, _args, report) =>
    checkPolicyDocument(p.policy, report),
  ),
};

/**
 * Pods must get AWS credentials from their own role (IRSA via the cluster's OIDC provider, or
 * EKS Pod Identity), not from the node instance role shared by everything on the node.
 */
export const eksWorkloadIdentity: EdgestackPolicy = {
  name: "aws-eks-cluster-require-workload-identity",
  description: "EKS clusters must provide per-pod IAM roles (IRSA OIDC provider or EKS Pod Identity).",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Create an aws.iam.OpenIdConnectProvider for the cluster's OIDC issuer (IRSA) or aws.eks.PodIdentityAssociation resources.",
  validateStack: (args: StackValidationArgs, report) => {
    const clusters = ofType(args.resources, aws.eks.Cluster);
    if (clusters.length === 0) return args.notApplicable("no EKS cluster in this stack");
    const hasIdentity =
      ofType(args.resources, aws.iam.OpenIdConnectProvider).length > 0 ||
      ofType(args.resources, aws.eks.PodIdentityAssociation).length > 0;
    if (!hasIdentity) {
      for (const c of clusters) {
        report(
          "EKS cluster must give pods their own IAM roles: add an IAM OIDC provider (IRSA) or EKS Pod Identity associations.",
          c.urn,
        );
      }
    }
  },
};

export const identityPolicies: EdgestackPolicy[] = [
  launchTemplateImdsv2,
  rdsIamAuthentication,
  rdsManagedMasterPassword,
  elasticacheAuth,
  iamPolicyNoAdmin,
  iamRolePolicyNoAdmin,
  eksWorkloadIdentity,
];
