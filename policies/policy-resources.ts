/**
 * How the offline runner (runner.ts) hands a captured resource to a rule: as the engine's PolicyResource, its props
 * wrapped in @pulumi/policy's unknown-checking proxy (mirrored), with options, provider, parent and dependencies
 * resolved to resource objects.
 */
import type { PolicyProviderResource, PolicyResource, PolicyResourceOptions } from "@pulumi/policy";
import type { CapturedResource, CapturedStack } from "./lib/graph";
import { IS_SPECIAL_PROXY, OFFLINE_UNKNOWN, SPECIAL_PROXY_TARGET } from "./lib/unknowns";

/** Thrown when a rule reads a value unknown during preview: the rule's run becomes an advisory note. */
export class UnknownValueError extends Error {}

/** Mirrors @pulumi/policy's unknownCheckingProxy, with "[unknown]" as the unknown marker. */
function unknownCheckingProxy<T>(value: T, path: string[] = []): T {
  if (!(value instanceof Object)) return value;
  return new Proxy(value as object, {
    get: (obj, prop) => {
      if (prop === IS_SPECIAL_PROXY) return true;
      if (prop === SPECIAL_PROXY_TARGET) return obj;
      const field = (obj as Record<string | symbol, unknown>)[prop];
      const next = [...path, String(prop)];
      if (field === OFFLINE_UNKNOWN)
        throw new UnknownValueError(`value at .${next.join(".")} can't be known during preview`);
      const desc = Object.getOwnPropertyDescriptor(obj, prop);
      if (desc && "value" in desc && desc.configurable === false && desc.writable === false) return field;
      return unknownCheckingProxy(field, next);
    },
  }) as T;
}

function isTypeOf(type: string, cls: unknown): boolean {
  const c = cls as { __pulumiType?: unknown; isInstance?: (o: unknown) => boolean };
  if (typeof c.__pulumiType === "string" && c.__pulumiType.length > 0) return type === c.__pulumiType;
  return typeof c.isInstance === "function" && c.isInstance({ __pulumiType: type }) === true;
}

export const pulumiTypeOf = (fn: unknown): string | undefined => {
  const t = (fn as { __pulumiType?: unknown }).__pulumiType;
  return typeof t === "string" && t.length > 0 ? t : undefined;
};

function optionsOf(r: CapturedResource): PolicyResourceOptions {
  return {
    protect: r.protect,
    ignoreChanges: r.ignoreChanges,
    deleteBeforeReplace: r.deleteBeforeReplace,
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(r.parent ? { parent: r.parent } : {}),
  };
}

/** `<provider urn>::<id>` → the captured provider resource, as the engine passes it to policies. */
function providerOf(r: CapturedResource, byUrn: Map<string, CapturedResource>): PolicyProviderResource | undefined {
  if (!r.provider) return undefined;
  const cut = r.provider.lastIndexOf("::");
  const p = byUrn.get(cut > 0 ? r.provider.slice(0, cut) : r.provider);
  return p ? { type: p.type, urn: p.urn, name: p.name, props: unknownCheckingProxy(p.inputs) } : undefined;
}

/** What a rule sees of one resource, in a resource policy's args as in a stack policy's resource list. */
export function resourceView(
  r: CapturedResource,
  byUrn: Map<string, CapturedResource>,
): Pick<PolicyResource, "type" | "props" | "urn" | "name" | "opts" | "isType" | "asType" | "provider"> {
  const props = unknownCheckingProxy(r.inputs);
  const provider = providerOf(r, byUrn);
  return {
    type: r.type,
    props,
    urn: r.urn,
    name: r.name,
    opts: optionsOf(r),
    isType: (cls) => isTypeOf(r.type, cls),
    asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as PolicyResource["asType"],
    ...(provider ? { provider } : {}),
  };
}

export function policyResources(stack: CapturedStack, byUrn: Map<string, CapturedResource>): PolicyResource[] {
  const built = new Map<string, PolicyResource>();
  for (const r of stack.resources) {
    built.set(r.urn, { ...resourceView(r, byUrn), dependencies: [], propertyDependencies: {} });
  }
  for (const r of stack.resources) {
    const pr = built.get(r.urn)!;
    const parent = r.parent ? built.get(r.parent) : undefined;
    if (parent) pr.parent = parent;
    pr.dependencies = r.dependencies.map((d) => built.get(d)).filter((d): d is PolicyResource => !!d);
  }
  return [...built.values()];
}
