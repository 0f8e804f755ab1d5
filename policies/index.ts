/**
 * The edgestack policy pack, as `pulumi preview --policy-pack policies` loads it.
 * Only builds the pack: `new PolicyPack` starts the analyzer's gRPC server, so nothing else
 * (tests, the offline runner) may import this file. Rules live in rules.ts.
 */
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./rules";

new PolicyPack("edgestack", { policies: allPolicies, enforcementLevel: "mandatory" });
