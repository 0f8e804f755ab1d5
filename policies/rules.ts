/**
 * Every edgestack rule, in one list. policies/index.ts builds the PolicyPack from it; the
 * offline runner and the tests import it directly (never index.ts, which starts a gRPC server).
 */
import { capacityGatePolicies } from "./capacity/gate";
import { karpenterPolicies } from "./capacity/karpenter-rules";
import { budgetPolicies } from "./cost/budget";
import { instanceClassPolicies } from "./cost/instance-classes";
import { logCostPolicies } from "./cost/logs";
import { networkCostPolicies } from "./cost/network";
import { storagePolicies } from "./cost/storage";
import { tagPolicies } from "./cost/tags";
import { backupPolicies } from "./reliability/backups";
import { apiReachablePolicies } from "./reliability/api-reachable";
import { dataSafetyPolicies } from "./reliability/data-safety";
import { meshMtlsPolicies } from "./reliability/mesh-mtls";
import { versionSupportPolicies } from "./reliability/version-support";
import { certificateExpiryPolicies } from "./reliability/certificate-expiry";
import { cloudflarePolicies } from "./security/cloudflare";
import { ecrPolicies } from "./security/ecr";
import { encryptionPolicies } from "./security/encryption";
import { identityPolicies } from "./security/identity";
import { kubernetesPolicies } from "./security/kubernetes";
import { loggingPolicies } from "./security/logging";
import { networkPolicies } from "./security/network";
import { s3Policies } from "./security/s3";
import type { EdgestackPolicy } from "./types";

export { PACK_ENFORCEMENT_LEVEL } from "./types";

const securityPolicies: EdgestackPolicy[] = [
  ...encryptionPolicies,
  ...s3Policies,
  ...networkPolicies,
  ...identityPolicies,
  ...loggingPolicies,
  ...kubernetesPolicies,
  ...cloudflarePolicies,
  ...ecrPolicies,
  ...karpenterPolicies,
];

const reliabilityPolicies: EdgestackPolicy[] = [
  ...dataSafetyPolicies,
  ...backupPolicies,
  ...meshMtlsPolicies,
  ...versionSupportPolicies,
  ...certificateExpiryPolicies,
  ...apiReachablePolicies,
  ...capacityGatePolicies,
];

const costPolicies: EdgestackPolicy[] = [
  ...instanceClassPolicies,
  ...storagePolicies,
  ...logCostPolicies,
  ...networkCostPolicies,
  ...tagPolicies,
  ...budgetPolicies,
];

/** All rules, with `remediation` also given to the SDK as `remediationSteps` (shown by Pulumi Cloud). */
export const allPolicies: EdgestackPolicy[] = [...securityPolicies, ...reliabilityPolicies, ...costPolicies].map(
  (p) => ({
    ...p,
    remediationSteps: p.remediation,
  }),
);
