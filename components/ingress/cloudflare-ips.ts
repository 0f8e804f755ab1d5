// Cloudflare's published origin-facing IP ranges, used twice: as `set_real_ip_from` entries in nginx (only
// these peers may set the client IP through CF-Connecting-IP) and as the NLB security-group allow list.
//
// Source: https://www.cloudflare.com/ips-v4 and https://www.cloudflare.com/ips-v6 (canonical lists).
// This build machine has no direct internet access, so the lists were read on 2026-11-23
// from public mirrors of those two URLs (rezmoss/cloud-provider-ip-addresses, generated 2026-02-11, and the
// MISP warninglist "List of known Cloudflare IP ranges", version 20261014); both agree entry for entry.
// Cloudflare changes these rarely and announces changes in advance; the Cloudflare provider's
// `cloudflare.getIpRanges` returns the live list at deploy time and can replace these defaults.
// Order below is the order of the published files.

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
