/**
 * Pure diff of two offline-preview graphs (tools/graph-json.ts): what `pulumi preview --diff` would show a reviewer,
 * computed without a provider. Resources are matched by URN; for a resource in both, every input path that differs
 * is listed old → new, and a change to a property in tools/replacement-risk.ts marks the resource as replaced.
 *
 * Limits (said in the output, not hidden): offline, the replacement verdict covers only the rows of that table
 * (other types show "update" even where the provider would replace); secrets are "[secret]" on both sides, so a
 * secret whose value changed but stays secret is invisible, while one that appears, disappears or stops/starts being
 * secret is listed as a change with no value; the engine ignores paths listed in `ignoreChanges`, so do we.
 */
import type { ComponentRef, GraphJson, GraphResource } from "./graph-json";
import { FOUNDATIONAL_TYPES, replacementRule, riskRank, STATEFUL_TYPES } from "./replacement-risk";
import { diffValues, type PropertyChange } from "./value-diff";

export type Op = "create" | "delete" | "update" | "replace";

export interface ResourceDiff {
  urn: string;
  type: string;
  name: string;
  /** false for ComponentResources (no cloud object; not counted in the component rows). */
  custom: boolean;
  component: ComponentRef;
  op: Op;
  stateful: boolean;
  foundational: boolean;
  /**
   * Replacements only: resources of the head graph that depend on this one. Offline the new ID is not known, so
   * their inputs look unchanged here; with the real provider, those holding its ID are updated or replaced too.
   */
  dependents?: number;
  /** Replacement of a resource protected in both base and head: the engine refuses it (pulumi#8873). */
  protectBlocks?: boolean;
  protect: boolean;
  changes: PropertyChange[];
  cost: { baseUsd: number; headUsd: number; deltaUsd: number };
}

export interface ComponentDiff extends ComponentRef {
  /** Display name, unique within the stack ("edge (EdgeOrigin)" when two tiers share a name). */
  label: string;
  create: number;
  delete: number;
  update: number;
  replace: number;
  baseUsd: number;
  headUsd: number;
}

export interface PolicyVerdictRef {
  policy: string;
  enforcementLevel: string;
  severity?: string;
  urn?: string;
  name?: string;
  message: string;
}

export interface GraphDiff {
  stack: string;
  summary: Record<Op, number> & {
    statefulAtRisk: number;
    costDeltaUsd: number;
    newViolations: number;
    fixedViolations: number;
  };
  /** Replacements first (stateful, then foundational, then others), then deletions, creations, updates. */
  resources: ResourceDiff[];
  components: ComponentDiff[];
  cost: { baseTotalUsd: number; headTotalUsd: number; deltaUsd: number; budgetUsd?: number };
  policy: { new: PolicyVerdictRef[]; fixed: PolicyVerdictRef[] };
  blocking: { base: boolean; head: boolean };
}

/** `ignoreChanges: ["engineVersion", "tags"]` hides `engineVersion` and `tags.x` as the engine does. */
function ignored(path: string, ignoreChanges: string[]): boolean {
  return ignoreChanges.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
}

const OPTIONS = ["protect", "retainOnDelete", "deleteBeforeReplace", "provider"] as const;

function resourceDiff(base: GraphResource | undefined, head: GraphResource | undefined): ResourceDiff | undefined {
  const r = (head ?? base)!;
  const costOf = (x?: GraphResource) => x?.cost?.monthlyUsd ?? 0;
  const cost = { baseUsd: costOf(base), headUsd: costOf(head), deltaUsd: costOf(head) - costOf(base) };
  const common = {
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: r.custom,
    component: r.component,
    stateful: STATEFUL_TYPES.has(r.type),
    foundational: FOUNDATIONAL_TYPES.includes(r.type),
    cost,
  };
  if (!base) return { ...common, op: "create", protect: head!.protect, changes: [] };
  if (!head) return { ...common, op: "delete", protect: base.protect, changes: [] };
  const changes: PropertyChange[] = [];
  diffValues("", base.inputs, head.inputs, changes);
  const inputChanges = changes.filter((c) => !ignored(c.path, head.ignoreChanges));
  for (const c of inputChanges) {
    const rule = replacementRule(r.type, c.path, base.inputs, head.inputs);
    if (rule) c.forcesReplacement = { source: rule.source, ...(rule.note ? { note: rule.note } : {}) };
  }
  for (const o of OPTIONS) diffValues(`[${o}]`, base[o], head[o], inputChanges);
  if (!inputChanges.length && cost.deltaUsd === 0) return undefined;
  const replace = inputChanges.some((c) => c.forcesReplacement);
  // Only input or option changes make a step; a cost change alone (a usage assumption) is listed as an update.
  return {
    ...common,
    op: replace ? "replace" : "update",
    protect: head.protect,
    ...(replace ? { protectBlocks: base.protect && head.protect } : {}),
    changes: inputChanges,
  };
}

