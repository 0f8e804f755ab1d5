/**
 * The machine-readable graph `preview:offline --json` prints (and `--out` writes): every captured resource with
 * its inputs (secrets already "[secret]", see tools/graph.ts), options, dependencies, provider, tier component and
 * monthly cost lines, plus the policy verdicts and cost totals. Two of these documents are what `preview:diff`
 * compares, so that part is canonical: resources sorted by URN, object keys sorted, dependency lists sorted and
 * de-duplicated. The human report carried along (`components`, `tree`) lists resources in registration order. The
 * shape is described by docs/preview-graph.schema.json (checked by tests/tools/graph-json.test.ts).
 */
import type { CostEstimate, CostLine, NotPriced } from "../policies/cost/estimate";
import type { Verdict } from "../policies/runner";
import type { CapturedResource } from "../policies/lib/graph";
import type { Report } from "./report";

/** Bump when a field changes meaning; preview:diff refuses documents of another major version. */
export const GRAPH_SCHEMA_VERSION = 1;

/** The tier a resource is accounted to: the Platform's direct child component (or the provider group, or the stack). */
export interface ComponentRef {
  /** Unique key: the component's URN, "providers" for the tier providers, "stack" for resources outside the Platform. */
  key: string;
  name: string;
  type: string;
}

export interface GraphCost {
  monthlyUsd: number;
  reservedMonthlyUsd: number;
  lines: Array<
    Pick<CostLine, "description" | "quantity" | "unit" | "unitPriceUsd" | "monthlyUsd" | "priceKey" | "assumption">
  >;
}

export interface GraphResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent?: string;
  component: ComponentRef;
  inputs: Record<string, unknown>;
  dependencies: string[];
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  ignoreChanges: string[];
  provider?: string;
  /** Monthly cost of this resource from policies/pricing.ts; absent when the estimator has no lines for it. */
  cost?: GraphCost;
  /** Why a billable resource could not be priced (it is then not free, just unknown). */
  notPriced?: string;
}

export interface GraphComponent extends ComponentRef {
  resourceCount: number;
  monthlyUsd: number;
}

export interface GraphJson extends Report {
  schemaVersion: number;
  blocking: boolean;
  resources: GraphResource[];
  graphComponents: GraphComponent[];
}

/** Sorts object keys recursively so two runs of the same program serialise byte-identically. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const PLATFORM = /:Platform$/;

/** Component of every resource, keyed by URN (two tiers may share a name: EdgeOrigin and Edge are both "edge"). */
export function componentsOf(resources: CapturedResource[]): Map<string, ComponentRef> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const out = new Map<string, ComponentRef>();
  for (const r of resources) {
    let cur: CapturedResource | undefined = r;
    let ref: ComponentRef = { key: "stack", name: "stack", type: "pulumi:pulumi:Stack" };
    for (let hops = 0; cur && hops < 1000; hops++) {
      const parent: CapturedResource | undefined = cur.parent ? byUrn.get(cur.parent) : undefined;
      if (parent && PLATFORM.test(parent.type)) {
        ref = cur.type.startsWith("pulumi:providers:")
          ? { key: "providers", name: "providers", type: "providers" }
          : { key: cur.urn, name: cur.name, type: cur.type };
        break;
      }
      cur = parent;
    }
    out.set(r.urn, ref);
  }
  return out;
}

export interface GraphSections {
  cost?: CostEstimate & { budgetUsd?: number };
  policy?: { verdicts: Verdict[] };
}

export function buildGraphJson(report: Report, resources: CapturedResource[], blocking: boolean): GraphJson {
  const sections = report.sections as GraphSections;
  const components = componentsOf(resources);
  const costBy = new Map<string, GraphCost>();
  for (const l of sections.cost?.lines ?? []) {
    const c = costBy.get(l.urn) ?? { monthlyUsd: 0, reservedMonthlyUsd: 0, lines: [] };
    c.monthlyUsd += l.monthlyUsd;
    c.reservedMonthlyUsd += l.reservedMonthlyUsd;
    const { description, quantity, unit, unitPriceUsd, monthlyUsd, priceKey, assumption } = l;
    c.lines.push({
      description,
      quantity,
      unit,
      unitPriceUsd,
      monthlyUsd,
      priceKey,
      ...(assumption ? { assumption } : {}),
    });
    costBy.set(l.urn, c);
  }
  const notPriced = new Map((sections.cost?.notPriced ?? []).map((n: NotPriced) => [n.urn, n.reason]));
  const graph: GraphResource[] = [...resources]
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0))
    .map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      custom: r.custom,
      ...(r.parent ? { parent: r.parent } : {}),
      component: components.get(r.urn)!,
      inputs: canonical(r.inputs) as Record<string, unknown>,
      dependencies: [...new Set(r.dependencies)].sort(),
      protect: r.protect,
      retainOnDelete: r.retainOnDelete,
      deleteBeforeReplace: r.deleteBeforeReplace,
      ignoreChanges: [...r.ignoreChanges].sort(),
      ...(r.provider ? { provider: r.provider } : {}),
      ...(costBy.has(r.urn) ? { cost: costBy.get(r.urn) } : {}),
      ...(notPriced.has(r.urn) ? { notPriced: notPriced.get(r.urn) } : {}),
    }));
  const groups = new Map<string, GraphComponent>();
  for (const r of graph) {
    if (!r.custom) continue;
    const g = groups.get(r.component.key) ?? { ...r.component, resourceCount: 0, monthlyUsd: 0 };
    g.resourceCount += 1;
    g.monthlyUsd += r.cost?.monthlyUsd ?? 0;
    groups.set(r.component.key, g);
  }
  return {
    schemaVersion: GRAPH_SCHEMA_VERSION,
    ...report,
    blocking,
    resources: graph,
    graphComponents: [...groups.values()],
  };
}
