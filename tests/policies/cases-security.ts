/** Pass/fail cases for the AWS security rules (encryption, S3, network, identity, logging, EKS version). */
import {
  eksSecretsEncryption,
  ebsVolumeEncrypted,
  elasticacheAtRest,
  elasticacheInTransit,
  kmsKeyRotation,
  launchTemplateVolumesEncrypted,
  rdsClusterCustomerManagedKey,
  rdsClusterStorageEncrypted,
} from "../../policies/security/encryption";
import {
  eksWorkloadIdentity,
  elasticacheAuth,
  iamPolicyNoAdmin,
  iamRolePolicyNoAdmin,
  launchTemplateImdsv2,
  rdsIamAuthentication,
  rdsManagedMasterPassword,
} from "../../policies/security/identity";
import { eksControlPlaneLogging, logGroupKmsKey, logGroupRetentionSet } from "../../policies/security/logging";
import {
  eksEndpointRestricted,
  rdsInstanceNotPublic,
  securityGroupNoPublicIngress,
  securityGroupRuleNoPublicIngress,
  sensitivePortsInsideVpc,
} from "../../policies/security/network";
import { s3Encryption, s3PublicAccessBlock, s3TlsOnly } from "../../policies/security/s3";
import { mutated, only, type RuleCase } from "./cases";
import { base, dependsOn, patch } from "./fixtures";
import { s3Set } from "./fixtures-more";

const adminDoc = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
});
const s3 = (change?: (set: ReturnType<typeof s3Set>) => void) => () => {
  const set = s3Set();
  change?.(set);
  return Object.values(set);
};
const edge = { allowedPublicSecurityGroupPrefixes: ["edgestack-test-ingress"] };
const openRule = (name: string) => patch(base.ingressRule(name), "cidrIpv4", "0.0.0.0/0");

