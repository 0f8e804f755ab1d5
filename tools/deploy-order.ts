/**
 * Which stack must deploy before which, from the stacks' own config: in a Cloudflare zone shared by several
 * stacks, exactly one sets edge.manageZone and owns the zone-wide settings (strict TLS, authenticated origin pulls,
 * rulesets). The others' origins demand Cloudflare's client certificate (ssl_verify_client on), which Cloudflare only
 * presents once the owner has turned authenticated origin pulls on: on a fresh zone a non-owner deployed first
 * answers 400 until the owner deploys. So the owner goes first.
 *
 *   npx tsx tools/deploy-order.ts      prints the order, one stack per line
 */
import { listStacks } from "./stack-files";
import { configOf } from "./stack-claims";

export interface StackZone {
  stack: string;
  /** Cloudflare zone, or undefined when the stack has no edge tier. */
  zone?: string;
  managesZone: boolean;
}

export interface OrderRule {
  first: string;
  then: string;
  zone: string;
}

/** Every (owner → non-owner) pair sharing a zone. Throws when a shared zone has no owner or several. */
export function orderRules(stacks: readonly StackZone[]): OrderRule[] {
  const byZone = new Map<string, StackZone[]>();
  for (const s of stacks) if (s.zone) byZone.set(s.zone, [...(byZone.get(s.zone) ?? []), s]);
  const rules: OrderRule[] = [];
  for (const [zone, members] of byZone) {
    const owners = members.filter((m) => m.managesZone);
    if (owners.length !== 1)
      throw new Error(
        `edge.manageZone: zone ${zone} is shared by ${members.map((m) => m.stack).join(", ")}; expected exactly one owner, got ${owners.length}`,
      );
    for (const m of members) if (m !== owners[0]) rules.push({ first: owners[0].stack, then: m.stack, zone });
  }
  return rules;
}

/** Stacks ordered so that every zone owner precedes the stacks sharing its zone (stable otherwise). */
export function deployOrder(stacks: readonly StackZone[]): string[] {
  const rules = orderRules(stacks);
  const isFollower = new Set(rules.map((r) => r.then));
  return [...stacks.filter((s) => !isFollower.has(s.stack)), ...stacks.filter((s) => isFollower.has(s.stack))].map(
    (s) => s.stack,
  );
}

/** Each committed stack's zone and ownership, through the same config loader the program uses. */
export function committedStackZones(): StackZone[] {
  return listStacks()
    .sort()
    .map((stack) => {
      const cfg = configOf(stack);
      return {
        stack,
        zone: cfg.edge.enabled ? cfg.edge.zone : undefined,
        managesZone: cfg.edge.enabled && cfg.edge.manageZone,
      };
    });
}

if (require.main === module) {
  console.log(deployOrder(committedStackZones()).join("\n"));
}
