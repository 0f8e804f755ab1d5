/**
 * Cluster tier: EKS (cluster.ts), its managed node groups (nodes.ts) and Karpenter (karpenter.ts). The tier's public
 * surface; the other files in this folder are helpers of the Cluster component.
 */
export { Cluster } from "./cluster";
