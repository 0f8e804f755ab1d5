/**
 * Monthly cost estimate of a resource graph, from the one price table (pricing.ts) and the
 * documented usage assumptions (assumptions.ts). Pure: same graph + assumptions, same
 * numbers. Used by the offline preview (cost table by component), the stack budget rule and
 * the tests.
 *
 * Each priced resource yields one or more lines (a node group: instances + root volumes);
 * every line belongs to a component: the child of the root `...:Platform` component that the
 * resource sits under (Network, Cluster, Database...), found by walking `parent` URNs.
 */
import { resolveAssumptions, type AssumptionOverrides, type CostAssumptions } from "./assumptions";
import { AWS_PRICERS } from "./estimate-aws";
import { OTHER_PRICERS } from "./estimate-k8s";
import { NODE_PRICERS } from "./estimate-nodes";
import { HOURS_PER_MONTH, PRICES_CHECKED, PRICING_REGION, priceOf } from "./pricing";
import type { CostContext, CostResource, Pricer } from "./pricer";

export type { CostResource } from "./pricer";

export interface CostLine {
  urn: string;
  type: string;
  name: string;
  component: string;
  componentType: string;
  description: string;
  quantity: number;
  unit: string;
  unitPriceUsd: number;
  monthlyUsd: number;
  reservedMonthlyUsd: number;
  priceKey: string;
  assumption?: string;
}

export interface NotPriced {
  urn: string;
  type: string;
  name: string;
  component: string;
  reason: string;
}

export interface ComponentCost {
  componentType: string;
  monthlyUsd: number;
  reservedMonthlyUsd: number;
}

export interface CostEstimate {
  region: string;
  pricesChecked: string;
  hoursPerMonth: number;
  lines: CostLine[];
  byComponent: Record<string, ComponentCost>;
  totalUsd: number;
  reservedTotalUsd: number;
  notPriced: NotPriced[];
  assumptions: CostAssumptions;
}

/**
 * Billable AWS types this estimator does not price: they are reported under `notPriced` so a
 * preview never silently shows them as free. (Types absent from both lists cost nothing:
 * IAM, routes, security groups, Kubernetes objects...)
 */
const KNOWN_BILLABLE_UNPRICED: Record<string, string> = {
  "aws:ec2/instance:Instance": "standalone EC2 instances are not modelled (nodes come from node groups)",
  "aws:lb/loadBalancer:LoadBalancer":
    "load balancers created directly are not modelled (the edge NLB comes from a Kubernetes Service)",
  "aws:rds/instance:Instance": "non-Aurora RDS instances are not modelled",
  "aws:elasticache/cluster:Cluster": "standalone cache clusters are not modelled (use a replication group)",
  "aws:elasticache/serverlessCache:ServerlessCache": "ElastiCache Serverless is not modelled",
  "aws:dynamodb/table:Table": "DynamoDB is not modelled",
  "aws:efs/fileSystem:FileSystem": "EFS is not modelled",
  "aws:route53/zone:Zone": "Route 53 hosted zones are not modelled (DNS is on Cloudflare)",
  "aws:lambda/function:Function": "Lambda is not modelled",
};

const PLATFORM_ROOT = /:Platform$/;

/** Component (name and type) a resource is accounted to. */
export function componentOf(r: CostResource, byUrn: Map<string, CostResource>): { name: string; type: string } {
  const chain: CostResource[] = [];
  for (let cur: CostResource | undefined = r; cur; cur = cur.parent ? byUrn.get(cur.parent) : undefined) {
    if (chain.includes(cur)) break; // defensive: a malformed graph with a parent cycle
    chain.push(cur);
  }
  const root = chain[chain.length - 1];
  if (root.custom !== false || chain.length === 1) return { name: "stack", type: "pulumi:pulumi:Stack" };
  // Under the Platform root, account to the root's direct child component; elsewhere to the root.
  const child = chain[chain.length - 2];
  const target = PLATFORM_ROOT.test(root.type) && child.custom === false ? child : root;
  return { name: target.name, type: target.type };
}

function context(resources: CostResource[], assumptions: CostAssumptions): CostContext {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return {
    resources,
    byUrn,
    assumptions,
    ofType: (type) => resources.filter((x) => x.type === type),
    related: (r, type) =>
      resources.filter(
        (x) => x.type === type && ((r.dependencies ?? []).includes(x.urn) || (x.dependencies ?? []).includes(r.urn)),
      ),
  };
}

const PRICERS: Record<string, Pricer> = { ...AWS_PRICERS, ...OTHER_PRICERS, ...NODE_PRICERS };

export function estimateCost(resources: CostResource[], overrides: AssumptionOverrides = {}): CostEstimate {
  const assumptions = resolveAssumptions(overrides);
  const ctx = context(resources, assumptions);
  const lines: CostLine[] = [];
  const notPriced: NotPriced[] = [];
  for (const r of resources) {
    const component = componentOf(r, ctx.byUrn);
    const pricer = PRICERS[r.type];
    const result = pricer
      ? pricer(r, ctx)
      : KNOWN_BILLABLE_UNPRICED[r.type]
        ? { notPriced: KNOWN_BILLABLE_UNPRICED[r.type] }
        : [];
    if (!Array.isArray(result)) {
      notPriced.push({ urn: r.urn, type: r.type, name: r.name, component: component.name, reason: result.notPriced });
      continue;
    }
    for (const draft of result) {
      const price = priceOf(draft.priceKey);
      const unitPrice = draft.unitPriceUsd ?? price.usd;
      const reservedUnit = draft.reservedUnitPriceUsd ?? price.reserved1yUsd ?? unitPrice;
      lines.push({
        urn: r.urn,
        type: r.type,
        name: r.name,
        component: component.name,
        componentType: component.type,
        description: draft.description,
        quantity: draft.quantity,
        unit: price.unit,
        unitPriceUsd: unitPrice,
        monthlyUsd: draft.quantity * unitPrice,
        reservedMonthlyUsd: draft.quantity * reservedUnit,
        priceKey: draft.priceKey,
        ...(draft.assumption ? { assumption: draft.assumption } : {}),
      });
    }
  }
  const byComponent: Record<string, ComponentCost> = {};
  for (const l of lines) {
    const c = (byComponent[l.component] ??= { componentType: l.componentType, monthlyUsd: 0, reservedMonthlyUsd: 0 });
    c.monthlyUsd += l.monthlyUsd;
    c.reservedMonthlyUsd += l.reservedMonthlyUsd;
  }
  return {
    region: PRICING_REGION,
    pricesChecked: PRICES_CHECKED,
    hoursPerMonth: HOURS_PER_MONTH,
    lines,
    byComponent,
    totalUsd: lines.reduce((s, l) => s + l.monthlyUsd, 0),
    reservedTotalUsd: lines.reduce((s, l) => s + l.reservedMonthlyUsd, 0),
    notPriced,
    assumptions,
  };
}

/** The `n` most expensive resources (lines of one resource summed), most expensive first. */
export function topCostDrivers(
  estimate: CostEstimate,
  n = 5,
): { urn: string; name: string; type: string; monthlyUsd: number }[] {
  const byResource = new Map<string, { urn: string; name: string; type: string; monthlyUsd: number }>();
  for (const l of estimate.lines) {
    const e = byResource.get(l.urn) ?? { urn: l.urn, name: l.name, type: l.type, monthlyUsd: 0 };
    e.monthlyUsd += l.monthlyUsd;
    byResource.set(l.urn, e);
  }
  return [...byResource.values()].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, n);
}
