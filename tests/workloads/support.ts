/**
 * Runs one component (not the whole program) under the same mocks and capture as the program
 * (tools/harness.ts runUnderMocks). Used for variants the committed stacks cannot express (a database and cache
 * handed in as outputs, password auth).
 */
import { CapturedResource } from "../../policies/lib/graph";
import { runUnderMocks } from "../../tools/harness";

export async function runComponent(build: () => void, region = "us-east-1"): Promise<CapturedResource[]> {
  const run = await runUnderMocks({ project: "edgestack", stack: "test", region }, build);
  if (run.error) throw run.error;
  return run.resources;
}
