/**
 * Typed builders for Grafana dashboard JSON (Grafana 11/12). Only the fields we use are modelled;
 * Grafana fills the rest with its defaults when it loads the dashboard.
 *
 * Datasources are referenced by uid *variables* (`${prometheus}`, `${cloudwatch}`), so the same JSON
 * works whatever uid the datasource got in a given Grafana.
 * CloudWatch target fields follow Grafana's CloudWatchMetricsQuery (public/app/plugins/datasource/
 * cloudwatch/dataquery.gen.ts): queryMode "Metrics", metricQueryType 0 (Search), metricEditorMode 0
 * (Builder), dimensions values string or string[].
 */

/**
 * Dashboard schema version written. Grafana's migrations list (apps/dashboard/pkg/migration/
 * schemaversion) reaches 42 (12.2: hideFrom tooltip, a no-op for us) and 41 (12.0: drops the
 * obsolete timepicker.time_options). 41 loads as-is on Grafana 11 and 12.
 */
export const SCHEMA_VERSION = 41;

type DatasourceType = "prometheus" | "cloudwatch";
export interface DatasourceRef {
  type: DatasourceType;
  uid: string;
}

const PROMETHEUS: DatasourceRef = { type: "prometheus", uid: "${prometheus}" };
const CLOUDWATCH: DatasourceRef = { type: "cloudwatch", uid: "${cloudwatch}" };

interface PromTarget {
  refId: string;
  datasource: DatasourceRef;
  expr: string;
  legendFormat: string;
  range: true;
  editorMode: "code";
}

interface CloudWatchTarget {
  refId: string;
  datasource: DatasourceRef;
  queryMode: "Metrics";
  metricQueryType: 0;
  metricEditorMode: 0;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string | string[]>;
  statistic: string;
  region: string;
  period: string;
  matchExact: true;
  id: string;
  expression: string;
  label: string;
}

export type Target = PromTarget | CloudWatchTarget;

export interface GridPos {
  h: number;
  w: number;
  x: number;
  y: number;
}

export type PanelType = "timeseries" | "stat" | "bargauge";

export interface Panel {
  id: number;
  type: PanelType | "row";
  title: string;
  description?: string;
  datasource?: DatasourceRef;
  targets?: Target[];
  gridPos: GridPos;
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
  options?: Record<string, unknown>;
  collapsed?: boolean;
  panels?: Panel[];
}

/** Prometheus query: expression and legend. */
export function prom(expr: string, legendFormat = "__auto"): Omit<PromTarget, "refId"> {
  return { datasource: PROMETHEUS, expr, legendFormat, range: true, editorMode: "code" };
}

export interface CloudWatchMetric {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string | string[]>;
  statistic: "Average" | "Maximum" | "Minimum" | "Sum" | "SampleCount";
  /** "default" = the datasource's default region. */
  region?: string;
  /** Seconds as a string; "" lets Grafana pick from the time range. */
  period?: string;
  label?: string;
}

export function cloudwatch(m: CloudWatchMetric): Omit<CloudWatchTarget, "refId"> {
  return {
    datasource: CLOUDWATCH,
    queryMode: "Metrics",
    metricQueryType: 0,
    metricEditorMode: 0,
    namespace: m.namespace,
    metricName: m.metricName,
    dimensions: m.dimensions,
    statistic: m.statistic,
    region: m.region ?? "default",
    period: m.period ?? "",
    matchExact: true,
    id: "",
    expression: "",
    label: m.label ?? "",
  };
}

/** How a panel looks: all optional. */
interface PanelOptions {
  description?: string;
  unit?: string;
  /** Threshold lines/colours: [value, color] steps above the base colour. */
  thresholds?: [number, string][];
  /** Colour below the first threshold (default green). */
  base?: string;
  min?: number;
  max?: number;
  /** Width in grid columns (of 24) and height in rows. */
  w?: number;
  h?: number;
}

/** A panel before layout: ids and positions are assigned by `layout`. */
export interface PanelSpec extends PanelOptions {
  type: PanelType | "row";
  title: string;
  targets: Omit<Target, "refId">[];
}

export function timeseries(title: string, targets: Omit<Target, "refId">[], o: PanelOptions = {}): PanelSpec {
  return { type: "timeseries", title, targets, ...o };
}

export function stat(title: string, targets: Omit<Target, "refId">[], o: PanelOptions = {}): PanelSpec {
  return { type: "stat", title, targets, w: 6, h: 4, ...o };
}

