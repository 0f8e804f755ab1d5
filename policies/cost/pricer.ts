/**
 * The contract between the estimator (estimate.ts) and the per-provider pricers (estimate-aws.ts, estimate-data.ts,
 * estimate-k8s.ts): its own module so the pricers do not import the estimator that imports them.
 */
import type { CapturedResource } from "../lib/graph";
import type { CostAssumptions } from "./assumptions";

/** What the estimator reads from a resource (a CapturedResource has all of it). */
export type CostResource = Pick<CapturedResource, "urn" | "type" | "name" | "inputs"> &
  Partial<Pick<CapturedResource, "parent" | "custom" | "dependencies">>;

/** A pricer's output before the estimator attaches resource and component. */
export interface LineDraft {
  description: string;
  /** Billed units per month, in the price's unit (hours, GB-month, ...). */
  quantity: number;
  priceKey: string;
  /** Overrides the table's price (spot nodes, free-tier budgets). */
  unitPriceUsd?: number;
  reservedUnitPriceUsd?: number;
  /** The usage assumption behind `quantity`, when it is not read from the program. */
  assumption?: string;
}

/** A pricer returns lines, or a reason why the resource could not be priced. */
export type Pricer = (r: CostResource, ctx: CostContext) => LineDraft[] | { notPriced: string };

export interface CostContext {
  resources: CostResource[];
  byUrn: Map<string, CostResource>;
  assumptions: CostAssumptions;
  /** Resources of `type` that `r` depends on, or that depend on `r`. */
  related(r: CostResource, type: string): CostResource[];
  ofType(type: string): CostResource[];
}
