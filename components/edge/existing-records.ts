/**
 * DNS records already in the zone at this stack's hosts, and what to do about them before creating ours.
 *
 * A real zone usually has apex/`www` records already, and Cloudflare refuses a CNAME next to an A, AAAA or CNAME of
 * the same name (API error 81053, "An A, AAAA, or CNAME record with that host already exists"); below the apex a
 * CNAME cannot share its name with any other record (RFC 1034 §3.6.2), while at the apex Cloudflare flattens the CNAME
 * and keeps MX/TXT/CAA records beside it (developers.cloudflare.com/dns/cname-flattening/, checked 2026-11-24).
 * The Edge tier lists the zone's records per host (cloudflare.getDnsRecords, provider 6.x) and asks `planAdoption`:
 * - no conflict: create the record;
 * - `edge.adoptExistingRecords` and exactly one conflicting record, a CNAME: import it with the resource option
 *   `import: "<zoneId>/<recordId>"` (the provider's import id, @pulumi/cloudflare dnsRecord.d.ts); the engine then
 *   updates it to our content (pulumi/pulumi#19339: an import whose inputs differ is followed by an update);
 * - otherwise: fail the preview with every conflicting record and the commands that resolve it.
 * Only a CNAME is adopted: turning an A record into a CNAME is a change of type, and several A/AAAA records need
 * deleting anyway; a person decides that, not the program.
 */

/** The fields of a getDnsRecords result the decision reads. */
interface ExistingDnsRecord {
  id: string;
  name: string;
  type: string;
  content: string;
}

interface HostRecords {
  /** The resource's logical name in this program (what `pulumi import` must be given). */
  resourceName: string;
  host: string;
  isApex: boolean;
  existing: readonly ExistingDnsRecord[];
}

interface AdoptionContext {
  zoneId: string;
  adopt: boolean;
  /** URN of the resource the records are children of (the Edge component): `pulumi import --parent`. */
  parentUrn: string;
  /** The program's resource type token for records. */
  type?: string;
}

const DNS_RECORD_TYPE = "cloudflare:index/dnsRecord:DnsRecord";
/** Types that collide with a CNAME at the zone apex (Cloudflare 81053); below the apex every type does. */
const APEX_CONFLICT_TYPES = new Set(["A", "AAAA", "CNAME"]);

/** The records that stop a proxied CNAME from being created at `h.host`. */
export function conflictingRecords(h: HostRecords): ExistingDnsRecord[] {
  return h.existing.filter(
    (r) =>
      r.name.toLowerCase() === h.host.toLowerCase() && (!h.isApex || APEX_CONFLICT_TYPES.has(r.type.toUpperCase())),
  );
}

/** The import id of a Cloudflare DNS record: `<zone_id>/<dns_record_id>` (dnsRecord.d.ts, "Import"). */
function recordImportId(zoneId: string, recordId: string): string {
  return `${zoneId}/${recordId}`;
}

/** The command that adopts one record into this program's resource (the parent keeps the URN the program computes). */
export function importCommand(
  resourceName: string,
  zoneId: string,
  recordId: string,
  parentUrn: string,
  type = DNS_RECORD_TYPE,
): string {
  // --protect=false: `pulumi import` protects by default, the program does not protect DNS records.
  return `pulumi import ${type} ${resourceName} '${recordImportId(zoneId, recordId)}' --parent 'edge=${parentUrn}' --protect=false`;
}

/**
 * Resource name → import id for the records to adopt; throws one message listing every conflict and its remedy when
 * a conflict is not adoptable (or adoption is off).
 */
export function planAdoption(hosts: readonly HostRecords[], ctx: AdoptionContext): Record<string, string> {
  const imports: Record<string, string> = {};
  const problems: string[] = [];
  for (const h of hosts) {
    const conflicts = conflictingRecords(h);
    if (conflicts.length === 0) continue;
    const single = conflicts.length === 1 && conflicts[0].type.toUpperCase() === "CNAME" ? conflicts[0] : undefined;
    if (single && ctx.adopt) {
      imports[h.resourceName] = recordImportId(ctx.zoneId, single.id);
      continue;
    }
    const listed = conflicts.map((r) => `${r.type} ${r.name} -> ${r.content} (id ${r.id})`).join("; ");
    const remedy = single
      ? `adopt it: set edgestack:edge.adoptExistingRecords to true, or run ${importCommand(h.resourceName, ctx.zoneId, single.id, ctx.parentUrn, ctx.type)}`
      : `delete ${conflicts.length > 1 ? "them" : "it"} in the Cloudflare dashboard (the program then creates its CNAME), or turn ` +
        `one into a CNAME, delete the rest and import it: ${importCommand(h.resourceName, ctx.zoneId, conflicts[0].id, ctx.parentUrn, ctx.type)}`;
    problems.push(`${h.host}: ${listed}; ${remedy}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `edge: Cloudflare already has records at this stack's hosts (creating ours would fail with error 81053): ${problems.join(" || ")}`,
    );
  }
  return imports;
}
