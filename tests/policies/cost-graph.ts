/**
 * A small fixed platform graph for the cost tests: Platform root, one component per tier, a
 * few resources each, and hand-computed monthly figures (730 h/month) next to them.
 */
import type { CapturedResource } from "../../policies/lib/graph";
import { base, childOf, dependsOn, patch, res } from "./fixtures";

export const H = 730;

export function platformGraph(): CapturedResource[] {
  const root = res("edgestack:platform:Platform", "edgestack");
  const comp = (type: string, name: string) => childOf(res(`edgestack:platform:${type}`, name), root);
  const network = comp("Network", "network");
  const cluster = comp("Cluster", "cluster");
  const database = comp("Database", "database");
  const cache = comp("Cache", "cache");
  const ingress = comp("Ingress", "ingress");
  const monitoring = comp("Monitoring", "monitoring");
  const edge = comp("Edge", "edge");
  const pool = childOf(res("edgestack:platform:NodePool", "general"), cluster); // nested component

  const lt = childOf(base.launchTemplate(), pool);
  const onDemand = dependsOn(
    childOf(patch(base.nodeGroup("m7g.large", 2), "launchTemplate", { id: "lt-123", version: "1" }), pool),
    lt,
  );
  const spot = childOf(
    patch(patch(base.nodeGroup("t4g.large", 1), "capacityType", "SPOT"), "nodeGroupName", "spot"),
    cluster,
  );
  spot.name = "spot";
  spot.urn += "-spot";
  const aurora = childOf(base.rdsCluster(), database);
  const writer = dependsOn(childOf(base.clusterInstance("writer", "db.r7g.large"), database), aurora);
  const reader = dependsOn(childOf(base.clusterInstance("reader", "db.serverless"), database), aurora);
  const proxy = childOf(
    res("aws:rds/proxy:Proxy", "proxy", { engineFamily: "POSTGRESQL", roleArn: "r", vpcSubnetIds: ["a"] }),
    database,
  );
  const budget = (n: number) =>
    childOf(res("aws:budgets/budget:Budget", `budget-${n}`, { budgetType: "COST", timeUnit: "MONTHLY" }), monitoring);

  return [
    root,
    network,
    cluster,
    database,
    cache,
    ingress,
    monitoring,
    edge,
    pool,
    childOf(base.natGateway(), network),
    childOf(res("aws:ec2/eip:Eip", "nat-ip", { domain: "vpc" }), network),
    childOf(
      res("aws:ec2/vpcEndpoint:VpcEndpoint", "ecr-api", {
        vpcId: "v",
        serviceName: "com.amazonaws.us-east-1.ecr.api",
        vpcEndpointType: "Interface",
        subnetIds: ["a", "b", "c"],
      }),
      network,
    ),
    childOf(
      res("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", {
        vpcId: "v",
        serviceName: "com.amazonaws.us-east-1.s3",
        vpcEndpointType: "Gateway",
      }),
      network,
    ),
    childOf(base.eksCluster(), cluster),
    lt,
    onDemand,
    spot,
    aurora,
    writer,
    reader,
    proxy,
    childOf(base.replicationGroup(), cache),
    childOf(base.logGroup("/aws/eks/edgestack-test/cluster"), monitoring),
    budget(1),
    budget(2),
    budget(3),
    childOf(
      res("kubernetes:core/v1:Service", "edge-lb", {
        metadata: { annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "external" } },
        spec: { type: "LoadBalancer", ports: [{ port: 443 }] },
      }),
      ingress,
    ),
    childOf(
      res("kubernetes:helm.sh/v3:Release", "kube-prometheus-stack", {
        chart: "kube-prometheus-stack",
        values: {
          prometheus: {
            prometheusSpec: {
              replicas: 2,
              storageSpec: { volumeClaimTemplate: { spec: { resources: { requests: { storage: "50Gi" } } } } },
            },
          },
          grafana: { persistence: { enabled: true, size: "10Gi" } },
          alertmanager: {
            alertmanagerSpec: {
              storage: { volumeClaimTemplate: { spec: { resources: { requests: { storage: "512Mi" } } } } },
            },
          },
        },
      }),
      monitoring,
    ),
    childOf(
      res("cloudflare:index/dnsRecord:DnsRecord", "api", {
        zoneId: "z",
        name: "api.example.com",
        type: "CNAME",
        proxied: true,
      }),
      edge,
    ),
    childOf(
      res("cloudflare:index/zoneSubscription:ZoneSubscription", "plan", { zoneId: "z", ratePlan: { id: "pro" } }),
      edge,
    ),
    res("aws:kms/key:Key", "unparented-key", { enableKeyRotation: true }),
    childOf(res("aws:lb/loadBalancer:LoadBalancer", "legacy-alb", { loadBalancerType: "application" }), ingress),
  ];
}

/** Hand-computed monthly USD per resource (on-demand), from the published unit prices. */
export const EXPECTED: Record<string, number> = {
  "nat-a": H * 0.045 + 100 * 0.045, // hours + 100 GB processed (default assumption)
  "nat-ip": H * 0.005,
  "ecr-api": 3 * H * 0.01 + 10 * 0.01, // 3 AZs + 10 GB
  eks: H * 0.1,
  nodes: 2 * H * 0.0816 + 2 * 40 * 0.08, // 2 x m7g.large + 2 x 40 GiB gp3 from the launch template
  // spot at 0.4 x on-demand + default 20 GiB root, plus 0.1 (spotScaleOutShare) of its 3-node headroom (maxSize 4)
  spot: 1 * H * 0.0672 * 0.4 + 20 * 0.08 + 0.3 * H * 0.0672 * 0.4 + 0.3 * 20 * 0.08,
  db: 20 * 0.1 + 20 * 0.2 + 0.4, // 20 GB storage + 20 M I/O + the RDS-managed master secret
  writer: H * 0.276,
  reader: 0.5 * 1.5 * H * 0.12, // minCapacity 0.5 x 1.5 average
  proxy: 2 * H * 0.015 + 8 * H * 0.015, // 2 vCPU (writer) + 8 ACU minimum (reader)
  cache: 2 * H * 0.032 * 0.8 + 6 * 1 * 0.085, // valkey = 80 % of redis; 7 daily snapshots of 1 GB, the first free
  "/aws/eks/edgestack-test/cluster": 5 * 0.5 + 5 * (30 / (H / 24)) * 0.03,
  "budget-1": 0,
  "budget-2": 0,
  "budget-3": (H / 24) * 0.02,
  "edge-lb": H * 0.0225 + H * 0.006 + 3 * H * 0.005 + 200 * 0.09, // + 200 GB/month internet egress (internet-facing)
  "kube-prometheus-stack": 2 * 50 * 0.08 + 10 * 0.08 + 0.5 * 0.08,
  api: 0,
  plan: 25,
  "unparented-key": 1 + 2, // + its first two rotations at $1/month each (kmsRotationsBilled 2)
};
