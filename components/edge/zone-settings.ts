/**
 * The zone settings the edge enforces, as `cloudflare.ZoneSetting` arguments (`settingId` + `value`,
 * provider 6.x). Setting ids are the API's snake_case ids (the provider's generated table shows them
 * camel-cased, its examples use the real ids: `min_tls_version`, `tls_1_3`, `0rtt`, …).
 *
 * Checked 2026-11-23 against node_modules/@pulumi/cloudflare/zoneSetting.d.ts (6.22.1) and:
 * - `security_header` value keys must be snake_case (`strict_transport_security`, `max_age`,
 *   `include_subdomains`): the provider passes `value` through untranslated, and the camelCase keys
 *   in its docs example cause a permanent diff (pulumi/pulumi-cloudflare#1579).
 * - `tls_1_3` accepts on/off/zrt; "zrt" is the legacy way of also enabling 0-RTT, which stays off
 *   here (`0rtt` "off": 0-RTT early data can be replayed, unsafe for non-idempotent API calls).
 * - `brotli` is not set: Cloudflare deprecated the setting and its API (end of life 2024-06-14);
 *   Brotli is on for every zone (https://developers.cloudflare.com/fundamentals/api/reference/deprecations/).
 * - `tls_client_auth` "on" enables global Authenticated Origin Pulls: Cloudflare presents its
 *   origin-pull client certificate to the origin, which verifies it against origin-ca.ts's CA
 *   (https://developers.cloudflare.com/ssl/origin-configuration/authenticated-origin-pull/set-up/global/).
 *
 * Zone settings are per zone: if several stacks (dev, prod) share one zone, exactly one of them
 * may own these resources.
 */
import type * as cloudflare from "@pulumi/cloudflare";

/** HSTS preload list requirement (https://hstspreload.org/#submission-requirements): max-age ≥ 1 year. */
export const HSTS_PRELOAD_MIN_MAX_AGE = 31536000;

interface HstsOptions {
  enabled: boolean;
  maxAgeSeconds: number;
  includeSubdomains: boolean;
  /** Only with includeSubdomains and maxAgeSeconds ≥ 31536000; hard to undo once browsers ship it. */
  preload: boolean;
  /** Also send `X-Content-Type-Options: nosniff`. */
  nosniff: boolean;
}

const DEFAULT_HSTS: Readonly<HstsOptions> = Object.freeze({
  enabled: true,
  maxAgeSeconds: HSTS_PRELOAD_MIN_MAX_AGE,
  includeSubdomains: true,
  preload: false,
  nosniff: true,
});

interface ZoneSettingsOptions {
  hsts?: Partial<HstsOptions>;
  /** Minimum TLS version clients may use; default "1.2". */
  minTlsVersion?: "1.2" | "1.3";
  /** Present Cloudflare's origin-pull client certificate to the origin (global AOP); default true. */
  authenticatedOriginPulls?: boolean;
  /** HTTP/3 (QUIC) to visitors; default true. */
  http3?: boolean;
}

type OnOff = "on" | "off";

/** The `security_header` value exactly as the Cloudflare API stores it (snake_case keys). */
export interface SecurityHeaderValue {
  strict_transport_security: {
    enabled: boolean;
    max_age: number;
    include_subdomains: boolean;
    preload: boolean;
    nosniff: boolean;
  };
}

export type ZoneSettingEntry =
  | { settingId: "ssl"; value: "strict" }
  | { settingId: "min_tls_version"; value: "1.2" | "1.3" }
  | { settingId: "tls_1_3"; value: "on" }
  | { settingId: "0rtt"; value: "off" }
  | { settingId: "always_use_https" | "automatic_https_rewrites" | "http3" | "tls_client_auth"; value: OnOff }
  | { settingId: "security_header"; value: SecurityHeaderValue };

/** Settings this module refuses to manage, with the reason. */
export const UNMANAGED_ZONE_SETTINGS: Readonly<Record<string, string>> = Object.freeze({
  brotli: "deprecated by Cloudflare (API end of life 2024-06-14); Brotli is always on",
  minify: "Auto Minify was retired by Cloudflare (API end of life 2024-08-05)",
});

/** Validates HSTS options (merged over DEFAULT_HSTS) and returns the complete set. */
export function resolveHsts(overrides: Partial<HstsOptions> = {}): HstsOptions {
  const hsts: HstsOptions = { ...DEFAULT_HSTS, ...overrides };
  const what = "edge HSTS";
  for (const key of ["enabled", "includeSubdomains", "preload", "nosniff"] as const) {
    if (typeof hsts[key] !== "boolean")
      throw new Error(`${what}: ${key} must be true or false, got ${JSON.stringify(hsts[key])}`);
  }
  if (!Number.isInteger(hsts.maxAgeSeconds) || hsts.maxAgeSeconds < 0) {
    throw new Error(`${what}: maxAgeSeconds must be an integer ≥ 0, got ${JSON.stringify(hsts.maxAgeSeconds)}`);
  }
  if (hsts.preload) {
    const missing: string[] = [];
    if (!hsts.enabled) missing.push("enabled: true");
    if (!hsts.includeSubdomains) missing.push("includeSubdomains: true");
    if (hsts.maxAgeSeconds < HSTS_PRELOAD_MIN_MAX_AGE)
      missing.push(`maxAgeSeconds ≥ ${HSTS_PRELOAD_MIN_MAX_AGE} (got ${hsts.maxAgeSeconds})`);
    if (missing.length > 0) throw new Error(`${what}: preload requires ${missing.join(", ")}`);
  }
  return hsts;
}

/** Zone settings in the order they should be applied (TLS floor first, then redirects and headers). */
export function zoneSettings(options: ZoneSettingsOptions = {}): ZoneSettingEntry[] {
  const minTls = options.minTlsVersion ?? "1.2";
  if (minTls !== "1.2" && minTls !== "1.3") {
    throw new Error(
      `edge zone settings: minTlsVersion must be "1.2" or "1.3" (TLS 1.0/1.1 are deprecated by RFC 8996), got ${JSON.stringify(minTls)}`,
    );
  }
  for (const key of ["authenticatedOriginPulls", "http3"] as const) {
    const value = options[key];
    if (value !== undefined && typeof value !== "boolean") {
      throw new Error(`edge zone settings: ${key} must be true or false, got ${JSON.stringify(value)}`);
    }
  }
  const hsts = resolveHsts(options.hsts);
  const onOff = (flag: boolean | undefined): OnOff => (flag === false ? "off" : "on");
  return [
    { settingId: "ssl", value: "strict" },
    { settingId: "min_tls_version", value: minTls },
    { settingId: "tls_1_3", value: "on" },
    { settingId: "0rtt", value: "off" },
    { settingId: "always_use_https", value: "on" },
    { settingId: "automatic_https_rewrites", value: "on" },
    {
      settingId: "security_header",
      value: {
        strict_transport_security: {
          enabled: hsts.enabled,
          max_age: hsts.maxAgeSeconds,
          include_subdomains: hsts.includeSubdomains,
          preload: hsts.preload,
          nosniff: hsts.nosniff,
        },
      },
    },
    { settingId: "http3", value: onOff(options.http3) },
    { settingId: "tls_client_auth", value: onOff(options.authenticatedOriginPulls) },
  ];
}

/** `cloudflare.ZoneSetting` arguments for one entry (the Edge component adds the resource name). */
export function zoneSettingArgs(
  zoneId: cloudflare.ZoneSettingArgs["zoneId"],
  entry: ZoneSettingEntry,
): cloudflare.ZoneSettingArgs {
  return { zoneId, settingId: entry.settingId, value: entry.value };
}
