// Pure pieces of the Ingress component: NLB annotations and source ranges, the Kong chart values (every key
// checked against the pinned chart), the rate-limiting store, consumers' algorithms, pins, and the tier's config
// validation messages.

import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { ConfigError, parseConfig } from "../../config";
import { CLOUDFLARE_IPV4_RANGES, CLOUDFLARE_IP_RANGES } from "../../components/ingress/cloudflare-ips";
import {
  aclGroups,
  effectiveCorsOrigins,
  jwtAlgorithms,
  rateLimitRoutePlugin,
} from "../../components/ingress/kong-gateway";
import { kongChartValues } from "../../components/ingress/kong-values";
import { renderNginxConf } from "../../components/ingress/nginx-conf";
import { edgeNginxOptions, workerProcessesFor } from "../../components/ingress/nginx-workload";
import { nlbAnnotations, nlbDrainTiming, nlbSourceRanges } from "../../components/ingress/nlb";
import { KONG_CHART, NGINX_IMAGE, imageRef } from "../../components/ingress/pins";

const HOST = "master.edgestack-prod-cache.abc123.use1.cache.amazonaws.com";

describe("ingress helpers: NLB", () => {
  it("admits Cloudflare's IPv4 ranges only (an IPv4 NLB cannot take IPv6 source ranges)", () => {
    assert.deepEqual(nlbSourceRanges(CLOUDFLARE_IP_RANGES, [443, 80]), [...CLOUDFLARE_IPV4_RANGES]);
  });

  it("refuses lists that would open the NLB or overflow the security group", () => {
    assert.throws(
      () => nlbSourceRanges(["2400:cb00::/32"], [443, 80]),
      /ingress\.cloudflareIpRanges: expected at least one IPv4 range \(an empty list would open the NLB to 0\.0\.0\.0\/0\)/,
    );
    const many = Array.from({ length: 31 }, (_, i) => `10.${i}.0.0/16`);
    assert.throws(
      () => nlbSourceRanges(many, [443, 80]),
      /expected at most 30 IPv4 ranges \(2 ports x 31 ranges = 62 security group rules > the EC2 quota of 60\)/,
    );
  });

  it("names the NLB within AWS's 32 characters and refuses tags the annotation cannot carry", () => {
    const base = {
      healthCheckPort: 8080,
      healthCheckPath: "/nginx-health",
      tags: { project: "edgestack" },
      drain: { preStopSleepSeconds: 20, terminationGraceSeconds: 60 },
    };
    assert.equal(
      nlbAnnotations({ ...base, name: "edgestack-prod-edge" })["service.beta.kubernetes.io/aws-load-balancer-name"],
      "edgestack-prod-edge",
    );
    assert.throws(() => nlbAnnotations({ ...base, name: "x".repeat(33) }), /nlb name: expected 1-32 letters/);
    assert.throws(
      () => nlbAnnotations({ ...base, name: "edge", tags: { owner: "a,b" } }),
      /tag keys and values may not contain ',' or '='/,
    );
  });

  it("derives the deregistration delay from the pod's drain and refuses a pod that could never drain", () => {
    assert.deepEqual(nlbDrainTiming({ preStopSleepSeconds: 20, terminationGraceSeconds: 60 }), {
      deregistrationDelaySeconds: 60,
      drainSeconds: 40,
    });
    assert.throws(
      () => nlbDrainTiming({ preStopSleepSeconds: 20, terminationGraceSeconds: 20 }),
      /must exceed the preStop sleep/,
    );
  });
});

