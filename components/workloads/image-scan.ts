/**
 * Critical image vulnerabilities to the alert topic. The repositories scan every pushed image (ECR basic scanning,
 * `scanOnPush`, free); each finished scan emits an "ECR Image Scan" event (source aws.ecr) whose detail carries
 * `repository-name`, `image-digest`, `image-tags` and `finding-severity-counts` (keys only for severities found).
 * An EventBridge rule matching CRITICAL > 0 on this stack's repositories forwards a one-line summary to SNS.
 * Enhanced scanning (Amazon Inspector: continuous rescans, language packages) is billed per image and per rescan
 * and is left off: docs/supply-chain.md.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The docs/runbooks page of a critical finding. */
export const FINDINGS_RUNBOOK = "ecr-critical-findings";

/** ECR repository name of a service (also what the scan events name). */
export function repositoryName(namePrefix: string, service: string): string {
  return `${namePrefix}-${service}`;
}

/** EventBridge pattern: a completed scan of one of `repositories` with at least one CRITICAL finding. */
export function criticalFindingsPattern(repositories: readonly string[]): string {
  if (repositories.length === 0) throw new Error("criticalFindingsPattern: no repository to watch");
  return JSON.stringify({
    source: ["aws.ecr"],
    "detail-type": ["ECR Image Scan"],
    detail: {
      "scan-status": ["COMPLETE"],
      "repository-name": [...repositories],
      "finding-severity-counts": { CRITICAL: [{ numeric: [">", 0] }] },
    },
  });
}

const FINDINGS_INPUT_PATHS = {
  repository: "$.detail.repository-name",
  digest: "$.detail.image-digest",
  critical: "$.detail.finding-severity-counts.CRITICAL",
  high: "$.detail.finding-severity-counts.HIGH",
  region: "$.region",
} as const;

function findingsTemplate(stackPrefix: string, runbookUrl: string): string {
  return JSON.stringify(
    `${stackPrefix}: ECR scan found <critical> CRITICAL (and <high> HIGH) vulnerabilities in <repository>@<digest>. ` +
      `Findings: aws ecr describe-image-scan-findings --region <region> --repository-name <repository> --image-id imageDigest=<digest>. ` +
      `Runbook: ${runbookUrl}`,
  );
}

interface CriticalFindingsAlertArgs {
  namePrefix: string;
  repositories: string[];
  alertTopicArn: pulumi.Input<string>;
  runbookBaseUrl: string;
  /** The rule's name; default `<namePrefix>-ecr-critical-findings`. It must start with the stack prefix (topic policy). */
  ruleName?: string;
  /** What the repositories hold, for the rule's description; default "the service repositories". */
  watching?: string;
}

/** The rule (named under the stack prefix, which the alert topic's policy admits) and its SNS target. */
export function createCriticalFindingsAlert(
  parent: pulumi.Resource,
  name: string,
  args: CriticalFindingsAlertArgs,
): aws.cloudwatch.EventRule {
  const rule = new aws.cloudwatch.EventRule(
    `${name}-ecr-critical`,
    {
      name: args.ruleName ?? `${args.namePrefix}-ecr-critical-findings`,
      description: `${args.namePrefix}: ECR scans with CRITICAL findings in ${args.watching ?? "the service repositories"}`,
      eventPattern: criticalFindingsPattern(args.repositories),
    },
    { parent },
  );
  new aws.cloudwatch.EventTarget(
    `${name}-ecr-critical`,
    {
      rule: rule.name,
      arn: args.alertTopicArn,
      inputTransformer: {
        inputPaths: { ...FINDINGS_INPUT_PATHS },
        inputTemplate: findingsTemplate(args.namePrefix, `${args.runbookBaseUrl}/${FINDINGS_RUNBOOK}.md`),
      },
    },
    { parent },
  );
  return rule;
}
