/**
 * Pod security for our own workloads (Deployment, StatefulSet, DaemonSet), close to the
 * Kubernetes "restricted" Pod Security Standard, plus the operability basics the platform
 * depends on (resources for scheduling/HPA, probes for rollouts, pinned images).
 * Ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
import type { EdgestackPolicy } from "../types";
import { imageTag, validateWorkloads } from "../lib/k8s";
import { asArray, asRecord, isRecord, isSet } from "../lib/values";

/** Containers must not run as UID 0: set at pod or container level, container wins. */
export const runAsNonRoot: EdgestackPolicy = {
  name: "kubernetes-workload-require-run-as-non-root",
  description: "Pods must run as a non-root user.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set `securityContext.runAsNonRoot: true` (and a numeric `runAsUser`) in the pod template; build images with a non-root USER.",
  validateResource: validateWorkloads((pod, _args, report) => {
    for (const c of pod.containers) {
      const effective = c.securityContext.runAsNonRoot ?? pod.securityContext.runAsNonRoot;
      if (effective !== true)
        report(
          `Container "${c.name}" must run as non-root: \`runAsNonRoot\` should be true (pod or container securityContext).`,
        );
    }
  }),
};

/** Privileged containers are root on the node. */
export const noPrivileged: EdgestackPolicy = {
  name: "kubernetes-workload-disallow-privileged-containers",
  description: "Containers must not run privileged.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation: "Remove `securityContext.privileged: true`; grant only the specific capabilities needed.",
  validateResource: validateWorkloads((pod, _args, report) => {
    for (const c of pod.containers) {
      if (c.securityContext.privileged === true)
        report(`Container "${c.name}" must not be privileged: \`securityContext.privileged\` should be false.`);
    }
  }),
};

/** setuid binaries must not gain privileges: `allowPrivilegeEscalation` defaults to true, so it must be set. */
export const noPrivilegeEscalation: EdgestackPolicy = {
  name: "kubernetes-workload-disallow-privilege-escalation",
  description: "Containers must set allowPrivilegeEscalation to false.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: "Set `securityContext.allowPrivilegeEscalation: false` on every container.",
  validateResource: validateWorkloads((pod, _args, report) => {
    for (const c of pod.containers) {
      if (c.securityContext.allowPrivilegeEscalation !== false) {
        report(
          `Container "${c.name}" must not escalate privileges: \`securityContext.allowPrivilegeEscalation\` should be false.`,
        );
      }
    }
  }),
};

/** Host namespaces and hostPath volumes break the pod/node boundary. */
export const noHostAccess: EdgestackPolicy = {
  name: "kubernetes-workload-disallow-host-namespaces-and-paths",
  description: "Pods must not use hostNetwork, hostPID, hostIPC or hostPath volumes.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Remove `hostNetwork`/`hostPID`/`hostIPC` and replace hostPath volumes with emptyDir, ConfigMap/Secret or PVC volumes.",
  validateResource: validateWorkloads((pod, _args, report) => {
    for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
      if (pod.spec[field] === true) report(`Pod must not share the node's namespaces: \`${field}\` should be false.`);
    }
    for (const v of asArray(pod.spec.volumes).map(asRecord)) {
      if (isRecord(v.hostPath)) report(`Pod must not mount host paths: volume "${String(v.name)}" uses hostPath.`);
    }
  }),
};

/** Requests drive scheduling and the HPA; limits stop one pod from starving a node. */
export const resourcesSet: EdgestackPolicy = {
  name: "kubernetes-workload-require-resource-requests-and-limits",
  description: "Containers must set CPU and memory requests and a memory limit.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Set `resources.requests.cpu`, `resources.requests.memory` and `resources.limits.memory` on every container.",
  validateResource: validateWorkloads((pod, _args, report) => {
    for (const c of pod.containers) {
      const requests = asRecord(c.resources.requests);
      const limits = asRecord(c.resources.limits);
      const missing = [
        isSet(requests.cpu) ? undefined : "requests.cpu",
        isSet(requests.memory) ? undefined : "requests.memory",
        isSet(limits.memory) ? undefined : "limits.memory",
      ].filter(Boolean);
      if (missing.length) report(`Container "${c.name}" must declare its resources: set ${missing.join(", ")}.`);
    }
  }),
};

/** Without probes a rollout cannot tell a broken pod from a ready one. Init containers are exempt. */
export const probesSet: EdgestackPolicy = {
  name: "kubernetes-workload-require-health-probes",
  description: "Long-running containers must define liveness and readiness probes.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation: "Add `livenessProbe` and `readinessProbe` (HTTP /healthz and /readyz for the Python services).",
  validateResource: validateWorkloads(
    (pod, _args, report) => {
      for (const c of pod.containers.filter((x) => !x.init)) {
        const missing = [
          isRecord(c.livenessProbe) ? undefined : "livenessProbe",
          isRecord(c.readinessProbe) ? undefined : "readinessProbe",
        ].filter(Boolean);
        if (missing.length) report(`Container "${c.name}" must define ${missing.join(" and ")}.`);
      }
    },
    { longRunningOnly: true },
  ),
};

/** `latest` or no tag means every pull may run different code. */
export const pinnedImages: EdgestackPolicy = {
  name: "kubernetes-workload-disallow-latest-image-tag",
  description: "Container images must be pinned to a version tag or digest, not latest or untagged.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation: "Reference images by an immutable version tag (ECR immutable tags) or by digest (`image@sha256:...`).",
  validateResource: validateWorkloads((pod, _args, report) => {
    for (const c of pod.containers) {
      const tag = c.image ? imageTag(c.image) : undefined;
      if (!c.image) report(`Container "${c.name}" must name an image.`);
      else if (tag === undefined || tag === "latest") {
        report(
          `Container "${c.name}" image "${c.image}" must be pinned to a version tag or digest (it ${tag ? "uses latest" : "has no tag"}).`,
        );
      }
    }
  }),
};

export const kubernetesPolicies: EdgestackPolicy[] = [
  runAsNonRoot,
  noPrivileged,
  noPrivilegeEscalation,
  noHostAccess,
  resourcesSet,
  probesSet,
  pinnedImages,
];
