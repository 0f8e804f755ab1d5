import { BLACKBOX, NGINX_EDGE } from "./metrics";
import { AlertRule, RuleContext, minutesDuration, runbookUrl } from "./rule-types";

/**
 * "Is it up?" rules: scrape targets of our jobs, the public URLs as the blackbox exporter sees
 * them, and TLS certificate expiry.
 */
export function availabilityRules({ t, targets }: RuleContext): AlertRule[] {
  const down = minutesDuration(t.serviceDownMinutes);
  const rb = (alert: string) => runbookUrl(targets.runbookBase, alert);

  // `absent(up{...} == 1)` is true both when every target reports up == 0 and when the targets
  // are gone altogether (Deployment scaled to zero, ServiceMonitor selector broken): the two ways a
  // service silently disappears. absent() of a comparison carries no labels, so the rule adds
  // namespace/service itself and the texts name the service literally ($labels would be empty).
  const serviceDown: AlertRule[] = targets.services.map((s) => ({
    group: "availability",
    alert: "ServiceDown",
    expr: `absent(up{job="${s.name}", namespace="${s.namespace}"} == 1)`,
    for: down,
    severity: "critical",
    labels: { namespace: s.namespace, service: s.name },
    summary: `Service ${s.namespace}/${s.name} has no healthy scrape target.`,
    description:
      `No target of job ${s.name} in namespace ${s.namespace} has answered a scrape for ` +
      `${t.serviceDownMinutes} minutes: every pod is down, gone, or its metrics endpoint is unreachable.`,
    runbookUrl: rb("ServiceDown"),
  }));

  const gateways: AlertRule[] = [
    {
      group: "availability",
      alert: "KongGatewayDown",
      expr: `absent(up{job="${targets.kongJob}"} == 1)`,
      for: down,
      severity: "critical",
      labels: { service: targets.kongJob },
      summary: "Kong gateway has no healthy scrape target.",
      description:
        `No Kong gateway pod (job ${targets.kongJob}) has answered a scrape for ` +
        `${t.serviceDownMinutes} minutes: every API request is failing at the gateway.`,
      runbookUrl: rb("KongGatewayDown"),
    },
    {
      group: "availability",
      alert: "NginxEdgeDown",
      expr:
        `absent(up{job="${targets.edgeJob}", namespace="${targets.edgeNamespace}"} == 1) ` +
        `or max(${NGINX_EDGE.up}{job="${targets.edgeJob}", namespace="${targets.edgeNamespace}"}) == 0`,
      for: down,
      severity: "critical",
      labels: { namespace: targets.edgeNamespace, service: targets.edgeJob },
      summary: "NGINX edge is down.",
      description:
        `The NGINX edge controller (job ${targets.edgeJob} in ${targets.edgeNamespace}) has not ` +
        `been scraped, or reports NGINX itself down, for ${t.serviceDownMinutes} minutes.`,
      runbookUrl: rb("NginxEdgeDown"),
    },
  ];

  // Blackbox probes come from Cloudflare's side of the world, not ours: these two rules are what
  // a user sees. Every probe_* series is one of our probes, so no job filter is needed.
  const probes: AlertRule[] = [
    {
      group: "availability",
      alert: "EndpointDown",
      expr: `max by (instance, target) (${BLACKBOX.success}) == 0`,
      for: down,
      severity: "critical",
      summary: "Public endpoint {{ $labels.target }} is down.",
      description:
        `Blackbox probe of {{ $labels.instance }} has failed for more than ` + `${t.serviceDownMinutes} minutes.`,
      runbookUrl: rb("EndpointDown"),
    },
    {
      group: "availability",
      alert: "TlsCertificateExpiring",
      expr: `(min by (instance, target) (${BLACKBOX.certExpiry}) - time()) / 86400 ` + `< ${t.certExpiryDays}`,
      // A probe that fails to read the certificate once must not flap the alert.
      for: "15m",
      severity: "warning",
      summary: "TLS certificate of {{ $labels.target }} expires soon.",
      description:
        `The certificate served at {{ $labels.instance }} expires in ` +
        `{{ printf "%.1f" $value }} days (threshold ${t.certExpiryDays} days).`,
      runbookUrl: rb("TlsCertificateExpiring"),
    },
  ];

  return [...serviceDown, ...gateways, ...probes];
}
