/**
 * A cluster on a Kubernetes version past the end of EKS standard support bills $0.60/hour
 * instead of $0.10 (extended support, about +$365/month per cluster). The calendar is
 * lib/eks-versions.ts; `asOfDate` pins the evaluation day for reproducible previews.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { eksVersionRow } from "../lib/eks-versions";
import { clusterSupport, eksDateSchema } from "../security/eks-version";

export const eksStandardSupport: EdgestackPolicy = {
    name: "aws-eks-cluster-require-standard-support",
    description: "EKS clusters must run a Kubernetes version in standard support (no extended-support surcharge).",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediation: "Upgrade `version` to a minor in standard support before its end date (lib/eks-versions.ts lists the dates).",
    configSchema: eksDateSchema,
    validateResource: validateResourceOfType(aws.eks.Cluster, (cluster, args, report) => {
        const { version, on, status } = clusterSupport(cluster.version, args);
        const row = eksVersionRow(version);
        if (status === "extended") {
            report(`EKS ${version} left standard support on ${row?.endOfStandardSupport}: the control plane bills at the extended-support rate ($0.60/h instead of $0.10/h). Upgrade to a version in standard support.`);
        } else if (status === "unsupported") {
            report(`EKS ${version} is past extended support on ${on}: upgrade to a version in standard support.`);
        }
    }),
};

export const eksSupportPolicies: EdgestackPolicy[] = [eksStandardSupport];
