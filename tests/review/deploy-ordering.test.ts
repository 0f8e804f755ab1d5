/**
 * Ordering a real `pulumi up` needs and the mocks never enforce: the mock runtime creates everything at once and
 * accepts any order, while AWS and Kubernetes reject (or half-configure) a resource whose prerequisite is not there
 * yet. Each test states one invariant over the captured dependency graph of both committed stacks.
 */
import * as assert from "assert";
import { NAMESPACES, RELEASES } from "../../components/shared/names";
import { CapturedResource, input, stackRun } from "../harness";
import { DependencyGraph, label } from "./graph";

const STACKS = ["dev", "prod"] as const;
/** One program run at a time (the Pulumi runtime is process-global); stackRun caches each stack's run. */
async function graphs(): Promise<(readonly [string, DependencyGraph])[]> {
  const out: (readonly [string, DependencyGraph])[] = [];
  for (const s of STACKS) out.push([s, new DependencyGraph(await stackRun(s))] as const);
  return out;
}

const ROLE = "aws:iam/role:Role";
const PERMISSIONS = new Set([
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/policyAttachment:PolicyAttachment",
]);
const RELEASE = "kubernetes:helm.sh/v3:Release";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const BUILT_IN_GROUPS = new Set([
  "core",
  "apps",
  "batch",
  "policy",
  "autoscaling",
  "networking.k8s.io",
  "storage.k8s.io",
  "rbac.authorization.k8s.io",
  "helm.sh",
]);
/** Which of our Helm releases installs the CRDs of each custom API group we create objects of. */
const CRD_RELEASE: [RegExp, string][] = [
  [/^monitoring\.coreos\.com$/, RELEASES.kubePrometheusStack],
  [/^configuration\.konghq\.com$/, RELEASES.kong],
  [/\.istio\.io$/, RELEASES.istioBase],
  [/^karpenter\.(sh|k8s\.aws)$/, RELEASES.karpenter],
];

const k8sObjects = (g: DependencyGraph) => g.run.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
const apiGroup = (r: CapturedResource) => r.type.slice("kubernetes:".length).split("/")[0];
const releaseNamed = (g: DependencyGraph, name: string) => g.ofType(RELEASE).find((r) => r.inputs.name === name);

