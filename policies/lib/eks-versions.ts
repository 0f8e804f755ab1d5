/**
 * Amazon EKS Kubernetes version calendar: when each minor version leaves standard support
 * (the cluster then bills at the extended-support rate, $0.60 instead of $0.10 per hour) and
 * when extended support ends (no more patches; EKS force-upgrades the control plane).
 *
 * Standard support lasts 14 months from the EKS release, extended support 12 more.
 * Sources (checked 2026-11-23):
 *  - https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (lifecycle rules)
 *  - https://endoflife.date/amazon-eks (dates for 1.28-1.35, mirrors the EKS release calendar)
 *  - aws-samples "eks-operation-review" cluster-lifecycle table, verified 2026-04-24 (same dates)
 * Kubernetes 1.36 was not yet listed by these sources: a version newer than the newest row is
 * treated as in standard support (it can only be newer than everything EKS has released), and
 * a version older than the oldest row as past extended support.
 */

export interface EksVersionSupport {
    version: string;
    released: string; // ISO dates
    endOfStandardSupport: string;
    endOfExtendedSupport: string;
}

export const EKS_VERSION_CALENDAR_CHECKED = "2026-11-23";

export const EKS_VERSIONS: readonly EksVersionSupport[] = [
    { version: "1.35", released: "2026-01-28", endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27" },
    { version: "1.34", released: "2025-10-06", endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02" },
    { version: "1.33", released: "2025-05-28", endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29" },
    { version: "1.32", released: "2025-01-25", endOfStandardSupport: "2026-03-23", endOfExtendedSupport: "2027-03-23" },
    { version: "1.31", released: "2024-09-26", endOfStandardSupport: "2025-11-26", endOfExtendedSupport: "2026-11-26" },
    { version: "1.30", released: "2024-05-23", endOfStandardSupport: "2025-07-23", endOfExtendedSupport: "2026-07-23" },
    { version: "1.29", released: "2024-01-23", endOfStandardSupport: "2025-03-23", endOfExtendedSupport: "2026-03-23" },
    { version: "1.28", released: "2023-09-26", endOfStandardSupport: "2024-11-26", endOfExtendedSupport: "2025-11-26" },
];

export type SupportStatus = "standard" | "extended" | "unsupported";

function minorOf(version: string): [number, number] | undefined {
    const m = /^(\d+)\.(\d+)/.exec(version.trim());
    return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function compare(a: [number, number], b: [number, number]): number {
    return a[0] - b[0] || a[1] - b[1];
}

/**
 * Support status of an EKS Kubernetes version on `on` (ISO date or Date). Returns undefined
 * for a version string that is not `<major>.<minor>`.
 */
export function eksSupportStatus(version: string, on: Date | string): SupportStatus | undefined {
    const v = minorOf(version);
    if (!v) return undefined;
    const day = (typeof on === "string" ? on : on.toISOString()).slice(0, 10);
    const row = EKS_VERSIONS.find((r) => compare(minorOf(r.version)!, v) === 0);
    if (!row) {
        const newest = minorOf(EKS_VERSIONS[0].version)!;
        return compare(v, newest) > 0 ? "standard" : "unsupported";
    }
    if (day < row.endOfStandardSupport) return "standard";
    if (day < row.endOfExtendedSupport) return "extended";
    return "unsupported";
}

export function eksVersionRow(version: string): EksVersionSupport | undefined {
    const v = minorOf(version);
    return v ? EKS_VERSIONS.find((r) => compare(minorOf(r.version)!, v) === 0) : undefined;
}
