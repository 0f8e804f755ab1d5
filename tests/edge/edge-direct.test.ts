/**
 * The Edge component on its own under Pulumi mocks (no Platform), with its EdgeOrigin certificate and the Secrets
 * the Ingress tier writes from it (createEdgeTls): what depends on arguments the Platform always passes (the
 * NLB hostname) or on config the committed stacks do not set (zoneId), and the Secrets' clear-text content.
 */
import * as assert from "assert";
import { X509Certificate } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { edgeSchema } from "../../config/schema-edge";
import { Edge, EdgeArgs } from "../../components/edge";
import { EdgeOrigin } from "../../components/edge/origin";
import { createEdgeTls } from "../../components/ingress/tls";
import { CLOUDFLARE_ORIGIN_PULL_CA } from "../../components/edge/origin-ca";
import { ENV_DEFAULTS } from "../../config/env-defaults";
import { EDGE_AOP_CA_KEY } from "../../components/shared/names";
import { mockCall, mockResourceState } from "../../tools/mock-outputs";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
}
/** An alias as the SDK sends it: empty name/parent mean "unchanged". */
interface AliasSpec {
  name: string;
  parenturn: string;
}

const NLB = "k8s-edge-nginx-0123456789.elb.us-east-1.amazonaws.com";

function edgeConfig(stack: "dev" | "prod", overrides: Record<string, unknown> = {}): EdgeArgs["config"] {
  // The loader gives each stack its name as host prefix by default; prod serves the apex (Pulumi.prod.yaml).
  return edgeSchema.parse({
    ...(ENV_DEFAULTS[stack].edge as object),
    zone: "example.com",
    hostPrefix: stack === "prod" ? "" : stack,
    ...overrides,
  });
}

/** Builds one Edge under fresh mocks; returns what was registered and what pulumi.log printed. */
async function runEdge(
  args: Pick<EdgeArgs, "namePrefix" | "config" | "originHostname">,
): Promise<{ resources: Registered[]; logs: string[]; edge: Edge; aliases: Map<string, AliasSpec[]> }> {
  const resources: Registered[] = [];
  const logs: string[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        resources.push({ type: a.type, name: a.name, inputs: a.inputs });
        return mockResourceState(a.type, a.name, a.inputs, "us-east-1");
      },
      call: (a) => mockCall(a.token, a.inputs, "us-east-1"),
    },
    "edgestack",
    "unit",
    true,
  );
  // MockResourceArgs carries no aliases: read them from the registration request itself.
  const aliases = new Map<string, AliasSpec[]>();
  const monitor = (pulumi.runtime as any).getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: unknown) => {
    aliases.set(
      req.getName(),
      req.getAliasesList().map((a: any) => a.toObject().spec as AliasSpec),
    );
    return register(req, callback);
  };
  const original = console.log;
  console.log = (...parts: unknown[]) => {
    logs.push(parts.join(" "));
  };
  try {
    const origin = new EdgeOrigin("edge", { namePrefix: args.namePrefix, config: args.config });
    const ingress = new pulumi.ComponentResource("unit:test:Ingress", "ingress");
    const tls = createEdgeTls(ingress, {
      name: "ingress-nginx",
      namespace: "edge",
      serverNames: origin.hostnames,
      origin: origin.certificate,
    });
    const edge = new Edge("edge", {
      ...args,
      originCertificate: origin.certificate,
      originCertificateReady: [tls.tlsSecret],
    });
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return { resources, logs, edge, aliases };
  } finally {
    console.log = original;
  }
}

/** Mock inputs keep secrets in Pulumi's wire form ({<sig>: <secret sig>, value}); the tests read the value. */
function revealed(v: { value?: Record<string, string> }): Record<string, string> {
  assert.ok(v.value, "expected a secret value");
  return v.value;
}

/** The prod Edge with an origin hostname, built once for the tests that only read it. */
let prodRun: ReturnType<typeof runEdge> | undefined;
function prodWithOrigin(): ReturnType<typeof runEdge> {
  prodRun ??= runEdge({ namePrefix: "edgestack-prod", config: edgeConfig("prod"), originHostname: NLB });
  return prodRun;
}

function resolved<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) =>
    o.apply((v) => {
      resolve(v);
      return v;
    }),
  );
}

