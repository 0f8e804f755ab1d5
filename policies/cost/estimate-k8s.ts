/**
 * Pricers for what Kubernetes and Cloudflare resources make AWS or Cloudflare bill:
 *  - a Service of type LoadBalancer becomes an NLB (AWS Load Balancer Controller or the
 *    in-tree controller): hours + LCUs + one public IPv4 per AZ when internet-facing;
 *  - PersistentVolumeClaims and StatefulSet volumeClaimTemplates become gp3 EBS volumes;
 *  - a Helm release costs whatever its values ask for: LoadBalancer services and persistent
 *    volumes (kube-prometheus-stack `...storageSpec.volumeClaimTemplate`, `persistence`
 *    blocks) found anywhere in `values`;
 *  - the Cloudflare zone's plan, once per stack.
 */
import type { CostResource, LineDraft, Pricer } from "./pricer";
import { asArray, asNumber, asRecord, asString, isRecord } from "../lib/values";
import { HOURS_PER_MONTH as H, XRAY_FREE_TRACES_MILLIONS } from "./pricing";

const GIB = 1024 ** 3;
const UNITS: Record<string, number> = {
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: GIB,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  "": 1,
};

/** A Kubernetes storage quantity ("20Gi", "500Mi", "1T") in GiB, or undefined. */
export function quantityToGib(q: unknown): number | undefined {
  if (typeof q === "number") return q / GIB;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(Ki|Mi|Gi|Ti|Pi|k|K|M|G|T|P)?\s*$/.exec(String(q ?? ""));
  return m ? (Number(m[1]) * UNITS[m[2] ?? ""]) / GIB : undefined;
}

function isInternal(annotations: Record<string, unknown>): boolean {
  return (
    annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"] === "internal" ||
    String(annotations["service.beta.kubernetes.io/aws-load-balancer-internal"]) === "true"
  );
}

function nlbLines(label: string, annotations: Record<string, unknown>, ctx: Parameters<Pricer>[1]): LineDraft[] {
  const a = ctx.assumptions;
  const lines: LineDraft[] = [
    { description: `NLB for ${label}`, quantity: H, priceKey: "elb/nlb-hour" },
    {
      description: `NLB capacity units for ${label}`,
      quantity: a.nlbLcuPerHour * H,
      priceKey: "elb/nlb-lcu-hour",
      assumption: `${a.nlbLcuPerHour} LCU average`,
    },
  ];
  if (!isInternal(annotations)) {
    lines.push({
      description: `NLB public IPv4 addresses (${a.nlbAzCount} AZs)`,
      quantity: a.nlbAzCount * H,
      priceKey: "vpc/public-ipv4-hour",
      assumption: `${a.nlbAzCount} AZs`,
    });
    // Responses to Cloudflare leave AWS as internet data transfer out (Cloudflare is not an AWS network).
    lines.push({
      description: `internet egress from ${label} (to Cloudflare)`,
      quantity: a.internetEgressGbPerLbMonth,
      priceKey: "vpc/internet-egress-gb",
      assumption: `${a.internetEgressGbPerLbMonth} GB/month`,
    });
  }
  return lines;
}

const volumeLine = (label: string, gib: number, count = 1): LineDraft => ({
  description: `${count > 1 ? `${count} x ` : ""}${+gib.toFixed(2)} GiB gp3 volume for ${label}`,
  quantity: gib * count,
  priceKey: "ebs/gp3-gb-month",
});

const service: Pricer = (r, ctx) => {
  if (asRecord(r.inputs.spec).type !== "LoadBalancer") return [];
  return nlbLines(`Service ${r.name}`, asRecord(asRecord(r.inputs.metadata).annotations), ctx);
};

const pvc: Pricer = (r) => {
  const gib = quantityToGib(asRecord(asRecord(asRecord(r.inputs.spec).resources).requests).storage);
  return gib === undefined
    ? { notPriced: "PVC without a parseable spec.resources.requests.storage" }
    : [volumeLine(`PVC ${r.name}`, gib)];
};

const statefulSet: Pricer = (r) => {
  const spec = asRecord(r.inputs.spec);
  const replicas = asNumber(spec.replicas) ?? 1;
  return asArray(spec.volumeClaimTemplates).flatMap((t) => {
    const gib = quantityToGib(asRecord(asRecord(asRecord(asRecord(t).spec).resources).requests).storage);
    return gib === undefined
      ? []
      : [volumeLine(`${r.name}/${String(asRecord(asRecord(t).metadata).name ?? "data")}`, gib, replicas)];
  });
};

interface ValuesScan {
  lbs: { path: string; annotations: Record<string, unknown> }[];
  volumes: { path: string; gib: number; count: number }[];
}

/**
 * Walks Helm values collecting LoadBalancer services and persistent volumes. A volume counts
 * once per replica of the nearest enclosing `replicas` (kube-prometheus-stack puts `replicas`
 * on `prometheusSpec`, next to `storageSpec`).
 */
