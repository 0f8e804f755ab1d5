/**
 * Every Kubernetes object the program creates, validated against the upstream schemas published on npm (issue 14
 * item 8): the mocks accept any manifest, the API server does not.
 *  - core kinds: `kubernetes-models` (the Kubernetes OpenAPI schemas: types, required fields, enums, int32/
 *    int-or-string formats);
 *  - custom resources: `@kubernetes-models/prometheus-operator` (ServiceMonitor, PodMonitor, Probe, PrometheusRule),
 *    `@kubernetes-models/istio` (networking/security/telemetry.istio.io);
 *  - versions pinned to the newest whose `engines` admit Node 20.19 (tests/tools/node-version.test.ts): the 5.x/3.x
 *    lines declare node >= 22. Istio 2.3.0 has no `networking.istio.io/v1` or `telemetry.istio.io/v1` yet: those
 *    objects are checked with the same-schema earlier version (ISTIO_SAME_SCHEMA: Istio 1.22 promoted them to v1
 *    without schema changes);
 *  - groups with no usable package are listed in NO_PUBLISHED_SCHEMA; any other kind without a validator fails the
 *    test, so a new kind cannot slip through unvalidated.
 * Helm Release values are not Kubernetes objects (checked against each chart's values.yaml elsewhere).
 *
 * Secrets: the harness normally captures secret inputs as "[secret]", which is not a valid `stringData` map or
 * base64 `data`; this file (only) runs each stack once with `revealSecrets`, so the objects hold the mocks' fake
 * plaintext. Nothing from those runs is printed or written.
 *
 * Limits of the published schemas: Kubernetes' OpenAPI does not forbid unknown properties, so a misspelt field name
 * passes here (tsc's checks of @pulumi/kubernetes input types catch those for typed args, kubectl's strict field
 * validation at apply time for the rest); wrong types, missing required fields and enum values fail.
 *
 * The packages are ESM-only ("exports" with the import condition only): loaded with import(), which tsx keeps.
 */
import { strict as assert } from "assert";
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../../policies/lib/graph";
import { CapturedResource, RunResult, runProgram } from "../harness";

/** apiVersion → the npm module whose exports (by kind) validate it. */
function schemaModule(apiVersion: string): string | undefined {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "") return `kubernetes-models/${version}`;
  if (["apps", "batch", "autoscaling", "policy"].includes(group) || group.endsWith(".k8s.io"))
    return `kubernetes-models/${group}/${version}`;
  if (group === "monitoring.coreos.com") return `@kubernetes-models/prometheus-operator/${group}/${version}`;
  if (group.endsWith(".istio.io")) return `@kubernetes-models/istio/${group}/${version}`;
  return undefined;
}

/** Istio v1 APIs the pinned package predates → the version with the same schema (Istio 1.22 "promoted to v1"). */
const ISTIO_SAME_SCHEMA: Record<string, string> = {
  "networking.istio.io/v1": "networking.istio.io/v1beta1",
  "telemetry.istio.io/v1": "telemetry.istio.io/v1alpha1",
  "security.istio.io/v1 PeerAuthentication": "security.istio.io/v1beta1",
};

/** API groups with no schema package on npm (checked 2026-12-03: no kong package in the kubernetes-models family). */
const NO_PUBLISHED_SCHEMA: Record<string, string> = {
  "configuration.konghq.com": "Kong publishes its CRDs only in Kong/charts (charts/kong/crds), no npm schema package",
  "karpenter.sh": "@kubernetes-models/karpenter 2.0.0 (the only release) declares node >= 22",
  "karpenter.k8s.aws": "@kubernetes-models/karpenter 2.0.0 (the only release) declares node >= 22",
};

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;
const load = (m: string): Promise<Record<string, ModelClass>> => import(m);

/** The objects: every kubernetes:* resource but Helm releases, as its inputs (apiVersion and kind included). */
function objects(run: RunResult): CapturedResource[] {
  return run.resources.filter((r) => r.type.startsWith("kubernetes:") && r.type !== "kubernetes:helm.sh/v3:Release");
}

async function validator(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const module = schemaModule(apiVersion);
  return module ? (await load(module))[kind] : undefined;
}

