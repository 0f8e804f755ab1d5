/**
 * Encryption at rest and in transit for the data tiers (Aurora, ElastiCache, EBS, EKS
 * secrets) and key hygiene (KMS rotation). Log groups are in security/logging.ts.
 * S3 encryption is paired across resources and lives in security/s3.ts.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { asArray, asRecord, asStrings, isSet, isTrue } from "../lib/values";

/**
 * Aurora cluster storage (data, backups, snapshots, replicas) must be encrypted.
 * Severity critical: unencrypted storage cannot be encrypted in place later (it needs a
 * snapshot-restore migration). Ref: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html
 */
export const rdsClusterStorageEncrypted: EdgestackPolicy = {
  name: "aws-rds-cluster-disallow-unencrypted-storage",
  description: "Aurora clusters must encrypt their storage.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Set `storageEncrypted: true` (and `kmsKeyId`) on the aws.rds.Cluster; an existing cluster must be restored from an encrypted snapshot copy.",
  validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, _args, report) => {
    if (!isTrue(cluster.storageEncrypted)) {
      report("Aurora cluster storage must be encrypted: `storageEncrypted` should be true.");
    }
  }),
};

/**
 * Aurora clusters should use our own KMS key, not the AWS-managed `aws/rds` key: key policy,
 * rotation and cross-account snapshot sharing are then under our control.
 */
export const rdsClusterCustomerManagedKey: EdgestackPolicy = {
  name: "aws-rds-cluster-require-customer-managed-key",
  description: "Aurora clusters must encrypt with a customer-managed KMS key.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: "Create an aws.kms.Key (rotation on) for the database tier and pass its ARN as `kmsKeyId`.",
  validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, _args, report) => {
    if (!isSet(cluster.kmsKeyId)) {
      report("Aurora cluster storage should be encrypted with a customer-managed KMS key: `kmsKeyId` should be set.");
    }
  }),
};

/** ElastiCache data on disk (snapshots, swap, backups) must be encrypted. Cannot be turned on later. */
export const elasticacheAtRest: EdgestackPolicy = {
  name: "aws-elasticache-replication-group-require-encryption-at-rest",
  description: "ElastiCache replication groups must encrypt data at rest.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set `atRestEncryptionEnabled: true` (and `kmsKeyId`) on the aws.elasticache.ReplicationGroup; existing groups must be recreated.",
  validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (rg, _args, report) => {
    if (!isTrue(rg.atRestEncryptionEnabled)) {
      report("ElastiCache data at rest must be encrypted: `atRestEncryptionEnabled` should be true.");
    }
  }),
};

/**
 * ElastiCache traffic must be TLS-only. `transitEncryptionMode: "preferred"` still accepts
 * plaintext clients (it exists for migrations), so only "required" (or unset, which AWS
 * treats as required once encryption is enabled on create) passes.
 */
export const elasticacheInTransit: EdgestackPolicy = {
  name: "aws-elasticache-replication-group-require-encryption-in-transit",
  description: "ElastiCache replication groups must require TLS from every client.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    'Set `transitEncryptionEnabled: true` and leave `transitEncryptionMode` unset or "required"; clients connect with TLS (rediss://).',
  validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (rg, _args, report) => {
    if (!isTrue(rg.transitEncryptionEnabled)) {
      report("ElastiCache traffic must be encrypted in transit: `transitEncryptionEnabled` should be true.");
    } else if (rg.transitEncryptionMode === "preferred") {
      report(
        'ElastiCache must refuse plaintext clients: `transitEncryptionMode` should be "required", not "preferred".',
      );
    }
  }),
};

/**
 * Kubernetes Secrets must be envelope-encrypted with a KMS key
 * (`encryptionConfig: { resources: ["secrets"], provider: { keyArn } }`).
 */
export const eksSecretsEncryption: EdgestackPolicy = {
  name: "aws-eks-cluster-require-secrets-encryption",
  description: "EKS clusters must envelope-encrypt Kubernetes Secrets with KMS.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    'Add `encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } }` to the aws.eks.Cluster.',
  validateResource: validateResourceOfType(aws.eks.Cluster, (cluster, _args, report) => {
    const cfg = asRecord(cluster.encryptionConfig);
    const keyArn = asRecord(cfg.provider).keyArn;
    if (!asStrings(cfg.resources).includes("secrets") || !isSet(keyArn)) {
      report(
        'EKS Secrets must be encrypted with a KMS key: `encryptionConfig.resources` should include "secrets" and `encryptionConfig.provider.keyArn` should be set.',
      );
    }
  }),
};

/** Standalone EBS volumes (e.g. pre-provisioned data volumes) must be encrypted. */
export const ebsVolumeEncrypted: EdgestackPolicy = {
  name: "aws-ebs-volume-disallow-unencrypted",
  description: "EBS volumes must be encrypted.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set `encrypted: true` (and optionally `kmsKeyId`) on the aws.ebs.Volume, or turn on EBS encryption by default for the account.",
  validateResource: validateResourceOfType(aws.ebs.Volume, (volume, _args, report) => {
    if (!isTrue(volume.encrypted)) report("EBS volume must be encrypted: `encrypted` should be true.");
  }),
};

/** Node root/data volumes come from the launch template: each EBS mapping must be encrypted. */
export const launchTemplateVolumesEncrypted: EdgestackPolicy = {
  name: "aws-launch-template-disallow-unencrypted-block-devices",
  description: "Launch template EBS block devices must be encrypted.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: 'Set `ebs.encrypted: "true"` on every `blockDeviceMappings` entry of the aws.ec2.LaunchTemplate.',
  validateResource: validateResourceOfType(aws.ec2.LaunchTemplate, (lt, _args, report) => {
    asArray(lt.blockDeviceMappings).forEach((raw) => {
      const m = asRecord(raw);
      const ebs = asRecord(m.ebs);
      if (m.ebs !== undefined && !isTrue(ebs.encrypted)) {
        report(
          `Block device ${String(m.deviceName ?? "(unnamed)")} must be encrypted: \`ebs.encrypted\` should be "true".`,
        );
      }
    });
  }),
};

/**
 * Symmetric KMS keys must rotate their key material yearly (or on the configured period).
 * Asymmetric and HMAC keys cannot rotate automatically, so the rule does not apply to them.
 */
export const kmsKeyRotation: EdgestackPolicy = {
  name: "aws-kms-key-require-rotation",
  description: "Symmetric KMS keys must have automatic rotation enabled.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation: "Set `enableKeyRotation: true` on the aws.kms.Key.",
  validateResource: validateResourceOfType(aws.kms.Key, (key, args, report) => {
    const spec = key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT") return args.notApplicable(`key spec ${spec} does not support automatic rotation`);
    if (!isTrue(key.enableKeyRotation))
      report("KMS key must rotate automatically: `enableKeyRotation` should be true.");
  }),
};

export const encryptionPolicies: EdgestackPolicy[] = [
  rdsClusterStorageEncrypted,
  rdsClusterCustomerManagedKey,
  elasticacheAtRest,
  elasticacheInTransit,
  eksSecretsEncryption,
  ebsVolumeEncrypted,
  launchTemplateVolumesEncrypted,
  kmsKeyRotation,
];
