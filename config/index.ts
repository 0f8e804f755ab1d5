/**
 * The only reader of `pulumi.Config`. Parses every `edgestack:*` key, fills the environment's defaults from
 * ENV_DEFAULTS (the one table where dev and prod differ), validates with zod and returns a frozen, typed
 * PlatformConfig. Every problem is reported at once, one line per key, before any resource is registered:
 *
 *   edgestack:network.azCount: expected an integer between 2 and 6, got 9
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { clusterSchema, networkSchema } from "./schema";
import { backupSchema, cacheSchema, databaseSchema } from "./schema-data";
import { edgeSchema } from "./schema-edge";
import { bool, oneOf, pattern } from "./schema-fields";
import { meshSchema } from "./schema-mesh";
import { monitoringSchema } from "./schema-monitoring";
import { ingressSchema, servicesSchema } from "./schema-workloads";
import { observabilitySchema } from "./schema-observability";
import { capacitySchema } from "./schema-capacity";
import { deepMerge, ENV_DEFAULTS, ENVIRONMENTS, Environment, SERVICE_DEFAULTS } from "./env-defaults";

const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** Top-level keys, each a scalar or a structured (YAML object/array) value. */
export const platformSchema = z.strictObject({
  environment: oneOf(ENVIRONMENTS).describe(
    "Which column of the defaults table (config/env-defaults.ts) this stack uses. Required.",
  ),
  costCenter: pattern(/^[A-Za-z0-9_.:/=+\-@ ]{1,128}$/, "expected a cost-center tag value (1-128 chars)").describe(
    "Value of the `cost-center` tag on every AWS resource (billing reports, budgets).",
  ),
  protectStateful: bool().describe(
    "Pulumi `protect` on databases, caches, KMS keys and secrets: a `pulumi destroy` or a replacing change stops instead of deleting data.",
  ),
  tags: z
    .record(
      pattern(/^[A-Za-z0-9_.:/=+\-@ ]{1,128}$/, "expected a tag key"),
      pattern(TAG_VALUE, "expected a tag value (<= 256 chars)"),
    )
    .describe("Extra tags on every AWS resource; cannot override the five required tags."),
  network: networkSchema,
  cluster: clusterSchema,
  database: databaseSchema,
  cache: cacheSchema,
  services: servicesSchema.describe(
    "The Python services Kong routes to; adding one is one more entry (name, framework, paths, allowedGroups; sizing from the environment).",
  ),
  ingress: ingressSchema,
  edge: edgeSchema,
  monitoring: monitoringSchema,
  mesh: meshSchema,
  backup: backupSchema,
  observability: observabilitySchema,
  capacity: capacitySchema,
});

type Parsed = z.infer<typeof platformSchema>;

/** Secret settings: read with getSecret, never part of the plain config object. */
export const SECRET_KEYS = ["alertSlackWebhookUrl"] as const;

export interface PlatformSecrets {
  /** Slack incoming-webhook URL; required when monitoring.slackEnabled. */
  alertSlackWebhookUrl?: pulumi.Output<string>;
}

export type PlatformConfig = Readonly<
  Parsed & {
    project: string;
    stack: string;
    region: string;
    secrets: PlatformSecrets;
  }
>;
export type NetworkConfig = Parsed["network"];
export type ClusterConfig = Parsed["cluster"];
export type NodeGroupConfig = Parsed["cluster"]["nodeGroups"][number];
export type DatabaseConfig = Parsed["database"];
export type CacheConfig = Parsed["cache"];
export type ServiceConfig = Parsed["services"][number];
export type IngressConfig = Parsed["ingress"];
export type EdgeConfig = Parsed["edge"];
export type MonitoringConfig = Parsed["monitoring"];
export type MeshConfig = Parsed["mesh"];
export type BackupConfig = Parsed["backup"];
export type ObservabilityConfig = Parsed["observability"];
export type KarpenterConfig = Parsed["capacity"]["karpenter"];

/** Thrown with every problem found; `problems` holds one line per bad key. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  ${problems.join("\n  ")}`,
    );
    this.name = "ConfigError";
  }
}

const STRUCTURED = new Set([
  "tags",
  "network",
  "cluster",
  "database",
  "cache",
  "services",
  "ingress",
  "edge",
  "monitoring",
  "mesh",
  "backup",
  "observability",
  "capacity",
]);
const BOOLEAN = new Set(["protectStateful"]);
const KNOWN = new Set<string>([...Object.keys(platformSchema.shape), ...SECRET_KEYS]);

export { deepMerge };

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** The keys the schema declares for the object at `path` (in schema order). */
function keysAt(path: PropertyKey[]): string[] {
  type Node = { shape?: Record<string, Node>; element?: Node };
  let node: Node | undefined = platformSchema as unknown as Node;
  for (const p of path) node = typeof p === "number" ? node?.element : node?.shape?.[String(p)];
  return Object.keys(node?.shape ?? {});
}

function keyName(project: string, path: PropertyKey[]): string {
  const [top, ...rest] = path.map(String);
  return `${project}:${top}${rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join("")}`;
}

/** Formats zod issues as `project:key.path: message, got value`, one per line. */
function formatIssues(project: string, input: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) {
        const allowed = keysAt(issue.path).join(", ");
        lines.push(`${keyName(project, [...issue.path, k])}: unknown key${allowed ? ` (allowed: ${allowed})` : ""}`);
      }
      continue;
    }
    const got = "input" in issue && issue.input !== undefined ? issue.input : valueAt(input, issue.path);
    lines.push(
      `${keyName(project, issue.path)}: ${issue.message}, got ${got === undefined ? "nothing" : JSON.stringify(got)}`,
    );
  }
  return [...new Set(lines)];
}

