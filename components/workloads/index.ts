/**
 * Workloads tier: the Python services (service.ts: PythonService × N under Workloads) and the AWS Load Balancer
 * Controller (lb-controller.ts). The tier's public surface; the other files in this folder are pure helpers.
 */
export { PythonService, Workloads, type PythonServiceArgs, type WorkloadsArgs } from "./service";
export { LoadBalancerController, type LoadBalancerControllerArgs } from "./lb-controller";
export { createCriticalFindingsAlert } from "./image-scan";
