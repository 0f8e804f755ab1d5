// The edge Service (type LoadBalancer) as the AWS Load Balancer Controller reads it: an internet-facing NLB with
// IP targets (straight to the NGINX pods), TCP passthrough (TLS ends in NGINX), client IP preserved, and a
// controller-managed security group that admits 80/443 only from Cloudflare. Annotation names and semantics are
// those of the controller's docs/guide/service/annotations.md (v3.5.0) and pkg/service/model_build_managed_sg.go:
// - `spec.loadBalancerSourceRanges` becomes one frontend SG rule per listener port and CIDR; an IPv6 CIDR is an
//   error unless the NLB is dualstack, so only IPv4 ranges go there (Cloudflare reaches an IPv4-only origin over IPv4);
// - with ip targets the source ranges are also applied to the backend (pod/node SG) rules only when client IP
//   preservation is on, so `preserve_client_ip.enabled=true` is required, not just wanted;
// - no `aws-load-balancer-security-groups` annotation: the controller then creates and owns the frontend SG and
//   manages the backend rules (stated explicitly with manage-backend-security-group-rules).

import { isIPv4 } from "node:net";

/** Makes the controller (not the in-tree cloud provider) reconcile the Service. */
export const NLB_LOAD_BALANCER_CLASS = "service.k8s.aws/nlb";

/**
 * How long `pulumi up` waits for the edge Deployment and its Service (pulumi-kubernetes' `pulumi.com/timeoutSeconds`
 * annotation; its default is 10 minutes). The edge namespace injects the controller's pod readiness gate, so a pod
 * is Ready, and the Service's endpoints settle, only once its NLB target is healthy: on a first deploy that is the
 * NLB's provisioning plus IP-target registration plus two health checks, which can exceed the default. Twice the
 * default, not more: a rollout that is really broken (nginx crash-looping) should still fail the update soon.
 */
export const NLB_AWAIT_TIMEOUT_SECONDS = 1200;
export const AWAIT_TIMEOUT_ANNOTATION = "pulumi.com/timeoutSeconds";

/** EC2's default quota of inbound rules per security group. */
export const SG_INBOUND_RULES_QUOTA = 60;

const A = "service.beta.kubernetes.io/aws-load-balancer-";

export interface NlbOptions {
  /** AWS name of the load balancer (<= 32 characters; fixed at creation). */
  name: string;
  /** Listener ports (service ports) the frontend security group opens. */
  ports: number[];
  /** Target port and path of the HTTP health check (NGINX's plain listener answers /nginx-health). */
  healthCheckPort: number;
  healthCheckPath: string;
  /** Tags for the NLB, its target groups and security groups (the provider's defaultTags don't reach them). */
  tags: Record<string, string>;
  /** Seconds a deregistering target keeps its connections; below the pods' preStop sleep + drain time. */
  deregistrationDelaySeconds: number;
}

function tagList(tags: Record<string, string>): string {
  return Object.entries(tags).map(([k, v]) => {
    if (/[,=]/.test(k) || /[,=]/.test(v)) throw new Error(`nlb tags: "${k}=${v}": tag keys and values may not contain ',' or '='`);
    return `${k}=${v}`;
  }).join(",");
}

/** Annotations of the edge Service. */
export function nlbAnnotations(o: NlbOptions): Record<string, string> {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(o.name)) {
    throw new Error(`nlb name: expected 1-32 letters, digits or '-' (not at either end), got ${JSON.stringify(o.name)}`);
  }
  return {
    [`${A}type`]: "external",
    [`${A}nlb-target-type`]: "ip",
    [`${A}scheme`]: "internet-facing",
    [`${A}ip-address-type`]: "ipv4",
    [`${A}name`]: o.name,
    [`${A}attributes`]: "load_balancing.cross_zone.enabled=true",
    [`${A}target-group-attributes`]: [
      "preserve_client_ip.enabled=true",
      `deregistration_delay.timeout_seconds=${o.deregistrationDelaySeconds}`,
      // Long-lived keepalive connections from Cloudflare are closed when a pod leaves instead of timing out.
      "deregistration_delay.connection_termination.enabled=true",
    ].join(","),
    [`${A}healthcheck-protocol`]: "http",
    [`${A}healthcheck-port`]: String(o.healthCheckPort),
    [`${A}healthcheck-path`]: o.healthCheckPath,
    [`${A}healthcheck-interval`]: "10",
    [`${A}healthcheck-healthy-threshold`]: "2",
    [`${A}healthcheck-unhealthy-threshold`]: "2",
    [`${A}manage-backend-security-group-rules`]: "true",
    [`${A}additional-resource-tags`]: tagList(o.tags),
  };
}

/**
 * `spec.loadBalancerSourceRanges`: the IPv4 ranges of `cidrs` (IPv6 entries are dropped, see above). Throws when
 * nothing would remain (the controller would then open 0.0.0.0/0) or when the frontend SG would exceed EC2's
 * rule quota (one rule per port and CIDR).
 */
export function nlbSourceRanges(cidrs: readonly string[], ports: readonly number[], key = "ingress.cloudflareIpRanges"): string[] {
  // Entries are network CIDRs without /0: the config schema checked them (config/schema.ts, cidr()).
  const v4 = cidrs.filter((c) => isIPv4(c.split("/")[0]));
  if (v4.length === 0) {
    throw new Error(`${key}: expected at least one IPv4 range (an empty list would open the NLB to 0.0.0.0/0), got ${JSON.stringify(cidrs)}`);
  }
  const rules = v4.length * ports.length;
  if (rules > SG_INBOUND_RULES_QUOTA) {
    throw new Error(`${key}: expected at most ${Math.floor(SG_INBOUND_RULES_QUOTA / ports.length)} IPv4 ranges ` +
      `(${ports.length} ports x ${v4.length} ranges = ${rules} security group rules > the EC2 quota of ${SG_INBOUND_RULES_QUOTA})`);
  }
  return v4;
}
