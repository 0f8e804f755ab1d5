/**
 * Pricers for AWS resource types: how many billed units per month each resource implies.
 * Quantities come from the program's inputs where it states them (instance types, counts,
 * sizes) and from the documented assumptions where it cannot (traffic, stored GB). The data tier's pricers:
 * estimate-data.ts; AWS Backup's: estimate-backup.ts.
 */
import type { CostResource, LineDraft, Pricer } from "./pricer";
import { EKS_CALENDAR } from "../lib/eks-versions";
import { isExtendedSupport } from "../lib/support-calendar";
import { asArray, asNumber, asRecord, asString, asStrings } from "../lib/values";
import { HOURS_PER_MONTH, hasPrice, priceOf } from "./pricing";
import { BACKUP_PRICERS } from "./estimate-backup";
import { DATA_PRICERS } from "./estimate-data";

const H = HOURS_PER_MONTH;
const DAYS_PER_MONTH = H / 24;
const T = {
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  budget: "aws:budgets/budget:Budget",
};

const notPriced = (reason: string) => ({ notPriced: reason });

const eksCluster: Pricer = (r, ctx) => {
  const version = asString(r.inputs.version);
  // Standard vs extended support depends on the day: without an as-of date the line cannot be priced (and the
  // budget rule then fails by name) rather than guess from the clock.
  const on = ctx.assumptions.asOfDate;
  if (on === undefined) return notPriced("no asOfDate: standard or extended support depends on the day");
  const extended = version !== undefined && isExtendedSupport(EKS_CALENDAR, version, on);
  return [
    {
      description: `EKS control plane${version ? ` ${version}` : ""} (${extended ? "extended" : "standard"} support on ${on})`,
      quantity: H,
      priceKey: extended ? "eks/control-plane-extended" : "eks/control-plane-standard",
    },
  ];
};

/** The launch template a node group uses: by dependency, else by matching `name`. */
function launchTemplateOf(r: CostResource, ctx: Parameters<Pricer>[1]): CostResource | undefined {
  const ref = asRecord(r.inputs.launchTemplate);
  if (!ref.id && !ref.name) return undefined;
  return (
    ctx.related(r, T.launchTemplate)[0] ??
    ctx.ofType(T.launchTemplate).find((lt) => ref.name !== undefined && lt.inputs.name === ref.name)
  );
}

const eksNodeGroup: Pricer = (r, ctx) => {
  const type = asStrings(r.inputs.instanceTypes)[0];
  const nodes = asNumber(asRecord(r.inputs.scalingConfig).desiredSize) ?? 0;
  if (!type || !hasPrice(`ec2/${type}`))
    return notPriced(`instance type ${type ?? "(unset)"} has no price in pricing.ts`);
  const price = priceOf(`ec2/${type}`);
  const spot = r.inputs.capacityType === "SPOT";
  const lt = launchTemplateOf(r, ctx);
  const ltVolume = asNumber(asRecord(asRecord(asArray(lt?.inputs.blockDeviceMappings)[0]).ebs).volumeSize);
  const volumeGb = ltVolume ?? asNumber(r.inputs.diskSize) ?? ctx.assumptions.defaultNodeRootVolumeGb;
  const spotPrice = price.usd * ctx.assumptions.spotPriceRatio;
  const lines: LineDraft[] = [
    {
      description: `${nodes} x ${type} ${spot ? "spot" : "on-demand"} nodes`,
      quantity: nodes * H,
      priceKey: `ec2/${type}`,
      ...(spot
        ? {
            unitPriceUsd: spotPrice,
            reservedUnitPriceUsd: spotPrice,
            assumption: `spot at ${ctx.assumptions.spotPriceRatio} x on-demand`,
          }
        : {}),
    },
    {
      description: `${nodes} x ${volumeGb} GiB gp3 root volumes`,
      quantity: nodes * volumeGb,
      priceKey: "ebs/gp3-gb-month",
      ...(ltVolume === undefined && r.inputs.diskSize === undefined
        ? { assumption: `default root volume ${volumeGb} GiB` }
        : {}),
    },
  ];
  // A spot group bursts above its desired size (often 0): price the assumed average use of its headroom, and name
  // the ceiling at maxSize so a reviewer sees the range, not a free group.
  const max = asNumber(asRecord(r.inputs.scalingConfig).maxSize) ?? nodes;
  if (spot && max > nodes) {
    const share = ctx.assumptions.spotScaleOutShare;
    const extra = share * (max - nodes);
    const ceiling = (max * (spotPrice * H + volumeGb * priceOf("ebs/gp3-gb-month").usd)).toFixed(2);
    const note = `${share} of the ${max - nodes}-node headroom on average; at maxSize ${max}: $${ceiling}/month`;
    lines.push(
      {
        description: `spot scale-out above desired size: ${+extra.toFixed(2)} x ${type} on average`,
        quantity: extra * H,
        priceKey: `ec2/${type}`,
        unitPriceUsd: spotPrice,
        reservedUnitPriceUsd: spotPrice,
        assumption: note,
      },
      {
        description: `root volumes of the scale-out nodes`,
        quantity: extra * volumeGb,
        priceKey: "ebs/gp3-gb-month",
        assumption: note,
      },
    );
  }
  return lines;
};

