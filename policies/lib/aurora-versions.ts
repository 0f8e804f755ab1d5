/**
 * Aurora PostgreSQL minor-version calendar: every minor has its own "Aurora end of standard support" date; after it
 * AWS upgrades the cluster in a maintenance window and refuses new clusters on that minor. LTS minors are kept about
 * three years. Add a row when AWS publishes a new minor.
 */
import type { SupportCalendar } from "./support-calendar";

export const AURORA_POSTGRES_CALENDAR: SupportCalendar = {
  product: "Aurora PostgreSQL",
  source:
    "Release calendars for Aurora PostgreSQL, minor-version table " +
    "(https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html), read 2026-11-23",
  rows: [
    { version: "18.4", released: "2026-08-21", endOfStandardSupport: "2027-12-31" },
    { version: "18.3", released: "2026-06-11", endOfStandardSupport: "2027-11-30" },
    { version: "17.10", released: "2026-08-21", endOfStandardSupport: "2027-12-31" },
    { version: "17.9", released: "2026-04-06", endOfStandardSupport: "2027-09-30" },
    { version: "17.7", released: "2025-12-18", endOfStandardSupport: "2030-02-28", lts: true },
    { version: "17.6", released: "2025-11-25", endOfStandardSupport: "2027-04-30" },
    { version: "17.5", released: "2025-06-30", endOfStandardSupport: "2026-12-31" },
    { version: "17.4", released: "2025-05-01", endOfStandardSupport: "2026-11-30" },
    { version: "16.14", released: "2026-08-21", endOfStandardSupport: "2027-12-31" },
    { version: "16.13", released: "2026-04-06", endOfStandardSupport: "2027-09-30" },
    { version: "16.11", released: "2025-12-18", endOfStandardSupport: "2027-05-31" },
    { version: "16.10", released: "2025-11-25", endOfStandardSupport: "2027-04-30" },
    { version: "16.9", released: "2025-06-30", endOfStandardSupport: "2026-12-31" },
    { version: "16.8", released: "2025-04-08", endOfStandardSupport: "2029-02-28", lts: true },
    { version: "15.18", released: "2026-08-21", endOfStandardSupport: "2027-12-31" },
    { version: "15.17", released: "2026-04-06", endOfStandardSupport: "2027-09-30" },
    { version: "15.15", released: "2025-12-18", endOfStandardSupport: "2027-05-31" },
    { version: "15.10", released: "2024-12-13", endOfStandardSupport: "2028-02-29", lts: true },
    // Aurora PostgreSQL 14 as a major leaves standard support on 2027-02-28 (RDS Extended Support is billed after).
    { version: "14.23", released: "2026-08-21", endOfStandardSupport: "2027-02-28" },
    { version: "14.6", released: "2023-01-23", endOfStandardSupport: "2027-02-28", lts: true },
  ],
};