/**
 * Pure core of the reader: raw string values by key (as `pulumi config` stores them) → PlatformConfig.
 * Exposed for tests; the program calls loadConfig().
 */
export function parseConfig(
  project: string,
  stack: string,
  raw: Record<string, string>,
  region: string,
  secrets: PlatformSecrets = {},
  /** Full keys of every other namespace the stack sets (a misspelt project name must not be silently ignored). */
  otherKeys: string[] = [],
): PlatformConfig {
  const problems: string[] = namespaceProblems(project, otherKeys);
  const values: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(raw)) {
    if (!KNOWN.has(key)) {
      problems.push(`${project}:${key}: unknown key (allowed: ${[...KNOWN].join(", ")})`);
    } else if (STRUCTURED.has(key) || BOOLEAN.has(key)) {
      try {
        values[key] = JSON.parse(text);
      } catch {
        problems.push(
          `${project}:${key}: expected ${BOOLEAN.has(key) ? "true or false" : "a YAML object (or JSON)"}, got ${JSON.stringify(text)}`,
        );
      }
    } else if (!(SECRET_KEYS as readonly string[]).includes(key)) {
      values[key] = text;
    }
  }
  const env = values.environment;
  if (!(ENVIRONMENTS as readonly unknown[]).includes(env)) {
    problems.push(
      `${project}:environment: expected one of ${ENVIRONMENTS.map((e) => JSON.stringify(e)).join(", ")} (selects the defaults table), got ${env === undefined ? "nothing" : JSON.stringify(env)}`,
    );
    throw new ConfigError(problems);
  }
  // Each stack's hosts default to its own name (dev.example.com, staging.example.com): a stack copied from another
  // never silently claims its hosts. prod sets `edge.hostPrefix: ""` (the apex) in its stack file.
  // Likewise its deploy role defaults to <project>-deploy-<stack>: a copied stack file never claims another stack's role.
  const deployRole = `${project}-deploy-${stack}`;
  const perStack = {
    edge: { hostPrefix: stack.toLowerCase() },
    cluster: { access: { deployRoleName: deployRole, clusterCreatorRoleName: deployRole } },
  };
  const merged = deepMerge(deepMerge(ENV_DEFAULTS[env as Environment], perStack), values) as Record<string, unknown>;
  if (Array.isArray(merged.services)) {
    merged.services = merged.services.map((s: unknown) => deepMerge(SERVICE_DEFAULTS[env as Environment], s));
  }
  const result = platformSchema.safeParse(merged);
  if (!result.success) problems.push(...formatIssues(project, merged, result.error.issues));
  if (result.success && result.data.monitoring.slackEnabled && !secrets.alertSlackWebhookUrl) {
    problems.push(
      `${project}:alertSlackWebhookUrl: required (secret) when monitoring.slackEnabled is true; set it with \`pulumi config set --secret alertSlackWebhookUrl <url>\`, got nothing`,
    );
  }
  if (result.success && result.data.backup.copyRegion === region) {
    problems.push(
      `${project}:backup.copyRegion: expected another region than the stack's (${region}) or "" for no copy, got ${JSON.stringify(region)}`,
    );
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return deepFreeze({ ...result.data, project, stack, region, secrets }) as PlatformConfig;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object" && !pulumi.Output.isInstance(o)) {
    Object.values(o as object).forEach((v) => deepFreeze(v));
    Object.freeze(o);
  }
  return o;
}

/** Namespaces a stack may set besides the project's: the providers the program uses, and Pulumi's own. */
const PROVIDER_NAMESPACES = [
  "aws",
  "cloudflare",
  "kubernetes",
  "random",
  "tls",
  "docker",
  "docker-build",
  "pulumi",
] as const;

function namespaceProblems(project: string, keys: string[]): string[] {
  const allowed = [project, ...PROVIDER_NAMESPACES];
  return keys.flatMap((key) => {
    const ns = key.includes(":") ? key.slice(0, key.indexOf(":")) : undefined;
    if (ns === undefined) return [`${key}: config key without a namespace (did you mean ${project}:${key}?)`];
    if (allowed.includes(ns)) return [];
    return [`${key}: unknown config namespace "${ns}" (allowed: ${allowed.join(", ")})`];
  });
}

/** Reads the stack's configuration through pulumi.Config and returns the validated PlatformConfig. */
export function loadConfig(): PlatformConfig {
  const project = pulumi.getProject();
  const prefix = `${project}:`;
  const raw: Record<string, string> = {};
  const otherKeys: string[] = [];
  for (const [k, v] of Object.entries(pulumi.runtime.allConfig())) {
    if (k.startsWith(prefix)) raw[k.slice(prefix.length)] = v;
    else otherKeys.push(k);
  }
  const config = new pulumi.Config();
  const secrets: PlatformSecrets = {};
  for (const key of SECRET_KEYS) {
    const value = config.getSecret(key);
    if (value !== undefined) secrets[key] = value;
  }
  const region = new pulumi.Config("aws").get("region") ?? "us-east-1";
  return parseConfig(project, pulumi.getStack(), raw, region, secrets, otherKeys);
}