const natGateway: Pricer = (_r, ctx) => [
  { description: "NAT gateway hours", quantity: H, priceKey: "vpc/nat-gateway-hour" },
  {
    description: "NAT data processed",
    quantity: ctx.assumptions.natGbPerGatewayMonth,
    priceKey: "vpc/nat-gateway-gb",
    assumption: `${ctx.assumptions.natGbPerGatewayMonth} GB/month per gateway`,
  },
];

const eip: Pricer = () => [{ description: "public IPv4 address", quantity: H, priceKey: "vpc/public-ipv4-hour" }];

const vpcEndpoint: Pricer = (r, ctx) => {
  const kind = asString(r.inputs.vpcEndpointType) ?? "Gateway";
  if (kind === "Gateway") return []; // S3/DynamoDB gateway endpoints are free
  if (kind !== "Interface") return notPriced(`${kind} endpoints are not modelled`);
  const azs = Math.max(1, asArray(r.inputs.subnetIds).length);
  return [
    {
      description: `interface endpoint in ${azs} AZ(s)`,
      quantity: azs * H,
      priceKey: "vpc/interface-endpoint-az-hour",
    },
    {
      description: "interface endpoint data processed",
      quantity: ctx.assumptions.interfaceEndpointGbMonth,
      priceKey: "vpc/interface-endpoint-gb",
      assumption: `${ctx.assumptions.interfaceEndpointGbMonth} GB/month per endpoint`,
    },
  ];
};

/** Customer-managed key, plus $1/month for each of its first two automatic rotations (kmsRotationsBilled). */
const kmsKey: Pricer = (r, ctx) => {
  const lines: LineDraft[] = [{ description: "customer-managed key", quantity: 1, priceKey: "kms/key-month" }];
  const rotations = Math.min(2, ctx.assumptions.kmsRotationsBilled);
  if (r.inputs.enableKeyRotation === true && rotations > 0) {
    lines.push({
      description: "key material rotations (first two billed)",
      quantity: rotations,
      priceKey: "kms/key-rotation-month",
      assumption: `${rotations} rotation(s) billed`,
    });
  }
  return lines;
};

function logKind(name: string): "eksControlPlane" | "vpcFlowLogs" | "database" | "containers" | "other" {
  const n = name.toLowerCase();
  if (n.includes("/containers/") || n.endsWith("/nodes")) return "containers";
  if (n.startsWith("/aws/eks/")) return "eksControlPlane";
  if (n.includes("flow")) return "vpcFlowLogs";
  if (
    n.startsWith("/aws/rds/") ||
    n.includes("postgres") ||
    n.includes("elasticache") ||
    n.includes("redis") ||
    n.includes("valkey")
  )
    return "database";
  return "other";
}

