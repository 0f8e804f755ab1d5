/**
 * The Istio CNI node agent, and what sidecar injection adds to a pod with or without it.
 *
 * Without the agent, every injected pod carries an `istio-init` container that rewrites the pod's iptables as
 * root with NET_ADMIN and NET_RAW. The "restricted" (and "baseline") Pod Security Standard refuses those, and the
 * apps namespace enforces "restricted": with the mesh on, no app pod would be admitted. The agent (chart `cni`,
 * a DaemonSet) does the redirection from the node when the pod's network is set up, and istiod (`cni.enabled`)
 * then injects an unprivileged `istio-validation` container that only checks the redirection is in place.
 * The privileges move to one DaemonSet in istio-system (root, NET_ADMIN, NET_RAW, SYS_ADMIN, SYS_PTRACE,
 * DAC_OVERRIDE, hostPath mounts of the CNI directories and /proc), which is why that namespace, not ours,
 * allows privileged pods.
 *
 * Values are typed subsets of the charts' values.yaml at istio/istio tag 1.30.3
 * (manifests/charts/istio-cni/values.yaml; tests/mesh/fixtures holds their key paths).
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { NAMESPACES } from "../shared/names";
import { ISTIO_VERSION } from "./istio-version";
import type { IstioImageRefs } from "./values";

/** Helm release name of the node agent (its DaemonSet is `istio-cni-node`). */
export const ISTIO_CNI_RELEASE = "istio-cni";

/**
 * Pod Security labels of istio-system: the CNI node agent needs "privileged" (see above). Set explicitly so the
 * exemption is visible in the graph and survives a cluster-wide default of "baseline" or "restricted".
 */
export const ISTIO_SYSTEM_POD_SECURITY: Record<string, string> = {
  "pod-security.kubernetes.io/enforce": "privileged",
  "pod-security.kubernetes.io/enforce-version": "latest",
};

/** Requests of one agent pod per node (the chart's default, set explicitly so capacity.ts can count them). */
export const CNI_AGENT_REQUESTS = { cpu: "100m", memory: "100Mi" } as const;

interface IstioCniValues {
  global: { hub: pulumi.Input<string>; tag: string; logAsJson: boolean };
  /** The agent's image (install-cni), in full: the DaemonSet template uses a value containing "/" as is. */
  image: pulumi.Input<string>;
  /** Pods in these namespaces are never redirected (none of them has sidecars; config refuses injecting them). */
  excludeNamespaces: string[];
  resources: { requests: { cpu: string; memory: string } };
  /**
   * A node is schedulable before its agent is ready; a pod started in that gap has no redirection and its
   * `istio-validation` fails. `repairPods` fixes such pods in place (no RBAC on pods needed), instead of
   * deleting (`deletePods`) or only labelling them.
   */
  repair: { enabled: boolean; repairPods: boolean; deletePods: boolean; labelPods: boolean };
}

export function istioCniValues(images: IstioImageRefs): IstioCniValues {
  return {
    global: { hub: images.hub, tag: ISTIO_VERSION, logAsJson: true },
    image: images.refs["install-cni"],
    excludeNamespaces: [NAMESPACES.kubeSystem, NAMESPACES.istio],
    resources: { requests: { ...CNI_AGENT_REQUESTS } },
    repair: { enabled: true, repairPods: true, deletePods: false, labelPods: false },
  };
}

/** The istiod values sidecar injection reads (a subset of IstiodValues). */
export interface InjectionValues {
  cni: { enabled: boolean };
  global: { proxy: { privileged: boolean } };
}

interface InjectedContainer {
  name: string;
  securityContext: k8s.types.input.core.v1.SecurityContext;
}

/** UID/GID the proxy and the validation container run as (the template's default ProxyUID/ProxyGID). */
const PROXY_UID = 1337;

/**
 * The containers injection adds to a pod, with their security contexts, as istiod 1.30's sidecar template
 * renders them (manifests/charts/istio-control/istio-discovery/files/injection-template.yaml) for the default
 * REDIRECT interception mode. Lets tests check an injected pod against Pod Security without a cluster.
 */
export function injectedContainers(values: InjectionValues): InjectedContainer[] {
  const privileged = values.global.proxy.privileged;
  const unprivileged = {
    allowPrivilegeEscalation: privileged,
    privileged,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: PROXY_UID,
    runAsGroup: PROXY_UID,
  };
  const init: InjectedContainer = values.cni.enabled
    ? { name: "istio-validation", securityContext: { ...unprivileged, capabilities: { drop: ["ALL"] } } }
    : {
        name: "istio-init",
        securityContext: {
          allowPrivilegeEscalation: privileged,
          privileged,
          capabilities: { add: ["NET_ADMIN", "NET_RAW"], drop: ["ALL"] },
          readOnlyRootFilesystem: false,
          runAsNonRoot: false,
          runAsUser: 0,
          runAsGroup: 0,
        },
      };
  return [init, { name: "istio-proxy", securityContext: { ...unprivileged, capabilities: { drop: ["ALL"] } } }];
}
