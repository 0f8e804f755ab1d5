/**
 * Certificates the program deploys carry their expiry on the Secret (`edgestack.io/*expires-on` annotations: the
 * Origin CA certificate, the pinned Cloudflare origin-pull CA NGINX trusts). Judged on the as-of date, never the
 * clock: advisory within CERTIFICATE_WARNING_DAYS (the same 30 days as the TlsCertificateExpiring alert), mandatory
 * once expired (Cloudflare's strict TLS or NGINX's client-certificate check would then fail every request).
 */
import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType, type ResourceValidation } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { asOfDay, datedRulePair, type DatedWhen } from "../lib/as-of";
import { asRecord } from "../lib/values";

const CERTIFICATE_WARNING_DAYS = 30;
const EXPIRY_KEY = /^edgestack\.io\/[a-z-]*expires-on$/;
const DAY_MS = 86_400_000;

const names = {
  ended: "kubernetes-secret-certificate-not-expired",
  ending: "kubernetes-secret-certificate-expiring-soon",
} as const;

function validate(name: string, when: DatedWhen): ResourceValidation {
  return validateResourceOfType(k8s.core.v1.Secret, (secret, args, report) => {
    const annotations = asRecord(asRecord(secret.metadata).annotations);
    for (const [key, value] of Object.entries(annotations)) {
      if (!EXPIRY_KEY.test(key) || typeof value !== "string" || Number.isNaN(Date.parse(value))) continue;
      const asOf = asOfDay(args.getConfig(), name);
      const days = Math.floor((Date.parse(value) - Date.parse(`${asOf}T00:00:00Z`)) / DAY_MS);
      if (when === "ended" && days < 0)
        report(`${key}: the certificate expired on ${value.slice(0, 10)} (as of ${asOf}).`);
      if (when === "ending" && days >= 0 && days < CERTIFICATE_WARNING_DAYS) {
        report(`${key}: the certificate expires on ${value.slice(0, 10)}, in ${days} days (as of ${asOf}).`);
      }
    }
  });
}

export const certificateExpiryPolicies: EdgestackPolicy[] = datedRulePair({
  names,
  descriptions: {
    ended: "Certificates deployed in Secrets must not be expired.",
    ending: `Warns ${CERTIFICATE_WARNING_DAYS} days before a deployed certificate expires.`,
  },
  severities: { ended: "critical", ending: "medium" },
  remediation:
    "Re-issue the Origin CA certificate (`pulumi up` after its requestedValidity) or replace the pinned origin-pull CA " +
    "in components/edge/origin-ca.ts from its source URL.",
  validate,
});