describe("ingress helpers: Kong chart values", () => {
  const values = kongChartValues({
    minReplicas: 3,
    maxReplicas: 9,
    cpuRequest: "250m",
    cpuLimit: "1500m",
    memoryRequest: "512Mi",
    memoryLimit: "1Gi",
    targetCpuPercent: 65,
    trustedCidrs: ["10.30.0.0/16"],
    serviceMonitorLabels: { release: "kps" },
    controllerImage: { repository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/p/mirror/kic", tag: "3.5.13-m0" },
  });

  it("sets only keys of the pinned chart's values.yaml (fixture lists each with its line)", () => {
    const fixture = JSON.parse(
      readFileSync(join(__dirname, "fixtures", `kong-chart-${KONG_CHART.version}-keys.json`), "utf8"),
    );
    assert.equal(fixture.version, KONG_CHART.version, "the fixture was checked against the pinned chart version");
    const keys = fixture.keys as Record<string, { subtree?: boolean }>;
    const leaves = (o: unknown, at: string[] = []): string[] =>
      o !== null && typeof o === "object" && !Array.isArray(o) && !keys[at.join(".")]?.subtree
        ? Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => leaves(v, [...at, k]))
        : [at.join(".")];
    const unknown = leaves(values).filter((k) => !(k in keys));
    assert.deepEqual(unknown, [], "add the key to the fixture only after checking it in the chart's values.yaml");
  });

  it("runs one Kong worker per CPU of the limit and trusts only the given CIDRs for the client IP", () => {
    const env = values.env as Record<string, string>;
    assert.deepEqual([env.nginx_worker_processes, env.trusted_ips, env.database], ["2", "10.30.0.0/16", "off"]);
    assert.equal(workerProcessesFor("500m"), 1);
    assert.equal(workerProcessesFor("1"), 1);
    assert.equal(workerProcessesFor("2"), 2);
  });
});

describe("ingress helpers: Kong plugins and consumers", () => {
  it("rate-limits in ElastiCache over verified TLS with the AUTH token patched in from a Secret", () => {
    const p = rateLimitRoutePlugin({ perMinute: 1200, perHour: 60000 }, { host: HOST, port: 6379 }, "kong");
    assert.equal(p.kind, "KongClusterPlugin");
    assert.deepEqual(
      [p.config.policy, p.config.limit_by, p.config.minute, p.config.hour],
      ["redis", "consumer", 1200, 60000],
    );
    assert.deepEqual(p.config.redis, {
      host: HOST,
      port: 6379,
      ssl: true,
      ssl_verify: true,
      server_name: HOST,
      database: 0,
      timeout: 2000,
    });
    assert.deepEqual(p.configPatches, [
      {
        path: "/redis/password",
        valueFrom: { secretKeyRef: { name: "kong-rate-limit-redis", key: "password", namespace: "kong" } },
      },
    ]);
    assert.ok(!JSON.stringify(p.config).includes("password"), "the token is never in config");
  });

  it("falls back to per-pod counters without a cache", () => {
    const p = rateLimitRoutePlugin({ perMinute: 600, perHour: 20000 }, undefined, "kong");
    assert.deepEqual([p.config.policy, p.configPatches], ["local", undefined]);
  });

  it("one consumer per ACL group; RS256 only for groups with a configured key, unknown groups refused", () => {
    const services = [
      { name: "a", port: 1, paths: ["/a"], allowedGroups: ["writers", "readers"] },
      { name: "b", port: 2, paths: ["/b"], allowedGroups: ["writers"] },
    ];
    assert.deepEqual(aclGroups(services), ["readers", "writers"]);
    assert.deepEqual(jwtAlgorithms(["readers", "writers"], { readers: "PEM" }), { readers: "RS256", writers: "HS256" });
    assert.throws(() => jwtAlgorithms(["readers"], { admins: "PEM" }), {
      message:
        'ingress.jwt.publicKeys.admins: expected one of the ACL groups the services allow (readers), got "admins"',
    });
  });

  it("allows the site's own origins when no CORS origin is configured", () => {
    assert.deepEqual(effectiveCorsOrigins([], ["example.com", "www.example.com"]), [
      "https://example.com",
      "https://www.example.com",
    ]);
    assert.deepEqual(effectiveCorsOrigins(["https://app.example.org"], ["example.com"]), ["https://app.example.org"]);
  });
});

