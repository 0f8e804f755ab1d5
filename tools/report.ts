/**
 * Pure report building for the offline preview: the resource tree grouped by component, plus the sections
 * the policy pack and the cost estimator add. Text and JSON renderers share one Report object.
 */
import { CapturedResource, CapturedStack } from "../policies/lib/graph";

export interface ComponentSummary {
  component: string;
  type: string;
  resourceCount: number;
  countsByType: Record<string, number>;
}

export interface TreeNode {
  urn: string;
  type: string;
  name: string;
  protect: boolean;
  children: TreeNode[];
}

export interface Report {
  project: string;
  stack: string;
  resourceCount: number;
  components: ComponentSummary[];
  tree: TreeNode[];
  outputs: Record<string, unknown>;
  /** Extra sections (policy verdicts, cost) keyed by name; each plugin owns its section. */
  sections: Record<string, unknown>;
}

export function buildTree(resources: CapturedResource[]): TreeNode[] {
  const nodes = new Map(
    resources.map((r) => [
      r.urn,
      { urn: r.urn, type: r.type, name: r.name, protect: r.protect, children: [] as TreeNode[] },
    ]),
  );
  const roots: TreeNode[] = [];
  for (const r of resources) {
    const node = nodes.get(r.urn)!;
    const parent = r.parent ? nodes.get(r.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

function countCustom(node: TreeNode, counts: Record<string, number>, resources: Map<string, CapturedResource>): number {
  let n = 0;
  for (const c of node.children) {
    if (resources.get(c.urn)?.custom) {
      counts[c.type] = (counts[c.type] ?? 0) + 1;
      n += 1;
    }
    n += countCustom(c, counts, resources);
  }
  return n;
}

/** Components = the direct children of the Platform component (one per tier), plus top-level custom resources. */
export function summarize(stack: CapturedStack): Report {
  const tree = buildTree(stack.resources);
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  const platform = stack.resources.find((r) => r.type === "edgestack:platform:Platform");
  const tiers = platform
    ? tree.flatMap(function find(n): TreeNode[] {
        return n.urn === platform.urn ? n.children : n.children.flatMap(find);
      })
    : tree;
  // Explicit providers (one AWS provider per tier, the Kubernetes provider) are grouped as "providers".
  const isProvider = (t: TreeNode) => t.type.startsWith("pulumi:providers:");
  const providers: TreeNode = {
    urn: "",
    type: "providers",
    name: "providers",
    protect: false,
    children: tiers.filter(isProvider),
  };
  const groups = [...tiers.filter((t) => !isProvider(t)), ...(providers.children.length ? [providers] : [])];
  const components = groups.map((t) => {
    const countsByType: Record<string, number> = {};
    const resourceCount = countCustom(t, countsByType, byUrn);
    return { component: t.name, type: t.type, resourceCount, countsByType };
  });
  return {
    project: stack.project,
    stack: stack.stack,
    resourceCount: stack.resources.filter((r) => r.custom).length,
    components,
    tree,
    outputs: stack.outputs,
    sections: {},
  };
}

function shortType(type: string): string {
  return type.replace(/^(\w+):([\w.]+)\/(\w+):/, "$1:$2:").replace(/^pulumi:providers:/, "provider:");
}

export function renderTree(nodes: TreeNode[], indent = ""): string[] {
  const lines: string[] = [];
  nodes.forEach((n, i) => {
    const last = i === nodes.length - 1;
    lines.push(`${indent}${last ? "└─ " : "├─ "}${shortType(n.type)}  ${n.name}${n.protect ? "  [protected]" : ""}`);
    lines.push(...renderTree(n.children, indent + (last ? "   " : "│  ")));
  });
  return lines;
}

export function renderComponentTable(components: ComponentSummary[]): string[] {
  const lines = [`${"component".padEnd(14)} ${"resources".padStart(9)}  main types`];
  for (const c of components) {
    const top = Object.entries(c.countsByType)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([t, n]) => `${shortType(t).split(":").pop()}×${n}`)
      .join(", ");
    lines.push(`${c.component.padEnd(14)} ${String(c.resourceCount).padStart(9)}  ${top}`);
  }
  return lines;
}
