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
export const MAX_AZS = 6;

export interface AzSubnets {
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
    if (!(prefix >= 16 && prefix <= 20)) throw new Error(`network.cidr: expected a prefix between /16 and /20, got ${JSON.stringify(vpcCidr)}`);
    if (!(Number.isInteger(azCount) && azCount >= 1 && azCount <= MAX_AZS)) throw new Error(`network.azCount: expected an integer between 1 and ${MAX_AZS}, got ${azCount}`);
    const base = ipToInt(ip);
    const vpcSize = 2 ** (32 - prefix);
    if (base % vpcSize !== 0) throw new Error(`network.cidr: ${vpcCidr} is not aligned to its prefix (did you mean ${intToIp(base - (base % vpcSize))}/${prefix}?)`);
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
