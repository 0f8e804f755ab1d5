/**
 * The vocabulary of Cloudflare's Rules language, as documented, for validating expressions offline.
 *
 * Sources (read 2026-11-23 from the cloudflare/cloudflare-docs repository, which renders
 * developers.cloudflare.com):
 * - Fields: `src/content/fields/index.yaml` (commit 0026d94e), the data behind
 *   https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/
 *   (HTTP fields; the Magic Firewall packet fields are a separate product and not listed here).
 * - Functions: `src/content/docs/ruleset-engine/rules-language/functions.mdx` (commit 12cd7d04),
 *   https://developers.cloudflare.com/ruleset-engine/rules-language/functions/ , plus
 *   `encode_base64()` and `sha256()` announced in the changelog of 2026-01-22
 *   (https://developers.cloudflare.com/changelog/2026-01-22-sha256-base64-encode-functions).
 * - Operators: `.../rules-language/operators.mdx` (commit 38b341dd).
 * When Cloudflare documents a new field or function, add it here with the date you checked.
 */

/** Every field name in Cloudflare's fields reference (HTTP request, dynamic, response and raw fields). */
export const RULES_LANGUAGE_FIELDS: readonly string[] = Object.freeze([
    // Request: headers, URI, method, protocol
    "http.cookie", "http.host", "http.referer", "http.request.full_uri", "http.request.method",
    "http.request.cookies", "http.request.timestamp.sec", "http.request.timestamp.msec",
    "http.request.uri", "http.request.uri.path", "http.request.uri.path.extension",
    "http.request.uri.query", "http.user_agent", "http.request.version", "http.x_forwarded_for",
    "http.request.uri.args", "http.request.uri.args.names", "http.request.uri.args.values",
    "http.request.headers", "http.request.headers.names", "http.request.headers.values",
    "http.request.headers.truncated", "http.request.accepted_languages",
    // Request body (mostly Enterprise)
    "http.request.body.raw", "http.request.body.truncated", "http.request.body.size",
    "http.request.body.form", "http.request.body.form.names", "http.request.body.form.values",
    "http.request.body.mime", "http.request.body.multipart", "http.request.body.multipart.names",
    "http.request.body.multipart.values", "http.request.body.multipart.content_types",
    "http.request.body.multipart.content_dispositions",
    "http.request.body.multipart.content_transfer_encodings", "http.request.body.multipart.filenames",
    // Client IP and geolocation
    "ip.src", "ip.src.lat", "ip.src.lon", "ip.src.city", "ip.src.postal_code", "ip.src.metro_code",
    "ip.src.region", "ip.src.region_code", "ip.src.timezone.name", "ip.src.asnum", "ip.src.continent",
    "ip.src.country", "ip.src.subdivision_1_iso_code", "ip.src.subdivision_2_iso_code",
    "ip.src.is_in_european_union",
    // Raw (untransformed) request and response fields
    "raw.http.request.full_uri", "raw.http.request.uri", "raw.http.request.uri.path",
    "raw.http.request.uri.path.extension", "raw.http.request.uri.query", "raw.http.request.uri.args",
    "raw.http.request.uri.args.names", "raw.http.request.uri.args.values", "raw.http.response.headers",
    "raw.http.response.headers.names", "raw.http.response.headers.values",
    "ssl",
    // API Shield / schema validation
    "cf.api_gateway.auth_id_present", "cf.api_gateway.request_violates_schema",
    "cf.api_gateway.fallthrough_detected", "cf.schema_validation.learned.violated",
    "cf.schema_validation.uploaded.violated",
    // Bots
    "cf.bot_management.verified_bot", "cf.verified_bot_category", "cf.bot_management.score",
    "cf.bot_management.static_resource", "cf.bot_management.ja3_hash", "cf.bot_management.ja4",
    "cf.bot_management.js_detection.passed", "cf.bot_management.detection_ids", "cf.client.bot",
    "cf.bot_management.corporate_proxy", "cf.bot_management.signed_agent",
    // Edge, request metadata, timings
    "cf.edge.server_ip", "cf.edge.server_port", "cf.edge.client_tcp", "cf.edge.l4.delivery_rate",
    "cf.hostname.metadata", "cf.random_seed", "cf.ray_id", "cf.threat_score", "cf.worker.upstream_zone",
    "cf.timings.client_tcp_rtt_msec", "cf.timings.client_quic_rtt_msec", "cf.timings.edge_msec",
    "cf.timings.origin_ttfb_msec", "cf.timings.worker_msec",
    // TLS and mTLS
    "cf.tls_cipher", "cf.tls_version", "cf.tls_client_extensions_sha1", "cf.tls_client_extensions_sha1_le",
    "cf.tls_ciphers_sha1", "cf.tls_client_hello_length", "cf.tls_client_random",
    "cf.tls_client_auth.cert_revoked", "cf.tls_client_auth.cert_verified", "cf.tls_client_auth.cert_presented",
    "cf.tls_client_auth.cert_issuer_dn", "cf.tls_client_auth.cert_subject_dn",
    "cf.tls_client_auth.cert_issuer_dn_rfc2253", "cf.tls_client_auth.cert_subject_dn_rfc2253",
    "cf.tls_client_auth.cert_issuer_dn_legacy", "cf.tls_client_auth.cert_subject_dn_legacy",
    "cf.tls_client_auth.cert_serial", "cf.tls_client_auth.cert_issuer_serial",
    "cf.tls_client_auth.cert_fingerprint_sha256", "cf.tls_client_auth.cert_fingerprint_sha1",
    "cf.tls_client_auth.cert_not_before", "cf.tls_client_auth.cert_not_after", "cf.tls_client_auth.cert_ski",
    "cf.tls_client_auth.cert_issuer_ski", "cf.tls_client_auth.cert_rfc9440",
    "cf.tls_client_auth.cert_rfc9440_too_large", "cf.tls_client_auth.cert_chain_rfc9440",
    "cf.tls_client_auth.cert_chain_rfc9440_too_large",
    // WAF detections (content scanning, attack score, leaked credentials)
    "cf.waf.content_scan.has_obj", "cf.waf.content_scan.has_malicious_obj",
    "cf.waf.content_scan.num_malicious_obj", "cf.waf.content_scan.has_failed", "cf.waf.content_scan.num_obj",
    "cf.waf.content_scan.obj_sizes", "cf.waf.content_scan.obj_types", "cf.waf.content_scan.obj_results",
    "cf.waf.score", "cf.waf.score.sqli", "cf.waf.score.xss", "cf.waf.score.rce", "cf.waf.score.class",
    "cf.waf.auth_detected", "cf.waf.credential_check.password_leaked",
    "cf.waf.credential_check.username_leaked", "cf.waf.credential_check.username_and_password_leaked",
    "cf.waf.credential_check.username_password_similar",
    // AI Security for Apps
    "cf.llm.prompt.detected", "cf.llm.prompt.pii_detected", "cf.llm.prompt.pii_categories",
    "cf.llm.prompt.unsafe_topic_detected", "cf.llm.prompt.unsafe_topic_categories",
    "cf.llm.prompt.injection_score", "cf.llm.prompt.token_count", "cf.llm.prompt.custom_topic_categories",
    // JWT validation claims
    ...["aud", "iat.sec", "iss", "jti", "nbf.sec", "sub"].flatMap((claim) => [
        `http.request.jwt.claims.${claim}`,
        `http.request.jwt.claims.${claim}.names`,
        `http.request.jwt.claims.${claim}.values`,
    ]),
    // Response
    "http.response.code", "http.response.headers", "http.response.headers.names",
    "http.response.headers.values", "http.response.content_type.media_type", "cf.response.1xxx_code",
    "cf.response.error_type",
]);

