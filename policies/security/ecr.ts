/**
 * ECR repositories of the services: every pushed image is scanned for vulnerabilities, and a tag once pushed never
 * points at another image (the Deployment's tag and its digest stay the same thing; a re-pushed tag could slip an
 * unscanned image in under a name that was scanned). CIS AWS Foundations / AWS Foundational Security Best Practices
 * controls ECR.1 (image scanning) and ECR.2 (tag immutability).
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { asRecord } from "../lib/values";

/** Security Hub ECR.1: basic scan on push (free) or the registry's enhanced scanning (Amazon Inspector). */
export const ecrScanOnPush: EdgestackPolicy = {
  name: "aws-ecr-repository-require-scan-on-push",
  description: "ECR repositories must scan every image on push.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set `imageScanningConfiguration: { scanOnPush: true }` on the aws.ecr.Repository (or enable enhanced scanning with aws.ecr.RegistryScanningConfiguration).",
  validateResource: validateResourceOfType(aws.ecr.Repository, (repo, _args, report) => {
    if (asRecord(repo.imageScanningConfiguration).scanOnPush !== true) {
      report(
        `ECR repository ${repo.name ?? ""} must scan images on push: \`imageScanningConfiguration.scanOnPush\` should be true.`,
      );
    }
  }),
};

/** Security Hub ECR.2. MUTABLE_WITH_EXCLUSION / IMMUTABLE_WITH_EXCLUSION let some tags move: only IMMUTABLE passes. */
export const ecrImmutableTags: EdgestackPolicy = {
  name: "aws-ecr-repository-require-immutable-tags",
  description: "ECR repositories must have immutable image tags.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    'Set `imageTagMutability: "IMMUTABLE"` on the aws.ecr.Repository; tag each build uniquely (the build-context hash).',
  validateResource: validateResourceOfType(aws.ecr.Repository, (repo, _args, report) => {
    const mode = repo.imageTagMutability ?? "MUTABLE (default)";
    if (mode !== "IMMUTABLE")
      report(
        `ECR repository ${repo.name ?? ""} must have immutable tags: \`imageTagMutability\` is ${mode}, expected IMMUTABLE.`,
      );
  }),
};

export const ecrPolicies: EdgestackPolicy[] = [ecrScanOnPush, ecrImmutableTags];
