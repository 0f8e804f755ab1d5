// Kong as the program creates it (captured under mocks): the release values, the six plugins and where they sit,
// one route per service, consumers with credentials from Secrets, and no secret anywhere in clear.

import { strict as assert } from "node:assert";

import { KONG_CHART, KONG_IMAGE, KIC_IMAGE } from "../../components/ingress/pins";
import { mockResourceState } from "../../tools/mock-outputs";
import { prodVariant } from "./variants";
import { CapturedResource, RunResult, input, ofType, one, stackRun } from "../harness";

const KCP = "kubernetes:configuration.konghq.com/v1:KongClusterPlugin";
const KP = "kubernetes:configuration.konghq.com/v1:KongPlugin";
const release = (run: RunResult) => one(run, "kubernetes:helm.sh/v3:Release", "ingress-kong-release");
const plugins = (run: RunResult) => [...ofType(run, KCP), ...ofType(run, KP)];
const pluginNamed = (run: RunResult, name: string) => plugins(run).find((p) => input(p, "metadata.name") === name)!;
const byName = (rs: CapturedResource[]) => Object.fromEntries(rs.map((r) => [input(r, "metadata.name"), r]));

describe("ingress component: Kong gateway", () => {
  it("installs the pinned kong chart DB-less with the ingress controller and a ClusterIP-only proxy", async () => {
    const r = release(await stackRun("prod"));
    assert.deepEqual(
      [r.inputs.name, r.inputs.chart, r.inputs.version, input(r, "repositoryOpts.repo"), r.inputs.namespace],
      ["kong", KONG_CHART.chart, KONG_CHART.version, KONG_CHART.repo, "kong"],
    );
    const v = r.inputs.values as any;
    assert.equal(v.env.database, "off");
    assert.equal(v.ingressController.enabled, true);
    assert.equal(v.proxy.type, "ClusterIP", "NGINX is the only entry; no second load balancer");
    assert.equal(v.proxy.tls.enabled, false);
    // The controller runs from the stack's ECR mirror by digest (image-sources.test.ts); the chart reads its version here.
    assert.deepEqual([v.image.tag, v.ingressController.image.effectiveSemver], [KONG_IMAGE.tag, KIC_IMAGE.tag]);
    assert.equal(r.inputs.atomic, true);
  });

  it("trusts X-Real-IP from the VPC (NGINX pods), plus Kong's own sidecar when Kong is in the mesh, and scales between the bounds", async () => {
    // dev: no mesh, Kong's peer is the NGINX pod. prod: Kong is injected, its peer is its sidecar (127.0.0.6 / ::6).
    const cases = [
      ["dev", "10.20.0.0/16", 1, 3, false],
      ["prod", "10.30.0.0/16,127.0.0.6/32,::6/128", 3, 9, true],
    ] as const;
    for (const [stack, trusted, min, max, pdb] of cases) {
      const v = release(await stackRun(stack)).inputs.values as any;
      assert.deepEqual(
        [v.env.trusted_ips, v.env.real_ip_header, v.env.real_ip_recursive],
        [trusted, "X-Real-IP", "off"],
        stack,
      );
      assert.deepEqual(
        [v.autoscaling.enabled, v.autoscaling.minReplicas, v.autoscaling.maxReplicas],
        [true, min, max],
        stack,
      );
      // The chart fails a PDB with minReplicas 1; prod gets one.
      assert.equal(v.podDisruptionBudget.enabled, pdb, stack);
      assert.ok(v.resources.requests.cpu && v.resources.limits.memory, stack);
      assert.equal(v.serviceMonitor.enabled, true);
      assert.equal(v.serviceMonitor.labels.release, "kps", "picked up by kube-prometheus-stack");
    }
  });

  it("has all six plugins (plus the health routes' URI rewrite), the global ones labelled global and the rest attached to routes", async () => {
    const run = await stackRun("prod");
    const kinds = plugins(run)
      .map((p) => [p.inputs.kind, input(p, "metadata.name"), p.inputs.plugin])
      .sort();
    assert.deepEqual(kinds, [
      ["KongClusterPlugin", "edgestack-cors", "cors"],
      ["KongClusterPlugin", "edgestack-prometheus", "prometheus"],
      ["KongClusterPlugin", "edgestack-rate-limit", "rate-limiting"],
      ["KongClusterPlugin", "edgestack-security-headers", "response-transformer"],
      ["KongPlugin", "acl-items", "acl"],
      ["KongPlugin", "acl-orders", "acl"],
      ["KongPlugin", "health-uri-items", "request-transformer"],
      ["KongPlugin", "health-uri-orders", "request-transformer"],
      ["KongPlugin", "jwt-auth", "jwt"],
    ]);
    const global = plugins(run)
      .filter((p) => input(p, "metadata.labels")?.global === "true")
      .map((p) => input(p, "metadata.name"))
      .sort();
    assert.deepEqual(global, ["edgestack-prometheus", "edgestack-security-headers"]);
    for (const p of ofType(run, KCP))
      assert.equal(input(p, "metadata.annotations")["kubernetes.io/ingress.class"], "kong");
    for (const p of ofType(run, KP)) assert.equal(input(p, "metadata.namespace"), "apps");
  });

  it("configures each plugin: rate limits, jwt, acl groups per route, cors origins, headers, prometheus", async () => {
    const run = await stackRun("prod");
    const rl = pluginNamed(run, "edgestack-rate-limit").inputs.config as any;
    assert.deepEqual([rl.minute, rl.hour, rl.limit_by], [1200, 60000, "consumer"]);
    const jwt = pluginNamed(run, "jwt-auth").inputs.config as any;
    assert.deepEqual(
      [jwt.claims_to_verify, jwt.key_claim_name, jwt.maximum_expiration, jwt.uri_param_names],
      [["exp"], "iss", 3600, []],
    );
    assert.deepEqual(input(pluginNamed(run, "acl-items"), "config.allow"), ["readers", "writers"]);
    assert.deepEqual(input(pluginNamed(run, "acl-orders"), "config.allow"), ["writers"]);
    assert.deepEqual(input(pluginNamed(run, "edgestack-cors"), "config.origins"), [
      "https://example.com",
      "https://www.example.com",
    ]);
    assert.deepEqual(
      input(
        ofType(await stackRun("dev"), KCP).find((p) => p.inputs.plugin === "cors")!,
        "config.origins",
      ),
      ["https://dev.example.com", "https://www-dev.example.com"],
    );
    const headers = input(pluginNamed(run, "edgestack-security-headers"), "config.add.headers") as string[];
    assert.ok(headers.includes("X-Content-Type-Options:nosniff") && headers.includes("X-Frame-Options:DENY"));
    assert.equal(input(pluginNamed(run, "edgestack-prometheus"), "config.per_consumer"), false);
  });

  it("counts in ElastiCache over verified TLS, the AUTH token patched in from a labelled Secret", async () => {
    const run = await stackRun("prod");
    const rl = pluginNamed(run, "edgestack-rate-limit");
    const cache = one(run, "aws:elasticache/replicationGroup:ReplicationGroup");
    assert.equal(input(rl, "config.policy"), "redis");
    assert.match(input(rl, "config.redis.host"), /^master\..*\.cache\.amazonaws\.com$/, "the cache's primary endpoint");
    assert.equal(input(rl, "config.redis.port"), 6379);
    assert.deepEqual([input(rl, "config.redis.ssl"), input(rl, "config.redis.ssl_verify")], [true, true]);
    assert.equal(cache.inputs.transitEncryptionEnabled, true, "the cache requires TLS too");
    assert.deepEqual(rl.inputs.configPatches, [
      {
        path: "/redis/password",
        valueFrom: { secretKeyRef: { name: "kong-rate-limit-redis", key: "password", namespace: "kong" } },
      },
    ]);
    assert.ok(!JSON.stringify(rl.inputs.config).includes("password"), "no token in the plugin config");
    const secret = byName(ofType(run, "kubernetes:core/v1:Secret"))["kong-rate-limit-redis"];
    assert.equal(secret.inputs.stringData, "[secret]");
    assert.equal(input(secret, "metadata.labels")["konghq.com/validate"], "plugin");
    assert.ok(rl.dependencies.includes(secret.urn), "the plugin is applied after its Secret exists");
  });

  it("routes each service through one Ingress of class kong (plus its health route) to its Service port with the route's plugins", async () => {
    const routes = byName(ofType(await stackRun("prod"), "kubernetes:networking.k8s.io/v1:Ingress"));
    assert.deepEqual(Object.keys(routes).sort(), ["items", "items-health", "orders", "orders-health"]);
    for (const [svc, port, path] of [
      ["items", 8001, "/api/v1/items"],
      ["orders", 5000, "/api/v1/orders"],
    ] as const) {
      const r = routes[svc];
      assert.equal(input(r, "metadata.namespace"), "apps");
      assert.equal(input(r, "spec.ingressClassName"), "kong");
      const p = input(r, "spec.rules")[0].http.paths[0];
      assert.deepEqual(
        [p.path, p.pathType, p.backend.service.name, p.backend.service.port.number],
        [path, "Prefix", svc, port],
      );
      assert.equal(
        input(r, "metadata.annotations")["konghq.com/plugins"],
        `edgestack-cors,jwt-auth,acl-${svc},edgestack-rate-limit`,
      );
    }
  });

  it("creates every Kong custom resource and route after the release that installs the CRDs", async () => {
    const run = await stackRun("prod");
    const rel = release(run);
    const crs = [
      ...plugins(run),
      ...ofType(run, "kubernetes:configuration.konghq.com/v1:KongConsumer"),
      ...ofType(run, "kubernetes:networking.k8s.io/v1:Ingress"),
    ];
    // 7 plugins + 2 health-route rewrites, 2 consumers, 2 routes + 2 health routes.
    assert.equal(crs.length, 15);
    for (const cr of crs) assert.ok(cr.dependencies.includes(rel.urn), `${cr.type} ${cr.name}`);
  });

  it("gives NGINX one peer per Kong pod through a headless Service on the proxy port", async () => {
    const peers = one(await stackRun("prod"), "kubernetes:core/v1:Service", "ingress-kong-peers");
    assert.equal(input(peers, "spec.clusterIP"), "None");
    assert.deepEqual(input(peers, "spec.selector"), {
      "app.kubernetes.io/name": "kong",
      "app.kubernetes.io/component": "app",
      "app.kubernetes.io/instance": "kong",
    });
    assert.equal(input(peers, "spec.ports")[0].port, 8000);
  });

  it("one consumer per ACL group with jwt (generated HS256) and acl credentials from Secrets; secrets never in clear", async () => {
    const run = await stackRun("prod");
    const consumers = ofType(run, "kubernetes:configuration.konghq.com/v1:KongConsumer");
    assert.deepEqual(consumers.map((c) => [input(c, "metadata.name"), c.inputs.credentials]).sort(), [
      ["readers-client", ["readers-client-jwt", "readers-client-acl"]],
      ["writers-client", ["writers-client-jwt", "writers-client-acl"]],
    ]);
    const secrets = byName(ofType(run, "kubernetes:core/v1:Secret"));
    // @pulumi/kubernetes marks every Secret's data secret, the acl group included.
    for (const [name, type] of [
      ["readers-client-jwt", "jwt"],
      ["writers-client-acl", "acl"],
    ]) {
      assert.equal(secrets[name].inputs.stringData, "[secret]", name);
      assert.equal(input(secrets[name], "metadata.labels")["konghq.com/credential"], type, name);
      assert.equal(input(secrets[name], "metadata.namespace"), "kong");
    }
    assert.deepEqual(run.outputs.jwtIssuers, { readers: "edgestack-prod-readers", writers: "edgestack-prod-writers" });
    assert.equal(run.outputs.jwtSigningSecrets, "[secret]");
    // The mock's generated passwords (tools/mock-outputs.ts) must not appear anywhere in the captured graph.
    const generated = mockResourceState(
      "random:index/randomPassword:RandomPassword",
      "ingress-kong-jwt-readers",
      { length: 48 },
      "us-east-1",
    ).state.result;
    assert.ok(!JSON.stringify(run.resources).includes(generated));
  });

  it("accepts an RS256 public key per group from config instead of a generated secret", async () => {
    const run = await prodVariant();
    // Only the group without a key gets a generated secret (the Secret's content is covered by kong-consumers tests).
    const generated = ofType(run, "random:index/randomPassword:RandomPassword")
      .map((p) => p.name)
      .filter((n) => n.startsWith("ingress-"));
    assert.deepEqual(generated, ["ingress-kong-jwt-writers"]);
    assert.ok(
      byName(ofType(run, "kubernetes:core/v1:Secret"))["readers-client-jwt"],
      "readers still get a jwt credential",
    );
  });
});
