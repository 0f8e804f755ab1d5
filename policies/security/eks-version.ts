/**
 * A Kubernetes version past the end of EKS extended support gets no more security patches and
 * will be force-upgraded by AWS at a time of its choosing. (Leaving standard support, which
 * only changes the price, is the cost rule in cost/eks-support.ts.)
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType, type PolicyConfigSchema, type ResourceValidationArgs } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { EKS_VERSIONS, eksSupportStatus, type SupportStatus } from "../lib/eks-versions";
import { asString } from "../lib/values";

export interface EksDateConfig {
    /** Evaluate support on this ISO date instead of today (reproducible previews and tests). */
    asOfDate?: string;
}

export const eksDateSchema: PolicyConfigSchema = {
    properties: {
        asOfDate: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "ISO date to evaluate support on; default today." },
    },
};

export function evaluationDate(cfg: EksDateConfig): string {
    return cfg.asOfDate ?? new Date().toISOString().slice(0, 10);
}

/** A cluster's pinned version and its support status on the configured day (not applicable when unpinned). */
export function clusterSupport(version: unknown, args: ResourceValidationArgs): { version: string; on: string; status: SupportStatus | undefined } {
    const v = asString(version);
    if (v === undefined) return args.notApplicable("no version pinned: EKS creates the cluster on its current default version");
    const on = evaluationDate(args.getConfig<EksDateConfig>());
    return { version: v, on, status: eksSupportStatus(v, on) };
}

export const eksSupportedVersion: EdgestackPolicy = {
    name: "aws-eks-cluster-disallow-unsupported-version",
    description: "EKS clusters must run a Kubernetes version that still receives security patches.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediation: `Set \`version\` to a supported minor (newest known: ${EKS_VERSIONS[0].version}) and upgrade one minor at a time.`,
    configSchema: eksDateSchema,
    validateResource: validateResourceOfType(aws.eks.Cluster, (cluster, args, report) => {
        const { version, on, status } = clusterSupport(cluster.version, args);
        if (status === undefined) report(`EKS version "${version}" is not a Kubernetes minor version like "1.34".`);
        else if (status === "unsupported") report(`EKS version ${version} is past the end of extended support on ${on}: upgrade to a version in standard support.`);
    }),
};

export const eksVersionPolicies: EdgestackPolicy[] = [eksSupportedVersion];