function scanValues(v: unknown, path: string[], out: ValuesScan, inheritedReplicas = 1) {
  if (Array.isArray(v)) return v.forEach((x, i) => scanValues(x, [...path, String(i)], out, inheritedReplicas));
  if (!isRecord(v)) return;
  const replicas = asNumber(v.replicas) ?? inheritedReplicas;
  if (v.type === "LoadBalancer") out.lbs.push({ path: path.join("."), annotations: asRecord(v.annotations) });
  const vct = asRecord(v.volumeClaimTemplate);
  const vctGib = quantityToGib(asRecord(asRecord(asRecord(vct.spec).resources).requests).storage);
  if (vctGib !== undefined)
    out.volumes.push({ path: [...path, "volumeClaimTemplate"].join("."), gib: vctGib, count: replicas });
  const persistence = asRecord(v.persistence);
  const pGib = quantityToGib(persistence.size);
  if (persistence.enabled === true && pGib !== undefined)
    out.volumes.push({ path: [...path, "persistence"].join("."), gib: pGib, count: replicas });
  for (const [k, child] of Object.entries(v)) {
    if (k !== "persistence" && k !== "volumeClaimTemplate") scanValues(child, [...path, k], out, replicas);
  }
}

/**
 * An OpenTelemetry collector whose pipeline exports to AWS X-Ray (`awsxray` exporter in `config` or
 * `alternateConfig`) makes X-Ray bill the traces it records: the `xrayTracesMillionsMonth` assumption, less the
 * free 100,000. One collector per stack carries the line (a second would double-count the same traces).
 */
function xrayLines(r: CostResource, ctx: Parameters<Pricer>[1]): LineDraft[] {
  const values = asRecord(r.inputs.values);
  const exportsToXray = [values.config, values.alternateConfig].some(
    (c) => "awsxray" in asRecord(asRecord(c).exporters),
  );
  if (!exportsToXray) return [];
  const first = ctx
    .ofType(r.type)
    .filter((o) => o.inputs.chart === r.inputs.chart)
    .map((o) => o.urn)
    .sort()[0];
  if (first !== r.urn) return [];
  const millions = ctx.assumptions.xrayTracesMillionsMonth;
  return [
    {
      description: "X-Ray traces recorded (beyond the free 100,000/month)",
      quantity: Math.max(0, millions - XRAY_FREE_TRACES_MILLIONS),
      priceKey: "xray/traces-recorded-million",
      assumption: `${millions} M traces/month`,
    },
  ];
}

const helmRelease: Pricer = (r, ctx) => {
  const out: ValuesScan = { lbs: [], volumes: [] };
  scanValues(r.inputs.values, [], out);
  return [
    ...out.lbs.flatMap((lb) => nlbLines(`${r.name} ${lb.path}`, lb.annotations, ctx)),
    ...out.volumes.map((vol) => volumeLine(`${r.name} ${vol.path}`, vol.gib, vol.count)),
    ...(r.inputs.chart === "opentelemetry-collector" ? xrayLines(r, ctx) : []),
  ];
};

const CLOUDFLARE_TYPES = [
  "cloudflare:index/zoneSubscription:ZoneSubscription",
  "cloudflare:index/zone:Zone",
  "cloudflare:index/dnsRecord:DnsRecord",
  "cloudflare:index/zoneSetting:ZoneSetting",
  "cloudflare:index/ruleset:Ruleset",
];

/**
 * The zone plan is billed once: on the ZoneSubscription when the stack has one (its
 * `ratePlan.id`), else on the first Cloudflare resource using the `cloudflarePlan` assumption.
 */
const cloudflarePlan: Pricer = (r, ctx) => {
  const anchor: CostResource | undefined = CLOUDFLARE_TYPES.map(
    (t) => ctx.ofType(t).sort((a, b) => a.urn.localeCompare(b.urn))[0],
  ).find(Boolean);
  if (anchor?.urn !== r.urn) return [];
  const fromProgram = asString(asRecord(r.inputs.ratePlan).id);
  const plan = fromProgram ?? ctx.assumptions.cloudflarePlan;
  if (!["free", "pro", "business"].includes(plan)) return { notPriced: `Cloudflare plan ${plan} is not priced` };
  return [
    {
      description: `Cloudflare ${plan} plan`,
      quantity: 1,
      priceKey: `cloudflare/${plan}-month`,
      ...(fromProgram ? {} : { assumption: `plan "${plan}"` }),
    },
  ];
};

export const OTHER_PRICERS: Record<string, Pricer> = {
  "kubernetes:core/v1:Service": service,
  "kubernetes:core/v1:PersistentVolumeClaim": pvc,
  "kubernetes:apps/v1:StatefulSet": statefulSet,
  "kubernetes:helm.sh/v3:Release": helmRelease,
  ...Object.fromEntries(CLOUDFLARE_TYPES.map((t) => [t, cloudflarePlan])),
};
