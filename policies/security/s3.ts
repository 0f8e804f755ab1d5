/**
 * S3 buckets (state, logs, backups). In AWS provider 7.x a bucket's protections are separate
 * resources that point at it through their `bucket` input, so these rules pair each
 * aws.s3.Bucket with its aws.s3.BucketPublicAccessBlock,
 * aws.s3.BucketServerSideEncryptionConfiguration and aws.s3.BucketPolicy.
 */
import * as aws from "@pulumi/aws";
import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { deniesInsecureTransport, parsePolicyDocument } from "../lib/iam";
import { ofType, referencedBy } from "../lib/stack";
import { asArray, asRecord, asString } from "../lib/values";

type Cls = Parameters<typeof ofType>[1];

/** Calls `check` with each bucket and the resources of `cls` that point at it. */
function eachBucket(
  args: StackValidationArgs,
  cls: Cls,
  check: (bucket: PolicyResource, attached: PolicyResource[]) => void,
) {
  const buckets = ofType(args.resources, aws.s3.Bucket);
  if (buckets.length === 0) return args.notApplicable("no S3 bucket in this stack");
  const candidates = ofType(args.resources, cls);
  for (const b of buckets)
    check(
      b,
      candidates.filter((c) => referencedBy(c, [b], "bucket", ["bucket"]).length > 0),
    );
}

const label = (b: PolicyResource) => asString(b.props.bucket) ?? b.name;

const BLOCK_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const s3PublicAccessBlock: EdgestackPolicy = {
  name: "aws-s3-bucket-require-public-access-block",
  description: "S3 buckets must have a public access block with all four settings on.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
  validateStack: (args, report) =>
    eachBucket(args, aws.s3.BucketPublicAccessBlock, (bucket, blocks) => {
      const complete = blocks.some((b) => BLOCK_FLAGS.every((f) => b.props[f] === true));
      if (!complete)
        report(
          `Bucket "${label(bucket)}" must block public access: attach a BucketPublicAccessBlock with ${BLOCK_FLAGS.join(", ")} all true.`,
          bucket.urn,
        );
    }),
};

const SSE_ALGORITHMS = ["aws:kms", "aws:kms:dsse", "AES256"];

function sseAlgorithms(rules: unknown): string[] {
  return asArray(rules).map(
    (r) => asString(asRecord(asRecord(r).applyServerSideEncryptionByDefault).sseAlgorithm) ?? "",
  );
}

/**
 * S3 encrypts new objects with SSE-S3 by default since January 2023; we still require the
 * configuration to be explicit (and auditable), typically SSE-KMS with a bucket key.
 */
export const s3Encryption: EdgestackPolicy = {
  name: "aws-s3-bucket-require-server-side-encryption",
  description: "S3 buckets must declare default server-side encryption.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    'Add an aws.s3.BucketServerSideEncryptionConfiguration with `applyServerSideEncryptionByDefault.sseAlgorithm: "aws:kms"` and `bucketKeyEnabled: true`.',
  validateStack: (args, report) =>
    eachBucket(args, aws.s3.BucketServerSideEncryptionConfiguration, (bucket, configs) => {
      const inline = sseAlgorithms(asRecord(asRecord(bucket.props.serverSideEncryptionConfiguration).rule));
      const algorithms = [...inline, ...configs.flatMap((c) => sseAlgorithms(c.props.rules))];
      if (!algorithms.some((a) => SSE_ALGORITHMS.includes(a))) {
        report(
          `Bucket "${label(bucket)}" must declare default encryption: attach a BucketServerSideEncryptionConfiguration (sseAlgorithm aws:kms or AES256).`,
          bucket.urn,
        );
      }
    }),
};

function hasTlsOnlyStatement(doc: unknown): boolean {
  return (parsePolicyDocument(doc) ?? []).some(deniesInsecureTransport);
}

/** Requests over plain HTTP must be denied by the bucket policy (`aws:SecureTransport` = false → Deny). */
export const s3TlsOnly: EdgestackPolicy = {
  name: "aws-s3-bucket-require-tls-only-policy",
  description: "S3 bucket policies must deny requests not made over TLS.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    'Add an aws.s3.BucketPolicy with a statement `{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }`.',
  validateStack: (args, report: ReportViolation) =>
    eachBucket(args, aws.s3.BucketPolicy, (bucket, policies) => {
      const docs = [bucket.props.policy, ...policies.map((p) => p.props.policy)].filter((d) => d !== undefined);
      if (!docs.some(hasTlsOnlyStatement)) {
        report(
          `Bucket "${label(bucket)}" must refuse plain HTTP: its bucket policy should Deny when aws:SecureTransport is false.`,
          bucket.urn,
        );
      }
    }),
};

export const s3Policies: EdgestackPolicy[] = [s3PublicAccessBlock, s3Encryption, s3TlsOnly];
