/**
 * Version support as policy (not config validation): a version past the end of standard support must never stop
 * `pulumi refresh`, `destroy` or the tests, so config only checks that a version is known and these rules judge it
 * on the as-of date. Advisory within SUPPORT_WARNING_DAYS of the end of standard support, mandatory after it
 * (EKS then bills extended support at 6x the control-plane price; Aurora force-upgrades the minor in a maintenance
 * window). Each message names the date and the next supported version.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ResourceValidation } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { AURORA_POSTGRES_CALENDAR } from "../lib/aurora-versions";
import { asOfDay, datedRulePair, type DatedWhen as When } from "../lib/as-of";
import { EKS_CALENDAR } from "../lib/eks-versions";
import { supportState, SUPPORT_WARNING_DAYS, type SupportCalendar } from "../lib/support-calendar";
import { asString } from "../lib/values";

type Report = (message: string) => void;

/** Judges one version: `ended` reports in the mandatory rule, `ending` in the advisory one. */
function judge(calendar: SupportCalendar, version: string | undefined, asOf: string, report: Report, when: When): void {
  if (version === undefined) return;
  const s = supportState(calendar, version, asOf);
  const next = s.state !== "unknown" && s.next ? `upgrade to ${s.next}` : "upgrade to a newer supported version";
  if (s.state === "unknown") {
    if (when === "ended")
      report(
        `${calendar.product} ${version} is not in the support calendar (known: ${calendar.rows.map((r) => r.version).join(", ")}).`,
      );
  } else if (s.state === "ended" && when === "ended") {
    report(
      `${calendar.product} ${version} left standard support on ${s.row.endOfStandardSupport} (as of ${asOf}): ${next}.`,
    );
  } else if (s.state === "ending" && when === "ending") {
    report(
      `${calendar.product} ${version} leaves standard support on ${s.row.endOfStandardSupport}, in ${s.daysLeft} days (as of ${asOf}): ${next}.`,
    );
  }
}

/** The mandatory (`ended`) and advisory (`ending`) rule for one product. */
function rules(
  key: string,
  calendar: SupportCalendar,
  field: string,
  validate: (name: string, when: When) => ResourceValidation,
): EdgestackPolicy[] {
  return datedRulePair({
    names: { ended: `${key}-require-standard-support`, ending: `${key}-standard-support-ending` },
    descriptions: {
      ended: `${calendar.product} must run a version in standard support (${calendar.source}).`,
      ending: `Warns ${SUPPORT_WARNING_DAYS} days before a ${calendar.product} version leaves standard support.`,
    },
    severities: { ended: "high", ending: "low" },
    remediation: `Set \`${field}\` to a version in standard support and upgrade one step at a time.`,
    validate,
  });
}

export const versionSupportPolicies: EdgestackPolicy[] = [
  ...rules("aws-eks-cluster", EKS_CALENDAR, "cluster.version", (name, when) =>
    validateResourceOfType(aws.eks.Cluster, (cluster, args, report) => {
      judge(EKS_CALENDAR, asString(cluster.version), asOfDay(args.getConfig(), name), report, when);
    }),
  ),
  ...rules("aws-rds-cluster", AURORA_POSTGRES_CALENDAR, "database.engineVersion", (name, when) =>
    validateResourceOfType(aws.rds.Cluster, (cluster, args, report) => {
      if (cluster.engine !== "aurora-postgresql") return;
      judge(AURORA_POSTGRES_CALENDAR, asString(cluster.engineVersion), asOfDay(args.getConfig(), name), report, when);
    }),
  ),
];