const logGroup: Pricer = (r, ctx) => {
  const name = asString(r.inputs.name) ?? asString(r.inputs.namePrefix) ?? r.name;
  const kind = logKind(name);
  const gb = ctx.assumptions.logIngestGbMonth[kind];
  const retention = asNumber(r.inputs.retentionInDays);
  const months = retention ? retention / DAYS_PER_MONTH : ctx.assumptions.neverExpireLogMonths;
  return [
    {
      description: `log ingestion (${kind})`,
      quantity: gb,
      priceKey: "cloudwatch/logs-ingest-gb",
      assumption: `${gb} GB/month`,
    },
    {
      description: `log storage, ${retention ? `${retention} days` : "never expires"}`,
      quantity: gb * months,
      priceKey: "cloudwatch/logs-storage-gb-month",
      assumption: `${gb} GB/month kept ${months.toFixed(1)} months`,
    },
  ];
};

const perMonth =
  (description: string, priceKey: string): Pricer =>
  () => [{ description, quantity: 1, priceKey }];

const storedGb =
  (description: string, priceKey: string, gb: (a: Parameters<Pricer>[1]["assumptions"]) => number): Pricer =>
  (_r, ctx) => [{ description, quantity: gb(ctx.assumptions), priceKey, assumption: `${gb(ctx.assumptions)} GB` }];

const ebsVolume: Pricer = (r) => {
  const type = asString(r.inputs.type) ?? "gp2 (provider default)";
  if (type !== "gp3") return notPriced(`volume type ${type} is not priced (only gp3)`);
  const size = asNumber(r.inputs.size) ?? 0;
  return [{ description: `${size} GiB gp3 volume`, quantity: size, priceKey: "ebs/gp3-gb-month" }];
};

/** AWS Budgets: the first two budgets of the account are free (assumed: this stack's are the only ones). */
const budget: Pricer = (r, ctx) => {
  const index = ctx
    .ofType(T.budget)
    .map((b) => b.urn)
    .sort()
    .indexOf(r.urn);
  const free = index < 2;
  return [
    {
      description: free ? "budget (one of the first two, free)" : "budget",
      quantity: DAYS_PER_MONTH,
      priceKey: "budgets/budget-day",
      ...(free ? { unitPriceUsd: 0, reservedUnitPriceUsd: 0 } : {}),
    },
  ];
};

export const AWS_PRICERS: Record<string, Pricer> = {
  "aws:eks/cluster:Cluster": eksCluster,
  "aws:eks/nodeGroup:NodeGroup": eksNodeGroup,
  "aws:ec2/natGateway:NatGateway": natGateway,
  "aws:ec2/eip:Eip": eip,
  "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
  ...DATA_PRICERS,
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:cloudwatch/metricAlarm:MetricAlarm": perMonth("metric alarm", "cloudwatch/alarm-month"),
  "aws:secretsmanager/secret:Secret": perMonth("secret", "secretsmanager/secret-month"),
  "aws:kms/key:Key": kmsKey,
  "aws:ecr/repository:Repository": storedGb("image storage", "ecr/storage-gb-month", (a) => a.ecrGbPerRepository),
  "aws:s3/bucket:Bucket": storedGb("S3 Standard storage", "s3/standard-gb-month", (a) => a.s3GbPerBucket),
  "aws:ebs/volume:Volume": ebsVolume,
  [T.budget]: budget,
  ...BACKUP_PRICERS,
  "aws:sqs/queue:Queue": (_r, ctx) => [
    {
      description: "SQS requests",
      quantity: ctx.assumptions.sqsRequestMillionsMonth,
      priceKey: "sqs/request-million",
      assumption: `${ctx.assumptions.sqsRequestMillionsMonth} million requests/month`,
    },
  ],
};
