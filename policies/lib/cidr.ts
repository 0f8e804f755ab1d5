/**
 * CIDR questions for the network-exposure rules: "is this source the whole internet?" and "is this source inside
 * the VPC?". Parsing and containment are Node's (`net.isIP`, `net.BlockList`); a source of the other address
 * family is never inside (the VPCs here are IPv4-only).
 */
import { BlockList, isIP } from "node:net";

export const ANY_IPV4 = "0.0.0.0/0";

interface Range {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}

/** `address[/prefix]`, or undefined when it is not one (a bare address is its own /32 or /128). */
function parse(cidr: string): Range | undefined {
  const [address, prefixText, extra] = cidr.trim().split("/");
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return undefined;
  const bits = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText ?? "0") || prefix > bits) return undefined;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** True when `cidr` admits every address of its family. */
export function isAnyAddress(cidr: string): boolean {
  return parse(cidr)?.prefix === 0;
}

/** True when every address of `inner` lies inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parse(outer);
  const i = parse(inner);
  if (!o || !i || o.family !== i.family || i.prefix < o.prefix) return false;
  const list = new BlockList();
  list.addSubnet(o.address, o.prefix, o.family);
  return list.check(i.address, i.family);
}

/** True when `cidr` lies inside at least one of `allowed`. */
export function insideAny(cidr: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => cidrContains(a, cidr));
}
