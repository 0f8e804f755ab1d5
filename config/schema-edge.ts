/** Configuration schema for the edge tier (Cloudflare). Same conventions as schema.ts. */
import { z } from "zod";
import { edgePlanIssues, HOSTNAME_STYLES, ORIGIN_CERT_VALIDITY_DAYS } from "../components/edge/config-checks";
import { HTTP_METHODS } from "../components/edge/expressions";
import { CLOUDFLARE_PLANS } from "../components/edge/plans";
import { bool, dnsLabel, intIn, oneOf, pattern } from "./schema-fields";

const ORIGIN_CERT_VALIDITY_ERROR = `expected one of ${ORIGIN_CERT_VALIDITY_DAYS.join(", ")} (days; the validities Cloudflare's Origin CA issues)`;

const ZONE = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** Prefixes that would make one environment's site host equal another environment's www/api host. */
const hostPrefix = () =>
  dnsLabel().refine((p) => p !== "www" && p !== "api", {
    error: 'expected a prefix other than "www" and "api" (they are the other hosts\' labels)',
  });

export const edgeSchema = z
  .strictObject({
    enabled: bool().describe(
      "Create the Cloudflare tier. false = no Cloudflare resources (NGINX serves a self-signed ECDSA certificate).",
    ),
    zone: pattern(ZONE, "expected a DNS zone name such as example.com").describe(
      "Cloudflare zone name (e.g. example.com). Required.",
    ),
    zoneId: pattern(/^[a-f0-9]{32}$/, "expected a 32-character hex Cloudflare zone id")
      .optional()
      .describe("Cloudflare zone id; skips the lookup by name."),
    /** Label for this environment's hosts ("dev" → dev.example.com, www-dev.example.com, api-dev.example.com); "" for the apex. */
    hostPrefix: z
      .union([z.literal(""), hostPrefix()], { error: 'expected "" or a DNS label other than "www"/"api"' })
      .describe('Environment label in hostnames: "dev" → dev.<zone>, api-dev.<zone>; "" → <zone>, api.<zone>.'),
    /** "flat" keeps every host one label below the zone (covered by the free Universal SSL certificate). */
    hostnameStyle: oneOf(HOSTNAME_STYLES).describe(
      "`flat` (www-dev.<zone>: one label below the zone, covered by the free Universal SSL certificate) or `nested` (www.dev.<zone>: needs an Advanced certificate).",
    ),
    /** Zone settings and rulesets are zone-wide: exactly one stack per zone creates them. */
    manageZone: bool().describe(
      "This stack owns the zone-wide settings and rulesets (exactly one stack per zone; prod by default).",
    ),
    /** Host prefixes of the other environments in this zone; the managing stack's rules cover their hosts too. */
    environmentPrefixes: z
      .array(hostPrefix())
      .describe(
        "Host prefixes of the other environments in the zone; the managing stack's rules cover their hosts too.",
      ),
    plan: oneOf(CLOUDFLARE_PLANS as readonly ["free", "pro", "business", "enterprise"]).describe(
      "Cloudflare plan of the zone; decides which WAF and rate-limit features can be used.",
    ),
    hstsMaxAgeSeconds: intIn(0, 63072000).describe("HSTS max-age set at Cloudflare (managing stack only; zone-wide)."),
    hstsPreload: bool().describe("Add `preload` to HSTS (needs max-age >= 1 year; hard to undo)."),
    adoptExistingRecords: bool().describe(
      "Adopt (import) an existing CNAME at one of this stack's hosts instead of failing the preview.",
    ),
    staticEdgeTtlSeconds: intIn(1, 31536000).describe(
      "Edge cache TTL of static files on the site hosts (at least the plan's minimum: free 7200, pro 3600).",
    ),
    allowedApiMethods: z
      .array(oneOf(HTTP_METHODS as readonly [string, ...string[]]))
      .min(1, { error: "expected at least one HTTP method" })
      .describe("HTTP methods the API hosts accept; a custom firewall rule blocks every other method."),
    blockedCountries: z
      .array(pattern(/^[A-Z]{2}$/, 'expected ISO 3166-1 alpha-2 country codes such as "KP"'))
      .describe("ISO country codes blocked by a custom firewall rule."),
    blockedAsns: z.array(intIn(1, 4294967295)).describe("AS numbers blocked by a custom firewall rule."),
    loginRateLimit: z.strictObject({
      paths: z
        .array(pattern(/^\/[A-Za-z0-9/_.-]*$/, "expected a URL path starting with '/'"))
        .min(1, { error: "expected at least one login path" })
        .describe("Exact paths of your login/token endpoints (JWTs come from your identity provider; set its paths)."),
      requestsPerPeriod: intIn(1, 100000).describe(
        "Requests per client IP per period on auth/login paths before mitigation.",
      ),
      periodSeconds: intIn(10, 86400).describe("Counting period (the free plan allows 10 s only)."),
      mitigationTimeoutSeconds: intIn(0, 86400).describe(
        "How long a client stays blocked (the free plan allows 10 s only).",
      ),
    }),
    originCertValidityDays: z
      .number({ error: ORIGIN_CERT_VALIDITY_ERROR })
      .refine((d) => (ORIGIN_CERT_VALIDITY_DAYS as readonly number[]).includes(d), {
        error: ORIGIN_CERT_VALIDITY_ERROR,
      })
      .describe(
        "Validity of the Cloudflare Origin CA certificate (days: 7, 30, 90, 365, 730, 1095, 5475); changing it re-issues the certificate.",
      ),
  })
  .superRefine((e, ctx) => {
    if (e.hstsPreload && e.hstsMaxAgeSeconds < 31536000)
      ctx.addIssue({
        code: "custom",
        path: ["hstsMaxAgeSeconds"],
        input: e.hstsMaxAgeSeconds,
        message: "expected at least 31536000 (one year) when hstsPreload is true",
      });
    for (const issue of edgePlanIssues(e)) ctx.addIssue({ code: "custom", ...issue });
  });
