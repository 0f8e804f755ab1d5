import * as assert from "assert";
import {
  auroraRestoreOverrides,
  BACKUP_SERVICE_POLICY_ARNS,
  backupNames,
  backupRules,
  restoreResultPattern,
  restoreResultTemplate,
  vaultLockBounds,
} from "../../components/data/backup-plan";
import { criticalFindingsPattern } from "../../components/workloads/image-scan";
import { ConfigError, parseConfig } from "../../config";
import { ENV_DEFAULTS } from "../../config/env-defaults";
import { estimateCost } from "../../policies/cost/estimate";
import { runsPerWeek } from "../../policies/cost/estimate-backup";
import { policyConfigFor } from "../../tools/policy-config";
import { AS_OF, input, ofType, one, RunResult, stackRun } from "../harness";

type Backup = Parameters<typeof backupRules>[0];
const PROD = ENV_DEFAULTS.prod.backup as Backup;
const DEV = ENV_DEFAULTS.dev.backup as Backup;
const byName = (run: RunResult, type: string, name: string) => one(run, type, name);

describe("backups: pure pieces", () => {
  it("names: restore testing names use underscores only, the rest AWS Backup's wider set; too long a prefix is refused", () => {
    const n = backupNames("edgestack-prod");
    assert.deepStrictEqual(
      [n.vault, n.copyVault, n.restoreTestingPlan, n.restoreTestingSelection],
      [
        "edgestack-prod-aurora",
        "edgestack-prod-aurora-copy",
        "edgestack_prod_aurora_restore_test",
        "edgestack_prod_aurora_latest",
      ],
    );
    // Rules and alarms sit under the stack prefix the alert topic's policy admits.
    assert.ok(n.restoreEventsRule.startsWith("edgestack-prod-") && n.restoreFailedAlarm.startsWith("edgestack-prod-"));
    assert.throws(() => backupNames(`a${"b".repeat(40)}`), /restoreTestingPlan name .* is not valid/);
  });

  it("rules: daily and weekly, only the weekly copied, and only when a copy region is set", () => {
    const prod = backupRules(PROD);
    assert.deepStrictEqual(
      prod.map((r) => [r.ruleName, r.schedule, r.deleteAfterDays, r.copyDeleteAfterDays]),
      [
        ["daily", "cron(0 1 ? * * *)", 14, undefined],
        ["weekly", "cron(0 1 ? * SUN *)", 35, 35],
      ],
    );
    assert.ok(backupRules(DEV).every((r) => r.copyDeleteAfterDays === undefined));
  });

  it("vault lock bounds admit every rule's retention (a job outside them fails)", () => {
    assert.deepStrictEqual(vaultLockBounds([14, 35]), { minRetentionDays: 14, maxRetentionDays: 35 });
    assert.throws(() => vaultLockBounds([]), /no retention/);
  });

  it("restore tests land in the cluster's subnet group and security group, never the default VPC", () => {
    assert.deepStrictEqual(auroraRestoreOverrides("edgestack-prod-database", ["sg-1"]), {
      dbSubnetGroupName: "edgestack-prod-database",
      vpcSecurityGroupIds: '["sg-1"]',
    });
  });

  it("restore results: every terminal state of Aurora restore jobs; the message shows start and end", () => {
    const p = JSON.parse(restoreResultPattern());
    assert.deepStrictEqual(p["detail-type"], ["Restore Job State Change"]);
    assert.deepStrictEqual(p.detail, { resourceType: ["Aurora"], status: ["COMPLETED", "FAILED", "ABORTED"] });
    const text = JSON.parse(restoreResultTemplate("edgestack-prod", "https://x/restore-test-failed.md"));
    for (const placeholder of ["<status>", "<started>", "<finished>", "<job>"])
      assert.ok(text.includes(placeholder), placeholder);
  });

  it("image scans: completed scans of the stack's repositories with CRITICAL > 0 only", () => {
    const p = JSON.parse(criticalFindingsPattern(["edgestack-prod-items"]));
    assert.deepStrictEqual(p.detail, {
      "scan-status": ["COMPLETE"],
      "repository-name": ["edgestack-prod-items"],
      "finding-severity-counts": { CRITICAL: [{ numeric: [">", 0] }] },
    });
    assert.throws(() => criticalFindingsPattern([]), /no repository/);
  });

  it("cost: schedules are read as daily or weekly, anything else is left unpriced", () => {
    assert.deepStrictEqual(
      [
        runsPerWeek("cron(0 1 ? * * *)"),
        runsPerWeek("cron(0 1 ? * SUN *)"),
        runsPerWeek("cron(0 1 1 * ? *)"),
        runsPerWeek(undefined),
      ],
      [7, 1, undefined, undefined],
    );
  });
});

