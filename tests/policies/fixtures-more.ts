/** Multi-resource baselines: an S3 bucket with its protections, a workload, a Cloudflare zone. */
import type { CapturedResource } from "../../policies/lib/graph";
import { dependsOn, res } from "./fixtures";

/** A bucket plus its public access block, encryption configuration and TLS-only policy. */
export function s3Set(name = "state"): {
  bucket: CapturedResource;
  pab: CapturedResource;
  sse: CapturedResource;
  policy: CapturedResource;
} {
  const bucket = res("aws:s3/bucket:Bucket", name, { bucket: `edgestack-test-${name}` });
  const pab = dependsOn(
    res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${name}-pab`, {
      bucket: `edgestack-test-${name}`,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    bucket,
  );
  const sse = dependsOn(
    res("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${name}-sse`, {
      bucket: `edgestack-test-${name}`,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }],
    }),
    bucket,
  );
  const policy = dependsOn(
    res("aws:s3/bucketPolicy:BucketPolicy", `${name}-policy`, {
      bucket: `edgestack-test-${name}`,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [`arn:aws:s3:::edgestack-test-${name}`, `arn:aws:s3:::edgestack-test-${name}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
    }),
    bucket,
  );
  return { bucket, pab, sse, policy };
}

/** A Deployment that meets every pod rule. */
export function deployment(name = "fastapi", kind = "Deployment"): CapturedResource {
  return res(`kubernetes:apps/v1:${kind}`, name, {
    metadata: { name, namespace: "apps" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
          initContainers: [
            {
              name: "migrate",
              image: "111122223333.dkr.ecr.us-east-1.amazonaws.com/fastapi:1.4.2",
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
              securityContext: { allowPrivilegeEscalation: false },
            },
          ],
          containers: [
            {
              name: "app",
              image: "111122223333.dkr.ecr.us-east-1.amazonaws.com/fastapi:1.4.2",
              ports: [{ containerPort: 8001 }],
              resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
              livenessProbe: { httpGet: { path: "/healthz", port: 8001 } },
              readinessProbe: { httpGet: { path: "/readyz", port: 8001 } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
              },
            },
          ],
          volumes: [{ name: "tmp", emptyDir: {} }],
        },
      },
    },
  });
}

/** A DNS record, the three TLS settings and a WAF managed ruleset on one zone. */
export function cloudflareZone(zoneId = "zone-123"): CapturedResource[] {
  const setting = (id: string, value: string) =>
    res("cloudflare:index/zoneSetting:ZoneSetting", id, { zoneId, settingId: id, value });
  return [
    res("cloudflare:index/dnsRecord:DnsRecord", "api", {
      zoneId,
      name: "api.example.com",
      type: "CNAME",
      content: "nlb.example.aws",
      proxied: true,
      ttl: 1,
    }),
    setting("ssl", "strict"),
    setting("min_tls_version", "1.2"),
    setting("always_use_https", "on"),
    res("cloudflare:index/ruleset:Ruleset", "waf", {
      zoneId,
      name: "managed WAF",
      kind: "zone",
      phase: "http_request_firewall_managed",
      rules: [{ action: "execute", expression: "true", actionParameters: { id: "efb7b8c949ac4650a09736fc376e9aee" } }],
    }),
  ];
}
