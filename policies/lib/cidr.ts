/**
 * CIDR arithmetic for the network-exposure rules: "is this source the whole internet?" and
 * "is this source inside the VPC?". IPv4 is parsed exactly; an IPv6 source is only ever
 * considered inside an allowed range when that exact range is listed (the VPCs here are
 * IPv4-only, so any IPv6 source is outside them).
 */

export const ANY_IPV4 = "0.0.0.0/0";
export const ANY_IPV6 = "::/0";

interface Ipv4Range {
    base: number; // network address as an unsigned 32-bit number
    bits: number;
}

export function parseIpv4Cidr(cidr: string): Ipv4Range | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(cidr.trim());
    if (!m) return undefined;
    const octets = m.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    const bits = m[5] === undefined ? 32 : Number(m[5]);
    if (bits > 32) return undefined;
    const addr = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return { base: (addr & mask) >>> 0, bits };
}

export function isIpv6(cidr: string): boolean {
    return cidr.includes(":");
}

/** True when `cidr` admits every address of its family. */
export function isAnyAddress(cidr: string): boolean {
    const c = cidr.trim();
    // Any prefix of length 0 covers the whole family, whatever address it is written with.
    if (isIpv6(c)) return /\/0+$/.test(c);
    const r = parseIpv4Cidr(c);
    return r !== undefined && r.bits === 0;
}

/** True when every address of `inner` lies inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
    if (isIpv6(outer) || isIpv6(inner)) return outer.trim().toLowerCase() === inner.trim().toLowerCase();
    const o = parseIpv4Cidr(outer);
    const i = parseIpv4Cidr(inner);
    if (!o || !i || i.bits < o.bits) return false;
    const mask = o.bits === 0 ? 0 : (~0 << (32 - o.bits)) >>> 0;
    return ((i.base & mask) >>> 0) === o.base;
}

/** True when `cidr` lies inside at least one of `allowed`. */
export function insideAny(cidr: string, allowed: readonly string[]): boolean {
    return allowed.some((a) => cidrContains(a, cidr));
}
