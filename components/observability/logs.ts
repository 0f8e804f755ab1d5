/**
 * Log shipping as pure data: the log groups (one per namespace, a catch-all, the nodes' journal), Fluent Bit's
 * pipeline for the aws-for-fluent-bit chart, and the IAM policy of its service account.
 *
 * Why Fluent Bit from the chart and not the amazon-cloudwatch-observability EKS add-on: the add-on also turns on
 * Container Insights, billed per metric (enhanced observability: per observation), and creates its log groups
 * itself (/aws/containerinsights/<cluster>/application, no KMS key, retention set afterwards). Here the program
 * owns every group (retention + the tier key) and Fluent Bit may only write into them.
 *
 * Fluent Bit's classic config format, as the chart's ConfigMap template expects (sections at column 0 once
 * indented by the chart, keys 4 spaces in). Plugin options: docs.fluentbit.io/manual (4.x), cloudwatch_logs output
 * ("log_group_template", "log_stream_template", "auto_create_group"), tail/systemd inputs, kubernetes/lua/modify
 * filters, checked 2026-08.
 */
import { policyDocument } from "../shared/iam";

export interface LogGroupLayout {
  /** namespace → log group name, for the namespaces with a group of their own. */
  namespaces: Record<string, string>;
  /** Containers of every other namespace. */
  other: string;
  /** kubelet + containerd journal; undefined when node logs are off. */
  nodes?: string;
}

export function logGroupLayout(namePrefix: string, namespaces: readonly string[], nodeLogs: boolean): LogGroupLayout {
  return {
    namespaces: Object.fromEntries(namespaces.map((ns) => [ns, `/${namePrefix}/containers/${ns}`])),
    other: `/${namePrefix}/containers/other`,
    ...(nodeLogs ? { nodes: `/${namePrefix}/nodes` } : {}),
  };
}

export function allLogGroups(layout: LogGroupLayout): string[] {
  return [...Object.values(layout.namespaces), layout.other, ...(layout.nodes ? [layout.nodes] : [])];
}

/**
 * The tail input tags a container log `kube.var.log.containers.<pod>_<namespace>_<container>-<id>.log` (its file
 * name under /var/log/containers). Pod, namespace and container names cannot contain `_`, so `_<ns>_` is exact.
 */
export const containerTagOf = (namespace: string) => `kube.var.log.containers.*_${namespace}_*`;

/** Regex (Onigmo, as Fluent Bit's Match_Regex uses) for container logs of every namespace not listed. */
export function otherNamespacesRegex(namespaces: readonly string[]): string {
  return `^kube\\.var\\.log\\.containers\\.[^_]+_(?!(${namespaces.join("|")})_)[^_]+_.+$`;
}

/** Keys removed from every record: credentials and query strings must never reach CloudWatch. */
export const DROPPED_KEYS = [
  "query",
  "query_string",
  "querystring",
  "authorization",
  "cookie",
  "set-cookie",
  "password",
  "token",
] as const;

/**
 * Lua for Fluent Bit's lua filter (inline `code`, Fluent Bit >= 2.0): strips the query string from every string
 * field that holds a path or URL (`/items?token=x` → `/items`), so an access log in combined format (Kong's
 * proxy log prints $request) or any app that logs a URL cannot leak tokens. Returns 0 (record unchanged) when
 * nothing matched, so untouched records cost no re-encoding.
 */
export const STRIP_QUERY_LUA = [
  "function strip_query(tag, ts, record)",
  " local changed = false",
  " for k, v in pairs(record) do",
  "  if type(v) == 'string' then",
  "   local s, n = string.gsub(v, '(/[^%s%?\"]*)%?[^%s\"]*', '%1')",
  "   if n > 0 then record[k] = s; changed = true end",
  "  end",
  " end",
  " if changed then return 1, ts, record end",
  " return 0, ts, record",
  "end",
].join(" ");

const section = (name: string, props: [string, string | number][]) =>
  [`[${name}]`, ...props.map(([k, v]) => `    ${k.padEnd(20)} ${v}`)].join("\n");

/**
 * The `name` label of the output's metrics (`fluentbit_output_*_total{name=...}`: the Alias when set, else
 * `cloudwatch_logs.<n>`), so the log-shipping alerts and dashboard name the group that fails (fluent/fluent-bit
 * v4.2.2 src/flb_output.c flb_output_name).
 */
export const outputAlias = (group: string) => `cloudwatch_${group.replace(/-/g, "_")}`;

function cloudWatchOutput(
  match: ["Match" | "Match_Regex", string],
  region: string,
  group: string,
  streamTemplate: string,
  streamPrefix: string,
  alias: string,
): string {
  return section("OUTPUT", [
    ["Name", "cloudwatch_logs"],
    ["Alias", alias],
    match,
    ["region", region],
    ["log_group_name", group],
    // Groups are created (with retention and the KMS key) by the program; the role cannot create them either.
    ["auto_create_group", "Off"],
    // Fallback stream name (`<prefix><tag>`) when the template's fields are missing from a record.
    ["log_stream_prefix", streamPrefix],
    ["log_stream_template", streamTemplate],
    ["workers", 1],
    ["retry_limit", 5],
  ]);
}