describe("ingress helpers: pins and OCSP switch", () => {
  it("pins images by tag and optionally by digest", () => {
    assert.equal(imageRef(NGINX_IMAGE), "public.ecr.aws/nginx/nginx-unprivileged:1.30.5-alpine");
    const digest = `sha256:${"a".repeat(64)}`;
    assert.equal(imageRef(NGINX_IMAGE, digest), `public.ecr.aws/nginx/nginx-unprivileged:1.30.5-alpine@${digest}`);
    assert.throws(() => imageRef(NGINX_IMAGE, "sha256:abc"), /expected sha256:<64 hex>/);
    assert.ok(NGINX_IMAGE.tag.startsWith(NGINX_IMAGE.nginxVersion), "the renderer's syntax follows the image's nginx");
  });

  it("staples OCSP with the chain from the TLS Secret only when switched on", () => {
    const base = {
      serverNames: ["api.example.com"],
      upstreamHost: "kong-proxy-peers.kong.svc.cluster.local",
      upstreamPort: 8000,
      resolver: "kube-dns.kube-system.svc.cluster.local",
      realIpFromCidrs: ["173.245.48.0/20"],
      hstsMaxAgeSeconds: 31536000,
      hstsPreload: false,
      authenticatedOriginPulls: false,
      cpuLimit: "1",
    };
    assert.match(
      renderNginxConf(edgeNginxOptions({ ...base, ocspStapling: true })),
      /ssl_stapling on;\n\s*ssl_stapling_verify on;\n\s*ssl_trusted_certificate \/etc\/nginx\/tls\/ca\.crt;/,
    );
    assert.doesNotMatch(renderNginxConf(edgeNginxOptions({ ...base, ocspStapling: false })), /ssl_stapling on/);
  });
});

describe("ingress config: messages name the key, the value and what is allowed", () => {
  const BASE = {
    environment: "dev",
    edge: JSON.stringify({ zone: "example.com" }),
    monitoring: JSON.stringify({ alertEmail: "ops@example.com" }),
  };
  const problems = (ingress: unknown): string[] => {
    try {
      parseConfig("edgestack", "dev", { ...BASE, ingress: JSON.stringify(ingress) }, "us-east-1");
      return [];
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      return e.problems;
    }
  };
  const cases: Array<[string, unknown, string]> = [
    [
      "CPU limit below the request",
      { kong: { cpuRequest: "2", cpuLimit: "500m" } },
      'edgestack:ingress.kong.cpuLimit: expected cpuLimit >= cpuRequest (2), got "500m"',
    ],
    [
      "memory limit below the request",
      { nginx: { memoryRequest: "1Gi", memoryLimit: "512Mi" } },
      'edgestack:ingress.nginx.memoryLimit: expected memoryLimit >= memoryRequest (1Gi), got "512Mi"',
    ],
    [
      "max below min replicas",
      { nginx: { minReplicas: 4, maxReplicas: 2 } },
      "edgestack:ingress.nginx.maxReplicas: expected maxReplicas >= minReplicas (4), got 2",
    ],
    [
      "an open Cloudflare range",
      { cloudflareIpRanges: ["0.0.0.0/0"] },
      "edgestack:ingress.cloudflareIpRanges[0]: expected one of Cloudflare's ranges, not an open /0 range",
    ],
    [
      "a CORS wildcard",
      { corsOrigins: ["https://*.example.com"] },
      "edgestack:ingress.corsOrigins[0]: expected an https origin such as https://app.example.com",
    ],
    [
      "a private key instead of a public one",
      { jwt: { publicKeys: { readers: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" } } },
      "edgestack:ingress.jwt.publicKeys.readers: expected a PEM public key",
    ],
    [
      "a token lifetime over a day",
      { jwt: { maxTokenLifetimeSeconds: 90000 } },
      "edgestack:ingress.jwt.maxTokenLifetimeSeconds: expected an integer between 60 and 86400, got 90000",
    ],
    [
      "OCSP switch not a boolean",
      { nginx: { ocspStapling: "yes" } },
      'edgestack:ingress.nginx.ocspStapling: expected true or false, got "yes"',
    ],
  ];
  for (const [what, ingress, expected] of cases) {
    it(what, () => {
      const found = problems(ingress);
      assert.ok(
        found.some((p) => p.startsWith(expected)),
        `expected a line starting with\n  ${expected}\ngot\n  ${found.join("\n  ")}`,
      );
    });
  }
});
