/**
 * Helpers for stack-level rules: finding resources by type and deciding whether one resource
 * refers to another (a bucket policy to its bucket, a cluster to its parameter group...).
 *
 * "Refers to" is decided the way the engine records it: through `dependencies` /
 * `propertyDependencies` (set whenever one resource's input is another's output), with a
 * fallback on equal literal values (`bucket: "my-bucket"` naming a bucket created with
 * `bucket: "my-bucket"`), which is how a program wires resources by physical name.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { Resource } from "@pulumi/pulumi";
import { asString } from "./values";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any resource constructor, whatever its arguments
type ResourceClass = { new (...rest: any[]): Resource };

export function ofType(resources: PolicyResource[], cls: ResourceClass): PolicyResource[] {
  return resources.filter((r) => r.isType(cls));
}

function dependsOn(from: PolicyResource, to: PolicyResource): boolean {
  if (from.dependencies.some((d) => d.urn === to.urn)) return true;
  return Object.values(from.propertyDependencies ?? {}).some((deps) => deps.some((d) => d.urn === to.urn));
}

/**
 * True when `from` refers to `to`: by dependency, or because `from.props[field]` equals one of
 * `to`'s identifying literals (`to.props[key]` for each key in `toKeys`, or its logical name).
 */
export function refersTo(from: PolicyResource, to: PolicyResource, field: string, toKeys: string[]): boolean {
  if (dependsOn(from, to)) return true;
  const value = asString(from.props[field]);
  if (value === undefined) return false;
  return toKeys.some((k) => asString(to.props[k]) === value) || value === to.name;
}

/** The resources of `candidates` that `from` refers to. */
export function referencedBy(from: PolicyResource, candidates: PolicyResource[], field: string, toKeys: string[]) {
  return candidates.filter((c) => refersTo(from, c, field, toKeys));
}
