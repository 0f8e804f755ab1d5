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
// Cross-zone load balancing is OFF. With client IP preservation on and IP targets, a client that reaches two NLB
// nodes from the same source IP and port can land on one target twice with an identical 4-tuple, and one connection is
// reset (AWS, "Edit target group attributes for your Network Load Balancer" > "Client IP preservation", checked
// 2026-11-24: the remedies are to disable client IP preservation or cross-zone load balancing). Cloudflare connects
// from a few shared egress addresses to every NLB address, so this happens. Client IP preservation stays: NGINX trusts
// CF-Connecting-IP only from a Cloudflare peer address (set_real_ip_from) and the backend rules admit only Cloudflare
// ranges, both of which need the real source address. Without cross-zone each NLB node sends to the NGINX pods of its
// own zone only: NGINX spreads evenly over zones (edgeTopologySpread, DoNotSchedule), and a zone with no healthy
// NGINX pod (dev runs one pod in two zones) has its NLB address taken out of DNS (NLB DNS failover), so it gets no
// traffic instead of failing it.

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
/**
 * What `pulumi up` waits for on the NLB Service instead of its default Service await, which also requires ready
 * endpoints ("There are no not-ready endpoints", @pulumi/kubernetes core/v1/service.d.ts): the NGINX Deployment is
 * created after the Service (the readiness gate, see nginx.ts), so that wait could never end. The controller writes
 * the NLB's hostname into status.loadBalancer once the load balancer, its target groups and TargetGroupBindings
 * exist. `pulumi.com/waitFor` takes precedence over the default await since pulumi-kubernetes 4.18.4 (#3329).
 */
export const NLB_WAIT_FOR = Object.freeze({
  "pulumi.com/waitFor": "jsonpath={.status.loadBalancer.ingress[0].hostname}",
});

/** EC2's default quota of inbound rules per security group. */
const SG_INBOUND_RULES_QUOTA = 60;

const A = "service.beta.kubernetes.io/aws-load-balancer-";

interface NlbOptions {
  /** AWS name of the load balancer (<= 32 characters; fixed at creation). */
  name: string;
  /** Target port and path of the HTTP health check (NGINX's plain listener answers /nginx-health). */
  healthCheckPort: number;
  healthCheckPath: string;
  /** Tags for the NLB, its target groups and security groups (the provider's defaultTags don't reach them). */
  tags: Record<string, string>;
  /** Timing of a terminating NGINX pod; the deregistration delay is derived from it (nlbDrainTiming). */
  drain: PodDrain;
}

interface PodDrain {
  /** preStop sleep: the pod keeps accepting while the NLB stops routing new connections to it. */
  preStopSleepSeconds: number;
  /** terminationGracePeriodSeconds: after it the kubelet kills NGINX, whatever is still open. */
  terminationGraceSeconds: number;
}

/**
 * Deregistration delay = the pod's termination grace period. A target is deregistered when its pod starts terminating;
 * it then gets no new flows, while its open ones live until the delay ends, when the NLB resets them
 * (connection_termination). NGINX sleeps `preStop`, then drains gracefully (SIGQUIT) until the grace period ends: a
 * delay shorter than that (the old 20 s = the preStop sleep) resets connections exactly when NGINX begins draining
 * them. With delay = grace, the NLB only cuts what the kubelet is killing anyway, and keepalive connections from
 * Cloudflare are not left to time out against a gone pod. Throws when the pod could never drain before the cut.
 */
export function nlbDrainTiming(d: PodDrain): { deregistrationDelaySeconds: number; drainSeconds: number } {
  const drainSeconds = d.terminationGraceSeconds - d.preStopSleepSeconds;
  if (drainSeconds <= 0) {
    throw new Error(
      `nginx pod drain: terminationGracePeriodSeconds (${d.terminationGraceSeconds}) must exceed the preStop sleep (${d.preStopSleepSeconds})`,
    );
  }
  // The NLB accepts 0-3600 s (target group attribute deregistration_delay.timeout_seconds).
  if (d.terminationGraceSeconds > 3600)
    throw new Error(
      `nginx pod drain: expected a grace period of at most 3600 s (the NLB's maximum deregistration delay), got ${d.terminationGraceSeconds}`,
    );
  return { deregistrationDelaySeconds: d.terminationGraceSeconds, drainSeconds };
}

function tagList(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => {
      if (/[,=]/.test(k) || /[,=]/.test(v))
        throw new Error(`nlb tags: "${k}=${v}": tag keys and values may not contain ',' or '='`);
      return `${k}=${v}`;
    })
    .join(",");
}

/** Annotations of the edge Service. */
export function nlbAnnotations(o: NlbOptions): Record<string, string> {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(o.name)) {
    throw new Error(
      `nlb name: expected 1-32 letters, digits or '-' (not at either end), got ${JSON.stringify(o.name)}`,
    );
  }
  return {
    [`${A}type`]: "external",
    [`${A}nlb-target-type`]: "ip",
    [`${A}scheme`]: "internet-facing",
    [`${A}ip-address-type`]: "ipv4",
    [`${A}name`]: o.name,
    // Off: see the header (same-4-tuple resets with client IP preservation across NLB nodes).
    [`${A}attributes`]: "load_balancing.cross_zone.enabled=false",
    [`${A}target-group-attributes`]: [
      "preserve_client_ip.enabled=true",
      `deregistration_delay.timeout_seconds=${nlbDrainTiming(o.drain).deregistrationDelaySeconds}`,
      // What is still open when the delay (= the pod's grace period) ends is reset instead of timing out.
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
export function nlbSourceRanges(
  cidrs: readonly string[],
  ports: readonly number[],
  key = "ingress.cloudflareIpRanges",
): string[] {
  // Entries are network CIDRs without /0: the config schema checked them (cidr() in config/schema-fields.ts).
  const v4 = cidrs.filter((c) => isIPv4(c.split("/")[0]));
  if (v4.length === 0) {
    throw new Error(
      `${key}: expected at least one IPv4 range (an empty list would open the NLB to 0.0.0.0/0), got ${JSON.stringify(cidrs)}`,
    );
  }
  const rules = v4.length * ports.length;
  if (rules > SG_INBOUND_RULES_QUOTA) {
    throw new Error(
      `${key}: expected at most ${Math.floor(SG_INBOUND_RULES_QUOTA / ports.length)} IPv4 ranges ` +
        `(${ports.length} ports x ${v4.length} ranges = ${rules} security group rules > the EC2 quota of ${SG_INBOUND_RULES_QUOTA})`,
    );
  }
  return v4;
}