/** Validation errors of one object, or "" when valid. */
async function problems(r: CapturedResource): Promise<string> {
  const { kind } = r.inputs as { apiVersion: string; kind: string };
  const declared = String(r.inputs.apiVersion);
  const apiVersion = ISTIO_SAME_SCHEMA[`${declared} ${kind}`] ?? ISTIO_SAME_SCHEMA[declared] ?? declared;
  const Cls = await validator(apiVersion, kind);
  if (!Cls) throw new Error(`no schema for ${apiVersion} ${kind} (${r.name})`);
  try {
    new Cls({ ...r.inputs, apiVersion }).validate();
    return "";
  } catch (e) {
    return (e as Error).message;
  }
}

describe("Kubernetes objects against the upstream schemas (kubernetes-models)", function () {
  this.timeout(300_000);
  const runs: Partial<Record<"dev" | "prod", RunResult>> = {};
  before(async () => {
    for (const stack of ["dev", "prod"] as const) {
      const run = await runProgram({ stack, revealSecrets: true });
      if (run.error) throw run.error;
      runs[stack] = run;
    }
  });

  for (const stack of ["dev", "prod"] as const) {
    it(`${stack}: every object with a published schema is valid, and only the listed groups have none`, async () => {
      const objs = objects(runs[stack]!);
      assert.ok(objs.length > 50, `${objs.length} objects`);
      const invalid: string[] = [];
      const unvalidated = new Set<string>();
      for (const r of objs) {
        const { apiVersion, kind } = r.inputs as { apiVersion?: string; kind?: string };
        assert.ok(apiVersion && kind, `${r.type} ${r.name}: apiVersion and kind are in the inputs`);
        assert.equal(
          `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`,
          r.type,
          r.name,
        );
        const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
        if (NO_PUBLISHED_SCHEMA[group]) {
          unvalidated.add(`${apiVersion} ${kind}`);
          continue;
        }
        const found = await problems(r);
        if (found) invalid.push(`${r.type} ${r.name}: ${found}`);
      }
      assert.deepEqual(invalid, []);
      // Placeholders would be strings where the schema may want a map, a number or base64: none may remain.
      const text = JSON.stringify(objs.map((r) => r.inputs));
      assert.ok(
        !text.includes(SECRET_PLACEHOLDER) && !text.includes(UNKNOWN_PLACEHOLDER),
        "plaintext run: no placeholder left",
      );
      assert.ok(
        [...unvalidated].every((k) => NO_PUBLISHED_SCHEMA[k.split("/")[0]] !== undefined),
        [...unvalidated].join(),
      );
    });
  }

  it("a secret-carrying object is checked with its plaintext (a Secret's stringData is a map of strings)", () => {
    const secrets = objects(runs.prod!).filter((r) => r.type === "kubernetes:core/v1:Secret");
    assert.ok(secrets.length > 0);
    const withStringData = secrets.filter((r) => r.inputs.stringData !== undefined);
    assert.ok(withStringData.length > 0);
    for (const s of withStringData) assert.equal(typeof s.inputs.stringData, "object", `${s.name}: not "[secret]"`);
  });

  it("catches a wrong type, a missing required field and a value outside an enum (one object mutated each)", async () => {
    const objs = objects(runs.prod!);
    const mutate = async (type: string, change: (o: any) => void, expected: RegExp) => {
      const original = objs.find((r) => r.type === type)!;
      assert.equal(await problems(original), "", `${type} is valid before the mutation`);
      const copy = { ...original, inputs: JSON.parse(JSON.stringify(original.inputs)) };
      change(copy.inputs);
      assert.match(await problems(copy), expected);
    };
    await mutate(
      "kubernetes:apps/v1:Deployment",
      (o) => {
        o.spec.template.spec.containers[0].ports[0].containerPort = "8001";
      },
      /containers\/0\/ports\/0\/containerPort must be integer/,
    );
    await mutate(
      "kubernetes:apps/v1:Deployment",
      (o) => {
        delete o.spec.selector;
      },
      /spec must have required property selector/,
    );
    await mutate(
      "kubernetes:core/v1:Service",
      (o) => {
        o.spec.type = "Loadbalancer";
      },
      /spec\/type must be equal to one of the allowed values/,
    );
    await mutate(
      "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
      (o) => {
        o.spec.maxReplicas = "3";
      },
      /maxReplicas must be integer/,
    );
    await mutate(
      "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
      (o) => {
        o.spec.groups[0].rules = "none";
      },
      /groups\/0\/rules must be array/,
    );
    await mutate(
      "kubernetes:networking.istio.io/v1:DestinationRule",
      (o) => {
        o.spec.trafficPolicy = { outlierDetection: { consecutive5xxErrors: "five" } };
      },
      /outlierDetection\/consecutive5xxErrors/,
    );
  });
});
