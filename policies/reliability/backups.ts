/**
 * AWS Backup of the databases: vaults encrypted with a customer-managed key, and, where config requires it, every
 * Aurora cluster covered by a backup selection and a restore test (a backup nobody ever restored is a hope, not a
 * backup). The cluster is matched by its ARN where the graph knows it, else by the selection depending on it.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType, type PolicyResource } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { ofType } from "../lib/stack";
import { asString, asStrings } from "../lib/values";

export const backupVaultCustomerKey: EdgestackPolicy = {
  name: "aws-backup-vault-require-customer-managed-key",
  description: "AWS Backup vaults must encrypt recovery points with a customer-managed KMS key.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Set `kmsKeyArn` on the aws.backup.Vault to a customer-managed key (the data tier's key, or one in the copy region).",
  validateResource: validateResourceOfType(aws.backup.Vault, (vault, _args, report) => {
    if (!asString(vault.kmsKeyArn))
      report(
        `AWS Backup vault ${vault.name ?? ""} must use a customer-managed key: \`kmsKeyArn\` is unset (AWS-managed aws/backup key).`,
      );
  }),
};

interface CoverageConfig {
  requireRestoreTests: boolean;
}

/**
 * The selection depends on the cluster (its ARN input is the cluster's output), or names its ARN. The dependency is
 * checked first: before the cluster exists its ARN is unknown, and reading an unknown value stops the rule in preview.
 */
function covers(selection: PolicyResource, arnsProp: string, cluster: PolicyResource): boolean {
  if ((selection.dependencies ?? []).some((d) => d.urn === cluster.urn)) return true;
  const arn = asString(cluster.props.arn);
  return arn !== undefined && asStrings(selection.props[arnsProp]).includes(arn);
}

export const auroraBackupCoverage: EdgestackPolicy = {
  name: "aws-rds-cluster-require-backup-and-restore-test",
  description:
    "Where config requires it, every Aurora cluster is in an AWS Backup selection and a restore testing selection.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set `backup.enabled` and `backup.restoreTest.enabled` (components/data/backup.ts creates the aws.backup.Selection and aws.backup.RestoreTestingSelection).",
  configSchema: { properties: { requireRestoreTests: { type: "boolean", default: false } } },
  validateStack: (args, report) => {
    if (!args.getConfig<CoverageConfig>().requireRestoreTests) return;
    const clusters = ofType(args.resources, aws.rds.Cluster);
    if (clusters.length === 0) return args.notApplicable("no Aurora cluster in this stack");
    const selections = ofType(args.resources, aws.backup.Selection);
    const tests = ofType(args.resources, aws.backup.RestoreTestingSelection);
    for (const c of clusters) {
      const id = asString(c.props.clusterIdentifier) ?? c.name;
      if (!selections.some((s) => covers(s, "resources", c)))
        report(
          `Aurora cluster ${id} is in no aws.backup.Selection: nothing backs it up outside its automated backups.`,
          c.urn,
        );
      if (!tests.some((t) => covers(t, "protectedResourceArns", c)))
        report(
          `Aurora cluster ${id} is in no aws.backup.RestoreTestingSelection: its restores are never tested.`,
          c.urn,
        );
    }
  },
};

export const backupPolicies: EdgestackPolicy[] = [backupVaultCustomerKey, auroraBackupCoverage];
