import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import {
  HSTS_PRELOAD_MIN_MAX_AGE,
  resolveHsts,
  UNMANAGED_ZONE_SETTINGS,
  zoneSettingArgs,
  zoneSettings,
} from "../../components/edge/zone-settings";

/**
 * The "Available Setting IDs" table in the installed provider's ZoneSetting docs, keyed by the
 * camel-cased id the table shows, with its value-type column.
 */
function providerSettingTable(): Map<string, string> {
  const dts = readFileSync(require.resolve("@pulumi/cloudflare/zoneSetting.d.ts"), "utf8");
  const table = new Map<string, string>();
  for (const match of dts.matchAll(/^ \* \| `([A-Za-z0-9]+)` \| (.+?) \| /gm)) table.set(match[1], match[2]);
  return table;
}

/** The table's rendering of an API id: `min_tls_version` → `minTlsVersion`, `tls_1_3` → `tls13`. */
function camel(id: string): string {
  return id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const byId = (entries: ReturnType<typeof zoneSettings>) => new Map(entries.map((e) => [e.settingId, e.value]));

describe("edge zone settings", () => {
  it("enforces strict TLS, TLS 1.2+, HTTPS everywhere, HSTS, HTTP/3, no 0-RTT, origin pulls", () => {
    const settings = byId(zoneSettings());
    assert.equal(settings.get("ssl"), "strict");
    assert.equal(settings.get("min_tls_version"), "1.2");
    assert.equal(settings.get("tls_1_3"), "on");
    assert.equal(settings.get("0rtt"), "off");
    assert.equal(settings.get("always_use_https"), "on");
    assert.equal(settings.get("automatic_https_rewrites"), "on");
    assert.equal(settings.get("http3"), "on");
    assert.equal(settings.get("tls_client_auth"), "on");
    assert.deepEqual(settings.get("security_header"), {
      strict_transport_security: {
        enabled: true,
        max_age: 31536000,
        include_subdomains: true,
        preload: false,
        nosniff: true,
      },
    });
  });

  it("sets each setting once and never a deprecated one", () => {
    const ids = zoneSettings().map((e) => e.settingId);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of Object.keys(UNMANAGED_ZONE_SETTINGS)) assert.ok(!ids.includes(id as never), id);
  });

  it("uses only setting ids and values the installed provider documents", () => {
    const table = providerSettingTable();
    assert.ok(table.size > 50, `parsed only ${table.size} rows from zoneSetting.d.ts`);
    for (const { settingId, value } of zoneSettings()) {
      const valueType = table.get(camel(settingId));
      assert.ok(valueType !== undefined, `${settingId} (${camel(settingId)}) not in the provider's setting table`);
      if (typeof value === "string") {
        const allowed = [...valueType.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
        assert.ok(allowed.includes(value), `${settingId}: "${value}" not in ${valueType}`);
      } else {
        assert.equal(valueType, "Object", settingId);
      }
    }
  });

  it("keeps security_header keys snake_case (camelCase causes a permanent diff, pulumi-cloudflare#1579)", () => {
    const header = byId(zoneSettings()).get("security_header") as object;
    const keys = JSON.stringify(header).match(/"[a-zA-Z_]+":/g) ?? [];
    for (const key of keys) assert.doesNotMatch(key, /[A-Z]/, key);
  });

  it("honours options", () => {
    const settings = byId(
      zoneSettings({ minTlsVersion: "1.3", authenticatedOriginPulls: false, http3: false, hsts: { maxAgeSeconds: 0 } }),
    );
    assert.equal(settings.get("min_tls_version"), "1.3");
    assert.equal(settings.get("tls_client_auth"), "off");
    assert.equal(settings.get("http3"), "off");
    assert.equal(
      (settings.get("security_header") as { strict_transport_security: { max_age: number } }).strict_transport_security
        .max_age,
      0,
    );
  });

  it("accepts a preload-ready HSTS configuration", () => {
    const hsts = resolveHsts({ preload: true, maxAgeSeconds: 63072000 });
    assert.equal(hsts.preload, true);
    assert.equal(hsts.includeSubdomains, true);
  });

  const bad: Array<[string, () => unknown, RegExp]> = [
    ["negative max-age", () => resolveHsts({ maxAgeSeconds: -1 }), /maxAgeSeconds must be an integer ≥ 0, got -1/],
    ["fractional max-age", () => resolveHsts({ maxAgeSeconds: 1.5 }), /maxAgeSeconds must be an integer/],
    [
      "preload with short max-age",
      () => resolveHsts({ preload: true, maxAgeSeconds: 86400 }),
      new RegExp(`preload requires maxAgeSeconds ≥ ${HSTS_PRELOAD_MIN_MAX_AGE} \\(got 86400\\)`),
    ],
    [
      "preload without subdomains",
      () => resolveHsts({ preload: true, includeSubdomains: false }),
      /preload requires includeSubdomains: true/,
    ],
    ["preload while disabled", () => resolveHsts({ preload: true, enabled: false }), /preload requires enabled: true/],
    ["non-boolean flag", () => resolveHsts({ nosniff: "yes" as never }), /nosniff must be true or false, got "yes"/],
    [
      "TLS 1.0 floor",
      () => zoneSettings({ minTlsVersion: "1.0" as never }),
      /minTlsVersion must be "1.2" or "1.3".*got "1.0"/,
    ],
    ["non-boolean http3", () => zoneSettings({ http3: "on" as never }), /http3 must be true or false, got "on"/],
  ];
  for (const [name, build, message] of bad) {
    it(`rejects ${name}`, () => assert.throws(build, message));
  }

  it("builds ZoneSetting arguments for the component", () => {
    const [first] = zoneSettings();
    assert.deepEqual(zoneSettingArgs("zone-123", first), { zoneId: "zone-123", settingId: "ssl", value: "strict" });
  });
});
