/**
 * Lookups shared by the data-tier tests.
 */
import { mockResourceState } from "../../tools/mock-outputs";
import { one, RunResult } from "../harness";

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
