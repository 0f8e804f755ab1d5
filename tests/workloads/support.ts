/**
 * Runs one component (not the whole program) under the same mocks as tools/harness.ts and captures what it
 * registers, with secrets redacted the same way. Used for variants the committed stacks cannot express yet
 * (a database and cache handed in as outputs by the data tier).
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { CapturedResource } from "../../tools/graph";
import { redactWireValue } from "../../tools/harness";
import { mockCall, mockResourceState } from "../../tools/mock-outputs";

export async function runComponent(build: () => void, region = "us-east-1"): Promise<CapturedResource[]> {
    await pulumi.runtime.setMocks({
        newResource: (a) => mockResourceState(a.type, a.name, a.inputs, region),
        call: (a) => mockCall(a.token, a.inputs, region),
    }, "edgestack", "test", true);
    const monitor = (pulumi.runtime as any).getMonitor() as MockMonitor;
    const register = monitor.registerResource.bind(monitor);
    const resources: CapturedResource[] = [];
    monitor.registerResource = async (req: any, callback: (err: any, resp: any) => void) => {
        resources.push({
            urn: "", type: req.getType(), name: req.getName(), custom: req.getCustom(), parent: req.getParent() || undefined,
            inputs: redactWireValue(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
            protect: req.getProtect() === true, retainOnDelete: false, deleteBeforeReplace: false,
            ignoreChanges: req.getIgnorechangesList(), dependencies: req.getDependenciesList(), provider: req.getProvider() || undefined,
        });
        return register(req, callback);
    };
    build();
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return resources;
}
