import { strict as assert } from "node:assert";
import {
    environmentHostnames,
    relativeRecordName,
    universalSslGaps,
    validateEnvironmentPrefix,
    validateZoneName,
} from "../../components/edge/hostnames";

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

    it("derives record names relative to the zone", () => {
        assert.equal(relativeRecordName("example.com", "example.com"), "@");
        assert.equal(relativeRecordName("api.dev.example.com", "example.com"), "api.dev");
        assert.throws(() => relativeRecordName("api.example.org", "example.com"), /not inside zone "example.com"/);
        assert.throws(() => relativeRecordName("badexample.com", "example.com"), /not inside zone/);
    });

    it("reports hosts the Universal SSL certificate (apex + one wildcard level) does not cover", () => {
        assert.deepEqual(universalSslGaps(environmentHostnames("example.com")), []);
        assert.deepEqual(universalSslGaps(environmentHostnames("example.com", "dev")), [
            "www.dev.example.com",
            "api.dev.example.com",
        ]);
    });
});
