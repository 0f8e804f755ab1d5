/**
 * AuroraBackups: AWS Backup for the Aurora cluster, independent of its automated backups. A vault encrypted with the
 * data tier's key (Vault Lock in governance mode where configured), a plan with a daily and a weekly rule whose weekly
 * recovery points are copied to a vault in another region, a selection naming the cluster, and a weekly restore test
 * that restores the latest recovery point into the isolated subnets, keeps it for the validation window and deletes
 * it. Every restore result (success with its start and end, failure, abort) is mailed through the alert topic, and
 * failed restore jobs raise a CloudWatch alarm. Pure pieces: backup-plan.ts. Runbooks: docs/runbooks/restore*.md.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BackupConfig } from "../../config";
import { policyDocument, serviceTrustPolicy } from "../shared/iam";
import {
  AURORA_RESOURCE_TYPE,
  auroraRestoreOverrides,
  BACKUP_RUNBOOKS,
  BACKUP_SERVICE_POLICY_ARNS,
  backupNames,
  backupRules,
  RESTORE_RESULT_INPUT_PATHS,
  restoreResultPattern,
  restoreResultTemplate,
  vaultLockBounds,
} from "./backup-plan";

interface AuroraBackupsArgs {
  namePrefix: string;
  config: BackupConfig;
  clusterArn: pulumi.Input<string>;
  /** The data tier's key: the vault's recovery points are encrypted with it. */
  keyArn: pulumi.Input<string>;
  /** Where a restore test puts the restored cluster (the cluster's own subnet group and security group). */
  subnetGroupName: pulumi.Input<string>;
  securityGroupId: pulumi.Input<string>;
  /** SNS alert topic (KMS-encrypted; its policy admits EventBridge rules and alarms named `${namePrefix}-*`). */
  alertTopicArn: pulumi.Input<string>;
  /** Page of the restore runbooks (docs/runbooks) the alert text links. */
  runbookBaseUrl: string;
  /** protect + retainOnDelete on the vaults and the copy-region key (cfg.protectStateful). */
  protect: boolean;
}

export class AuroraBackups extends pulumi.ComponentResource {
  readonly vaultName: pulumi.Output<string>;
  readonly copyVaultArn?: pulumi.Output<string>;

