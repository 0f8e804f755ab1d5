import * as assert from "assert";
import { runPolicies } from "../../policies/runner";
import { noPrivileged, probesSet } from "../../policies/security/kubernetes";
import { res, stackOf } from "./fixtures";

/** A run-to-completion Job like the services' database-role bootstrap. */
const job = (securityContext: Record<string, unknown>) =>
  res("kubernetes:batch/v1:Job", "db-role", {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "items-db-role", namespace: "apps" },
    spec: {
      template: {
        spec: {
          restartPolicy: "OnFailure",
          containers: [{ name: "bootstrap", image: "repo/items@sha256:" + "a".repeat(64), securityContext }],
        },
      },
    },
  });

describe("Kubernetes rules on Jobs", () => {
  it("pod-security rules see Jobs too: a privileged Job container is refused", async () => {
    const bad = await runPolicies(stackOf(job({ privileged: true })), {}, [noPrivileged]);
    assert.strictEqual(bad.mandatoryViolations, 1);
    assert.strictEqual(bad.verdicts[0].type, "kubernetes:batch/v1:Job");
    const good = await runPolicies(stackOf(job({ privileged: false, allowPrivilegeEscalation: false })), {}, [
      noPrivileged,
    ]);
    assert.strictEqual(good.mandatoryViolations, 0);
  });
  it("health probes are required of long-running workloads only, not of run-to-completion Jobs", async () => {
    const result = await runPolicies(stackOf(job({ privileged: false })), {}, [probesSet]);
    assert.deepStrictEqual(result.verdicts, []);
  });
});
