/**
 * Configuration schemas for the workload side: services and ingress (the edge, monitoring and mesh schemas:
 * schema-edge.ts, schema-monitoring.ts, schema-mesh.ts). Same conventions as schema.ts.
 */
import { z } from "zod";
import { bool, cidr, pattern, cpuQuantity, dnsLabel, intIn, memQuantity, oneOf } from "./schema-fields";

const FRAMEWORKS = ["fastapi", "flask"] as const;

const serviceSchema = z
  .strictObject({
    name: dnsLabel().describe("DNS label: Deployment, Service, ECR repository and route names."),
    framework: oneOf(FRAMEWORKS).describe("`fastapi` (uvicorn, port 8001) or `flask` (gunicorn, port 5000)."),
    /** Directory under apps/ holding the Dockerfile; defaults to the framework's reference app. */
    app: pattern(/^[a-z0-9-]+$/, "expected a directory name under apps/")
      .optional()
      .describe("Directory under apps/ to build (default: the framework's reference app)."),
    /** Path prefixes Kong routes to this service. */
    paths: z
      .array(pattern(/^\/[A-Za-z0-9/_-]*$/, "expected a URL path starting with '/'"))
      .min(1, { error: "expected at least one path" })
      .describe("Path prefixes Kong routes to this service (each path belongs to one service)."),
    minReplicas: intIn(1, 100).describe("HPA minimum (also the PDB's basis)."),
    maxReplicas: intIn(1, 200).describe(
      "HPA maximum; sized so max × per-pod throughput covers 10,000 concurrent users (docs/operations.md, capacity).",
    ),
    cpuRequest: cpuQuantity().describe("CPU request per pod."),
    cpuLimit: cpuQuantity().describe("CPU limit per pod."),
    memoryRequest: memQuantity().describe("Memory request per pod."),
    memoryLimit: memQuantity().describe("Memory limit per pod."),
    targetCpuPercent: intIn(10, 95).describe("HPA CPU utilisation target."),
    targetMemoryPercent: intIn(10, 95).describe("HPA memory utilisation target."),
    /** Most recent images kept in the service's ECR repository (rollback targets); older ones expire. */
    keepImages: intIn(1, 1000).describe(
      "Newest built images kept in the service's ECR repository (rollback targets); older ones and untagged layers (after 3 days) expire.",
    ),
    /** ECR forceDelete: destroy deletes the repository with its images (else destroy stops at a non-empty one). */
    forceDeleteImages: bool().describe(
      "ECR forceDelete: destroy deletes the service's repository with its images (dev); false stops a destroy at a non-empty repository (prod).",
    ),
    /** ACL groups (Kong RBAC) allowed to call this service. */
    allowedGroups: z
      .array(dnsLabel())
      .min(1, { error: "expected at least one ACL group" })
      .describe("Kong ACL groups (RBAC) allowed to call the service."),
  })
  .superRefine((s, ctx) => {
    if (s.maxReplicas < s.minReplicas)
      ctx.addIssue({
        code: "custom",
        path: ["maxReplicas"],
        input: s.maxReplicas,
        message: `expected maxReplicas >= minReplicas (${s.minReplicas})`,
      });
  });

export const servicesSchema = z
  .array(serviceSchema)
  .min(1, { error: "expected at least one service" })
  .superRefine((list, ctx) => {
    const names = list.map((s) => s.name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i)
        ctx.addIssue({ code: "custom", path: [i, "name"], input: n, message: "expected unique service names" });
    });
    const paths = list.flatMap((s) => s.paths);
    paths.forEach((p, i) => {
      if (paths.indexOf(p) !== i)
        ctx.addIssue({
          code: "custom",
          path: [],
          input: p,
          message: `expected each path to be routed to one service only (${p} is used twice)`,
        });
    });
  });

/** Kubernetes CPU quantity in millicores ("250m" → 250, "1.5" → 1500). */
export function cpuMillis(q: string): number {
  return q.endsWith("m") ? Number(q.slice(0, -1)) : Math.round(Number(q) * 1000);
}
/** Kubernetes memory quantity in MiB ("512Mi" → 512, "1Gi" → 1024). */
function memMiB(q: string): number {
  return q.endsWith("Gi") ? Number(q.slice(0, -2)) * 1024 : Number(q.slice(0, -2));
}