describe("backups: configuration", () => {
  const wire = (raw: Record<string, unknown>) => ({
    environment: "prod",
    edge: JSON.stringify({ zone: "example.com" }),
    monitoring: JSON.stringify({ alertEmail: "ops@example.com" }),
    ...Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, JSON.stringify(v)])),
  });
  const problems = (raw: Record<string, unknown>): string[] => {
    try {
      parseConfig("edgestack", "prod", wire(raw), "us-east-1");
      return [];
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      return (e as ConfigError).problems;
    }
  };

  it("refuses a copy to the stack's own region, a bad region name and restore tests without backups, one line each", () => {
    assert.deepStrictEqual(problems({ backup: { copyRegion: "us-east-1" } }), [
      'edgestack:backup.copyRegion: expected another region than the stack\'s (us-east-1) or "" for no copy, got "us-east-1"',
    ]);
    assert.match(
      problems({ backup: { copyRegion: "west" } }).join("\n"),
      /^edgestack:backup\.copyRegion: expected "" \(no copy\) or an AWS region/,
    );
    assert.deepStrictEqual(problems({ backup: { enabled: false } }), [
      "edgestack:backup.restoreTest.enabled: expected false while backup.enabled is false (nothing to restore), got true",
    ]);
    assert.match(
      problems({ backup: { dailyRetentionDays: 3 } }).join("\n"),
      /backup\.dailyRetentionDays: expected an integer between 7 and 35, got 3/,
    );
    assert.deepStrictEqual(problems({ backup: { enabled: false, restoreTest: { enabled: false } } }), []);
  });
});

