/** Pass/fail cases for the supply-chain (ECR) and backup rules. */
import { ecrImmutableTags, ecrScanOnPush } from "../../policies/security/ecr";
import { auroraBackupCoverage, backupVaultCustomerKey } from "../../policies/reliability/backups";
import { statefulProtect } from "../../policies/reliability/data-safety";
import { mutated, only, type RuleCase } from "./cases";
import { base, dependsOn, patch, res } from "./fixtures";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab";
const CLUSTER_ARN = "arn:aws:rds:us-east-1:111122223333:cluster:edgestack-test-db";

const repo = () =>
  res("aws:ecr/repository:Repository", "repo", {
    name: "edgestack-test-items",
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfigurations: [{ encryptionType: "KMS" }],
  });
const vault = () =>
  res("aws:backup/vault:Vault", "vault", { name: "edgestack-test-aurora", kmsKeyArn: KEY }, { protect: true });

/** A cluster, the backup selection and the restore testing selection naming it (by ARN, or only by dependency). */
function covered(opts: { selection?: boolean; restoreTest?: boolean; byDependencyOnly?: boolean } = {}) {
  return () => {
    const cluster = patch(base.rdsCluster(), "clusterIdentifier", "edgestack-test-db");
    if (!opts.byDependencyOnly) patch(cluster, "arn", CLUSTER_ARN);
    // By ARN (the offline graph, later previews), or during a first preview by dependency only (ARN unknown).
    const arn = opts.byDependencyOnly ? "[unknown]" : CLUSTER_ARN;
    const out = [cluster];
    const link = (r: ReturnType<typeof res>) => (opts.byDependencyOnly ? dependsOn(r, cluster) : r);
    if (opts.selection !== false)
      out.push(
        link(
          res("aws:backup/selection:Selection", "selection", {
            name: "edgestack-test-aurora",
            resources: [arn],
            planId: "plan",
            iamRoleArn: "role",
          }),
        ),
      );
    if (opts.restoreTest !== false) {
      out.push(
        link(
          res("aws:backup/restoreTestingSelection:RestoreTestingSelection", "restore-test", {
            name: "edgestack_test_aurora_latest",
            protectedResourceType: "Aurora",
            protectedResourceArns: [arn],
            restoreTestingPlanName: "p",
            iamRoleArn: "role",
          }),
        ),
      );
    }
    return out;
  };
}
const required = { requireRestoreTests: true };

export const operationsCases: RuleCase[] = [
  {
    policy: ecrScanOnPush,
    title: "scan on push off",
    pass: only(repo),
    fail: mutated(repo, "imageScanningConfiguration.scanOnPush", false),
    expect: /edgestack-test-items must scan images on push/,
  },
  {
    policy: ecrScanOnPush,
    title: "no scanning configuration",
    pass: only(repo),
    fail: mutated(repo, "imageScanningConfiguration", undefined),
    expect: /scanOnPush` should be true/,
  },
  {
    policy: ecrImmutableTags,
    title: "mutable by default",
    pass: only(repo),
    fail: mutated(repo, "imageTagMutability", undefined),
    expect: /is MUTABLE \(default\), expected IMMUTABLE/,
  },
  {
    policy: ecrImmutableTags,
    title: "immutable with exclusions",
    pass: only(repo),
    fail: mutated(repo, "imageTagMutability", "IMMUTABLE_WITH_EXCLUSION"),
    expect: /is IMMUTABLE_WITH_EXCLUSION/,
  },
  {
    policy: backupVaultCustomerKey,
    title: "aws/backup key",
    pass: only(vault),
    fail: mutated(vault, "kmsKeyArn", undefined),
    expect: /edgestack-test-aurora must use a customer-managed key/,
  },
  {
    policy: statefulProtect,
    title: "backup vault",
    config: { requireProtect: true },
    pass: only(vault),
    fail: () => [{ ...vault(), protect: false }],
    expect: /aws:backup\/vault:Vault "vault" holds state/,
  },
  {
    policy: auroraBackupCoverage,
    title: "no backup selection",
    config: required,
    pass: covered(),
    fail: covered({ selection: false }),
    expect: /edgestack-test-db is in no aws\.backup\.Selection/,
  },
  {
    policy: auroraBackupCoverage,
    title: "no restore test",
    config: required,
    pass: covered({ byDependencyOnly: true }),
    fail: covered({ restoreTest: false }),
    expect: /edgestack-test-db is in no aws\.backup\.RestoreTestingSelection/,
  },
];
