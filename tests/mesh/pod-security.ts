/**
 * The checks of the Kubernetes Pod Security Standard "restricted" (kubernetes.io/docs/concepts/security/
 * pod-security-standards, policy version "latest") that a pod spec can fail, as a test oracle: what the
 * admission controller of a namespace labelled `pod-security.kubernetes.io/enforce: restricted` would refuse.
 * Covers host namespaces, privileged, capabilities, volume types, privilege escalation, non-root and seccomp;
 * not AppArmor/SELinux/sysctls/procMount (neither our pods nor the injected containers set them).
 */
import { injectedContainers, type InjectionValues } from "../../components/mesh/cni";
import { CapturedResource, input } from "../harness";

interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type: string };
}

interface PodLike {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
  initContainers?: Array<{ name: string; securityContext?: SecurityContext; ports?: Array<{ hostPort?: number }> }>;
  containers: Array<{ name: string; securityContext?: SecurityContext; ports?: Array<{ hostPort?: number }> }>;
  volumes?: Array<Record<string, unknown> & { name: string }>;
}

/** Volume sources "restricted" admits. */
const ALLOWED_VOLUMES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
];

/** One message per violation, naming the container and the field; empty when the pod would be admitted. */
export function restrictedViolations(pod: PodLike): string[] {
  const out: string[] = [];
  for (const ns of ["hostNetwork", "hostPID", "hostIPC"] as const) if (pod[ns]) out.push(`pod: ${ns} must be false`);
  for (const v of pod.volumes ?? []) {
    const source = Object.keys(v).find((k) => k !== "name");
    if (!source || !ALLOWED_VOLUMES.includes(source)) out.push(`volume ${v.name}: type ${source} is not allowed`);
  }
  const podSc = pod.securityContext ?? {};
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    const sc = c.securityContext ?? {};
    const at = `container ${c.name}`;
    if (sc.privileged) out.push(`${at}: privileged must be false`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${at}: allowPrivilegeEscalation must be false`);
    const added = (sc.capabilities?.add ?? []).filter((cap) => cap !== "NET_BIND_SERVICE");
    if (added.length > 0) out.push(`${at}: capabilities ${added.join(", ")} may not be added`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) out.push(`${at}: capabilities must drop ALL`);
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) out.push(`${at}: runAsNonRoot must be true`);
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) out.push(`${at}: runAsUser must not be 0`);
    const seccomp = (sc.seccompProfile ?? podSc.seccompProfile)?.type;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost")
      out.push(`${at}: seccompProfile must be RuntimeDefault or Localhost`);
    if ((c.ports ?? []).some((p) => p.hostPort)) out.push(`${at}: hostPort is not allowed`);
  }
  return out;
}

/**
 * The pod the injector would admit for Deployment `d` under these istiod values: its template plus the
 * injected init container and sidecar. (The volumes injection adds are emptyDir, downwardAPI, projected and
 * configMap, all allowed.)
 */
export function injectedPod(d: CapturedResource, values: InjectionValues): PodLike {
  const pod = input(d, "spec.template.spec") as PodLike;
  const [init, proxy] = injectedContainers(values) as PodLike["containers"];
  return { ...pod, initContainers: [...(pod.initContainers ?? []), init], containers: [...pod.containers, proxy] };
}
