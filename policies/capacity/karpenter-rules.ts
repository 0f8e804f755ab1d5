/**
 * Rules for what Karpenter launches. Its nodes are not in the graph, so the EC2NodeClass is where IMDSv2, volume
 * encryption and cost tags are decided: the rules read it as the managed node groups' launch template rules do.
 * And the interruption queue (like any SQS queue) must be encrypted at rest.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { asArray, asNumber, asRecord, asString, isTrue } from "../lib/values";

const NODE_CLASS_TYPE = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";

const nodeClassSpec = (props: unknown) => asRecord(asRecord(props).spec);

export const sqsEncryption: EdgestackPolicy = {
  name: "aws-sqs-queue-require-encryption",
  description: "SQS queues must encrypt messages at rest (SQS-managed SSE or a KMS key).",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation: "Set `sqsManagedSseEnabled: true` (or `kmsMasterKeyId`) on the queue.",
  validateResource: validateResourceOfType(aws.sqs.Queue, (q, _args, report) => {
    if (q.sqsManagedSseEnabled === false || (!isTrue(q.sqsManagedSseEnabled) && !asString(q.kmsMasterKeyId))) {
      report("SQS queue must encrypt messages at rest: set sqsManagedSseEnabled true or a kmsMasterKeyId.");
    }
  }),
};

export const nodeClassImdsV2: EdgestackPolicy = {
  name: "karpenter-ec2nodeclass-require-imdsv2",
  description: "Karpenter's EC2NodeClass must require IMDSv2 tokens with a hop limit of at most 2.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: "Set spec.metadataOptions { httpTokens: required, httpPutResponseHopLimit: 2 } on the EC2NodeClass.",
  validateResource: (args, report) => {
    if (args.type !== NODE_CLASS_TYPE) return args.notApplicable(`${args.type} is not an EC2NodeClass`);
    const m = asRecord(nodeClassSpec(args.props).metadataOptions);
    const hops = asNumber(m.httpPutResponseHopLimit);
    if (m.httpTokens !== "required" || hops === undefined || hops > 2) {
      report(
        `EC2NodeClass must set metadataOptions.httpTokens "required" and httpPutResponseHopLimit <= 2, got ${JSON.stringify(m.httpTokens ?? null)} and ${hops ?? "unset"}.`,
      );
    }
  },
};

export const nodeClassEncryptedVolumes: EdgestackPolicy = {
  name: "karpenter-ec2nodeclass-require-encrypted-gp3",
  description: "Every block device of Karpenter's EC2NodeClass must be an encrypted gp3 volume.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: "Declare spec.blockDeviceMappings with ebs { volumeType: gp3, encrypted: true } for every device.",
  validateResource: (args, report) => {
    if (args.type !== NODE_CLASS_TYPE) return args.notApplicable(`${args.type} is not an EC2NodeClass`);
    const devices = asArray(nodeClassSpec(args.props).blockDeviceMappings).map(asRecord);
    if (devices.length === 0)
      return report(
        "EC2NodeClass must declare blockDeviceMappings (encrypted gp3) rather than rely on the AMI family's default.",
      );
    for (const d of devices) {
      const ebs = asRecord(d.ebs);
      if (!isTrue(ebs.encrypted) || ebs.volumeType !== "gp3") {
        report(
          `EC2NodeClass block device ${String(d.deviceName ?? "?")} must be encrypted gp3, got volumeType ${JSON.stringify(ebs.volumeType ?? null)}, encrypted ${JSON.stringify(ebs.encrypted ?? null)}.`,
        );
      }
    }
  },
};

interface TagsConfig {
  requiredTags: string[];
}

export const nodeClassTags: EdgestackPolicy = {
  name: "karpenter-ec2nodeclass-require-cost-tags",
  description:
    "Karpenter's EC2NodeClass must stamp the cost tags on what it launches (provider defaultTags never reach those instances).",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation: "Set spec.tags on the EC2NodeClass to the platform tags (components/cluster/karpenter.ts passes them).",
  configSchema: {
    properties: {
      requiredTags: {
        type: "array",
        items: { type: "string", minLength: 1 },
        default: ["project", "environment", "component", "managed-by", "cost-center"],
      },
    },
  },
  validateResource: (args, report) => {
    if (args.type !== NODE_CLASS_TYPE) return args.notApplicable(`${args.type} is not an EC2NodeClass`);
    const { requiredTags } = args.getConfig<TagsConfig>();
    const tags = asRecord(nodeClassSpec(args.props).tags);
    const missing = requiredTags.filter((t) => !String(tags[t] ?? "").trim());
    if (missing.length)
      report(`EC2NodeClass spec.tags must carry ${requiredTags.join(", ")}; missing ${missing.join(", ")}.`);
  },
};

export const karpenterPolicies: EdgestackPolicy[] = [
  sqsEncryption,
  nodeClassImdsV2,
  nodeClassEncryptedVolumes,
  nodeClassTags,
];
