/**
 * Kubernetes version moves of the EKS control plane, as pure checks.
 *
 * EKS upgrades one minor at a time and never downgrades (UpdateClusterVersion: "Unsupported Kubernetes minor version
 * update"; EKS User Guide, "Update existing cluster to new Kubernetes version"). With `upgradePolicy.supportType:
 * STANDARD`, AWS itself upgrades the control plane when the version leaves standard support (EKS User Guide, "Cluster
 * upgrade policy"); after that, the state says one version and the program another, and the next `pulumi up --refresh`
 * plans a downgrade that EKS rejects. So the stack records the version the control plane runs (`cluster.pinned.version`)
 * and config may only ask for that version or the next minor: an AWS-initiated upgrade is absorbed by setting both keys
 * to the running version (docs/deploying.md, "EKS upgrades").
 */
interface VersionIssue {
  path: string[];
  input: unknown;
  message: string;
}

function minor(version: string): [number, number] {
  const [major, minorPart] = version.split(".").map(Number);
  return [major, minorPart];
}

/** The next minor of `version` ("1.35" → "1.36"). */
function nextMinor(version: string): string {
  const [major, m] = minor(version);
  return `${major}.${m + 1}`;
}

/** Compares two "major.minor" versions: negative, 0 or positive. */
function compareMinor(a: string, b: string): number {
  const [am, an] = minor(a);
  const [bm, bn] = minor(b);
  return am !== bm ? am - bm : an - bn;
}

/** cluster.version must be cluster.pinned.version (what runs) or its next minor. */
export function clusterVersionIssues(c: { version: string; pinned: { version: string } }): VersionIssue[] {
  const { version, pinned } = c;
  if (version === pinned.version || version === nextMinor(pinned.version)) return [];
  const why =
    compareMinor(version, pinned.version) < 0
      ? "EKS never downgrades a control plane"
      : "EKS upgrades one minor version at a time";
  return [
    {
      path: ["version"],
      input: version,
      message: `expected ${JSON.stringify(pinned.version)} (cluster.pinned.version, the version the control plane runs) or ${JSON.stringify(nextMinor(pinned.version))}: ${why}; after each upgrade set cluster.pinned.version to the new version`,
    },
  ];
}

/**
 * At deploy time, the version the live control plane runs (undefined before it exists) against config. A control
 * plane newer than cluster.version was upgraded by AWS (end of standard support): applying config would plan a
 * downgrade EKS rejects, so the deploy stops with the keys to set instead.
 */
export function runningVersionError(
  clusterName: string,
  configured: string,
  running: string | undefined,
): string | undefined {
  if (running === undefined || compareMinor(running, configured) <= 0) return undefined;
  return (
    `cluster.version: ${clusterName} runs Kubernetes ${running} (upgraded outside Pulumi, e.g. by AWS at the end of standard support) but cluster.version is ${JSON.stringify(configured)}; ` +
    `EKS cannot downgrade: run \`pulumi refresh\`, then set cluster.version and cluster.pinned.version to "${running}"`
  );
}
