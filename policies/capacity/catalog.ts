/**
 * What a node offers the scheduler: EC2 shapes of the Graviton types the stacks may use, and the allocatable
 * capacity left after the EKS AMI's per-node reserve.
 *
 * Per-node reserve (documented, applied to every node):
 *  - memory the VM never shows the kubelet: 7.5 % of the nominal size (Karpenter's own default,
 *    `settings.vmMemoryOverheadPercent: 0.075`, charts/karpenter/values.yaml v1.14.1);
 *  - kube-reserved as the EKS AMIs compute it (awslabs/amazon-eks-ami, AL2023 nodeadm kubelet config, checked
 *    2026-12-03): memory 11 MiB per pod the node may run + 255 MiB; CPU 6 % of the first core, 1 % of the second,
 *    0.5 % of cores 3-4 and 0.25 % of every core above 4;
 *  - the kubelet's hard eviction threshold, memory.available < 100 MiB.
 * Max pods per type: the VPC CNI's ENI x IP limit without prefix delegation (amazon-eks-ami
 * templates/shared/runtime/eni-max-pods.txt): ENIs x (IPv4 per ENI - 1) + 2.
 */
import { quantityToGib } from "../cost/estimate-k8s";

interface InstanceShape {
  vcpu: number;
  memoryGiB: number;
  maxPods: number;
}

export const INSTANCE_SHAPES: Record<string, InstanceShape> = {
  "t4g.medium": { vcpu: 2, memoryGiB: 4, maxPods: 17 },
  "t4g.large": { vcpu: 2, memoryGiB: 8, maxPods: 35 },
  "t4g.xlarge": { vcpu: 4, memoryGiB: 16, maxPods: 58 },
  "m7g.large": { vcpu: 2, memoryGiB: 8, maxPods: 29 },
  "m7g.xlarge": { vcpu: 4, memoryGiB: 16, maxPods: 58 },
  "m7g.2xlarge": { vcpu: 8, memoryGiB: 32, maxPods: 58 },
  "c7g.large": { vcpu: 2, memoryGiB: 4, maxPods: 29 },
  "c7g.xlarge": { vcpu: 4, memoryGiB: 8, maxPods: 58 },
  "c7g.2xlarge": { vcpu: 8, memoryGiB: 16, maxPods: 58 },
  "r7g.large": { vcpu: 2, memoryGiB: 16, maxPods: 29 },
  "r7g.xlarge": { vcpu: 4, memoryGiB: 32, maxPods: 58 },
  "r7g.2xlarge": { vcpu: 8, memoryGiB: 64, maxPods: 58 },
};

const VM_MEMORY_OVERHEAD = 0.075;
const EVICTION_HARD_MIB = 100;

/** kube-reserved CPU (millicores) by the EKS AMI's tiered formula. */
export function kubeReservedCpuMillis(vcpu: number): number {
  const tiers: [number, number][] = [
    [1, 0.06],
    [1, 0.01],
    [2, 0.005],
    [Infinity, 0.0025],
  ];
  let left = vcpu;
  let reserved = 0;
  for (const [cores, share] of tiers) {
    const n = Math.min(left, cores);
    reserved += n * 1000 * share;
    left -= n;
    if (left <= 0) break;
  }
  return Math.round(reserved);
}

export function kubeReservedMemoryMiB(maxPods: number): number {
  return 11 * maxPods + 255;
}

export interface Allocatable {
  cpuMillis: number;
  memoryMiB: number;
  pods: number;
}

export function allocatable(type: string): Allocatable | undefined {
  const s = INSTANCE_SHAPES[type];
  if (!s) return undefined;
  return {
    cpuMillis: s.vcpu * 1000 - kubeReservedCpuMillis(s.vcpu),
    memoryMiB:
      Math.floor(s.memoryGiB * 1024 * (1 - VM_MEMORY_OVERHEAD)) - kubeReservedMemoryMiB(s.maxPods) - EVICTION_HARD_MIB,
    pods: s.maxPods,
  };
}

/** "250m" → 250, "1" → 1000, "0.5" → 500; undefined when absent or not a CPU quantity. */
export function cpuMillis(q: unknown): number | undefined {
  if (typeof q === "number") return Math.round(q * 1000);
  const m = /^\s*(\d+(?:\.\d+)?)(m?)\s*$/.exec(String(q ?? ""));
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (m[2] ? 1 : 1000));
}

/** "128Mi" → 128, "2Gi" → 2048 (MiB), by the cost estimator's quantity parser; undefined when not a quantity. */
export function memoryMiB(q: unknown): number | undefined {
  const gib = quantityToGib(q);
  return gib === undefined ? undefined : gib * 1024;
}
