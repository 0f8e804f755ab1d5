/** Pass/fail cases for the Kubernetes pod rules and the Cloudflare edge rules. */
import { dnsRecordProxied, zoneTlsSettings, zoneWafManagedRules } from "../../policies/security/cloudflare";
import {
  noHostAccess,
  noPrivileged,
  noPrivilegeEscalation,
  pinnedImages,
  probesSet,
  resourcesSet,
  runAsNonRoot,
} from "../../policies/security/kubernetes";
import { mutated, only, type RuleCase } from "./cases";
import { patch } from "./fixtures";
import { cloudflareZone, deployment } from "./fixtures-more";

const C = "spec.template.spec.containers.0";
const POD = "spec.template.spec";
const zoneWithout = (name: string) => () => cloudflareZone().filter((r) => r.name !== name);
const zoneWith = (name: string, path: string, value: unknown) => () =>
  cloudflareZone().map((r) => (r.name === name ? patch(r, path, value) : r));

export const platformCases: RuleCase[] = [
  {
    policy: runAsNonRoot,
    title: "pod level unset",
    pass: only(() => deployment()),
    fail: mutated(() => deployment(), `${POD}.securityContext.runAsNonRoot`, undefined),
    expect: /"app" must run as non-root/,
  },
  {
    policy: runAsNonRoot,
    title: "container overrides pod (StatefulSet)",
    pass: only(() => deployment("valkey-proxy", "StatefulSet")),
    fail: mutated(() => deployment("valkey-proxy", "StatefulSet"), `${C}.securityContext.runAsNonRoot`, false),
    expect: /"app" must run as non-root/,
  },
  {
    policy: noPrivileged,
    title: "privileged (DaemonSet)",
    pass: only(() => deployment("agent", "DaemonSet")),
    fail: mutated(() => deployment("agent", "DaemonSet"), `${C}.securityContext.privileged`, true),
    expect: /"app" must not be privileged/,
  },
  {
    policy: noPrivilegeEscalation,
    title: "init container unset",
    pass: only(() => deployment()),
    fail: mutated(() => deployment(), `${POD}.initContainers.0.securityContext`, {}),
    expect: /"migrate" must not escalate/,
  },
  {
    policy: noHostAccess,
    title: "hostNetwork",
    pass: only(() => deployment()),
    fail: mutated(() => deployment(), `${POD}.hostNetwork`, true),
    expect: /hostNetwork/,
  },
  {
    policy: noHostAccess,
    title: "hostPath volume",
    pass: only(() => deployment()),
    fail: mutated(() => deployment(), `${POD}.volumes`, [
      { name: "docker", hostPath: { path: "/var/run/docker.sock" } },
    ]),
    expect: /volume "docker" uses hostPath/,
  },
  {
    policy: resourcesSet,
    title: "no memory limit",
    pass: only(() => deployment()),
    fail: mutated(() => deployment(), `${C}.resources.limits`, undefined),
    expect: /"app" must declare its resources: set limits\.memory/,
  },
  {
    policy: probesSet,
    title: "no readiness probe",
    pass: only(() => deployment()),
    fail: mutated(() => deployment(), `${C}.readinessProbe`, undefined),
    expect: /"app" must define readinessProbe/,
  },
  {
    policy: pinnedImages,
    title: "latest",
    pass: only(() => deployment()),
    fail: mutated(() => deployment(), `${C}.image`, "111122223333.dkr.ecr.us-east-1.amazonaws.com/fastapi:latest"),
    expect: /it uses latest/,
  },
  {
    policy: pinnedImages,
    title: "untagged with registry port",
    pass: mutated(() => deployment(), `${C}.image`, "registry:5000/app@sha256:abc"),
    fail: mutated(() => deployment(), `${C}.image`, "registry:5000/team/app"),
    expect: /it has no tag/,
  },
  {
    policy: zoneTlsSettings,
    title: "ssl full",
    pass: () => cloudflareZone(),
    fail: zoneWith("ssl", "value", "full"),
    expect: /setting "ssl" should be "strict".*it is "full"/,
  },
  {
    policy: zoneTlsSettings,
    title: "min TLS 1.0",
    pass: () => cloudflareZone(),
    fail: zoneWith("min_tls_version", "value", "1.0"),
    expect: /"min_tls_version" should be "1\.2" or "1\.3"/,
  },
  {
    policy: zoneTlsSettings,
    title: "always HTTPS unmanaged",
    pass: () => cloudflareZone(),
    fail: zoneWithout("always_use_https"),
    expect: /"always_use_https" should be "on".*is not managed/,
  },
  {
    policy: zoneWafManagedRules,
    title: "no managed ruleset",
    pass: () => cloudflareZone(),
    fail: zoneWithout("waf"),
    expect: /http_request_firewall_managed/,
  },
  {
    policy: dnsRecordProxied,
    title: "DNS only",
    pass: () => cloudflareZone(),
    fail: zoneWith("api", "proxied", false),
    expect: /"api\.example\.com" \(CNAME\) should be proxied/,
  },
];
