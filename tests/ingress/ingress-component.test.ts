// The NGINX edge as the program creates it (captured under mocks): the Deployment an auditor would inspect, the
// config that rolls the pods, scaling and disruption budgets, and the NLB that only Cloudflare can reach.

import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";

import { CLOUDFLARE_IPV4_RANGES } from "../../components/ingress/cloudflare-ips";
import { NGINX_EXPORTER_IMAGE, NGINX_IMAGE } from "../../components/ingress/pins";
import { EDGE_AOP_CA, EDGE_TLS_SECRET, NAMESPACES } from "../../components/shared/names";
import { CapturedResource, RunResult, capture, input, ofType, one, stackRun } from "../harness";
import { VARIANT_RANGES, prodVariant } from "./variants";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const SERVICE = "kubernetes:core/v1:Service";
const nginxConf = (run: RunResult): string =>
  (one(run, "kubernetes:core/v1:ConfigMap", "ingress-nginx-conf").inputs.data as Record<string, string>)["nginx.conf"];
const deployment = (run: RunResult) => one(run, DEPLOYMENT, "ingress-nginx-deployment");
const container = (d: CapturedResource, name: string) =>
  (input(d, "spec.template.spec.containers") as any[]).find((c) => c.name === name);
const A = "service.beta.kubernetes.io/aws-load-balancer-";

