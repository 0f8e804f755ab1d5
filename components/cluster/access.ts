/**
 * Who may use the Kubernetes API: EKS access entries (authentication mode API) with access-policy associations.
 *
 * - the CI deploy role and the admins get AmazonEKSClusterAdminPolicy (cluster-admin), cluster-wide;
 * - the viewers get AmazonEKSViewPolicy (read-only, no Secrets), cluster-wide;
 * - the read-all roles get AmazonEKSAdminViewPolicy (get/list/watch on everything, Secrets included): what the drift
 *   workflow's `pulumi refresh` needs to read back every object the program manages, without write access.
 * Principals are IAM role NAMES from config (optionally with a path); the ARNs are built from the account the
 * deployer runs in (aws.getCallerIdentity), so the stack files carry no account id.
 *
 * The role that created the cluster already has an entry: `bootstrapClusterCreatorAdminPermissions: true` makes EKS
 * create one (with cluster-admin) that this program does not manage. "An IAM principal can't be included in more than
 * one access entry" (EKS User Guide, "Create access entries", awsdocs/amazon-eks-user-guide
 * latest/ug/manage-access/k8s-access/creating-access-entries.adoc), so no entry is created for
 * cluster.access.clusterCreatorRoleName. The bootstrap flag is a one-time, create-only setting (terraform-aws-eks
 * docs/security/cluster-access.md: "it cannot be modified later through the EKS API"; ForceNew in
 * terraform-provider-aws), so it stays as the clusters were created with it.
 */
const ACCESS_POLICIES = {
  clusterAdmin: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
  view: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
  adminView: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy",
} as const;

interface ClusterAccessConfig {
  deployRoleName: string;
  clusterCreatorRoleName: string;
  adminRoleNames: string[];
  viewerRoleNames: string[];
  readAllRoleNames: string[];
}

interface PlannedEntry {
  /** Role name (with path, if any) as configured. */
  roleName: string;
  /** Why this principal has access (for names and docs). */
  role: "deploy" | "admin" | "read-all" | "viewer";
  policyArn: string;
}

/**
 * One entry per principal (a role listed twice keeps its strongest access), minus the cluster creator's, which EKS
 * made at creation.
 */
export function accessEntryPlan(a: ClusterAccessConfig): PlannedEntry[] {
  const plan = new Map<string, PlannedEntry>();
  const add = (roleName: string, role: PlannedEntry["role"], policyArn: string) => {
    if (roleName === a.clusterCreatorRoleName || plan.has(roleName)) return;
    plan.set(roleName, { roleName, role, policyArn });
  };
  add(a.deployRoleName, "deploy", ACCESS_POLICIES.clusterAdmin);
  a.adminRoleNames.forEach((r) => add(r, "admin", ACCESS_POLICIES.clusterAdmin));
  a.readAllRoleNames.forEach((r) => add(r, "read-all", ACCESS_POLICIES.adminView));
  a.viewerRoleNames.forEach((r) => add(r, "viewer", ACCESS_POLICIES.view));
  return [...plan.values()];
}

/** `arn:<partition>:iam::<account>:role/<path/name>` */
export function roleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** A stable logical-name suffix for a role (path separators are not allowed in every physical name). */
export function roleKey(roleName: string): string {
  return roleName.replace(/[^A-Za-z0-9-]/g, "-").toLowerCase();
}

/**
 * Before the cluster exists: the identity running this deploy becomes its creator (and EKS's bootstrap admin), so it
 * must be the role cluster.access.clusterCreatorRoleName names; otherwise the entry for the role configured there
 * would be skipped while another principal holds the bootstrap entry (e.g. CI locked out after an operator's first
 * deploy). `callerArn` is sts:GetCallerIdentity's ARN (an assumed-role ARN carries the role name, not its path).
 */
export function creatorError(callerArn: string, creatorRoleName: string): string | undefined {
  const assumed = /^arn:[^:]+:sts::\d{12}:assumed-role\/([^/]+)\/.+$/.exec(callerArn)?.[1];
  if (assumed !== undefined && assumed === creatorRoleName.split("/").pop()) return undefined;
  const fix =
    assumed !== undefined
      ? `set it to "${assumed}" (with its path, if any) or deploy as "${creatorRoleName}"`
      : "create the cluster as an IAM role (an assumed-role session), not a user or root";
  return `cluster.access.clusterCreatorRoleName: this deploy creates the cluster as ${callerArn}, which EKS makes its bootstrap admin, but clusterCreatorRoleName is "${creatorRoleName}": ${fix}`;
}
