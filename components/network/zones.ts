/**
 * Which Availability Zones the VPC uses: chosen by zone ID (the same physical zone in every account; zone NAMES are
 * shuffled per account), skipping the zone IDs where EKS refuses to place a control plane.
 *
 * EKS_UNSUPPORTED_ZONE_IDS is the table "The subnets can't reside in the following Availability Zones" of the EKS
 * User Guide, "View Amazon EKS networking requirements for VPC and subnets" > "Subnet requirements for clusters"
 * (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html; source text awsdocs/amazon-eks-user-guide
 * latest/ug/networking/network-reqs.adoc, commit 101184ec, read 2026-12-03). A cluster subnet in one of them fails
 * CreateCluster with UnsupportedAvailabilityZoneException. Every tier (nodes, NLB, data) uses the same AZs, so the
 * zone is skipped for all of them.
 */
const EKS_UNSUPPORTED_ZONE_IDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  "us-east-1": ["use1-az3"],
  "us-west-1": ["usw1-az2"],
  "ca-central-1": ["cac1-az3"],
});

interface SelectedZone {
  name: string;
  zoneId: string;
}

/**
 * The first `count` zones of the region (in the order AWS lists them) whose ID EKS accepts. Throws one line naming
 * network.azCount when too few remain.
 */
export function selectAvailabilityZones(
  region: string,
  names: readonly string[],
  zoneIds: readonly string[],
  count: number,
): SelectedZone[] {
  if (names.length !== zoneIds.length)
    throw new Error(`getAvailabilityZones returned ${names.length} names but ${zoneIds.length} zone IDs`);
  const refused = new Set(EKS_UNSUPPORTED_ZONE_IDS[region] ?? []);
  const usable = names.map((name, i) => ({ name, zoneId: zoneIds[i] })).filter((z) => !refused.has(z.zoneId));
  if (usable.length < count) {
    const skipped = refused.size > 0 ? ` (${[...refused].join(", ")} skipped: EKS refuses control planes there)` : "";
    throw new Error(
      `network.azCount: region ${region} has ${usable.length} Availability Zones EKS accepts${skipped}, ${count} requested`,
    );
  }
  return usable.slice(0, count);
}
