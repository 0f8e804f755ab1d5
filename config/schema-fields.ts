/**
 * Field builders the configuration schemas share (config/schema*.ts): every message says what is allowed; the
 * reader (config/index.ts) appends ", got <value>".
 */
import { z } from "zod";
import { intToIp, ipToInt } from "../components/network/layout";
import { knownVersions, type SupportCalendar } from "../policies/lib/support-calendar";

export const intIn = (min: number, max: number) => {
  const error = `expected an integer between ${min} and ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
export const numIn = (min: number, max: number) => {
  const error = `expected a number between ${min} and ${max}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
};
/** A string matching `regex`; a non-string gets the same message (and later refinements are skipped). */
export const pattern = (regex: RegExp, error: string) => z.string({ error }).regex(regex, { error, abort: true });
export const bool = () => z.boolean({ error: "expected true or false" });
/** `host:port` with a port TCP can use (1-65535); `orEmpty` also admits "" (feature off). */
const HOST_PORT = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?:(\d{1,5})$/;
export const hostPort = (error: string, orEmpty = false) =>
  z.string({ error }).refine(
    (v) => {
      const port = Number(HOST_PORT.exec(v)?.[2]);
      return (orEmpty && v === "") || (port >= 1 && port <= 65535);
    },
    { error: `${error} (port 1-65535)` },
  );
export const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });

/** The network address of an IPv4 CIDR, e.g. "10.20.0.1/16" → "10.20.0.0/16". */
const ipv4Network = (c: string) => {
  const [ip, prefix] = c.split("/");
  const size = 2 ** (32 - Number(prefix));
  return `${intToIp(ipToInt(ip) - (ipToInt(ip) % size))}/${prefix}`;
};
/**
 * An IPv4 CIDR (zod's format) whose address is its network address: AWS rejects a CIDR block with host bits set,
 * and a host bit is usually a typo. One message per value: each check stops the ones after it.
 */
export const cidr = () =>
  z.cidrv4({ error: "expected an IPv4 CIDR such as 10.0.0.0/16", abort: true }).refine((c) => ipv4Network(c) === c, {
    abort: true,
    error: (i) => `expected a network address with no host bits set (did you mean ${ipv4Network(i.input as string)}?)`,
  });
const DNS_LABEL = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;
export const dnsLabel = () =>
  z
    .string({ error: "expected a DNS label: lowercase letters, digits and '-', 1-32 chars, starting with a letter" })
    .regex(DNS_LABEL, {
      error: "expected a DNS label: lowercase letters, digits and '-', 1-32 chars, starting with a letter",
    });
/** Kubernetes quantities as the API server accepts them, e.g. "250m", "1", "512Mi", "2Gi". */
export const cpuQuantity = () =>
  z
    .string({ error: 'expected a CPU quantity such as "250m" or "1"' })
    .regex(/^(\d+m|\d+(\.\d+)?)$/, { error: 'expected a CPU quantity such as "250m" or "1"' });
export const memQuantity = () =>
  z
    .string({ error: 'expected a memory quantity such as "256Mi" or "1Gi"' })
    .regex(/^\d+(Mi|Gi)$/, { error: 'expected a memory quantity such as "256Mi" or "1Gi"' });
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const email = () =>
  z.string({ error: "expected an email address" }).regex(EMAIL, { error: "expected an email address" });

/** CloudWatch Logs accepts only these retention periods (PutRetentionPolicy). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export const logRetention = () =>
  z
    .number({ error: `expected one of ${LOG_RETENTION_DAYS.join(", ")} (days)` })
    .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
      error: `expected one of ${LOG_RETENTION_DAYS.join(", ")} (days)`,
    });

/** Graviton (arm64) families only: the images are built for linux/arm64. */
const GRAVITON_EC2 = /^(t4g|[cmr][678]g[dn]?|[cmr]8g)\.(medium|large|\d*xlarge|metal)$/;
export const gravitonInstanceType = () =>
  pattern(GRAVITON_EC2, "expected a Graviton (arm64) EC2 instance type such as t4g.large or m7g.large");

/**
 * A version the product's support calendar knows. Whether it is still supported on a given day is policy
 * (policies/reliability/version-support.ts), never config validation: refresh and destroy must keep working.
 */
export const knownVersion = (calendar: SupportCalendar, example: string) =>
  z
    .string({ error: `expected a ${calendar.product} version string such as "${example}"` })
    .refine((v) => knownVersions(calendar).includes(v), {
      error: () =>
        `expected a version in the ${calendar.product} support calendar (${knownVersions(calendar).join(", ")})`,
    });
