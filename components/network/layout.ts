/**
 * Pure subnet layout for the VPC: which CIDR each tier gets in each AZ.
 *
 * For a VPC of prefix /p (16..20) and up to 6 AZs:
 *   private  /p+3 per AZ (the EKS nodes and pods: the VPC CNI gives every pod a VPC IP, so this tier is big)
 *   public   /p+6 per AZ (NAT gateways and the NLB only)
 *   isolated /p+6 per AZ (Aurora and ElastiCache: no route to the internet at all)
 * Private blocks fill the first 6/8 of the VPC; public then isolated blocks follow in the last 2/8, so adding
 * an AZ later never moves an existing subnet (which would replace it).
 */
const MAX_AZS = 6;

interface AzSubnets {
  index: number;
  public: string;
  private: string;
  isolated: string;
}

export function ipToInt(ip: string): number {
  return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

export function subnetLayout(vpcCidr: string, azCount: number): AzSubnets[] {
  const [ip, prefixText] = vpcCidr.split("/");
  const prefix = Number(prefixText);
  // prefix /16../20, azCount <= MAX_AZS and a network address are the config schema's checks (config/schema.ts).
  const base = ipToInt(ip);
  const vpcSize = 2 ** (32 - prefix);
  const privateSize = vpcSize / 8;
  const smallSize = vpcSize / 64;
  const smallRegion = base + MAX_AZS * privateSize;
  const block = (start: number, size: number) => `${intToIp(start)}/${32 - Math.log2(size)}`;
  return Array.from({ length: azCount }, (_, i) => ({
    index: i,
    private: block(base + i * privateSize, privateSize),
    public: block(smallRegion + i * smallSize, smallSize),
    isolated: block(smallRegion + (MAX_AZS + i) * smallSize, smallSize),
  }));
}

/** Which NAT gateway (by index) serves the private subnet of AZ `azIndex`: its own when there is one per AZ. */
export function natIndexForAz(azIndex: number, natGateways: number): number {
  return azIndex % natGateways;
}
