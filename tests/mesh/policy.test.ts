import * as assert from "assert";
import type { PolicyResource } from "@pulumi/policy";
import { meshMtlsPolicies, meshMtlsSchema, meshStrictMtls } from "../../policies/reliability/mesh-mtls";
import { CapturedResource, stackRun } from "../harness";

class NotApplicable extends Error {}

/** A captured resource as the engine hands it to a stack policy (inputs as props). */
function asPolicyResource(r: Pick<CapturedResource, "type" | "name" | "urn" | "inputs">): PolicyResource {
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: r.inputs,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
    },
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  };
}

/** Runs the rule like the engine: config defaults from its schema, violations collected, notApplicable caught. */
async function verdict(
  resources: PolicyResource[],
  config: object = {},
): Promise<{ applicable: boolean; violations: Array<{ message: string; urn?: string }> }> {
  const defaults = Object.fromEntries(
    Object.entries(meshMtlsSchema.properties ?? {}).map(([k, v]) => [k, (v as { default?: unknown }).default]),
  );
  const violations: Array<{ message: string; urn?: string }> = [];
  try {
    await meshStrictMtls.validateStack(
      {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => ({ ...defaults, ...config }) as T,
        notApplicable: (reason?: string) => {
          throw new NotApplicable(reason);
        },
      },
      (message, urn) => violations.push({ message, urn }),
    );
  } catch (e) {
    if (e instanceof NotApplicable) return { applicable: false, violations };
    throw e;
  }
  return { applicable: true, violations };
}

let n = 0;
function peerAuth(namespace: string | undefined, spec: object, name = "default"): PolicyResource {
  n += 1;
  return asPolicyResource({
    type: "kubernetes:security.istio.io/v1:PeerAuthentication",
    name: `pa-${n}`,
    urn: `urn:pulumi:prod::edgestack::pa::pa-${n}`,
    inputs: {
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: { name, ...(namespace ? { namespace } : {}) },
      spec,
    },
  });
}
const istiod = asPolicyResource({
  type: "kubernetes:helm.sh/v3:Release",
  name: "mesh-istiod",
  urn: "urn:pulumi:prod::edgestack::rel::mesh-istiod",
  inputs: { chart: "istiod" },
});

describe("policy: with the mesh on, app namespaces are STRICT mTLS", () => {
  it("is exported with the fields every edgestack rule carries", () => {
    assert.deepStrictEqual(meshMtlsPolicies, [meshStrictMtls]);
    assert.match(meshStrictMtls.name, /^[a-z0-9-]+$/);
    assert.deepStrictEqual([meshStrictMtls.severity, meshStrictMtls.enforcementLevel], ["high", "mandatory"]);
    assert.ok(meshStrictMtls.remediation.includes("STRICT"));
  });

  it("passes on the prod program as written", async () => {
    const prod = await stackRun("prod");
    assert.deepStrictEqual(await verdict(prod.resources.map(asPolicyResource)), { applicable: true, violations: [] });
  });

  it("is not applicable in dev (mesh off)", async () => {
    const dev = await stackRun("dev");
    assert.strictEqual((await verdict(dev.resources.map(asPolicyResource))).applicable, false);
  });

  it("fails the prod program when the app namespace's PeerAuthentication is removed", async () => {
    const prod = await stackRun("prod");
    const without = prod.resources.filter((r) => !r.type.endsWith(":PeerAuthentication")).map(asPolicyResource);
    const { violations } = await verdict(without);
    assert.deepStrictEqual(
      violations.map((v) => v.message),
      [
        'Namespace "apps" must accept only mTLS: no namespace-wide PeerAuthentication; the effective mode should be STRICT.',
      ],
    );
  });

  it("fails a PERMISSIVE namespace policy, pointing at it", async () => {
    const pa = peerAuth("apps", { mtls: { mode: "PERMISSIVE" } });
    const { violations } = await verdict([istiod, pa]);
    assert.strictEqual(violations.length, 1);
    assert.match(
      violations[0].message,
      /PeerAuthentication apps\/default sets mode PERMISSIVE; the effective mode should be STRICT/,
    );
    assert.strictEqual(violations[0].urn, pa.urn);
  });

  it("accepts a mesh-wide STRICT policy in the root namespace, unless the namespace overrides it", async () => {
    const meshWide = peerAuth("istio-system", { mtls: { mode: "STRICT" } });
    assert.deepStrictEqual((await verdict([istiod, meshWide])).violations, []);
    assert.deepStrictEqual(
      (await verdict([istiod, meshWide, peerAuth("apps", { mtls: { mode: "UNSET" } })])).violations,
      [],
      "UNSET inherits",
    );
    assert.strictEqual(
      (await verdict([istiod, meshWide, peerAuth("apps", { mtls: { mode: "DISABLE" } })])).violations.length,
      1,
    );
  });

  it("fails workload-level and port-level plaintext exceptions in an app namespace", async () => {
    const strict = peerAuth("apps", { mtls: { mode: "STRICT" } });
    const workload = peerAuth(
      "apps",
      { selector: { matchLabels: { app: "items" } }, mtls: { mode: "PERMISSIVE" } },
      "items-permissive",
    );
    const port = peerAuth(
      "apps",
      {
        mtls: { mode: "STRICT" },
        selector: { matchLabels: { app: "orders" } },
        portLevelMtls: { 5000: { mode: "DISABLE" } },
      },
      "orders-port",
    );
    const { violations } = await verdict([istiod, strict, workload, port]);
    assert.deepStrictEqual(
      violations.map((v) => v.urn),
      [workload.urn, port.urn],
    );
    assert.match(violations[1].message, /allows plaintext on port\(s\) 5000 in "apps"/);
  });

  it("checks the namespaces given in policy config, and waits for a namespace only known at update", async () => {
    const strictApps = peerAuth("apps", { mtls: { mode: "STRICT" } });
    const { violations } = await verdict([istiod, strictApps], { appNamespaces: ["apps", "payments"] });
    assert.deepStrictEqual(
      violations.map((v) => v.message),
      [
        'Namespace "payments" must accept only mTLS: no namespace-wide PeerAuthentication; the effective mode should be STRICT.',
      ],
    );
    assert.deepStrictEqual((await verdict([istiod, peerAuth(undefined, { mtls: { mode: "STRICT" } })])).violations, []);
  });
});