/** Every function in the functions reference (transformation, HMAC validation, Magic Firewall). */
export const RULES_LANGUAGE_FUNCTIONS: readonly string[] = Object.freeze([
    "any", "all", "cidr", "cidr6", "concat", "decode_base64", "encode_base64", "ends_with", "join", "len",
    "lookup_json_integer", "lookup_json_string", "lower", "regex_replace", "remove_bytes",
    "remove_query_args", "sha256", "split", "starts_with", "substring", "to_string", "upper", "url_decode",
    "uuidv4", "wildcard_replace", "bit_slice", "is_timed_hmac_valid_v0",
]);

/** Comparison operators: English notation, then C-like notation (operators.mdx). */
export const COMPARISON_OPERATORS: readonly string[] = Object.freeze([
    "eq", "ne", "lt", "le", "gt", "ge", "contains", "matches", "in", "wildcard", "strict wildcard",
    "==", "!=", "<", "<=", ">", ">=", "~",
]);

/** Logical operators in order of precedence (not, and, xor, or), both notations. */
export const LOGICAL_OPERATORS: readonly string[] = Object.freeze(["not", "!", "and", "&&", "xor", "^^", "or", "||"]);

/**
 * Names an expression may contain but our builders must not produce, with the reason. Checked by
 * validateExpression so a hand-written rule that relies on them fails review.
 */
export const DISCOURAGED_FIELDS: Readonly<Record<string, string>> = Object.freeze({
    "cf.threat_score":
        "Cloudflare documents that the threat score is now always 0, so a rule on it never (or always) matches; " +
        "use managed rules, cf.waf.score (Enterprise) or bot score fields instead",
    "cf.colo.id":
        "cf.colo.id is a rate-limiting characteristic only; Cloudflare says not to use it as a field in expressions",
    "ip.geoip.asnum": "deprecated alias; use ip.src.asnum",
    "ip.geoip.continent": "deprecated alias; use ip.src.continent",
    "ip.geoip.country": "deprecated alias; use ip.src.country",
    "ip.geoip.is_in_european_union": "deprecated alias; use ip.src.is_in_european_union",
    "ip.geoip.subdivision_1_iso_code": "deprecated alias; use ip.src.subdivision_1_iso_code",
    "ip.geoip.subdivision_2_iso_code": "deprecated alias; use ip.src.subdivision_2_iso_code",
});

const FIELD_SET = new Set(RULES_LANGUAGE_FIELDS);
const FUNCTION_SET = new Set(RULES_LANGUAGE_FUNCTIONS);

export function isDocumentedField(name: string): boolean {
    return FIELD_SET.has(name);
}

export function isDocumentedFunction(name: string): boolean {
    return FUNCTION_SET.has(name);
}
