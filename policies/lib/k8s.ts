/**
 * Pod-level views of Kubernetes workloads (Deployment, StatefulSet, DaemonSet all carry a pod
 * template at `spec.template.spec`) and a typed-validation helper that applies one check to
 * the three workload kinds with the engine's own `validateResourceOfType` type filter.
 */
import * as k8s from "@pulumi/kubernetes";
import {
  validateResourceOfType,
  type ReportViolation,
  type ResourceValidation,
  type ResourceValidationArgs,
} from "@pulumi/policy";
import { asArray, asRecord, asString, at } from "./values";

interface Container {
  name: string;
  image?: string;
  securityContext: Record<string, unknown>;
  resources: Record<string, unknown>;
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  /** init containers run to completion: they need no probes */
  init: boolean;
}

interface PodView {
  spec: Record<string, unknown>;
  securityContext: Record<string, unknown>;
  containers: Container[];
}

function podOf(workloadProps: Record<string, unknown>): PodView {
  const spec = asRecord(at(workloadProps, "spec.template.spec"));
  const toContainer =
    (init: boolean) =>
    (raw: unknown): Container => {
      const c = asRecord(raw);
      return {
        name: asString(c.name) ?? "(unnamed)",
        image: asString(c.image),
        securityContext: asRecord(c.securityContext),
        resources: asRecord(c.resources),
        livenessProbe: c.livenessProbe,
        readinessProbe: c.readinessProbe,
        init,
      };
    };
  return {
    spec,
    securityContext: asRecord(spec.securityContext),
    containers: [
      ...asArray(spec.initContainers).map(toContainer(true)),
      ...asArray(spec.containers).map(toContainer(false)),
    ],
  };
}

type WorkloadCheck = (pod: PodView, args: ResourceValidationArgs, report: ReportViolation) => void;

/**
 * One check, typed validations for every pod-template kind (Deployment, StatefulSet, DaemonSet, and — unless
 * `longRunningOnly`, for checks such as health probes that make no sense for run-to-completion pods — Job).
 * The engine runs each validation of a rule in turn and treats "wrong type" as not applicable.
 */
export function validateWorkloads(
  check: WorkloadCheck,
  opts: { longRunningOnly?: boolean } = {},
): ResourceValidation[] {
  const run = (props: unknown, args: ResourceValidationArgs, report: ReportViolation) =>
    check(podOf(asRecord(props)), args, report);
  return [
    validateResourceOfType(k8s.apps.v1.Deployment, run),
    validateResourceOfType(k8s.apps.v1.StatefulSet, run),
    validateResourceOfType(k8s.apps.v1.DaemonSet, run),
    ...(opts.longRunningOnly ? [] : [validateResourceOfType(k8s.batch.v1.Job, run)]),
  ];
}

/**
 * The tag of an image reference, or undefined when it has none. A digest (`@sha256:...`)
 * pins the image whatever the tag says, so it is reported as "digest".
 */
export function imageTag(image: string): string | undefined {
  if (image.includes("@")) return "digest";
  const lastSegment = image.split("/").pop() ?? image;
  const colon = lastSegment.lastIndexOf(":");
  return colon === -1 ? undefined : lastSegment.slice(colon + 1);
}