interface FluentBitInput {
  region: string;
  layout: LogGroupLayout;
  roleArn: string | unknown;
  serviceAccount: string;
  resources: { cpuRequest: string; memoryRequest: string; memoryLimit: string };
  /** Labels the ServiceMonitor carries (kube-prometheus-stack selects every monitor anyway). */
  serviceMonitorLabels: Record<string, string>;
  fullname: string;
}

export function fluentBitPipeline(
  layout: LogGroupLayout,
  region: string,
): { inputs: string; filters: string; outputs: string } {
  const listed = Object.keys(layout.namespaces);
  const pod = "$kubernetes['pod_name'].$kubernetes['container_name']";
  const outputs = [
    ...Object.entries(layout.namespaces).map(([ns, group]) =>
      cloudWatchOutput(["Match", containerTagOf(ns)], region, group, pod, `${ns}.`, outputAlias(ns)),
    ),
    cloudWatchOutput(
      ["Match_Regex", otherNamespacesRegex(listed)],
      region,
      layout.other,
      `$kubernetes['namespace_name'].${pod}`,
      "other.",
      outputAlias("other"),
    ),
    ...(layout.nodes
      ? [cloudWatchOutput(["Match", "node.*"], region, layout.nodes, "$HOSTNAME", "node.", outputAlias("nodes"))]
      : []),
  ];
  const inputs = layout.nodes
    ? section("INPUT", [
        ["Name", "systemd"],
        ["Tag", "node.journal"],
        // The EKS AL2023 AMI keeps the journal under /var/log/journal, inside the chart's /var/log mount.
        ["Path", "/var/log/journal"],
        ["Systemd_Filter", "_SYSTEMD_UNIT=kubelet.service"],
        ["Systemd_Filter", "_SYSTEMD_UNIT=containerd.service"],
        ["DB", "/var/log/flb_journal.db"],
        ["Read_From_Tail", "On"],
        ["Strip_Underscores", "On"],
        ["Mem_Buf_Limit", "5MB"],
      ])
    : "";
  const filters = [
    section("FILTER", [
      ["Name", "modify"],
      ["Match", "kube.*"],
      ...DROPPED_KEYS.map((k): [string, string] => ["Remove", k]),
    ]),
    section("FILTER", [
      ["Name", "lua"],
      ["Match", "*"],
      ["call", "strip_query"],
      ["code", STRIP_QUERY_LUA],
    ]),
  ].join("\n");
  return { inputs, filters, outputs: outputs.join("\n") };
}

/** Values for the aws-for-fluent-bit chart (keys checked against its values.yaml at AWS_FOR_FLUENT_BIT.version). */
export function fluentBitValues(
  i: FluentBitInput,
  image: { repository: string; tag: string },
): Record<string, unknown> {
  const pipeline = fluentBitPipeline(i.layout, i.region);
  return {
    fullnameOverride: i.fullname,
    image: { repository: image.repository, tag: image.tag },
    serviceAccount: { create: true, name: i.serviceAccount, annotations: { "eks.amazonaws.com/role-arn": i.roleArn } },
    filter: {
      // JSON log lines (the apps, NGINX's edge_json, Istio's access log) become fields at the top level of the
      // record (no Merge_Log_Key), where the modify filter can drop keys; the raw string is not kept (paid twice).
      mergeLog: "On",
      mergeLogKey: "",
      keepLog: "Off",
      // Labels and annotations on every line would multiply the ingested bytes; pod/namespace/container stay.
      extraFilters: "Labels              Off\nAnnotations         Off",
    },
    additionalInputs: pipeline.inputs,
    additionalFilters: pipeline.filters,
    // The chart's single output writes every namespace into one group (or auto-creates groups): ours instead.
    cloudWatchLogs: { enabled: false },
    additionalOutputs: pipeline.outputs,
    resources: {
      requests: { cpu: i.resources.cpuRequest, memory: i.resources.memoryRequest },
      limits: { memory: i.resources.memoryLimit },
    },
    // Every node, tainted ones included: a node whose logs are not shipped is a blind spot.
    tolerations: [{ operator: "Exists" }],
    priorityClassName: "system-node-critical",
    serviceMonitor: { enabled: true, labels: i.serviceMonitorLabels },
  };
}

/**
 * Least privilege for the shipper: write streams and events into the listed groups only. No CreateLogGroup and no
 * PutRetentionPolicy (the program owns the groups), no KMS permission (CloudWatch Logs encrypts with the group's key
 * itself; writers need none: "Encrypt log data in CloudWatch Logs using AWS KMS", CloudWatch Logs user guide).
 * Log stream ARNs are `<group ARN>:log-stream:<name>`, hence the `:*` form beside each group.
 */
export function logShipperPolicy(logGroupArns: readonly string[]): string {
  return policyDocument([
    {
      Sid: "WriteThisClustersLogGroups",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: logGroupArns.flatMap((arn) => [arn, `${arn}:*`]),
    },
  ]);
}