  constructor(name: string, args: AuroraBackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("edgestack:platform:AuroraBackups", name, {}, opts);
    const cfg = args.config;
    const names = backupNames(args.namePrefix);
    const child = { parent: this };
    const stateful = { ...child, protect: args.protect, retainOnDelete: args.protect };
    const rules = backupRules(cfg);

    const vault = new aws.backup.Vault(
      `${name}-vault`,
      { name: names.vault, kmsKeyArn: args.keyArn, forceDestroy: false },
      stateful,
    );
    const lock = (vaultName: pulumi.Input<string>, suffix: string, retentions: number[], region?: string) =>
      new aws.backup.VaultLockConfiguration(
        `${name}-${suffix}-lock`,
        { backupVaultName: vaultName, region, ...vaultLockBounds(retentions) },
        child,
      );
    if (cfg.vaultLock)
      lock(
        vault.name,
        "vault",
        rules.map((r) => r.deleteAfterDays),
      );

    // The copy destination: a vault in copyRegion with a key of that region (a KMS key never leaves its region).
    // Provider v7 resources take `region` themselves, so no second provider is needed.
    const copyVault =
      cfg.copyRegion !== "" ? this.createCopyVault(name, args, names.copyVault, names.copyKeyAlias) : undefined;
    if (copyVault && cfg.vaultLock)
      lock(
        copyVault.name,
        "copy-vault",
        rules.flatMap((r) => r.copyDeleteAfterDays ?? []),
        cfg.copyRegion,
      );
    this.copyVaultArn = copyVault?.arn;

    const plan = new aws.backup.Plan(
      `${name}-plan`,
      {
        name: names.plan,
        rules: rules.map((r) => ({
          ruleName: r.ruleName,
          targetVaultName: vault.name,
          schedule: r.schedule,
          scheduleExpressionTimezone: "Etc/UTC",
          startWindow: 60,
          // Aurora snapshots of a few GB take minutes; a job still running after 8 h is stuck and fails visibly.
          completionWindow: 480,
          lifecycle: { deleteAfter: r.deleteAfterDays },
          recoveryPointTags: { "backup-rule": r.ruleName },
          copyActions:
            r.copyDeleteAfterDays !== undefined && copyVault
              ? [{ destinationVaultArn: copyVault.arn, lifecycle: { deleteAfter: r.copyDeleteAfterDays } }]
              : [],
        })),
      },
      child,
    );

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: names.role,
        description: `${args.namePrefix}: AWS Backup backs up and restores the Aurora cluster`,
        assumeRolePolicy: serviceTrustPolicy("backup.amazonaws.com"),
      },
      child,
    );
    const attachments = BACKUP_SERVICE_POLICY_ARNS.map(
      (policyArn, i) => new aws.iam.RolePolicyAttachment(`${name}-role-${i}`, { role: role.name, policyArn }, child),
    );
    // The selection is what starts the jobs: it waits for the role's permissions.
    new aws.backup.Selection(
      `${name}-selection`,
      {
        name: names.selection,
        planId: plan.id,
        iamRoleArn: role.arn,
        resources: [args.clusterArn],
      },
      { ...child, dependsOn: attachments },
    );

    if (cfg.restoreTest.enabled) this.createRestoreTest(name, args, names, vault.arn, role.arn, attachments);
    this.vaultName = vault.name;
    this.registerOutputs({ vaultName: this.vaultName, copyVaultArn: this.copyVaultArn });
  }

  private createCopyVault(name: string, args: AuroraBackupsArgs, vaultName: string, alias: string): aws.backup.Vault {
    const region = args.config.copyRegion;
    const stateful = { parent: this, protect: args.protect, retainOnDelete: args.protect };
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const key = new aws.kms.Key(
      `${name}-copy-key`,
      {
        region,
        description: `${vaultName}: AWS Backup copies of the Aurora recovery points`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        // The default key policy: the account administers it through IAM, and AWS Backup (its role's managed policy)
        // uses it through grants. Nothing else writes with it.
        policy: pulumi.all([partition, account]).apply(([p, accountId]) =>
          policyDocument([
            {
              Sid: "AccountAdministersTheKey",
              Effect: "Allow",
              Principal: { AWS: `arn:${p}:iam::${accountId}:root` },
              Action: "kms:*",
              Resource: "*",
            },
          ]),
        ),
      },
      stateful,
    );
    new aws.kms.Alias(`${name}-copy-key`, { region, name: alias, targetKeyId: key.keyId }, { parent: this });
    return new aws.backup.Vault(
      `${name}-copy-vault`,
      { region, name: vaultName, kmsKeyArn: key.arn, forceDestroy: false },
      stateful,
    );
  }

  private createRestoreTest(
    name: string,
    args: AuroraBackupsArgs,
    names: ReturnType<typeof backupNames>,
    vaultArn: pulumi.Output<string>,
    roleArn: pulumi.Output<string>,
    attachments: pulumi.Resource[],
  ): void {
    const t = args.config.restoreTest;
    const child = { parent: this };
    const plan = new aws.backup.RestoreTestingPlan(
      `${name}-restore-test`,
      {
        name: names.restoreTestingPlan,
        scheduleExpression: `cron(0 ${t.hourUtc} ? * ${t.day} *)`,
        scheduleExpressionTimezone: "Etc/UTC",
        startWindowHours: 4,
        recoveryPointSelection: {
          algorithm: "LATEST_WITHIN_WINDOW",
          includeVaults: [vaultArn],
          recoveryPointTypes: ["SNAPSHOT"],
          selectionWindowDays: t.selectionWindowDays,
        },
      },
      child,
    );
    new aws.backup.RestoreTestingSelection(
      `${name}-restore-test`,
      {
        name: names.restoreTestingSelection,
        restoreTestingPlanName: plan.name,
        protectedResourceType: AURORA_RESOURCE_TYPE,
        protectedResourceArns: [args.clusterArn],
        iamRoleArn: roleArn,
        validationWindowHours: t.validationWindowHours,
        restoreMetadataOverrides: pulumi
          .all([args.subnetGroupName, args.securityGroupId])
          .apply(([subnetGroup, sg]) => auroraRestoreOverrides(subnetGroup, [sg])),
      },
      { ...child, dependsOn: attachments },
    );

    // Results to the alert topic. AWS service events on the default bus are free (EventBridge pricing).
    const rule = new aws.cloudwatch.EventRule(
      `${name}-restore-results`,
      {
        name: names.restoreEventsRule,
        description: `${args.namePrefix}: Aurora restore job results (restore tests and manual restores)`,
        eventPattern: restoreResultPattern(),
      },
      child,
    );
    const runbook = `${args.runbookBaseUrl}/${BACKUP_RUNBOOKS.restoreTestFailed}.md`;
    new aws.cloudwatch.EventTarget(
      `${name}-restore-results`,
      {
        rule: rule.name,
        arn: args.alertTopicArn,
        inputTransformer: {
          inputPaths: { ...RESTORE_RESULT_INPUT_PATHS },
          inputTemplate: restoreResultTemplate(args.namePrefix, runbook),
        },
      },
      child,
    );
    // The same failures as an alarm (a state to see and acknowledge; also covers a missed best-effort event).
    new aws.cloudwatch.MetricAlarm(
      `${name}-restore-failed`,
      {
        name: names.restoreFailedAlarm,
        alarmDescription: `An AWS Backup restore job of an Aurora cluster failed (restore test or manual restore). Runbook: ${runbook}`,
        namespace: "AWS/Backup",
        metricName: "NumberOfRestoreJobsFailed",
        dimensions: { ResourceType: AURORA_RESOURCE_TYPE },
        statistic: "Sum",
        period: 3600,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [args.alertTopicArn],
        okActions: [args.alertTopicArn],
      },
      child,
    );
  }
}
