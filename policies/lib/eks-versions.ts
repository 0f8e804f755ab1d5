/**
 * Amazon EKS Kubernetes version calendar: when each minor leaves standard support (the cluster then bills at the
 * extended-support rate, $0.60 instead of $0.10 per hour) and when extended support ends (AWS force-upgrades).
 * Standard support lasts 14 months from the EKS release, extended support 12 more.
 * Add a row when AWS publishes a new version.
 */
import type { SupportCalendar } from "./support-calendar";

export const EKS_CALENDAR: SupportCalendar = {
  product: "EKS Kubernetes",
  source:
    "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (lifecycle) and " +
    "https://endoflife.date/amazon-eks (dates), read 2026-11-23",
  rows: [
    { version: "1.28", released: "2023-09-26", endOfStandardSupport: "2024-11-26", endOfExtendedSupport: "2025-11-26" },
    { version: "1.29", released: "2024-01-23", endOfStandardSupport: "2025-03-23", endOfExtendedSupport: "2026-03-23" },
    { version: "1.30", released: "2024-05-23", endOfStandardSupport: "2025-07-23", endOfExtendedSupport: "2026-07-23" },
    { version: "1.31", released: "2024-09-26", endOfStandardSupport: "2025-11-26", endOfExtendedSupport: "2026-11-26" },
    { version: "1.32", released: "2025-01-25", endOfStandardSupport: "2026-03-23", endOfExtendedSupport: "2027-03-23" },
    { version: "1.33", released: "2025-05-28", endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29" },
    { version: "1.34", released: "2025-10-06", endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02" },
    { version: "1.35", released: "2026-01-28", endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27" },
  ],
};
