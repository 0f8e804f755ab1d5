/**
 * Secrets stay secret on every path to the engine: each generated password and private key (what the real
 * providers would hold in state) must appear only as the capture's secret placeholder, never in clear, in any
 * resource's inputs, any stack output or any log line. A value that loses its secret marking on the way (a plain
 * string built from it, an unsecret) would be written in clear to the state file and shown by `pulumi preview`.
 */
import * as assert from "assert";
import { mockResourceState } from "../../tools/mock-outputs";
import { stackRun } from "../harness";

/** What each secret-generating resource holds (the fields the SDKs mark as secret outputs). */
const SECRET_FIELDS: Record<string, string[]> = {
  "random:index/randomPassword:RandomPassword": ["result"],
  "tls:index/privateKey:PrivateKey": ["privateKeyPem"],
};

describe("real-deploy secrets", () => {
  it("every KMS key stays administrable by the account (a policy without the root statement locks everyone out)", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const keys = (await stackRun(stack)).resources.filter((r) => r.type === "aws:kms/key:Key");
      assert.ok(keys.length >= 3, `${stack}: cluster, data tiers and alert keys`);
      for (const key of keys) {
        // No policy at all is KMS's default policy, which is exactly the root statement.
        if (key.inputs.policy === undefined) continue;
        const statements = JSON.parse(String(key.inputs.policy)).Statement as {
          Effect: string;
          Principal?: { AWS?: string };
          Action: string | string[];
        }[];
        assert.ok(
          statements.some(
            (s) =>
              s.Effect === "Allow" &&
              /^arn:aws:iam::\d{12}:root$/.test(String(s.Principal?.AWS)) &&
              [s.Action].flat().includes("kms:*"),
          ),
          `${stack}: key ${key.name} has no statement letting the account administer it`,
        );
      }
    }
  });

  it("generated passwords and private keys never reach inputs, outputs or logs in clear", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const run = await stackRun(stack);
      const secrets: string[] = [];
      for (const r of run.resources) {
        for (const field of SECRET_FIELDS[r.type] ?? []) {
          const value = String(mockResourceState(r.type, r.name, r.inputs, "us-east-1").state[field]);
          // A PEM's body alone is as secret as the whole block.
          secrets.push(value, ...value.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----")));
        }
      }
      assert.ok(secrets.length >= 4, `${stack}: the cache token, Grafana's and the JWT passwords, origin keys`);
      const visible = JSON.stringify({
        inputs: run.resources.map((r) => r.inputs),
        outputs: run.outputs,
        logs: run.logs,
      });
      for (const s of secrets)
        assert.ok(!visible.includes(s), `${stack}: a generated secret appears in clear: ${s.slice(0, 12)}…`);
    }
  });
});
