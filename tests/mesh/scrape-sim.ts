/**
 * Just enough of Prometheus and the Prometheus Operator to ask "which labels does a scraped pod get, and does
 * an alert rule's selector match them?" without a cluster:
 *  - relabel(): Prometheus relabelling (replace, keep, drop; anchored regex, `;` separator, `$1` groups);
 *  - podMonitorRelabelings(): what the operator (pkg/prometheus/promcfg.go, generatePodMonitorConfig) puts
 *    before a PodMonitor endpoint's own relabelings: namespace/container/pod from the pod, `job` =
 *    `<namespace>/<name>` of the PodMonitor, then the pod's `jobLabel` value when it has one;
 *  - selectors(): the `metric{...}` matchers an expression uses, to check against a label set.
 */

interface Relabel {
  action?: string;
  sourceLabels?: string[];
  separator?: string;
  regex?: string;
  replacement?: string;
  targetLabel?: string;
}

export type Labels = Record<string, string>;

/** Applies `configs` in order; undefined when the target is dropped. */
export function relabel(input: Labels, configs: Relabel[]): Labels | undefined {
  const labels = { ...input };
  for (const c of configs) {
    const value = (c.sourceLabels ?? []).map((l) => labels[l] ?? "").join(c.separator ?? ";");
    const match = new RegExp(`^(?:${c.regex ?? "(.*)"})$`).exec(value);
    const action = (c.action ?? "replace").toLowerCase();
    if (action === "keep" && !match) return undefined;
    if (action === "drop" && match) return undefined;
    if (action === "replace" && match && c.targetLabel) {
      const replaced = (c.replacement ?? "$1").replace(/\$\{?(\d+)\}?/g, (_, g: string) => match[Number(g)] ?? "");
      if (replaced === "") delete labels[c.targetLabel];
      else labels[c.targetLabel] = replaced;
    }
  }
  return labels;
}

/** `app.kubernetes.io/name` → `app_kubernetes_io_name` (Prometheus' label-name sanitising). */
export function sanitize(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, "_");
}

/** The relabelings the operator generates ahead of a PodMonitor endpoint's own. */
export function podMonitorRelabelings(monitor: { namespace: string; name: string; jobLabel?: string }): Relabel[] {
  return [
    { sourceLabels: ["__meta_kubernetes_namespace"], targetLabel: "namespace" },
    { sourceLabels: ["__meta_kubernetes_pod_container_name"], targetLabel: "container" },
    { sourceLabels: ["__meta_kubernetes_pod_name"], targetLabel: "pod" },
    { targetLabel: "job", replacement: `${monitor.namespace}/${monitor.name}` },
    ...(monitor.jobLabel
      ? [
          {
            sourceLabels: [`__meta_kubernetes_pod_label_${sanitize(monitor.jobLabel)}`],
            targetLabel: "job",
            regex: "(.+)",
            replacement: "${1}",
          },
        ]
      : []),
  ];
}

/** The labels a kept target's series carry: meta and other `__` labels are dropped. */
export function targetLabels(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith("__")));
}

interface Matcher {
  label: string;
  op: "=" | "!=" | "=~" | "!~";
  value: string;
}

/** Every `metric{...}` selector of `metric` in a PromQL expression, as lists of matchers. */
export function selectors(expr: string, metric: string): Matcher[][] {
  const out: Matcher[][] = [];
  const re = new RegExp(`(?<![a-zA-Z0-9_:])${metric}\\{([^}]*)\\}`, "g");
  for (const m of expr.matchAll(re)) {
    out.push(
      [...m[1].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)].map(
        ([, label, op, value]) => ({ label, op: op as Matcher["op"], value }),
      ),
    );
  }
  return out;
}

export function matches(labels: Labels, matchers: Matcher[]): boolean {
  return matchers.every(({ label, op, value }) => {
    const v = labels[label] ?? "";
    switch (op) {
      case "=":
        return v === value;
      case "!=":
        return v !== value;
      case "=~":
        return new RegExp(`^(?:${value})$`).test(v);
      case "!~":
        return !new RegExp(`^(?:${value})$`).test(v);
    }
  });
}
