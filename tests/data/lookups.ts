/**
 * Lookups shared by the data-tier tests.
 */
import { mockResourceState } from "../../tools/mock-outputs";
import { capture, one, RunResult } from "../harness";

/** The EKS cluster security group every node carries, as the (mock) EKS API reports it for this cluster. */
export function nodeSecurityGroupId(run: RunResult): string {
  const eks = one(run, "aws:eks/cluster:Cluster");
  return mockResourceState(eks.type, eks.name, eks.inputs, "us-east-1").state.vpcConfig.clusterSecurityGroupId;
}

/** The AUTH token the mock random provider generates for this run (what a real one would hold in state). */
export function mockToken(run: RunResult): string {
  const pw = one(run, "random:index/randomPassword:RandomPassword", "cache-auth-token");
  return mockResourceState(pw.type, pw.name, pw.inputs, "us-east-1").state.result;
}

/** dev with the proxy on (no readers) and Redis OSS 7.1 instead of Valkey: one program run shared by the tests that need it. */
export function devVariant(): Promise<RunResult> {
  return capture({
    stack: "dev",
    config: {
      // The proxy keeps connections open, so the cluster must not auto-pause (minCapacity > 0).
      "edgestack:database": { proxy: true, minCapacity: 0.5 },
      "edgestack:cache": { engine: "redis", engineVersion: "7.1", allowReplacement: true },
    },
  }).then((r) => {
    if (r.error) throw r.error;
    return r;
  });
}
