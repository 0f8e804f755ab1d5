/**
 * Graph queries for the real-deploy review tests: what the engine will wait for (transitive dependencies, with a
 * dependency on a component standing for all its descendants, as the SDK expands it) and who uses what.
 */
import type { CapturedResource, RunResult } from "../harness";

export class DependencyGraph {
  private readonly byUrn: Map<string, CapturedResource>;
  private readonly children = new Map<string, CapturedResource[]>();
  private readonly closure = new Map<string, Set<string>>();

  constructor(readonly run: RunResult) {
    this.byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    for (const r of run.resources) {
      if (!r.parent) continue;
      const list = this.children.get(r.parent) ?? [];
      list.push(r);
      this.children.set(r.parent, list);
    }
  }

  /** A component stands for itself and everything under it. */
  private expand(urn: string): string[] {
    const out = [urn];
    for (const c of this.children.get(urn) ?? []) out.push(...this.expand(c.urn));
    return out;
  }

  /** Every resource `r` waits for before it is created: its dependencies, theirs, and so on. */
  waitsFor(r: CapturedResource): Set<string> {
    const cached = this.closure.get(r.urn);
    if (cached) return cached;
    const seen = new Set<string>();
    const stack = r.dependencies.flatMap((d) => this.expand(d));
    while (stack.length > 0) {
      const urn = stack.pop()!;
      if (seen.has(urn)) continue;
      seen.add(urn);
      for (const d of this.byUrn.get(urn)?.dependencies ?? []) stack.push(...this.expand(d));
    }
    this.closure.set(r.urn, seen);
    return seen;
  }

  /** Resources that name `target` among their direct dependencies. */
  directDependents(target: CapturedResource): CapturedResource[] {
    return this.run.resources.filter((r) => r.dependencies.includes(target.urn));
  }

  ofType(type: string): CapturedResource[] {
    return this.run.resources.filter((r) => r.type === type);
  }
}

/** Short label for assertion messages. */
export function label(r: CapturedResource): string {
  return `${r.type} ${r.name}`;
}
