/**
 * Cost allocation needs the same tags on every taggable AWS resource. The program sets them
 * once through the AWS provider's `defaultTags`, so a resource's tags are its own `tags`
 * merged over its provider's default tags (the engine passes the provider's inputs to the
 * policy as `args.provider`).
 */
import type { EdgestackPolicy } from "../types";
import { effectiveTags, TAGGABLE_AWS_TYPES } from "../lib/tags";
import { asRecord } from "../lib/values";

interface TagsConfig {
  requiredTags: string[];
}

export const requiredCostTags: EdgestackPolicy = {
  name: "aws-resources-require-cost-tags",
  description:
    "Taggable AWS resources must carry the project, environment, component, managed-by and cost-center tags.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Set the tags in the AWS provider's `defaultTags.tags` (components pass that provider to their children), or on the resource's own `tags`.",
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
    if (!TAGGABLE_AWS_TYPES.includes(args.type)) return args.notApplicable(`${args.type} is not a taggable AWS type`);
    const { requiredTags } = args.getConfig<TagsConfig>();
    const tags = effectiveTags(asRecord(args.props), args.provider?.props);
    const missing = requiredTags.filter((t) => !(tags[t] ?? "").trim());
    if (missing.length) {
      report(
        `Resource must carry the cost tags ${requiredTags.join(", ")}; missing ${missing.join(", ")} (own \`tags\` merged with the provider's defaultTags).`,
      );
    }
  },
};

export const tagPolicies: EdgestackPolicy[] = [requiredCostTags];
