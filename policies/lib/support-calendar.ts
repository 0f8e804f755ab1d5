/**
 * Version support calendars (EKS Kubernetes minors, Aurora PostgreSQL minors) and the one function that reads
 * them: the state of a version on an explicit as-of date. Nothing here reads the clock; callers pass the day.
 *
 * The policy pack turns the state into verdicts (reliability/version-support.ts): advisory within
 * SUPPORT_WARNING_DAYS of the end of standard support, mandatory after it. Config validation only checks that a
 * version is a known row (config/), so a version that ages out never stops `pulumi refresh`/`destroy` or tests.
 */
import { coerce, compare } from "semver";

/** Calendar versions ("1.35", "17.7") as semver: every row is a well-formed dotted version. */
const compareVersions = (a: string, b: string): number => compare(coerce(a) ?? a, coerce(b) ?? b);

export interface SupportRow {
  version: string;
  /** ISO dates. */
  released: string;
  endOfStandardSupport: string;
  /** EKS: end of extended support (then AWS force-upgrades). Aurora: RDS Extended Support is per major. */
  endOfExtendedSupport?: string;
  /** Aurora LTS minors are patched in place for about three years. */
  lts?: boolean;
}

export interface SupportCalendar {
  product: string;
  /** Where the rows come from and when they were read. */
  source: string;
  rows: readonly SupportRow[];
}

/** Days before the end of standard support from which the support rules warn. */
export const SUPPORT_WARNING_DAYS = 90;

type SupportState =
  | { state: "standard"; row: SupportRow; daysLeft: number; next?: string }
  | { state: "ending"; row: SupportRow; daysLeft: number; next?: string }
  | { state: "ended"; row: SupportRow; next?: string }
  | { state: "unknown" };

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Throws naming the value unless `day` is an ISO date (YYYY-MM-DD). */
export function assertIsoDay(day: unknown, what = "as-of date"): string {
  if (typeof day !== "string" || !ISO_DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw new Error(`${what}: expected an ISO date YYYY-MM-DD, got ${JSON.stringify(day)}`);
  }
  return day;
}

function findRow(calendar: SupportCalendar, version: string): SupportRow | undefined {
  return calendar.rows.find((r) => r.version === version);
}

export function knownVersions(calendar: SupportCalendar): string[] {
  return calendar.rows.map((r) => r.version).sort(compareVersions);
}

/**
 * The nearest newer version (same major line first for Aurora-style x.y rows is not needed: any newer row) that is
 * released and in standard support on `asOf`, outside its warning window when possible.
 */
function nextSupported(calendar: SupportCalendar, version: string, asOf: string): string | undefined {
  const candidates = calendar.rows
    .filter((r) => compareVersions(r.version, version) > 0 && r.released <= asOf && asOf < r.endOfStandardSupport)
    .sort((a, b) => compareVersions(a.version, b.version));
  const comfortable = candidates.filter((r) => daysBetween(asOf, r.endOfStandardSupport) > SUPPORT_WARNING_DAYS);
  return (comfortable[0] ?? candidates[0])?.version;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Support state of `version` on `asOf` (ISO day). */
export function supportState(calendar: SupportCalendar, version: string, asOf: string): SupportState {
  assertIsoDay(asOf);
  const row = findRow(calendar, version);
  if (!row) return { state: "unknown" };
  const next = nextSupported(calendar, version, asOf);
  const daysLeft = daysBetween(asOf, row.endOfStandardSupport);
  if (daysLeft <= 0) return { state: "ended", row, next };
  return { state: daysLeft <= SUPPORT_WARNING_DAYS ? "ending" : "standard", row, daysLeft, next };
}

/** Standard or extended support on `asOf`: what EKS bills the control plane at. */
export function isExtendedSupport(calendar: SupportCalendar, version: string, asOf: string): boolean {
  return supportState(calendar, version, asOf).state === "ended";
}
