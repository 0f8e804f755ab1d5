/**
 * Amazon EKS Kubernetes versions and their support windows.
 *
 * Standard support lasts 14 months from the EKS release, then extended support (6x the control-plane price:
 * $0.60 instead of $0.10 per cluster-hour) for 12 more months.
 * Source: https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html and
 * https://endoflife.date/amazon-eks (dates read 2026-11-23). Add a row when AWS publishes a new version.
 */
export interface EksVersion {
    version: string;
    released: string;
    endOfStandardSupport: string;
    endOfExtendedSupport: string;
}

export const EKS_VERSIONS: readonly EksVersion[] = [
    { version: "1.32", released: "2025-01-25", endOfStandardSupport: "2026-03-23", endOfExtendedSupport: "2027-03-23" },
    { version: "1.33", released: "2025-05-28", endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29" },
    { version: "1.34", released: "2025-10-06", endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02" },
    { version: "1.35", released: "2026-01-28", endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27" },
];

export function findEksVersion(version: string): EksVersion | undefined {
    return EKS_VERSIONS.find((v) => v.version === version);
}

/** True when `version` is in standard support on `onDate` (ISO date, default today). */
export function inStandardSupport(version: string, onDate: string = new Date().toISOString().slice(0, 10)): boolean {
    const v = findEksVersion(version);
    return v !== undefined && v.released <= onDate && onDate < v.endOfStandardSupport;
}

/** Versions that can still be created (standard or extended support) on `onDate`. */
export function creatableEksVersions(onDate: string = new Date().toISOString().slice(0, 10)): string[] {
    return EKS_VERSIONS.filter((v) => v.released <= onDate && onDate < v.endOfExtendedSupport).map((v) => v.version);
}
