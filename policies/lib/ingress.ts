/**
 * One normalized view of "who may connect on which ports" across the three ways the AWS
 * provider expresses a security group ingress rule:
 *  - `aws.ec2.SecurityGroup` inline `ingress` blocks (`cidrBlocks`, `ipv6CidrBlocks`),
 *  - `aws.vpc.SecurityGroupIngressRule` (one rule: `cidrIpv4` / `cidrIpv6`, `ipProtocol`),
 *  - `aws.ec2.SecurityGroupRule` with `type: "ingress"`.
 * Protocol "-1" (or "all") means every port whatever `fromPort`/`toPort` say.
 */
import { asArray, asNumber, asRecord, asString, asStrings } from "./values";

export interface Ingress {
  fromPort: number;
  toPort: number;
  cidrs: string[];
}

const ALL_PORTS = { fromPort: 0, toPort: 65535 };

function portsOf(protocol: unknown, fromPort: unknown, toPort: unknown) {
  const p = String(protocol ?? "").toLowerCase();
  if (p === "-1" || p === "all") return ALL_PORTS;
  const from = asNumber(fromPort);
  const to = asNumber(toPort);
  if (from === undefined || to === undefined) return ALL_PORTS; // unspecified range: assume the worst
  return { fromPort: from, toPort: to };
}

export function ingressOfSecurityGroup(props: Record<string, unknown>): Ingress[] {
  return asArray(props.ingress).map((raw) => {
    const r = asRecord(raw);
    return {
      ...portsOf(r.protocol, r.fromPort, r.toPort),
      cidrs: [...asStrings(r.cidrBlocks), ...asStrings(r.ipv6CidrBlocks)],
    };
  });
}

/** The ingress a standalone rule adds, or undefined for an egress `SecurityGroupRule`. */
export function ingressOfRule(type: string, props: Record<string, unknown>): Ingress | undefined {
  if (type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
    const cidrs = [asString(props.cidrIpv4), asString(props.cidrIpv6)].filter((c): c is string => !!c);
    return { ...portsOf(props.ipProtocol, props.fromPort, props.toPort), cidrs };
  }
  if (type === "aws:ec2/securityGroupRule:SecurityGroupRule" && props.type === "ingress") {
    const cidrs = [...asStrings(props.cidrBlocks), ...asStrings(props.ipv6CidrBlocks)];
    return { ...portsOf(props.protocol, props.fromPort, props.toPort), cidrs };
  }
  return undefined;
}

export function coversPort(ing: Ingress, port: number): boolean {
  return ing.fromPort <= port && port <= ing.toPort;
}

/** True when every port of the rule's range is in `allowed`. */
export function onlyPorts(ing: Ingress, allowed: readonly number[]): boolean {
  if (ing.toPort - ing.fromPort + 1 > allowed.length) return false;
  for (let p = ing.fromPort; p <= ing.toPort; p++) if (!allowed.includes(p)) return false;
  return true;
}

export function describePorts(ing: Ingress): string {
  if (ing.fromPort === 0 && ing.toPort === 65535) return "all ports";
  return ing.fromPort === ing.toPort ? `port ${ing.fromPort}` : `ports ${ing.fromPort}-${ing.toPort}`;
}

/** The name a security group is known by: physical name, name prefix, `Name` tag, else logical name. */
export function securityGroupLabel(props: Record<string, unknown>, logicalName: string): string {
  return asString(props.name) ?? asString(props.namePrefix) ?? asString(asRecord(props.tags).Name) ?? logicalName;
}