describe("Edge component with an origin hostname", () => {
  it("publishes one proxied CNAME per host (FQDN names, automatic TTL) pointing at the load balancer", async () => {
    const { resources, edge } = await prodWithOrigin();
    const records = resources.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord");
    const zoneId = await resolved(edge.zoneId);
    assert.match(zoneId, /^[0-9a-f]{32}$/);
    assert.deepStrictEqual(
      records.map((r) => [
        r.inputs.name,
        r.inputs.type,
        r.inputs.content,
        r.inputs.proxied,
        r.inputs.ttl,
        r.inputs.zoneId,
      ]),
      [
        ["example.com", "CNAME", NLB, true, 1, zoneId],
        ["www.example.com", "CNAME", NLB, true, 1, zoneId],
        ["api.example.com", "CNAME", NLB, true, 1, zoneId],
      ],
    );
    assert.ok(!edge.notices.some((n) => n.startsWith("No DNS records")));
  });

  it("dev publishes its flat hosts, which the free Universal SSL certificate covers", async () => {
    const { resources, edge } = await runEdge({
      namePrefix: "edgestack-dev",
      config: edgeConfig("dev"),
      originHostname: NLB,
    });
    const names = resources.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord").map((r) => r.inputs.name);
    assert.deepStrictEqual(names, ["dev.example.com", "www-dev.example.com", "api-dev.example.com"]);
    assert.ok(!edge.notices.some((n) => n.includes("Universal SSL")));
  });

  it("warns about hosts Universal SSL does not cover with the nested style", async () => {
    const { edge } = await runEdge({
      namePrefix: "edgestack-dev",
      config: edgeConfig("dev", { hostnameStyle: "nested" }),
      originHostname: NLB,
    });
    assert.ok(
      edge.notices.some((n) =>
        n.startsWith("Hosts www.dev.example.com, api.dev.example.com are two labels below example.com"),
      ),
    );
  });

  it("uses a configured zone id for every zone-scoped resource, without a zone lookup", async () => {
    const zoneId = "0123456789abcdef0123456789abcdef";
    const { resources } = await runEdge({
      namePrefix: "edgestack-prod",
      config: edgeConfig("prod", { zoneId }),
      originHostname: NLB,
    });
    const zoneScoped = resources.filter((r) => "zoneId" in r.inputs);
    assert.strictEqual(zoneScoped.length, 3 + 9 + 3, "records, zone settings, rulesets");
    assert.ok(zoneScoped.every((r) => r.inputs.zoneId === zoneId));
  });
});

describe("Origin certificate Secrets (EdgeOrigin → Ingress)", () => {
  it("puts Cloudflare's origin-pull CA (CN origin-pull.cloudflare.net) under the key nginx reads", async () => {
    const { resources } = await prodWithOrigin();
    const ca = resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name === "ingress-nginx-aop-ca")!;
    const pem = revealed(ca.inputs.stringData)[EDGE_AOP_CA_KEY];
    assert.strictEqual(pem, CLOUDFLARE_ORIGIN_PULL_CA.pem);
    assert.match(new X509Certificate(pem).subject, /CN=origin-pull\.cloudflare\.net/);
  });

  it("puts the Origin CA certificate and its private key into the TLS Secret", async () => {
    const { resources } = await prodWithOrigin();
    const tlsSecret = resources.find(
      (r) => r.type === "kubernetes:core/v1:Secret" && r.name === "ingress-nginx-origin-tls",
    )!;
    const key = resources.find((r) => r.type === "tls:index/privateKey:PrivateKey")!;
    const keyState = mockResourceState(key.type, key.name, key.inputs, "us-east-1").state;
    const data = revealed(tlsSecret.inputs.stringData);
    assert.match(data["tls.crt"], /^-----BEGIN CERTIFICATE-----\nmock-origin-ca-/);
    assert.strictEqual(data["tls.key"], keyState.privateKeyPem);
  });
});

describe("EdgeOrigin split: existing stacks keep their key, certificate and Secrets", () => {
  it("aliases each moved resource to its former URN under the Edge component", async () => {
    const { edge, aliases } = await prodWithOrigin();
    const edgeUrn = await resolved(edge.urn);
    const moved = {
      "edge-origin-key": "",
      "edge-origin-csr": "",
      "edge-origin-cert": "",
      "ingress-nginx-origin-tls": "edge-origin-tls",
      "ingress-nginx-aop-ca": "edge-aop-ca",
    };
    for (const [name, formerName] of Object.entries(moved)) {
      assert.deepStrictEqual(
        aliases.get(name)?.map((a) => [a.name, a.parenturn]),
        [[formerName, edgeUrn]],
        name,
      );
    }
  });
});

describe("Edge component without an origin hostname", () => {
  it("creates no DNS records and logs why with pulumi.log.info", async () => {
    const { resources, logs, edge } = await runEdge({
      namePrefix: "edgestack-prod",
      config: edgeConfig("prod"),
      originHostname: undefined,
    });
    assert.strictEqual(resources.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord").length, 0);
    const notice = edge.notices.find((n) => n.startsWith("No DNS records"));
    assert.ok(notice);
    for (const n of edge.notices)
      assert.ok(
        logs.some((l) => l.includes(n)),
        `logged: ${n}`,
      );
  });
});