/** Pod sizing of an ingress workload: requests drive scheduling and the HPA, limits cap a runaway pod. */
const podSize = (what: string, workers: string) => ({
  minReplicas: intIn(1, 50).describe(`${what} HPA minimum.`),
  maxReplicas: intIn(1, 100).describe(`${what} HPA maximum.`),
  cpuRequest: cpuQuantity().describe(`${what} CPU request (the HPA's 100 %).`),
  cpuLimit: cpuQuantity().describe(`${what} CPU limit; also ${workers} (rounded up).`),
  memoryRequest: memQuantity().describe(`${what} memory request.`),
  memoryLimit: memQuantity().describe(`${what} memory limit.`),
  targetCpuPercent: intIn(10, 95).describe(`${what} HPA target CPU utilisation (% of the request).`),
});
type PodSize = {
  minReplicas: number;
  maxReplicas: number;
  cpuRequest: string;
  cpuLimit: string;
  memoryRequest: string;
  memoryLimit: string;
};

function checkPodSize(p: PodSize, at: string, ctx: z.RefinementCtx): void {
  if (p.maxReplicas < p.minReplicas)
    ctx.addIssue({
      code: "custom",
      path: [at, "maxReplicas"],
      input: p.maxReplicas,
      message: `expected maxReplicas >= minReplicas (${p.minReplicas})`,
    });
  if (cpuMillis(p.cpuLimit) < cpuMillis(p.cpuRequest))
    ctx.addIssue({
      code: "custom",
      path: [at, "cpuLimit"],
      input: p.cpuLimit,
      message: `expected cpuLimit >= cpuRequest (${p.cpuRequest})`,
    });
  if (memMiB(p.memoryLimit) < memMiB(p.memoryRequest))
    ctx.addIssue({
      code: "custom",
      path: [at, "memoryLimit"],
      input: p.memoryLimit,
      message: `expected memoryLimit >= memoryRequest (${p.memoryRequest})`,
    });
}

const PEM_PUBLIC_KEY = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/;

export const ingressSchema = z
  .strictObject({
    nginx: z.strictObject({
      ...podSize("NGINX pod", "the number of nginx worker processes"),
      minReplicas: intIn(1, 50).describe("NGINX edge HPA minimum (one per AZ in prod)."),
      hstsMaxAgeSeconds: intIn(0, 63072000).describe("HSTS max-age sent by NGINX."),
      /** OCSP stapling: only for certificates that name an OCSP responder (Cloudflare Origin CA certificates do not). */
      ocspStapling: bool().describe(
        "OCSP stapling; off because Cloudflare Origin CA certificates name no OCSP responder. On needs the issuer chain as ca.crt in the TLS Secret.",
      ),
    }),
    kong: z.strictObject(podSize("Kong proxy", "Kong's nginx worker count")),
    /** Cloudflare's published ranges admitted by the NLB security group; empty = the list shipped in the code (dated). */
    cloudflareIpRanges: z
      .array(
        cidr().refine((c) => !c.endsWith("/0"), {
          error: "expected one of Cloudflare's ranges, not an open /0 range (the NLB would admit the whole internet)",
        }),
      )
      .describe(
        "Sources admitted by the NLB and trusted for the real client IP. Empty = Cloudflare's published list shipped in components/ingress/cloudflare-ips.ts (dated).",
      ),
    /** Browser origins allowed by the cors plugin; empty = the site's own https origins (apex and www). */
    corsOrigins: z
      .array(
        pattern(
          /^https:\/\/[a-z0-9.-]+(:\d+)?$/,
          "expected an https origin such as https://app.example.com (no wildcard, no path)",
        ),
      )
      .describe("Exact https origins allowed by Kong's cors plugin; empty = the site's own apex and www origins."),
    rateLimit: z.strictObject({
      perMinute: intIn(1, 1000000).describe("Kong rate limit per consumer per minute (counters in ElastiCache)."),
      perHour: intIn(1, 100000000).describe("Kong rate limit per consumer per hour."),
    }),
    jwt: z.strictObject({
      /** Tokens whose exp lies further ahead are refused (Kong jwt maximum_expiration). */
      maxTokenLifetimeSeconds: intIn(60, 86400).describe(
        "Kong jwt refuses tokens whose exp lies further ahead than this.",
      ),
      /** ACL group → RS256 public key (PEM). Groups not listed get a generated HS256 secret. */
      publicKeys: z
        .record(
          dnsLabel(),
          pattern(
            PEM_PUBLIC_KEY,
            "expected a PEM public key (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)",
          ),
        )
        .describe(
          "ACL group → RS256 public key (PEM) its clients sign with; groups not listed get a generated HS256 secret (stack output jwtSigningSecrets).",
        ),
    }),
  })
  .superRefine((i, ctx) => {
    checkPodSize(i.nginx, "nginx", ctx);
    checkPodSize(i.kong, "kong", ctx);
    if (i.rateLimit.perHour < i.rateLimit.perMinute)
      ctx.addIssue({
        code: "custom",
        path: ["rateLimit", "perHour"],
        input: i.rateLimit.perHour,
        message: `expected perHour >= perMinute (${i.rateLimit.perMinute})`,
      });
  });
