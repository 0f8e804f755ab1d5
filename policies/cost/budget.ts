/**
 * The stack budget: the estimated monthly cost of everything in the stack (cost.ts over
 * pricing.ts) must stay within the environment's `budgetUsd`. The violation lists the five
 * biggest cost drivers so the reviewer sees where the money goes.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { estimateCost, topCostDrivers, type CostResource } from "./estimate";
import { capacityCeiling } from "./estimate-nodes";
import type { AssumptionOverrides } from "./assumptions";
import { withoutUnknowns } from "../lib/unknowns";
import { asRecord } from "../lib/values";

interface BudgetConfig {
  budgetUsd: number;
  assumptions: AssumptionOverrides;
  asOfDate?: string;
}

/**
 * PolicyResource carries no custom/component flag: a type whose module has no "/" and that
 * is not a provider is a component (`edgestack:platform:Network`); provider types
 * (`aws:ec2/vpc:Vpc`, `kubernetes:helm.sh/v3:Release`) always have one.
 */
function isComponentType(type: string): boolean {
  const [, module] = type.split(":");
  return !type.startsWith("pulumi:providers:") && module !== undefined && !module.includes("/");
}

export function toCostResources(resources: PolicyResource[]): CostResource[] {
  return resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    // A plain copy: a value unknown during preview must not abort the whole estimate.
    inputs: asRecord(withoutUnknowns(r.props)),
    parent: r.parent?.urn,
    custom: !isComponentType(r.type),
    dependencies: [
      ...r.dependencies.map((d) => d.urn),
      ...Object.values(r.propertyDependencies ?? {}).flatMap((deps) => deps.map((d) => d.urn)),
    ],
  }));
}

const usd = (x: number) => `$${x.toFixed(2)}`;

export const stackBudget: EdgestackPolicy = {
  name: "stack-monthly-cost-within-budget",
  description: "The stack's estimated monthly cost must stay within the environment's budget.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Shrink the top cost drivers (instance sizes, node counts, NAT per AZ, log retention) or raise budgetUsd in policies/config/<env>.json in a reviewed change.",
  configSchema: {
    properties: {
      budgetUsd: { type: "number", minimum: 0, default: 1000, description: "Monthly budget, USD." },
      assumptions: { type: "object", default: {}, description: "Overrides of cost/assumptions.ts defaults." },
      asOfDate: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
    },
  },
  validateStack: (args, report) => {
    const cfg = args.getConfig<BudgetConfig>();
    const resources = toCostResources(args.resources);
    const estimate = estimateCost(resources, {
      ...cfg.assumptions,
      ...(cfg.asOfDate ? { asOfDate: cfg.asOfDate } : {}),
    });
    // A billable resource without a price would count as $0 and let any budget pass: fail by name instead.
    if (estimate.notPriced.length) {
      const names = estimate.notPriced.map((n) => `${n.name} (${n.type}: ${n.reason})`).join("; ");
      report(
        `${estimate.notPriced.length} billable resource(s) could not be priced, so the budget cannot be checked: ${names}. Add their prices to policies/pricing.ts.`,
      );
    }
    if (estimate.totalUsd <= cfg.budgetUsd) return;
    // The budget holds the baseline (pods at minimum replicas); the ceiling says what the HPAs' peak would add.
    const ceiling = capacityCeiling(resources, estimate.assumptions);
    const ceilingUsd = estimate.totalUsd - ceiling.baselineNodesUsd + ceiling.ceilingNodesUsd;
    const drivers = topCostDrivers(estimate, 5)
      .map((d, i) => `${i + 1}. ${d.name} (${d.type}) ${usd(d.monthlyUsd)}`)
      .join("; ");
    report(
      `Estimated monthly cost ${usd(estimate.totalUsd)} exceeds the budget of ${usd(cfg.budgetUsd)} by ${usd(estimate.totalUsd - cfg.budgetUsd)} (pods at minimum replicas; at maximum replicas the ceiling is ${usd(ceilingUsd)}). Top cost drivers: ${drivers}.`,
    );
  },
};

export const budgetPolicies: EdgestackPolicy[] = [stackBudget];