describe("ingress component: NGINX edge", () => {
  it("runs pinned, non-root, read-only containers with every capability dropped", async () => {
    const d = deployment(await stackRun("prod"));
    const pod = input(d, "spec.template.spec");
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(pod.securityContext.seccompProfile.type, "RuntimeDefault");
    assert.equal(pod.automountServiceAccountToken, false, "nginx never calls the Kubernetes API");
    for (const c of pod.containers) {
      const sc = c.securityContext;
      assert.deepEqual(
        [sc.runAsNonRoot, sc.readOnlyRootFilesystem, sc.allowPrivilegeEscalation, sc.privileged, sc.capabilities.drop],
        [true, true, false, false, ["ALL"]],
        `container ${c.name}`,
      );
      assert.ok(c.resources.requests.cpu && c.resources.limits.memory, `container ${c.name} has requests and limits`);
      assert.ok(c.readinessProbe && c.livenessProbe, `container ${c.name} has readiness and liveness probes`);
      assert.doesNotMatch(c.image, /:latest$|^[^:]+$/, `container ${c.name} image is pinned`);
    }
    assert.equal(container(d, "nginx").image, `${NGINX_IMAGE.repository}:${NGINX_IMAGE.tag}`);
    assert.equal(container(d, "exporter").image, `${NGINX_EXPORTER_IMAGE.repository}:${NGINX_EXPORTER_IMAGE.tag}`);
    assert.equal(container(d, "nginx").securityContext.runAsUser, 101, "the unprivileged image's nginx user");
  });

  it("probes /nginx-health on the internal status port and drains before stopping", async () => {
    const nginx = container(deployment(await stackRun("prod")), "nginx");
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      assert.deepEqual(nginx[probe].httpGet, { path: "/nginx-health", port: "status", scheme: "HTTP" }, probe);
    }
    assert.deepEqual(
      nginx.ports.map((p: any) => [p.name, p.containerPort]),
      [
        ["http", 8080],
        ["https", 8443],
        ["status", 8081],
      ],
    );
    assert.ok(nginx.lifecycle.preStop.sleep.seconds >= 10, "keeps serving while the NLB deregisters the pod");
  });

  it("mounts the rendered config, the TLS Secret, the AOP CA and a writable /tmp (root fs stays read-only)", async () => {
    const d = deployment(await stackRun("prod"));
    const mounts = Object.fromEntries(container(d, "nginx").volumeMounts.map((m: any) => [m.name, m]));
    assert.deepEqual(mounts.config, {
      name: "config",
      mountPath: "/etc/nginx/nginx.conf",
      subPath: "nginx.conf",
      readOnly: true,
    });
    assert.equal(mounts.tmp.mountPath, "/tmp");
    const volumes = Object.fromEntries((input(d, "spec.template.spec.volumes") as any[]).map((v) => [v.name, v]));
    assert.equal(volumes.tls.secret.secretName, EDGE_TLS_SECRET);
    assert.equal(volumes["aop-ca"].secret.secretName, EDGE_AOP_CA);
    assert.ok(volumes.tmp.emptyDir.sizeLimit, "the emptyDir is bounded");
    const exporter = container(d, "exporter");
    assert.ok(
      exporter.args.includes("--nginx.scrape-uri=http://127.0.0.1:8081/stub_status"),
      "the sidecar reads stub_status locally",
    );
  });

  it("stamps the sha256 of nginx.conf on the pod template, so a config change rolls the pods", async () => {
    const prod = await stackRun("prod");
    const conf = nginxConf(prod);
    const checksum = (run: RunResult) =>
      input(deployment(run), "spec.template.metadata.annotations")["edgestack.io/nginx-conf-sha256"];
    assert.equal(checksum(prod), createHash("sha256").update(conf).digest("hex"));
    const changed = await prodVariant();
    assert.match(nginxConf(changed), /max-age=63072000/);
    assert.notEqual(checksum(changed), checksum(prod));
  });

  it("renders TLS 1.2/1.3 with the origin certificate, HSTS, the public names and Kong's pods as peers", async () => {
    const conf = nginxConf(await stackRun("prod"));
    assert.match(conf, /ssl_protocols TLSv1\.2 TLSv1\.3;/);
    assert.match(conf, /ssl_certificate \/etc\/nginx\/tls\/tls\.crt;/);
    assert.match(conf, /ssl_client_certificate \/etc\/nginx\/aop\/ca\.crt;\n\s*ssl_verify_client on;/);
    assert.match(conf, /Strict-Transport-Security "max-age=31536000; includeSubDomains"/);
    assert.match(conf, /server_name api\.example\.com example\.com www\.example\.com;/);
    assert.match(conf, /server kong-proxy-peers\.kong\.svc\.cluster\.local:8000 resolve max_fails=3 fail_timeout=10s;/);
    assert.match(conf, /resolver kube-dns\.kube-system\.svc\.cluster\.local/);
    assert.match(conf, /worker_processes 1;/, "prod's CPU limit is 1");
    assert.doesNotMatch(conf, /ssl_stapling on/, "Origin CA certificates name no OCSP responder");
    for (const range of CLOUDFLARE_IPV4_RANGES) assert.ok(conf.includes(`set_real_ip_from ${range};`), range);
  });

  it("scales with an HPA between the configured bounds and keeps a PDB (HPA owns the replica count)", async () => {
    for (const [stack, min, max] of [
      ["dev", 1, 3],
      ["prod", 3, 9],
    ] as const) {
      const run = await stackRun(stack);
      const hpa = one(run, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "ingress-nginx-hpa");
      assert.deepEqual([input(hpa, "spec.minReplicas"), input(hpa, "spec.maxReplicas")], [min, max], stack);
      assert.equal(input(hpa, "spec.scaleTargetRef.kind"), "Deployment");
      const pdb = one(run, "kubernetes:policy/v1:PodDisruptionBudget", "ingress-nginx-pdb");
      assert.equal(input(pdb, "spec.maxUnavailable"), 1);
      assert.equal(input(deployment(run), "spec.replicas"), undefined, stack);
      const spread = input(deployment(run), "spec.template.spec.topologySpreadConstraints") as any[];
      assert.deepEqual(
        spread.map((s) => [s.topologyKey, s.whenUnsatisfiable]),
        [
          ["topology.kubernetes.io/zone", "DoNotSchedule"],
          ["kubernetes.io/hostname", "ScheduleAnyway"],
        ],
      );
    }
  });

  it("exposes only 80 and 443 through an internet-facing NLB that admits Cloudflare's ranges only", async () => {
    const svc = one(await stackRun("prod"), SERVICE, "ingress-nginx-nlb");
    assert.equal(input(svc, "spec.type"), "LoadBalancer");
    assert.equal(input(svc, "spec.loadBalancerClass"), "service.k8s.aws/nlb");
    assert.deepEqual(input(svc, "spec.loadBalancerSourceRanges"), [...CLOUDFLARE_IPV4_RANGES]);
    assert.deepEqual(
      (input(svc, "spec.ports") as any[]).map((p) => [p.port, p.targetPort, p.protocol]),
      [
        [443, 8443, "TCP"],
        [80, 8080, "TCP"],
      ],
    );
    const ann = input(svc, "metadata.annotations") as Record<string, string>;
    assert.equal(ann[`${A}type`], "external");
    assert.equal(ann[`${A}nlb-target-type`], "ip");
    assert.equal(ann[`${A}scheme`], "internet-facing");
    // Client IP preserved (NGINX trusts CF-Connecting-IP from Cloudflare peers only) and no cross-zone balancing, so
    // two NLB nodes never hand one pod connections with the same source IP and port (AWS's reset case).
    assert.equal(ann[`${A}attributes`], "load_balancing.cross_zone.enabled=false");
    assert.match(ann[`${A}target-group-attributes`], /(^|,)preserve_client_ip\.enabled=true(,|$)/);
    assert.equal(ann[`${A}manage-backend-security-group-rules`], "true");
    assert.equal(ann[`${A}security-groups`], undefined, "the controller creates and owns the frontend security group");
    assert.ok(!("service.beta.kubernetes.io/aws-load-balancer-ssl-cert" in ann), "TLS passes through to NGINX");
    assert.match(ann[`${A}additional-resource-tags`], /(^|,)component=ingress(,|$)/);
  });

  it("keeps a leaving pod's NLB connections until its grace period ends, past the preStop sleep and NGINX's drain", async () => {
    const run = await stackRun("prod");
    const ann = input(one(run, SERVICE, "ingress-nginx-nlb"), "metadata.annotations") as Record<string, string>;
    const attrs = Object.fromEntries(ann[`${A}target-group-attributes`].split(",").map((kv) => kv.split("=")));
    const pod = input(deployment(run), "spec.template.spec") as any;
    const preStop = pod.containers.find((c: any) => c.name === "nginx").lifecycle.preStop.sleep.seconds;
    const delay = Number(attrs["deregistration_delay.timeout_seconds"]);
    assert.ok(
      delay > preStop,
      `delay ${delay} s must outlast the preStop sleep ${preStop} s (NGINX only starts draining then)`,
    );
    assert.equal(delay, pod.terminationGracePeriodSeconds, "the NLB cuts only what the kubelet kills anyway");
    assert.equal(attrs["deregistration_delay.connection_termination.enabled"], "true");
  });

  it("creates the NGINX pods after the NLB Service, so the controller injects their readiness gate", async () => {
    const run = await stackRun("prod");
    const svc = one(run, SERVICE, "ingress-nginx-nlb");
    assert.ok(deployment(run).dependencies.includes(svc.urn), "the Deployment depends on the NLB Service");
    // The Service must not wait for ready endpoints (the pods come after it): it waits for the NLB's hostname.
    assert.equal(
      input(svc, "metadata.annotations")["pulumi.com/waitFor"],
      "jsonpath={.status.loadBalancer.ingress[0].hostname}",
    );
    const ns = one(run, "kubernetes:core/v1:Namespace", "ingress-edge-ns");
    assert.equal(input(ns, "metadata.labels")["elbv2.k8s.aws/pod-readiness-gate-inject"], "enabled");
    assert.equal(input(deployment(run), "metadata.namespace"), input(ns, "metadata.name"));
  });

  it("exports the NLB hostname of the edge's LoadBalancer Service (the DNS records' origin)", async () => {
    const run = await stackRun("prod");
    assert.ok(run.outputs.edgeNlbHostname, "exported");
    assert.ok(
      ofType(run, "kubernetes:core/v1:Service").some(
        (s) => input(s, "spec.type") === "LoadBalancer" && input(s, "metadata.namespace") === NAMESPACES.edge,
      ),
    );
  });

  it("uses configured Cloudflare ranges for the NLB and the real-IP list", async () => {
    const ranges = VARIANT_RANGES;
    const run = await prodVariant();
    assert.deepEqual(input(one(run, SERVICE, "ingress-nginx-nlb"), "spec.loadBalancerSourceRanges"), ranges);
    assert.deepEqual(
      nginxConf(run).match(/set_real_ip_from [^;]+/g)?.length,
      ranges.length * 2,
      "plain and TLS servers",
    );
  });

  it("without the edge tier: a self-signed ECDSA P-256 certificate in the same Secret, no client-certificate check", async () => {
    const run = await capture({ stack: "dev", config: { "edgestack:edge": { enabled: false } } });
    assert.ifError(run.error);
    const key = one(run, "tls:index/privateKey:PrivateKey");
    assert.deepEqual([key.inputs.algorithm, key.inputs.ecdsaCurve], ["ECDSA", "P256"]);
    const cert = one(run, "tls:index/selfSignedCert:SelfSignedCert");
    // The edge tier's host names for dev (hostnameStyle "flat": one label under the zone).
    assert.deepEqual(cert.inputs.dnsNames, ["api-dev.example.com", "dev.example.com", "www-dev.example.com"]);
    const secret = ofType(run, "kubernetes:core/v1:Secret").find((s) => input(s, "metadata.name") === EDGE_TLS_SECRET)!;
    assert.equal(secret.inputs.type, "kubernetes.io/tls");
    assert.equal(secret.inputs.stringData, "[secret]", "the private key never appears in clear");
    assert.ok(deployment(run).dependencies.includes(secret.urn), "pods start after their certificate exists");
    assert.doesNotMatch(nginxConf(run), /ssl_client_certificate/);
    assert.ok(!(input(deployment(run), "spec.template.spec.volumes") as any[]).some((v) => v.name === "aop-ca"));
    assert.equal(
      ofType(await stackRun("prod"), "tls:index/selfSignedCert:SelfSignedCert").length,
      0,
      "with the edge tier, no self-signed cert",
    );
  });

  it("creates every Kubernetes object through the cluster's provider, in the edge and kong namespaces", async () => {
    const run = await stackRun("prod");
    const ingress = run.resources.find((r) => r.type === "edgestack:platform:Ingress")!;
    const k8sChildren = run.resources.filter((r) => r.parent === ingress.urn && r.type.startsWith("kubernetes:"));
    assert.ok(k8sChildren.length > 20);
    for (const r of k8sChildren) assert.match(String(r.provider), /::cluster-k8s::/, `${r.type} ${r.name}`);
    const ns = k8sChildren
      .filter((r) => r.type === "kubernetes:core/v1:Namespace")
      .map((n) => [input(n, "metadata.name"), input(n, "metadata.labels")["pod-security.kubernetes.io/enforce"]]);
    assert.deepEqual(ns, [
      ["edge", "restricted"],
      ["kong", "baseline"],
    ]);
  });
});