export function bargauge(title: string, targets: Omit<Target, "refId">[], o: PanelOptions = {}): PanelSpec {
  return { type: "bargauge", title, targets, ...o };
}

export function row(title: string): PanelSpec {
  return { type: "row", title, targets: [] };
}

const REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function options(type: PanelType): Record<string, unknown> {
  if (type === "timeseries") {
    return {
      legend: { displayMode: "list", placement: "bottom", showLegend: true },
      tooltip: { mode: "multi", sort: "desc" },
    };
  }
  const reduceOptions = { calcs: ["lastNotNull"], fields: "", values: false };
  if (type === "stat")
    return {
      reduceOptions,
      colorMode: "value",
      graphMode: "area",
      textMode: "auto",
      orientation: "auto",
      justifyMode: "auto",
    };
  return { reduceOptions, orientation: "horizontal", displayMode: "basic", showUnfilled: true };
}

function toPanel(spec: PanelSpec, id: number, gridPos: GridPos): Panel {
  if (spec.type === "row") return { id, type: "row", title: spec.title, collapsed: false, gridPos, panels: [] };
  if (spec.targets.length === 0) throw new Error(`panel "${spec.title}": expected at least one query`);
  if (spec.targets.length > REF_IDS.length) throw new Error(`panel "${spec.title}": at most ${REF_IDS.length} queries`);
  const ds = spec.targets[0].datasource;
  if (spec.targets.some((t) => t.datasource.type !== ds.type))
    throw new Error(`panel "${spec.title}": mixes datasources`);
  const steps = [
    { color: spec.base ?? "green", value: null },
    ...(spec.thresholds ?? []).map(([value, color]) => ({ color, value })),
  ];
  const defaults: Record<string, unknown> = {
    unit: spec.unit ?? "short",
    thresholds: { mode: "absolute", steps },
    ...(spec.min !== undefined ? { min: spec.min } : {}),
    ...(spec.max !== undefined ? { max: spec.max } : {}),
    ...(spec.type === "timeseries" && spec.thresholds ? { custom: { thresholdsStyle: { mode: "line" } } } : {}),
  };
  return {
    id,
    type: spec.type,
    title: spec.title,
    ...(spec.description ? { description: spec.description } : {}),
    datasource: ds,
    targets: spec.targets.map((t, i) => ({ ...t, refId: REF_IDS[i] }) as Target),
    gridPos,
    fieldConfig: { defaults, overrides: [] },
    options: options(spec.type),
  };
}

/** Assign ids and flow panels left to right on Grafana's 24-column grid; rows take a full line. */
function layout(specs: readonly PanelSpec[]): Panel[] {
  let x = 0;
  let y = 0;
  let lineHeight = 0;
  return specs.map((spec, i) => {
    const w = spec.type === "row" ? 24 : (spec.w ?? 12);
    const h = spec.type === "row" ? 1 : (spec.h ?? 8);
    if (x + w > 24 || spec.type === "row") {
      y += lineHeight;
      x = 0;
      lineHeight = 0;
    }
    const panel = toPanel(spec, i + 1, { h, w, x, y });
    x += w;
    lineHeight = Math.max(lineHeight, h);
    if (spec.type === "row") {
      y += h;
      x = 0;
      lineHeight = 0;
    }
    return panel;
  });
}

function datasourceVariable(name: string, type: DatasourceType, label: string) {
  return {
    type: "datasource",
    name,
    label,
    query: type,
    refresh: 1,
    regex: "",
    hide: 0,
    includeAll: false,
    multi: false,
    current: {},
  };
}

interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  panels: readonly PanelSpec[];
}

/** The dashboard JSON model; datasource variables are added for the datasource types used. */
export function dashboard(spec: DashboardSpec): Record<string, unknown> {
  const panels = layout(spec.panels);
  const used = new Set(panels.flatMap((p) => (p.datasource ? [p.datasource.type] : [])));
  const variables = [
    ...(used.has("prometheus") ? [datasourceVariable("prometheus", "prometheus", "Prometheus")] : []),
    ...(used.has("cloudwatch") ? [datasourceVariable("cloudwatch", "cloudwatch", "CloudWatch")] : []),
  ];
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: spec.tags,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    editable: false,
    graphTooltip: 1,
    timezone: "utc",
    time: { from: "now-6h", to: "now" },
    refresh: "1m",
    templating: { list: variables },
    annotations: { list: [] },
    links: [],
    panels,
  };
}
