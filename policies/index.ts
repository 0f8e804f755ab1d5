/**
 * The edgestack policy pack, as `pulumi preview --policy-pack policies` loads it.
 * Only builds the pack: `new PolicyPack` starts the analyzer's gRPC server, so nothing else
 * (tests, the offline runner) may import this file. Rules live in rules.ts.
 *
 * Dated rules (version support, certificate expiry, the budget's EKS price) read `asOfDate` from their config.
 * `npm run policy-config -- --stack <stack>` writes it; when a run passes no policy config, the day the analyzer
 * starts becomes the schema default: the pack's entry point is the one place that reads the clock.
 */
import { PolicyPack } from "@pulumi/policy";
import { AS_OF_PROPERTY } from "./lib/as-of";
import { allPolicies } from "./rules";

const today = new Date().toISOString().slice(0, 10);
const policies = allPolicies.map((p) => {
  const asOf = p.configSchema?.properties?.[AS_OF_PROPERTY];
  if (!asOf) return p;
  return {
    ...p,
    configSchema: {
      ...p.configSchema,
      properties: { ...p.configSchema!.properties, [AS_OF_PROPERTY]: { ...asOf, default: today } },
    },
  };
});

new PolicyPack("edgestack", { policies, enforcementLevel: "mandatory" });
