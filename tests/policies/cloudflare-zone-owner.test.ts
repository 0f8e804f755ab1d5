import * as assert from "assert";
import { zoneTlsSettings, zoneWafManagedRules } from "../../policies/security/cloudflare";
import { runPolicies } from "../../policies/runner";
import { res, stackOf } from "./fixtures";

/** A stack that publishes DNS records in a zone whose settings and rulesets another stack manages (dev in prod's zone). */
const recordsOnly = stackOf(
  res("cloudflare:index/dnsRecord:DnsRecord", "api", {
    zoneId: "z1",
    name: "api-dev.example.com",
    type: "CNAME",
    content: "nlb.example",
    proxied: true,
    ttl: 1,
  }),
);

describe("Cloudflare zone rules with a shared zone", () => {
  for (const policy of [zoneTlsSettings, zoneWafManagedRules]) {
    it(`${policy.name}: applies to the zone-owning stack, not to a stack whose zone is managed elsewhere`, async () => {
      const owner = await runPolicies(recordsOnly, {}, [policy]);
      assert.ok(owner.mandatoryViolations > 0, "records without zone settings/rulesets violate");
      const guest = await runPolicies(recordsOnly, { [policy.name]: { zoneManagedByStack: "prod" } }, [policy]);
      assert.deepStrictEqual(guest.verdicts, []);
      assert.ok(guest.notApplicable.some((n) => n.policy === policy.name && /managed by stack "prod"/.test(n.reason)));
    });
  }
});