const RANK: Record<Op, number> = { replace: 0, delete: 1, create: 2, update: 3 };

function verdicts(g: GraphJson): PolicyVerdictRef[] {
  const section = (g.sections as { policy?: { verdicts?: PolicyVerdictRef[] } }).policy;
  return (section?.verdicts ?? []).map(({ policy, enforcementLevel, severity, urn, name, message }) => ({
    policy,
    enforcementLevel,
    severity,
    urn,
    name,
    message,
  }));
}

export function diffGraphs(base: GraphJson, head: GraphJson): GraphDiff {
  for (const g of [base, head]) {
    const side = g === base ? "base" : "head";
    if (!Array.isArray(g.resources))
      throw new Error(`the ${side} preview has no resource graph (written by an older preview:offline?)`);
    const error = (g.sections as { error?: string }).error;
    if (error) throw new Error(`the ${side} program failed, there is nothing to compare: ${error}`);
  }
  const b = new Map(base.resources.map((r) => [r.urn, r]));
  const h = new Map(head.resources.map((r) => [r.urn, r]));
  const resources = [...new Set([...b.keys(), ...h.keys()])]
    .sort()
    .map((urn) => resourceDiff(b.get(urn), h.get(urn)))
    .filter((d): d is ResourceDiff => !!d)
    .map((d) =>
      d.op === "replace"
        ? { ...d, dependents: head.resources.filter((x) => x.dependencies.includes(d.urn)).length }
        : d,
    )
    .sort(
      (x, y) =>
        RANK[x.op] - RANK[y.op] ||
        (x.op === "replace" || x.op === "delete" ? riskRank(x.type) - riskRank(y.type) : 0) ||
        (x.urn < y.urn ? -1 : 1),
    );

  const comps = new Map<string, ComponentDiff>();
  for (const r of [...base.resources, ...head.resources]) {
    if (!comps.has(r.component.key))
      comps.set(r.component.key, {
        ...r.component,
        label: r.component.name,
        create: 0,
        delete: 0,
        update: 0,
        replace: 0,
        baseUsd: 0,
        headUsd: 0,
      });
  }
  for (const r of base.resources) comps.get(r.component.key)!.baseUsd += r.cost?.monthlyUsd ?? 0;
  for (const r of head.resources) comps.get(r.component.key)!.headUsd += r.cost?.monthlyUsd ?? 0;
  for (const d of resources) if (d.custom) comps.get(d.component.key)![d.op] += 1;
  const names = [...comps.values()].map((c) => c.name);
  for (const c of comps.values())
    if (names.filter((n) => n === c.name).length > 1) c.label = `${c.name} (${c.type.split(":").pop()})`;

  const ref = (v: PolicyVerdictRef) => `${v.policy}|${v.urn ?? "stack"}`;
  const [bv, hv] = [verdicts(base), verdicts(head)];
  const newViolations = hv.filter((v) => !bv.some((x) => ref(x) === ref(v)));
  const fixed = bv.filter((v) => !hv.some((x) => ref(x) === ref(v)));
  const total = (g: GraphJson) => g.resources.reduce((s, r) => s + (r.cost?.monthlyUsd ?? 0), 0);
  const count = (op: Op) => resources.filter((d) => d.op === op).length;
  const budget = (head.sections as { cost?: { budgetUsd?: number } }).cost?.budgetUsd;
  return {
    stack: head.stack,
    summary: {
      create: count("create"),
      delete: count("delete"),
      update: count("update"),
      replace: count("replace"),
      statefulAtRisk: resources.filter((d) => d.stateful && (d.op === "replace" || d.op === "delete")).length,
      costDeltaUsd: total(head) - total(base),
      newViolations: newViolations.length,
      fixedViolations: fixed.length,
    },
    resources,
    components: [...comps.values()].filter(
      (c) => c.create + c.delete + c.update + c.replace > 0 || Math.abs(c.headUsd - c.baseUsd) >= 0.005,
    ),
    cost: {
      baseTotalUsd: total(base),
      headTotalUsd: total(head),
      deltaUsd: total(head) - total(base),
      ...(budget !== undefined ? { budgetUsd: budget } : {}),
    },
    policy: { new: newViolations, fixed },
    blocking: { base: !!base.blocking, head: !!head.blocking },
  };
}