export const securityCases: RuleCase[] = [
  {
    policy: rdsClusterStorageEncrypted,
    title: "storage",
    pass: only(base.rdsCluster),
    fail: mutated(base.rdsCluster, "storageEncrypted", false),
    expect: /storageEncrypted/,
  },
  {
    policy: rdsClusterCustomerManagedKey,
    title: "kms key",
    pass: only(base.rdsCluster),
    fail: mutated(base.rdsCluster, "kmsKeyId", undefined),
    expect: /kmsKeyId/,
  },
  {
    policy: elasticacheAtRest,
    title: "at rest",
    pass: only(base.replicationGroup),
    fail: mutated(base.replicationGroup, "atRestEncryptionEnabled", undefined),
    expect: /atRestEncryptionEnabled/,
  },
  {
    policy: elasticacheInTransit,
    title: "disabled",
    pass: only(base.replicationGroup),
    fail: mutated(base.replicationGroup, "transitEncryptionEnabled", false),
    expect: /transitEncryptionEnabled/,
  },
  {
    policy: elasticacheInTransit,
    title: "preferred mode",
    pass: only(base.replicationGroup),
    fail: mutated(base.replicationGroup, "transitEncryptionMode", "preferred"),
    expect: /"required", not "preferred"/,
  },
  {
    policy: eksSecretsEncryption,
    title: "secrets",
    pass: only(base.eksCluster),
    fail: mutated(base.eksCluster, "encryptionConfig", undefined),
    expect: /encryptionConfig/,
  },
  {
    policy: ebsVolumeEncrypted,
    title: "volume",
    pass: only(base.ebsVolume),
    fail: mutated(base.ebsVolume, "encrypted", false),
    expect: /encrypted/,
  },
  {
    policy: launchTemplateVolumesEncrypted,
    title: "block device",
    pass: only(base.launchTemplate),
    fail: mutated(base.launchTemplate, "blockDeviceMappings.0.ebs.encrypted", "false"),
    expect: /\/dev\/xvda must be encrypted/,
  },
  {
    policy: kmsKeyRotation,
    title: "rotation",
    pass: only(base.kmsKey),
    fail: mutated(base.kmsKey, "enableKeyRotation", false),
    expect: /enableKeyRotation/,
  },
  {
    policy: s3PublicAccessBlock,
    title: "missing block",
    pass: s3(),
    fail: s3((s) => delete (s as Partial<typeof s>).pab),
    expect: /edgestack-test-state" must block public access/,
  },
  {
    policy: s3PublicAccessBlock,
    title: "partial block",
    pass: s3(),
    fail: s3((s) => patch(s.pab, "restrictPublicBuckets", false)),
    expect: /restrictPublicBuckets/,
  },
  {
    policy: s3Encryption,
    title: "sse",
    pass: s3(),
    fail: s3((s) => delete (s as Partial<typeof s>).sse),
    expect: /must declare default encryption/,
  },
  {
    policy: s3TlsOnly,
    title: "tls only",
    pass: s3(),
    fail: s3((s) => patch(s.policy, "policy", JSON.stringify({ Version: "2012-10-17", Statement: [] }))),
    expect: /aws:SecureTransport/,
  },
  {
    policy: rdsInstanceNotPublic,
    title: "public",
    pass: only(base.clusterInstance),
    fail: mutated(base.clusterInstance, "publiclyAccessible", true),
    expect: /publiclyAccessible/,
  },
  {
    policy: eksEndpointRestricted,
    title: "default cidrs",
    pass: only(base.eksCluster),
    fail: mutated(base.eksCluster, "vpcConfig.publicAccessCidrs", undefined),
    expect: /publicAccessCidrs/,
  },
  {
    policy: eksEndpointRestricted,
    title: "0.0.0.0/0",
    pass: mutated(base.eksCluster, "vpcConfig.endpointPublicAccess", false),
    fail: mutated(base.eksCluster, "vpcConfig.publicAccessCidrs", ["0.0.0.0/0"]),
    expect: /whole internet/,
  },
  {
    policy: securityGroupNoPublicIngress,
    title: "ssh from anywhere",
    config: edge,
    pass: () => [
      patch(base.securityGroup("edgestack-test-ingress-nlb"), "ingress", [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
      ]),
    ],
    fail: mutated(() => base.securityGroup("edgestack-test-bastion"), "ingress", [
      { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
    ]),
    expect: /"edgestack-test-bastion" must not admit 0\.0\.0\.0\/0 on port 22/,
  },
  {
    policy: securityGroupNoPublicIngress,
    title: "edge group, wrong port",
    config: edge,
    pass: () => [
      patch(base.securityGroup("edgestack-test-ingress-nlb"), "ingress", [
        { protocol: "tcp", fromPort: 80, toPort: 80, ipv6CidrBlocks: ["::/0"] },
      ]),
    ],
    fail: mutated(() => base.securityGroup("edgestack-test-ingress-nlb"), "ingress", [
      { protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] },
    ]),
    expect: /::\/0 on all ports/,
  },
  {
    policy: securityGroupRuleNoPublicIngress,
    title: "owner resolved through dependency",
    config: edge,
    pass: () => {
      const sg = base.securityGroup("edgestack-test-ingress-nlb");
      return [sg, dependsOn(openRule("https"), sg)];
    },
    fail: () => {
      const sg = base.securityGroup("edgestack-test-app");
      return [sg, dependsOn(openRule("https"), sg)];
    },
    expect: /"edgestack-test-app" must not admit 0\.0\.0\.0\/0 on port 443/,
  },
  {
    policy: securityGroupRuleNoPublicIngress,
    title: "SecurityGroupRule",
    config: edge,
    pass: only(base.sgRule),
    fail: mutated(base.sgRule, "cidrBlocks", ["0.0.0.0/0"]),
    expect: /must not admit 0\.0\.0\.0\/0 on port 5432/,
  },
  {
    policy: sensitivePortsInsideVpc,
    title: "postgres from outside the VPC",
    pass: () => [base.vpc(), base.securityGroup(), base.sgRule()],
    fail: () => [base.vpc(), base.securityGroup(), patch(base.sgRule(), "cidrBlocks", ["192.168.0.0/16"])],
    expect: /must not admit 192\.168\.0\.0\/16 on port 5432.*10\.0\.0\.0\/16/,
  },
  {
    policy: sensitivePortsInsideVpc,
    title: "redis range on an inline rule",
    pass: () => [base.vpc(), base.securityGroup()],
    fail: () => [
      base.vpc(),
      patch(base.securityGroup(), "ingress", [
        { protocol: "tcp", fromPort: 6000, toPort: 7000, cidrBlocks: ["10.0.0.0/8"] },
      ]),
    ],
    expect: /10\.0\.0\.0\/8 on port 6379/,
  },
  {
    policy: launchTemplateImdsv2,
    title: "optional tokens",
    pass: only(base.launchTemplate),
    fail: mutated(base.launchTemplate, "metadataOptions.httpTokens", "optional"),
    expect: /httpTokens/,
  },
  {
    policy: rdsIamAuthentication,
    title: "iam auth",
    pass: only(base.rdsCluster),
    fail: mutated(base.rdsCluster, "iamDatabaseAuthenticationEnabled", undefined),
    expect: /iamDatabaseAuthenticationEnabled/,
  },
  {
    policy: rdsManagedMasterPassword,
    title: "plain password",
    pass: only(base.rdsCluster),
    fail: () => [patch(patch(base.rdsCluster(), "manageMasterUserPassword", undefined), "masterPassword", "[secret]")],
    expect: /manageMasterUserPassword/,
  },
  {
    policy: elasticacheAuth,
    title: "no auth token",
    pass: only(base.replicationGroup),
    fail: mutated(base.replicationGroup, "authToken", undefined),
    expect: /authToken/,
  },
  {
    policy: iamPolicyNoAdmin,
    title: "admin",
    pass: only(base.iamPolicy),
    fail: mutated(base.iamPolicy, "policy", adminDoc),
    expect: /every action on every resource/,
  },
  {
    policy: iamRolePolicyNoAdmin,
    title: "NotAction on *",
    pass: only(base.rolePolicy),
    fail: mutated(
      base.rolePolicy,
      "policy",
      JSON.stringify({ Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] }),
    ),
    expect: /every action on every resource/,
  },
  {
    policy: eksWorkloadIdentity,
    title: "no OIDC provider",
    pass: () => [base.eksCluster(), base.oidcProvider()],
    fail: () => [base.eksCluster()],
    expect: /IRSA/,
  },
  {
    policy: eksControlPlaneLogging,
    title: "audit missing",
    pass: only(base.eksCluster),
    fail: mutated(base.eksCluster, "enabledClusterLogTypes", ["api"]),
    expect: /lacks audit, authenticator/,
  },
  {
    policy: logGroupRetentionSet,
    title: "never expires",
    pass: only(() => base.logGroup()),
    fail: mutated(() => base.logGroup(), "retentionInDays", undefined),
    expect: /retentionInDays/,
  },
  {
    policy: logGroupKmsKey,
    title: "no key",
    pass: only(() => base.logGroup()),
    fail: mutated(() => base.logGroup(), "kmsKeyId", undefined),
    expect: /kmsKeyId/,
  },
];
