/**
 * NAT gateways cost $0.045/hour each plus $0.045/GB: one per AZ buys AZ independence in prod,
 * one in total is enough for dev. The cap comes from policy config.
 */
import * as aws from "@pulumi/aws";
import type { EdgestackPolicy } from "../types";
import { ofType } from "../lib/stack";

interface NatConfig {
  maxNatGateways: number;
}

export const natGatewayCount: EdgestackPolicy = {
  name: "aws-vpc-limit-nat-gateways",
  description: "The stack must not create more NAT gateways than the environment allows.",
  severity: "low",
  enforcementLevel: "mandatory",
  remediation: "Set the network's NAT mode to a single gateway (dev) or one per AZ (prod), matching maxNatGateways.",
  configSchema: { properties: { maxNatGateways: { type: "integer", minimum: 0, default: 3 } } },
  validateStack: (args, report) => {
    const { maxNatGateways } = args.getConfig<NatConfig>();
    const nats = ofType(args.resources, aws.ec2.NatGateway);
    if (nats.length > maxNatGateways) {
      report(
        `The stack creates ${nats.length} NAT gateways; at most ${maxNatGateways} are allowed here (${nats.map((n) => n.name).join(", ")}).`,
      );
    }
  },
};

export const networkCostPolicies: EdgestackPolicy[] = [natGatewayCount];
