/**
 * Pure pieces of the Aurora backups (components/data/backup.ts): names AWS Backup accepts, the plan's rules, the vault
 * lock bounds, the restore-test metadata overrides and the EventBridge pattern of restore results. No resources here.
 */
import type { BackupConfig } from "../../config";

/** AWS-managed policies of the role AWS Backup assumes to back up and to restore (IAM "AWS managed policies for AWS Backup"). */
export const BACKUP_SERVICE_POLICY_ARNS = [
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
] as const;

/** docs/runbooks pages: the alert of a failed restore, and the procedure of a real restore. */
export const BACKUP_RUNBOOKS = { restoreTestFailed: "restore-test-failed", restore: "restore" } as const;

/** AWS Backup's resource type for Aurora clusters (restore testing `protectedResourceType`, job events `resourceType`). */
export const AURORA_RESOURCE_TYPE = "Aurora";

interface BackupNames {
  vault: string;
  copyVault: string;
  plan: string;
  selection: string;
  restoreTestingPlan: string;
  restoreTestingSelection: string;
  role: string;
  restoreEventsRule: string;
  restoreFailedAlarm: string;
  copyKeyAlias: string;
}

/**
 * Vault, plan and selection names: 1-50 letters, digits, '-', '_' (AWS Backup API: BackupVaultName, BackupPlanName,
 * SelectionName). Restore testing plan and selection names allow only letters, digits and '_' (the provider's
 * restoreTestingPlan.d.ts: "alphanumeric characters and underscores"), so their hyphens become underscores.
 */
export function backupNames(namePrefix: string): BackupNames {
  const base = `${namePrefix}-aurora`;
  const underscored = base.replace(/-/g, "_");
  const names: BackupNames = {
    vault: base,
    copyVault: `${base}-copy`,
    plan: base,
    selection: base,
    restoreTestingPlan: `${underscored}_restore_test`,
    restoreTestingSelection: `${underscored}_latest`,
    role: `${base}-backup`,
    // EventBridge rule and alarm names start with the stack prefix: the alert topic's policy admits exactly those.
    restoreEventsRule: `${base}-restore-results`,
    restoreFailedAlarm: `${base}-restore-failed`,
    copyKeyAlias: `alias/${base}-copy`,
  };
  for (const [kind, value] of Object.entries(names)) {
    const re = kind.startsWith("restoreTesting") ? /^[A-Za-z0-9_]{1,50}$/ : /^[A-Za-z0-9/_.-]{1,64}$/;
    if (!re.test(value))
      throw new Error(
        `backup ${kind} name ${JSON.stringify(value)} is not valid for AWS Backup (shorten the project or stack name)`,
      );
  }
  return names;
}

/** AWS Backup schedules are six-field cron expressions in UTC: minute hour day-of-month month day-of-week year. */
const dailyCron = (hourUtc: number) => `cron(0 ${hourUtc} ? * * *)`;
const weeklyCron = (day: string, hourUtc: number) => `cron(0 ${hourUtc} ? * ${day} *)`;

interface RuleSpec {
  ruleName: string;
  schedule: string;
  deleteAfterDays: number;
  /** Days the copy in the other region is kept; absent = this rule is not copied. */
  copyDeleteAfterDays?: number;
}

/**
 * The daily rule restores the recent past (its retention sits on the PITR window, where AWS bills no extra storage);
 * the weekly rule reaches further back and is the one copied to another region: a weekly copy bounds the regional
 * recovery point to a week at a fifth of a daily copy's transfer cost (docs/backups.md).
 */
export function backupRules(cfg: BackupConfig): RuleSpec[] {
  const copy = cfg.copyRegion !== "" ? { copyDeleteAfterDays: cfg.copyRetentionDays } : {};
  return [
    { ruleName: "daily", schedule: dailyCron(cfg.hourUtc), deleteAfterDays: cfg.dailyRetentionDays },
    {
      ruleName: "weekly",
      schedule: weeklyCron(cfg.weeklyDay, cfg.hourUtc),
      deleteAfterDays: cfg.weeklyRetentionDays,
      ...copy,
    },
  ];
}

/**
 * Vault Lock bounds that every rule of the plan satisfies (a job whose retention falls outside them fails). Governance
 * mode: no `changeableForDays`, so the lock never turns into compliance mode, which nobody (root included) can remove
 * once its grace time has passed (AWS Backup "Vault Lock" docs; the provider's vaultLockConfiguration.d.ts).
 */
export function vaultLockBounds(retentions: readonly number[]): { minRetentionDays: number; maxRetentionDays: number } {
  if (retentions.length === 0) throw new Error("vaultLockBounds: no retention to bound");
  return { minRetentionDays: Math.min(...retentions), maxRetentionDays: Math.max(...retentions) };
}

/**
 * Restore-test metadata: without overrides AWS Backup restores an RDS cluster into the default VPC and its default
 * security group, and fails where there is none ("Restore testing inferred metadata", AWS Backup developer guide,
 * checked 2026-12). The keys are RestoreDBClusterFromSnapshot's parameters (case-insensitive in restore metadata);
 * list values are JSON arrays. The restored cluster lands in the isolated subnets behind the database security group.
 */
export function auroraRestoreOverrides(
  subnetGroupName: string,
  securityGroupIds: readonly string[],
): Record<string, string> {
  return { dbSubnetGroupName: subnetGroupName, vpcSecurityGroupIds: JSON.stringify(securityGroupIds) };
}

/** Terminal states of a restore job (DescribeRestoreJob `Status`), split into what pages and what reports. */
const RESTORE_FAILED_STATES = ["FAILED", "ABORTED"] as const;
const RESTORE_DONE_STATES = ["COMPLETED", ...RESTORE_FAILED_STATES] as const;

/**
 * EventBridge pattern of Aurora restore results ("Restore Job State Change", source aws.backup; the detail carries
 * `status`, `creationDate`, `completionDate`, `createdResourceArn`: AWS Backup "Monitoring events using EventBridge").
 * Every terminal state is sent, success included: a weekly "COMPLETED in N minutes" mail is the evidence that restores
 * work, and its absence is noticed. Manual restores of the cluster report the same way.
 */
export function restoreResultPattern(): string {
  return JSON.stringify({
    source: ["aws.backup"],
    "detail-type": ["Restore Job State Change"],
    detail: { resourceType: [AURORA_RESOURCE_TYPE], status: [...RESTORE_DONE_STATES] },
  });
}

/** The mail for a restore result: status, start and end (the duration), the job and what it created. */
export const RESTORE_RESULT_INPUT_PATHS = {
  status: "$.detail.status",
  job: "$.detail.restoreJobId",
  started: "$.detail.creationDate",
  finished: "$.detail.completionDate",
  created: "$.detail.createdResourceArn",
  region: "$.region",
} as const;

export function restoreResultTemplate(stackPrefix: string, runbookUrl: string): string {
  const text =
    `${stackPrefix}: AWS Backup restore of the Aurora cluster <status> (job <job>, started <started>, finished <finished>, ` +
    `restored as <created>). Duration = finished - started. FAILED or ABORTED: follow ${runbookUrl}. ` +
    `Details: aws backup describe-restore-job --region <region> --restore-job-id <job>`;
  // An input template that is a JSON string literal is sent to SNS as that text.
  return JSON.stringify(text);
}
