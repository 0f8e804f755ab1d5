/**
 * Proxied DNS records for an environment's hosts, as `cloudflare.DnsRecord` arguments (provider 6.x).
 *
 * - `name` is the full hostname without a trailing dot: since provider v5 the API's FQDN is what
 *   state holds, so "@" or a bare label produces a diff on every refresh
 *   (cloudflare/terraform-provider-cloudflare#5498, #7289).
 * - `ttl: 1` means "automatic", the only TTL a proxied record uses.
 * - CNAME at the apex is allowed: Cloudflare flattens it to A/AAAA answers.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as cloudflare from "@pulumi/cloudflare";
import { EdgeHostnames, servedHosts, validateHostname } from "./hostnames";

interface EdgeDnsRecord {
  /** Which host this record serves; use it in the resource name. */
  role: "apex" | "www" | "api";
  args: cloudflare.DnsRecordArgs & { name: string; type: "CNAME"; proxied: true; ttl: 1 };
}

/**
 * One proxied CNAME per host, all pointing at the origin's public hostname (the load balancer DNS
 * name). A plain-string target is validated here; an Output is checked by Cloudflare at deploy time.
 */
export function proxiedDnsRecords(
  zoneId: pulumi.Input<string>,
  hosts: EdgeHostnames,
  originHostname: pulumi.Input<string>,
  comment = "managed by edgestack (pulumi)",
): EdgeDnsRecord[] {
  if (typeof originHostname === "string") {
    const target = validateHostname(originHostname, "edge DNS origin hostname");
    for (const host of servedHosts(hosts)) {
      if (target === host) {
        throw new Error(
          `edge DNS origin hostname: "${originHostname}" is one of the proxied hosts; point the records at the load balancer's own DNS name`,
        );
      }
    }
  }
  const roles = ["apex", "www", "api"] as const;
  return roles.map((role) => ({
    role,
    args: { zoneId, name: hosts[role], type: "CNAME", content: originHostname, proxied: true, ttl: 1, comment },
  }));
}