describe("real-deploy ordering", () => {
  it("whatever is handed an IAM role waits for the role's policies (RDS checks at creation, pods use them at once)", async () => {
    for (const [stack, g] of await graphs()) {
      let users = 0;
      for (const role of g.ofType(ROLE)) {
        const dependents = g.directDependents(role);
        const permissions = dependents.filter((r) => PERMISSIONS.has(r.type));
        for (const user of dependents.filter((r) => !r.type.startsWith("aws:iam/"))) {
          users++;
          const missing = permissions.filter((p) => !g.waitsFor(user).has(p.urn)).map(label);
          assert.deepStrictEqual(
            missing,
            [],
            `${stack}: ${label(user)} uses role ${role.name} before its permissions exist`,
          );
        }
      }
      assert.ok(
        users >= 8,
        `${stack}: expected the role users (EKS, nodes, add-ons, RDS, flow logs, IRSA), found ${users}`,
      );
    }
  });

  it("custom resources wait for the Helm release that installs their CRDs", async () => {
    for (const [stack, g] of await graphs()) {
      const custom = k8sObjects(g).filter((r) => !BUILT_IN_GROUPS.has(apiGroup(r)));
      assert.ok(custom.length > 10, `${stack}: custom resources found`);
      for (const r of custom) {
        const owner = CRD_RELEASE.find(([re]) => re.test(apiGroup(r)));
        assert.ok(owner, `${stack}: ${label(r)}: no release is known to install the CRDs of ${apiGroup(r)}`);
        const release = releaseNamed(g, owner[1]);
        assert.ok(
          release && g.waitsFor(r).has(release.urn),
          `${stack}: ${label(r)} does not wait for release ${owner[1]}`,
        );
      }
    }
  });

  it("namespaced objects wait for the Namespace the program creates for them", async () => {
    for (const [stack, g] of await graphs()) {
      const namespaces = new Map(g.ofType(NAMESPACE).map((n) => [String(input(n, "metadata.name")), n]));
      assert.ok(namespaces.size >= 4);
      for (const r of k8sObjects(g)) {
        const ns = r.type === RELEASE ? r.inputs.namespace : input(r, "metadata.namespace");
        if (typeof ns !== "string" || !namespaces.has(ns)) continue;
        assert.ok(
          g.waitsFor(r).has(namespaces.get(ns)!.urn),
          `${stack}: ${label(r)} in ${ns} does not wait for its Namespace`,
        );
      }
    }
  });

  it("Helm releases wait for the Secrets their values name (Grafana admin, Alertmanager notifiers)", async () => {
    const strings = (v: unknown): string[] =>
      typeof v === "string"
        ? [v]
        : Array.isArray(v)
          ? v.flatMap(strings)
          : v && typeof v === "object"
            ? Object.values(v).flatMap(strings)
            : [];
    for (const [stack, g] of await graphs()) {
      let referenced = 0;
      for (const release of g.ofType(RELEASE)) {
        const named = new Set(strings(release.inputs.values));
        const secrets = g
          .ofType("kubernetes:core/v1:Secret")
          .filter(
            (s) =>
              input(s, "metadata.namespace") === release.inputs.namespace &&
              named.has(String(input(s, "metadata.name"))),
          );
        referenced += secrets.length;
        for (const s of secrets)
          assert.ok(
            g.waitsFor(release).has(s.urn),
            `${stack}: release ${release.inputs.name} names Secret ${input(s, "metadata.name")} before it exists`,
          );
      }
      assert.ok(referenced >= 2, `${stack}: ${referenced} Secrets named in release values`);
    }
  });

  it("every Kubernetes object goes through the cluster's provider, which waits for nodes, CNI, kube-proxy, CoreDNS and EBS CSI", async () => {
    for (const [stack, g] of await graphs()) {
      const provider = g.run.resources.find((r) => r.type === "pulumi:providers:kubernetes");
      assert.ok(provider, `${stack}: a kubernetes provider`);
      const nodeGroups = g.ofType("aws:eks/nodeGroup:NodeGroup");
      assert.ok(
        nodeGroups.length > 0 && nodeGroups.every((n) => g.waitsFor(provider).has(n.urn)),
        `${stack}: the provider waits for every node group`,
      );
      const addons = new Set(
        g
          .ofType("aws:eks/addon:Addon")
          .filter((a) => g.waitsFor(provider).has(a.urn))
          .map((a) => a.inputs.addonName),
      );
      for (const a of ["vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver"])
        assert.ok(addons.has(a), `${stack}: the provider does not wait for ${a}`);
      for (const r of k8sObjects(g)) {
        assert.ok(
          r.provider?.startsWith(`${provider.urn}::`),
          `${stack}: ${label(r)} would use the default provider (ambient kubeconfig)`,
        );
      }
    }
  });

  it("pods in a readiness-gate namespace and LoadBalancer Services wait for the load balancer controller's webhooks", async () => {
    for (const [stack, g] of await graphs()) {
      const controller = releaseNamed(g, RELEASES.awsLoadBalancerController)!;
      const gated = g
        .ofType(NAMESPACE)
        .filter((n) => input(n, "metadata.labels")?.["elbv2.k8s.aws/pod-readiness-gate-inject"] === "enabled")
        .map((n) => String(input(n, "metadata.name")));
      assert.deepStrictEqual(gated, [NAMESPACES.edge], `${stack}: the edge namespace injects the readiness gate`);
      const podOwners = k8sObjects(g).filter(
        (r) =>
          /:(Deployment|StatefulSet|DaemonSet|Job|Pod)$/.test(r.type) && gated.includes(input(r, "metadata.namespace")),
      );
      const lbServices = k8sObjects(g).filter(
        (r) => r.type === "kubernetes:core/v1:Service" && input(r, "spec.type") === "LoadBalancer",
      );
      assert.ok(podOwners.length > 0 && lbServices.length > 0);
      for (const r of [...podOwners, ...lbServices])
        assert.ok(g.waitsFor(r).has(controller.urn), `${stack}: ${label(r)} does not wait for the controller`);
    }
  });

  it("pods in a mesh-injected namespace wait for istiod's injection webhook (failurePolicy Fail), unless they opt out by label", async () => {
    const g = new DependencyGraph(await stackRun("prod"));
    const istiod = releaseNamed(g, RELEASES.istiod)!;
    const injected = g
      .ofType(NAMESPACE)
      .filter((n) => input(n, "metadata.labels")?.["istio.io/rev"])
      .map((n) => String(input(n, "metadata.name")));
    assert.ok(injected.includes(NAMESPACES.apps), "prod injects the services' namespace");
    let checked = 0;
    for (const ns of injected) {
      // Helm releases create their pods inside the release (Kong's chart), so they count as pod owners too.
      const owners = k8sObjects(g).filter(
        (r) =>
          (/:(Deployment|StatefulSet|DaemonSet|Job)$/.test(r.type) && input(r, "metadata.namespace") === ns) ||
          (r.type === RELEASE && r.inputs.namespace === ns),
      );
      for (const r of owners) {
        if (input(r, "spec.template.metadata.labels")?.["sidecar.istio.io/inject"] === "false") continue;
        checked++;
        assert.ok(g.waitsFor(r).has(istiod.urn), `${label(r)} in ${ns} may create pods before istiod can admit them`);
      }
    }
    assert.ok(checked >= 3, `${checked} injected pod owners`);
  });

  it("clients of the RDS Proxy endpoint wait until the cluster is registered behind it", async () => {
    const g = new DependencyGraph(await stackRun("prod"));
    const target = g.ofType("aws:rds/proxyTarget:ProxyTarget")[0];
    const proxy = g.ofType("aws:rds/proxy:Proxy")[0];
    const clients = g.run.resources.filter(
      (r) =>
        r.type === "kubernetes:apps/v1:Deployment" &&
        (input(r, "spec.template.spec.containers")?.[0]?.env ?? []).some(
          (e: { name: string }) => e.name === "DATABASE_HOST",
        ),
    );
    assert.ok(
      target && clients.length >= 2 && clients.every((c) => g.waitsFor(c).has(proxy.urn)),
      "the services use the proxy",
    );
    for (const c of clients)
      assert.ok(g.waitsFor(c).has(target.urn), `${label(c)} may start before the proxy has a target`);
  });

  it("the edge Deployment and its NLB Service may wait for the NLB's target health past the 10-minute default", async () => {
    for (const [stack, g] of await graphs()) {
      const edge = k8sObjects(g).filter(
        (r) =>
          input(r, "metadata.namespace") === NAMESPACES.edge &&
          /:(Deployment|Service)$/.test(r.type) &&
          (r.type.endsWith("Deployment") || input(r, "spec.type") === "LoadBalancer"),
      );
      assert.strictEqual(edge.length, 2, `${stack}: the edge Deployment and its LoadBalancer Service`);
      for (const r of edge) {
        const seconds = Number(input(r, "metadata.annotations")?.["pulumi.com/timeoutSeconds"]);
        assert.ok(seconds >= 1200, `${stack}: ${label(r)} waits ${seconds || "the default 600"} s`);
      }
    }
  });

  it("edge and ingress wait on each other without a cycle: the origin Secrets never wait for the NLB, the DNS records do", async () => {
    const g = new DependencyGraph(await stackRun("prod"));
    for (const r of g.run.resources) assert.ok(!g.waitsFor(r).has(r.urn), `${label(r)} waits for itself`);
    const nlb = k8sObjects(g).find(
      (r) => r.type === "kubernetes:core/v1:Service" && input(r, "spec.type") === "LoadBalancer",
    )!;
    const secrets = g
      .ofType("kubernetes:core/v1:Secret")
      .filter((s) => input(s, "metadata.namespace") === NAMESPACES.edge);
    assert.ok(secrets.length >= 2, "the origin certificate and the AOP CA");
    // The NLB Service is complete only when the edge pods are ready, and they need these Secrets mounted.
    for (const s of secrets)
      assert.ok(
        !g.waitsFor(s).has(nlb.urn),
        `${label(s)} waits for the NLB Service: the edge could never become ready`,
      );
    const records = g.ofType("cloudflare:index/dnsRecord:DnsRecord");
    assert.ok(
      records.length === 3 && records.every((r) => g.waitsFor(r).has(nlb.urn)),
      "proxied records point at the NLB once it has a hostname",
    );
  });

  it("the origin certificate comes before the NGINX pods (which roll on a re-issue) and never waits for the NLB", async () => {
    for (const [stack, g] of await graphs()) {
      const cert = g.ofType("cloudflare:index/originCaCertificate:OriginCaCertificate");
      assert.strictEqual(cert.length, 1, `${stack}: one origin certificate`);
      const nginx = k8sObjects(g).find(
        (r) => r.type === "kubernetes:apps/v1:Deployment" && input(r, "metadata.namespace") === NAMESPACES.edge,
      )!;
      assert.ok(
        g.waitsFor(nginx).has(cert[0].urn),
        `${stack}: the NGINX Deployment waits for the certificate it serves`,
      );
      // No cycle through the pods: nothing they wait for (certificate, Secrets, ...) waits for them in turn.
      for (const r of g.run.resources.filter((x) => g.waitsFor(nginx).has(x.urn))) {
        assert.ok(!g.waitsFor(r).has(nginx.urn), `${stack}: cycle through ${label(r)}`);
      }
      const nlb = k8sObjects(g).find(
        (r) => r.type === "kubernetes:core/v1:Service" && input(r, "spec.type") === "LoadBalancer",
      )!;
      assert.ok(!g.waitsFor(cert[0]).has(nlb.urn), `${stack}: the certificate does not wait for the NLB`);
    }
  });
});
