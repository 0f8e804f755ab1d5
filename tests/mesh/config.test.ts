import * as assert from "assert";
import { ConfigError, parseConfig } from "../../config";

/** Problems reported for a prod stack whose mesh section is `mesh` (merged over the prod defaults). */
function meshProblems(mesh: object): string[] {
  try {
    parseConfig(
      "edgestack",
      "prod",
      {
        environment: "prod",
        edge: JSON.stringify({ zone: "example.com" }),
        monitoring: JSON.stringify({ alertEmail: "ops@example.com" }),
        mesh: JSON.stringify(mesh),
      },
      "us-east-1",
    );
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
    return (e as ConfigError).problems;
  }
  return [];
}

describe("mesh config: bad values get one clear message each", () => {
  const cases: Array<[string, object, string]> = [
    [
      "ejection percent above 100",
      { outlierDetection: { maxEjectionPercent: 150 } },
      "edgestack:mesh.outlierDetection.maxEjectionPercent: expected an integer between 1 and 100, got 150",
    ],
    [
      "sampling above 100 %",
      { tracingSamplingPercent: 250 },
      "edgestack:mesh.tracingSamplingPercent: expected a number between 0 and 100, got 250",
    ],
    [
      "retries × per-try timeout above the route timeout",
      { retries: { attempts: 3, perTryTimeoutMs: 2000 }, timeoutMs: 5000 },
      "edgestack:mesh.retries: expected attempts × perTryTimeoutMs <= timeoutMs (5000) so retries cannot amplify load past the route timeout",
    ],
    [
      "zero consecutive errors",
      { outlierDetection: { consecutive5xxErrors: 0 } },
      "edgestack:mesh.outlierDetection.consecutive5xxErrors: expected an integer between 1 and 100, got 0",
    ],
    [
      "istiod max below min",
      { istiod: { minReplicas: 3, maxReplicas: 2 } },
      "edgestack:mesh.istiod.maxReplicas: expected maxReplicas >= minReplicas (3), got 2",
    ],
    [
      "sidecars in kube-system",
      { injectNamespaces: ["apps", "kong", "kube-system"] },
      'edgestack:mesh.injectNamespaces[2]: expected an application namespace: kube-system and istio-system must never get sidecars, got "kube-system"',
    ],
    [
      "Kong left out of the mesh",
      { injectNamespaces: ["apps"] },
      'edgestack:mesh.injectNamespaces: expected to include "kong" when the mesh is enabled, got ["apps"]',
    ],
    [
      "collector without a port",
      { tracingCollector: "otel-collector" },
      "edgestack:mesh.tracingCollector: expected host:port of an OTLP gRPC collector",
    ],
    [
      "sidecar memory in bytes",
      { proxy: { memoryRequest: "134217728" } },
      'edgestack:mesh.proxy.memoryRequest: expected a memory quantity such as "256Mi" or "1Gi", got "134217728"',
    ],
    [
      "misspelt key",
      { outlierDetection: { maxEjectionPct: 10 } },
      "edgestack:mesh.outlierDetection.maxEjectionPct: unknown key (allowed: consecutive5xxErrors, intervalSeconds, baseEjectionSeconds, maxEjectionPercent)",
    ],
  ];
  for (const [title, mesh, expected] of cases) {
    it(title, () => {
      const problems = meshProblems(mesh);
      assert.ok(
        problems.some((p) => p.startsWith(expected)),
        `expected a problem starting with\n  ${expected}\ngot\n  ${problems.join("\n  ")}`,
      );
    });
  }

  it("accepts retries that exactly fill the timeout, and a mesh that is off without Kong injected", () => {
    assert.deepStrictEqual(meshProblems({ retries: { attempts: 2, perTryTimeoutMs: 2500 }, timeoutMs: 5000 }), []);
    assert.deepStrictEqual(meshProblems({ enabled: false, injectNamespaces: [] }), []);
  });
});
