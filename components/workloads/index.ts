/**
 * Workloads tier: the Python services (workloads.ts: Workloads, one PythonService per service in service.ts, its
 * image in service-image.ts and identity in service-identity.ts) and the AWS Load Balancer Controller
 * (lb-controller.ts). The tier's public surface; the other files in this folder are pure helpers.
 */
export { Workloads, type WorkloadsArgs } from "./workloads";
export { LoadBalancerController } from "./lb-controller";
export { createCriticalFindingsAlert } from "./image-scan";
