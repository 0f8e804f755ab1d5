// Cloudflare's published origin-facing IP ranges, used twice: as `set_real_ip_from` entries in nginx (only
// these peers may set the client IP through CF-Connecting-IP) and as the NLB security-group allow list.
//
// Source: https://www.cloudflare.com/ips-v4 and https://www.cloudflare.com/ips-v6 (canonical lists).
// This build machine has no direct internet access, so the lists were read on CLOUDFLARE_IPS_CHECKED_ON
// from public mirrors of those two URLs (rezmoss/cloud-provider-ip-addresses, generated 2026-02-11, and the
// MISP warninglist "List of known Cloudflare IP ranges", version 20261014); both agree entry for entry.
// Cloudflare changes these rarely and announces changes in advance; the Cloudflare provider's
// `cloudflare.getIpRanges` returns the live list at deploy time and can replace these defaults.
// Order below is the order of the published files.

import { isIPv4, isIPv6 } from "node:net";

/** Day (UTC) the lists below were compared against the published lists. */
export const CLOUDFLARE_IPS_CHECKED_ON = "2026-11-23";

export const CLOUDFLARE_IPV4_RANGES: readonly string[] = Object.freeze([
  "173.245.48.0/20",
  "103.21.244.0/22",
  "103.22.200.0/22",
  "103.31.4.0/22",
  "141.101.64.0/18",
  "108.162.192.0/18",
  "190.93.240.0/20",
  "188.114.96.0/20",
  "197.234.240.0/22",
  "198.41.128.0/17",
  "162.158.0.0/15",
  "104.16.0.0/13",
  "104.24.0.0/14",
  "172.64.0.0/13",
  "131.0.72.0/22",
]);

export const CLOUDFLARE_IPV6_RANGES: readonly string[] = Object.freeze([
  "2400:cb00::/32",
  "2606:4700::/32",
  "2803:f800::/32",
  "2405:b500::/32",
  "2405:8100::/32",
  "2a06:98c0::/29",
  "2c0f:f248::/32",
]);

/** IPv4 then IPv6, the default trusted-proxy list for the edge. */
export const CLOUDFLARE_IP_RANGES: readonly string[] = Object.freeze([
  ...CLOUDFLARE_IPV4_RANGES,
  ...CLOUDFLARE_IPV6_RANGES,
]);

export interface ParsedCidr {
  family: 4 | 6;
  /** Network address as an unsigned integer (32 or 128 bits). */
  network: bigint;
  prefix: number;
}

/** Parse an IPv4 or IPv6 address into an unsigned integer, or undefined when it is not an address. */
export function ipToBigInt(address: string): { family: 4 | 6; value: bigint } | undefined {
  if (isIPv4(address)) {
    const value = address.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
    return { family: 4, value };
  }
  if (!isIPv6(address) || address.includes("%")) return undefined; // zone ids have no place in a CIDR
  let text = address;
  // An embedded dotted quad (::ffff:192.0.2.1) becomes two 16-bit groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipToBigInt(dotted[1])!.value;
    text = `${text.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(missing).fill("0"), ...tailGroups];
  const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  return { family: 6, value };
}

/**
 * Parse `address/prefix`. Returns an error text instead of throwing so callers can add their own key.
 * The address must be the network address (no host bits set): nginx only warns about and AWS rejects
 * such entries, and a stray host bit usually means a typo.
 */
export function parseCidr(cidr: string): ParsedCidr | string {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(cidr);
  if (!m) return "address/prefix notation such as 173.245.48.0/20 or 2400:cb00::/32";
  const ip = ipToBigInt(m[1]);
  if (!ip) return `a valid IPv4 or IPv6 address before the "/"`;
  const bits = ip.family === 4 ? 32 : 128;
  const prefix = Number(m[2]);
  if (prefix > bits || String(prefix) !== m[2]) return `a prefix length between 0 and ${bits}`;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((ip.value & hostMask) !== 0n) return "a network address with no host bits set after the prefix";
  return { family: ip.family, network: ip.value, prefix };
}

export function isValidCidr(cidr: string): boolean {
  return typeof parseCidr(cidr) !== "string";
}

/** Throw `key: expected <shape>, got "<value>"` unless `value` is a valid network CIDR. */
export function assertCidr(key: string, value: unknown): string {
  const problem = typeof value === "string" ? parseCidr(value) : "a CIDR string";
  if (typeof problem === "string") {
    throw new Error(`${key}: expected ${problem}, got ${JSON.stringify(value)}`);
  }
  return value as string;
}

/** True when `address` lies inside `cidr` (same family only). */
export function cidrContains(cidr: string, address: string): boolean {
  const net = parseCidr(cidr);
  const ip = ipToBigInt(address);
  if (typeof net === "string" || !ip || ip.family !== net.family) return false;
  const bits = net.family === 4 ? 32 : 128;
  const shift = BigInt(bits - net.prefix);
  return ip.value >> shift === net.network >> shift;
}
