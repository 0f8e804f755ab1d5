/**
 * Network tier: one VPC over `azCount` AZs with public, private and isolated subnets, NAT gateways (count is
 * data: 1 in dev, one per AZ in prod), gateway + interface VPC endpoints and VPC flow logs (network.ts). The tier's
 * public surface.
 */
export { Network } from "./network";