describe("backups: the prod and dev graphs", () => {
  it("prod: a protected vault with the data tier's key, governance-mode lock within the rules' retentions", async () => {
    const run = await stackRun("prod");
    const vault = byName(run, "aws:backup/vault:Vault", "backup-vault");
    assert.strictEqual(vault.inputs.kmsKeyArn, one(run, "aws:rds/cluster:Cluster").inputs.kmsKeyId);
    assert.strictEqual(vault.protect, true);
    const locks = ofType(run, "aws:backup/vaultLockConfiguration:VaultLockConfiguration");
    assert.strictEqual(locks.length, 2);
    for (const l of locks) assert.strictEqual(l.inputs.changeableForDays, undefined, `${l.name}: governance mode only`);
    const main = byName(run, "aws:backup/vaultLockConfiguration:VaultLockConfiguration", "backup-vault-lock");
    assert.deepStrictEqual([main.inputs.minRetentionDays, main.inputs.maxRetentionDays], [14, 35]);
  });

  it("prod: the weekly rule copies to a vault in us-west-2 encrypted with a key of that region", async () => {
    const run = await stackRun("prod");
    const copyVault = byName(run, "aws:backup/vault:Vault", "backup-copy-vault");
    const copyKey = byName(run, "aws:kms/key:Key", "backup-copy-key");
    assert.deepStrictEqual([copyVault.inputs.region, copyKey.inputs.region], ["us-west-2", "us-west-2"]);
    assert.strictEqual(
      copyVault.inputs.kmsKeyArn,
      `arn:aws:kms:us-west-2:123456789012:key/${String(copyVault.inputs.kmsKeyArn).split("/")[1]}`,
    );
    assert.strictEqual(copyKey.protect, true);
    const rules = input(one(run, "aws:backup/plan:Plan"), "rules") as any[];
    const weekly = rules.find((r) => r.ruleName === "weekly");
    assert.deepStrictEqual(weekly.copyActions, [
      {
        destinationVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:edgestack-prod-aurora-copy",
        lifecycle: { deleteAfter: 35 },
      },
    ]);
    assert.deepStrictEqual(rules.find((r) => r.ruleName === "daily").copyActions, []);
    assert.ok(rules.every((r) => r.targetVaultName === "edgestack-prod-aurora"));
  });

  it("prod: the selection names the cluster; the role has AWS Backup's backup and restore policies", async () => {
    const run = await stackRun("prod");
    const cluster = one(run, "aws:rds/cluster:Cluster");
    const selection = one(run, "aws:backup/selection:Selection");
    assert.deepStrictEqual(selection.inputs.resources, [
      `arn:aws:rds:us-east-1:123456789012:cluster:${cluster.inputs.clusterIdentifier}`,
    ]);
    const attached = ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) =>
      a.name.startsWith("backup-role"),
    );
    assert.deepStrictEqual(attached.map((a) => a.inputs.policyArn).sort(), [...BACKUP_SERVICE_POLICY_ARNS].sort());
    assert.ok(
      attached.every((a) => selection.dependencies.includes(a.urn)),
      "jobs start only once the role may run them",
    );
    const trust = JSON.parse(String(byName(run, "aws:iam/role:Role", "backup-role").inputs.assumeRolePolicy));
    assert.strictEqual(trust.Statement[0].Principal.Service, "backup.amazonaws.com");
  });

  it("prod: the restore test restores the latest snapshot into the cluster's subnets and security group, results to the alert topic", async () => {
    const run = await stackRun("prod");
    const plan = one(run, "aws:backup/restoreTestingPlan:RestoreTestingPlan");
    assert.strictEqual(plan.inputs.scheduleExpression, "cron(0 6 ? * MON *)");
    assert.deepStrictEqual(input(plan, "recoveryPointSelection"), {
      algorithm: "LATEST_WITHIN_WINDOW",
      includeVaults: ["arn:aws:backup:us-east-1:123456789012:backup-vault:edgestack-prod-aurora"],
      recoveryPointTypes: ["SNAPSHOT"],
      selectionWindowDays: 7,
    });
    const sel = one(run, "aws:backup/restoreTestingSelection:RestoreTestingSelection");
    const cluster = one(run, "aws:rds/cluster:Cluster");
    assert.deepStrictEqual(
      [sel.inputs.protectedResourceType, sel.inputs.validationWindowHours, sel.inputs.restoreTestingPlanName],
      ["Aurora", 1, plan.inputs.name],
    );
    assert.deepStrictEqual(sel.inputs.restoreMetadataOverrides, {
      dbSubnetGroupName: cluster.inputs.dbSubnetGroupName,
      vpcSecurityGroupIds: JSON.stringify(cluster.inputs.vpcSecurityGroupIds),
    });
    const topic = "arn:aws:sns:us-east-1:123456789012:edgestack-prod-alerts";
    const target = byName(run, "aws:cloudwatch/eventTarget:EventTarget", "backup-restore-results");
    assert.strictEqual(target.inputs.arn, topic);
    assert.strictEqual(input(target, "inputTransformer.inputPaths.finished"), "$.detail.completionDate");
    const alarm = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "backup-restore-failed");
    assert.deepStrictEqual(
      [alarm.inputs.namespace, alarm.inputs.metricName, alarm.inputs.alarmActions],
      ["AWS/Backup", "NumberOfRestoreJobsFailed", [topic]],
    );
  });

  it("the alert topic admits this stack's EventBridge rules, and the service images' critical findings go to it", async () => {
    const run = await stackRun("prod");
    const policy = JSON.parse(String(one(run, "aws:sns/topicPolicy:TopicPolicy").inputs.policy));
    const events = policy.Statement.find((s: any) => s.Principal.Service === "events.amazonaws.com");
    for (const rule of ofType(run, "aws:cloudwatch/eventRule:EventRule")) {
      assert.ok(
        `arn:aws:events:us-east-1:123456789012:rule/${rule.inputs.name}`.startsWith(
          events.Condition.ArnLike["aws:SourceArn"].replace(/\*$/, ""),
        ),
        String(rule.inputs.name),
      );
    }
    // The services' repositories and the image mirrors (ingress, mesh) each have a rule: together they watch them all.
    const watched = ["services-ecr-critical", "image-mirrors-ecr-critical"].flatMap(
      (name) =>
        JSON.parse(String(byName(run, "aws:cloudwatch/eventRule:EventRule", name).inputs.eventPattern)).detail[
          "repository-name"
        ] as string[],
    );
    const repos = ofType(run, "aws:ecr/repository:Repository")
      .map((r) => r.inputs.name)
      .sort();
    assert.deepStrictEqual(watched.sort(), repos);
  });

  it("dev: backups and restore tests without a copy region or lock; both stacks within budget with them", async () => {
    const dev = await stackRun("dev");
    assert.strictEqual(ofType(dev, "aws:backup/vault:Vault").length, 1);
    assert.strictEqual(ofType(dev, "aws:backup/vaultLockConfiguration:VaultLockConfiguration").length, 0);
    assert.ok((input(one(dev, "aws:backup/plan:Plan"), "rules") as any[]).every((r) => r.copyActions.length === 0));
    assert.strictEqual(ofType(dev, "aws:backup/restoreTestingSelection:RestoreTestingSelection").length, 1);
    for (const [stack, maxBackup] of [
      ["dev", 5],
      ["prod", 12],
    ] as const) {
      const run = await stackRun(stack);
      // The budget and the assumptions are the stack's own policy config, as the preview and the pack use them.
      const { budgetUsd: budget, assumptions } = policyConfigFor(stack, AS_OF)["stack-monthly-cost-within-budget"];
      const est = estimateCost(run.resources, { ...assumptions, asOfDate: AS_OF });
      const backup = est.byComponent.backup;
      assert.ok(
        backup && backup.monthlyUsd > 0 && backup.monthlyUsd < maxBackup,
        `${stack}: backup costs ${backup?.monthlyUsd}`,
      );
      assert.deepStrictEqual(est.notPriced, []);
      assert.ok(est.totalUsd < budget, `${stack}: ${est.totalUsd}`);
    }
  });
});
