import { strict as assert } from "node:assert";
import {
  environmentHostnames,
  universalSslGaps,
  validateEnvironmentPrefix,
  validateZoneName,
} from "../../components/edge/hostnames";
import { proxiedDnsRecords } from "../../components/edge/dns-records";

describe("edge hostnames", () => {
  it("prod (no prefix) publishes the zone apex, www and api", () => {
    assert.deepEqual(environmentHostnames("example.com"), {
      zone: "example.com",
      apex: "example.com",
      www: "www.example.com",
      api: "api.example.com",
    });
    assert.deepEqual(environmentHostnames("example.com", ""), environmentHostnames("example.com"));
  });

  it("a prefixed environment nests its hosts under <prefix>.<zone>", () => {
    assert.deepEqual(environmentHostnames("example.com", "dev"), {
      zone: "example.com",
      apex: "dev.example.com",
      www: "www.dev.example.com",
      api: "api.dev.example.com",
    });
  });

  it("flat style keeps every host one label below the zone", () => {
    const hosts = environmentHostnames("example.com", "dev", "flat");
    assert.equal(hosts.www, "www-dev.example.com");
    assert.equal(hosts.api, "api-dev.example.com");
    assert.deepEqual(universalSslGaps(hosts), []);
  });

  it("normalises case and a trailing dot", () => {
    assert.equal(validateZoneName("Example.COM."), "example.com");
    assert.equal(environmentHostnames("Example.com", "DEV").api, "api.dev.example.com");
  });

  it("accepts multi-label public suffixes and punycode", () => {
    assert.equal(validateZoneName("example.co.uk"), "example.co.uk");
    assert.equal(validateZoneName("xn--bcher-kva.example"), "xn--bcher-kva.example");
  });

  const badZones: Array<[string, RegExp]> = [
    ["", /expected a domain/],
    ["localhost", /single label/],
    ["-bad.com", /"-bad" is not a valid hostname label/],
    ["bad-.com", /"bad-" is not a valid hostname label/],
    ["under_score.com", /"under_score" is not a valid/],
    ["a..com", /empty label/],
    ["*.example.com", /wildcard/],
    ["10.0.0.1", /all-numeric/],
    ["bücher.de", /punycode/],
    [`${"a".repeat(64)}.com`, /64 characters; at most 63/],
    [`${"a.".repeat(127)}com`, /at most 253/],
  ];
  for (const [zone, message] of badZones) {
    it(`rejects zone ${JSON.stringify(zone.length > 30 ? zone.slice(0, 30) + "…" : zone)}`, () => {
      assert.throws(() => validateZoneName(zone), message);
    });
  }

  it("rejects prefixes that are not one label or that collide with www/api hosts", () => {
    assert.throws(() => validateEnvironmentPrefix("dev.eu"), /contains a dot/);
    assert.throws(() => validateEnvironmentPrefix("www"), /same host as another environment's www host/);
    assert.throws(() => validateEnvironmentPrefix("api"), /api host/);
    assert.throws(() => validateEnvironmentPrefix("-x"), /not a valid hostname label/);
    assert.equal(validateEnvironmentPrefix(undefined), "");
  });

  it("rejects an unknown style", () => {
    assert.throws(() => environmentHostnames("example.com", "dev", "deep" as never), /"nested" or "flat"/);
  });

  it("reports hosts the Universal SSL certificate (apex + one wildcard level) does not cover", () => {
    assert.deepEqual(universalSslGaps(environmentHostnames("example.com")), []);
    assert.deepEqual(universalSslGaps(environmentHostnames("example.com", "dev")), [
      "www.dev.example.com",
      "api.dev.example.com",
    ]);
  });
});

describe("edge proxied DNS records", () => {
  const hosts = environmentHostnames("example.com", "dev");

  it("creates one proxied CNAME per host, named by its full hostname", () => {
    const records = proxiedDnsRecords("zone-123", hosts, "edge-nlb-123.elb.us-east-1.amazonaws.com");
    assert.deepEqual(
      records.map((r) => [r.role, r.args.name]),
      [
        ["apex", "dev.example.com"],
        ["www", "www.dev.example.com"],
        ["api", "api.dev.example.com"],
      ],
    );
    for (const { args } of records) {
      assert.equal(args.type, "CNAME");
      assert.equal(args.proxied, true);
      assert.equal(args.ttl, 1);
      assert.equal(args.content, "edge-nlb-123.elb.us-east-1.amazonaws.com");
      assert.equal(args.zoneId, "zone-123");
      assert.ok(!args.name.endsWith(".") && args.name !== "@");
    }
  });

  it("rejects a bad or self-referencing origin hostname", () => {
    assert.throws(
      () => proxiedDnsRecords("z", hosts, "not a host"),
      /edge DNS origin hostname: label "not a host" is not a valid hostname label/,
    );
    assert.throws(() => proxiedDnsRecords("z", hosts, "api.dev.example.com"), /is one of the proxied hosts/);
  });
});
