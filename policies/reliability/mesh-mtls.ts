/**
 * With the Istio mesh on, every app namespace must only accept mutual-TLS traffic: a namespace-wide STRICT
 * PeerAuthentication (or a mesh-wide STRICT one in the root namespace that the namespace does not override),
 * and no workload-level or port-level exception that brings back plaintext.
 *
 * Severity: high. Topics: encryption in transit, zero trust, Istio.
 * Ref: https://istio.io/latest/docs/reference/config/security/peer_authentication/
 *
 * Environments: enforcement comes from policies/config/<env>.json; the rule is
 * not applicable when the stack has no istiod (mesh off, the dev default).
 */
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import type { EdgestackStackPolicy } from "../types";

type MeshPolicy = EdgestackStackPolicy;

interface MeshMtlsConfig {
  /** Namespaces that hold the applications (default: ["apps"], NAMESPACES.apps). */
  appNamespaces?: string[];
  /** Istio's root namespace, where a selector-less PeerAuthentication applies mesh-wide. */
  rootNamespace?: string;
}

export const meshMtlsSchema: PolicyConfigSchema = {
  properties: {
    appNamespaces: {
      type: "array",
      items: { type: "string" },
      default: ["apps"],
      description: "Namespaces that must accept mTLS only.",
    },
    rootNamespace: {
      type: "string",
      default: "istio-system",
      description: "Istio's root namespace (meshConfig.rootNamespace).",
    },
  },
};

const PEER_AUTHENTICATION = /^kubernetes:security\.istio\.io\/v1(beta1)?:PeerAuthentication$/;
const HELM = /^kubernetes:helm\.sh\/v[34]:(Release|Chart)$/;
const WEAK = new Set(["PERMISSIVE", "DISABLE"]);

function rec(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

interface PeerAuth {
  urn: string;
  label: string;
  /** undefined while the namespace is an unknown output (preview before the namespace exists). */
  namespace?: string;
  namespaceWide: boolean;
  mode?: string;
  weakPorts: string[];
}

function peerAuth(r: PolicyResource): PeerAuth {
  const metadata = rec(r.props.metadata);
  const spec = rec(r.props.spec);
  const selector = rec(rec(spec.selector).matchLabels);
  const namespace = typeof metadata.namespace === "string" ? metadata.namespace : undefined;
  const ports = rec(spec.portLevelMtls);
  return {
    urn: r.urn,
    label: `PeerAuthentication ${namespace ?? "?"}/${typeof metadata.name === "string" ? metadata.name : r.name}`,
    namespace,
    namespaceWide: Object.keys(selector).length === 0,
    mode: typeof rec(spec.mtls).mode === "string" ? String(rec(spec.mtls).mode) : undefined,
    weakPorts: Object.entries(ports)
      .filter(([, v]) => WEAK.has(String(rec(v).mode)))
      .map(([p]) => p),
  };
}

/** True when the stack installs istiod (Helm release or chart named "istiod"). */
function meshInstalled(resources: PolicyResource[]): boolean {
  return resources.some((r) => HELM.test(r.type) && /(^|\/)istiod(-[\d.]+\.tgz)?$/.test(String(r.props.chart ?? "")));
}

export const meshStrictMtls: MeshPolicy = {
  name: "kubernetes-istio-app-namespaces-require-strict-mtls",
  description:
    "With the Istio mesh on, every app namespace accepts only mutual-TLS traffic (STRICT PeerAuthentication, no plaintext exceptions).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Create a PeerAuthentication named `default` with `spec.mtls.mode: STRICT` and no selector in each app namespace (components/mesh/index.ts, MeshTrafficPolicy), and remove PERMISSIVE/DISABLE modes and portLevelMtls exceptions there.",
  configSchema: meshMtlsSchema,
  validateStack: (args, report) => {
    if (!meshInstalled(args.resources)) args.notApplicable("the Istio mesh is off (no istiod release in the stack)");
    const cfg = args.getConfig<MeshMtlsConfig>();
    const appNamespaces = cfg.appNamespaces ?? ["apps"];
    const rootNamespace = cfg.rootNamespace ?? "istio-system";
    const all = args.resources.filter((r) => PEER_AUTHENTICATION.test(r.type)).map(peerAuth);
    const meshWide = all.find((p) => p.namespace === rootNamespace && p.namespaceWide);
    // A namespace-wide STRICT policy whose namespace is not known yet (an output during the first preview)
    // will be checked with real values at update; do not call its namespace uncovered meanwhile.
    const pending = all.some((p) => p.namespace === undefined && p.namespaceWide && p.mode === "STRICT");

    for (const ns of appNamespaces) {
      const local = all.filter((p) => p.namespace === ns);
      const nsWide = local.find((p) => p.namespaceWide);
      const mode = nsWide?.mode && nsWide.mode !== "UNSET" ? nsWide.mode : meshWide?.mode;
      if (mode !== "STRICT" && !(mode === undefined && pending)) {
        const why = nsWide
          ? `${nsWide.label} sets mode ${nsWide.mode ?? "(none)"}`
          : `no namespace-wide PeerAuthentication${meshWide ? `, and the mesh-wide one sets mode ${meshWide.mode ?? "(none)"}` : ""}`;
        report(`Namespace "${ns}" must accept only mTLS: ${why}; the effective mode should be STRICT.`, nsWide?.urn);
      }
      for (const p of local) {
        if (!p.namespaceWide && p.mode !== undefined && WEAK.has(p.mode)) {
          report(
            `${p.label} sets mode ${p.mode} for some workloads of "${ns}": app workloads should accept only mTLS (STRICT).`,
            p.urn,
          );
        }
        if (p.weakPorts.length > 0) {
          report(
            `${p.label} allows plaintext on port(s) ${p.weakPorts.join(", ")} in "${ns}": portLevelMtls should not be PERMISSIVE or DISABLE.`,
            p.urn,
          );
        }
      }
    }
  },
};

export const meshMtlsPolicies: MeshPolicy[] = [meshStrictMtls];
