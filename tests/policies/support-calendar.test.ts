/** Version calendars: states on explicit days, the next supported version, and calendar consistency. */
import assert from "node:assert/strict";
import { AURORA_POSTGRES_CALENDAR } from "../../policies/lib/aurora-versions";
import { asOfDay, withAsOfDate } from "../../policies/lib/as-of";
import { EKS_CALENDAR } from "../../policies/lib/eks-versions";
import { supportState } from "../../policies/lib/support-calendar";
import { allPolicies } from "../../policies/rules";

describe("support calendars", () => {
  it("EKS 1.34: standard, then ending within 90 days, ended on its end date, with 1.35 as the next version", () => {
    assert.equal(supportState(EKS_CALENDAR, "1.34", "2026-08-01").state, "standard");
    const ending = supportState(EKS_CALENDAR, "1.34", "2026-11-01");
    assert.deepEqual([ending.state, "daysLeft" in ending && ending.daysLeft], ["ending", 31]);
    const ended = supportState(EKS_CALENDAR, "1.34", "2026-12-02");
    assert.deepEqual([ended.state, "next" in ended && ended.next], ["ended", "1.35"]);
    assert.equal(supportState(EKS_CALENDAR, "9.99", "2026-12-02").state, "unknown");
  });

  it("the next Aurora version skips minors about to end when a longer-supported one exists", () => {
    const s = supportState(AURORA_POSTGRES_CALENDAR, "17.4", "2026-12-03");
    assert.equal(s.state === "ended" && s.next, "17.6", "17.5 ends 2026-12-31, inside the warning window");
  });

  it("EKS rows: 14 months of standard support, then 12 of extended", () => {
    const month = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7));
    for (const v of EKS_CALENDAR.rows) {
      assert.equal(month(v.endOfExtendedSupport!) - month(v.endOfStandardSupport), 12, v.version);
      assert.ok(Math.abs(month(v.endOfStandardSupport) - month(v.released) - 14) <= 1, v.version);
    }
  });

  it("a dated rule without an as-of date fails with one line; withAsOfDate sets it on every dated rule only", () => {
    assert.throws(() => asOfDay({}, "r"), /^Error: policy r: no asOfDate in its config/);
    assert.throws(() => asOfDay({ asOfDate: "2026-13-45" }, "r"), /expected an ISO date YYYY-MM-DD, got "2026-13-45"/);
    const config = withAsOfDate({ "aws-eks-cluster-require-standard-support": "advisory" }, allPolicies, "2030-01-01");
    assert.deepEqual(config["aws-eks-cluster-require-standard-support"], {
      enforcementLevel: "advisory",
      asOfDate: "2030-01-01",
    });
    assert.deepEqual(Object.keys(config).sort(), [
      "aws-eks-cluster-require-standard-support",
      "aws-eks-cluster-standard-support-ending",
      "aws-rds-cluster-require-standard-support",
      "aws-rds-cluster-standard-support-ending",
      "kubernetes-secret-certificate-expiring-soon",
      "kubernetes-secret-certificate-not-expired",
      "stack-monthly-cost-within-budget",
    ]);
  });
});
