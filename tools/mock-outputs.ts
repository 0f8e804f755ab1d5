/**
 * Realistic outputs for the mock runtime: what AWS, Kubernetes, Cloudflare and the utility providers would
 * return after create (ids, ARNs, endpoints), so that later tiers can resolve what they consume. Values are
 * shaped like the real ones (prefixes, formats) but are clearly fake (account 123456789012, example hosts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";

export const MOCK_ACCOUNT = "123456789012";
/** The instant mock resources are "created" (certificate validity starts here). */
export const MOCK_NOW = new Date("2026-11-23T00:00:00Z");

/** Deterministic hex id from a resource name, so two runs produce the same graph. */
function hex(seed: string, length: number): string {
  return crypto.createHash("sha256").update(seed).digest("hex").slice(0, length);
}

const ID_PREFIX: Record<string, string> = {
  "aws:ec2/vpc:Vpc": "vpc-",
  "aws:ec2/subnet:Subnet": "subnet-",
  "aws:ec2/internetGateway:InternetGateway": "igw-",
  "aws:ec2/natGateway:NatGateway": "nat-",
  "aws:ec2/eip:Eip": "eipalloc-",
  "aws:ec2/routeTable:RouteTable": "rtb-",
  "aws:ec2/securityGroup:SecurityGroup": "sg-",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce-",
  "aws:ec2/launchTemplate:LaunchTemplate": "lt-",
  "aws:ec2/flowLog:FlowLog": "fl-",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg-",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr-",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr-",
};

function arn(type: string, name: string, region: string): string {
  const service = type.split(":")[1].split("/")[0];
  return `arn:aws:${service}:${region}:${MOCK_ACCOUNT}:${type.split(":")[2].toLowerCase()}/${name}`;
}

/** State returned for a created resource: its inputs plus the computed outputs the program reads. */
export function mockResourceState(
  type: string,
  name: string,
  inputs: Record<string, any>,
  providerRegion: string,
): { id: string; state: Record<string, any> } {
  // AWS provider v7 resources may name their own region (e.g. the backup copy vault).
  const region: string = inputs.region ?? providerRegion;
  const id = ID_PREFIX[type] ? `${ID_PREFIX[type]}${hex(name, 17)}` : `${name}-${hex(name, 8)}`;
  const state: Record<string, any> = { ...inputs };
  if (type.startsWith("aws:")) {
    state.arn = inputs.arn ?? arn(type, inputs.name ?? name, region);
    state.tagsAll = inputs.tags ?? {};
  }
  switch (type) {
    case "aws:eks/cluster:Cluster": {
      const oidcId = hex(name, 32).toUpperCase();
      state.endpoint = `https://${oidcId}.gr7.${region}.eks.amazonaws.com`;
      state.certificateAuthority = { data: Buffer.from(`mock CA for ${name}`).toString("base64") };
      state.identities = [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${oidcId}` }] }];
      state.vpcConfig = {
        ...(inputs.vpcConfig ?? {}),
        clusterSecurityGroupId: `sg-${hex(name + "cluster-sg", 17)}`,
        vpcId: "vpc-mock",
      };
      state.status = "ACTIVE";
      break;
    }
    case "aws:ec2/launchTemplate:LaunchTemplate":
      state.latestVersion = 1;
      state.defaultVersion = 1;
      break;
    case "aws:kms/key:Key":
      state.keyId = `${hex(name, 8)}-${hex(name + "a", 4)}-${hex(name + "b", 4)}-${hex(name + "c", 4)}-${hex(name + "d", 12)}`;
      state.arn = `arn:aws:kms:${region}:${MOCK_ACCOUNT}:key/${state.keyId}`;
      break;
    case "aws:iam/role:Role":
      state.name = inputs.name ?? `${name}-${hex(name, 7)}`;
      state.arn = `arn:aws:iam::${MOCK_ACCOUNT}:role/${state.name}`;
      break;
    case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
      state.arn = `arn:aws:iam::${MOCK_ACCOUNT}:oidc-provider/${String(inputs.url ?? "").replace(/^https:\/\//, "")}`;
      break;
    case "aws:rds/cluster:Cluster":
      state.arn = `arn:aws:rds:${region}:${MOCK_ACCOUNT}:cluster:${inputs.clusterIdentifier ?? name}`;
      state.endpoint = `${inputs.clusterIdentifier ?? name}.cluster-${hex(name, 12)}.${region}.rds.amazonaws.com`;
      state.readerEndpoint = `${inputs.clusterIdentifier ?? name}.cluster-ro-${hex(name, 12)}.${region}.rds.amazonaws.com`;
      state.port = inputs.port ?? 5432;
      state.clusterResourceId = `cluster-${hex(name, 26).toUpperCase()}`;
      state.masterUserSecrets = inputs.manageMasterUserPassword
        ? [
            {
              secretArn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT}:secret:rds!cluster-${hex(name, 8)}-AbCdEf`,
              secretStatus: "active",
              kmsKeyId: inputs.masterUserSecretKmsKeyId ?? "",
            },
          ]
        : [];
      break;
    case "aws:rds/proxy:Proxy":
      state.endpoint = `${inputs.name ?? name}.proxy-${hex(name, 12)}.${region}.rds.amazonaws.com`;
      state.arn = `arn:aws:rds:${region}:${MOCK_ACCOUNT}:db-proxy:prx-${hex(name, 17)}`;
      break;
    case "aws:rds/proxyEndpoint:ProxyEndpoint":
      state.endpoint = `${inputs.dbProxyEndpointName ?? name}.endpoint.proxy-${hex(name, 12)}.${region}.rds.amazonaws.com`;
      break;
    case "aws:elasticache/replicationGroup:ReplicationGroup":
      state.primaryEndpointAddress = `master.${inputs.replicationGroupId ?? name}.${hex(name, 6)}.use1.cache.amazonaws.com`;
      state.readerEndpointAddress = `replica.${inputs.replicationGroupId ?? name}.${hex(name, 6)}.use1.cache.amazonaws.com`;
      state.port = inputs.port ?? 6379;
      // ElastiCache names the member clusters <replicationGroupId>-001, -002, ...
      state.memberClusters = Array.from(
        { length: Number(inputs.numCacheClusters ?? 1) },
        (_, i) => `${inputs.replicationGroupId ?? name}-${String(i + 1).padStart(3, "0")}`,
      );
      break;
    case "aws:ecr/repository:Repository":
      state.repositoryUrl = `${MOCK_ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${inputs.name ?? name}`;
      state.registryId = MOCK_ACCOUNT;
      break;
    case "aws:secretsmanager/secret:Secret":
      state.arn = `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT}:secret:${inputs.name ?? name}-${hex(name, 6)}`;
      break;
    case "aws:backup/vault:Vault":
      state.arn = `arn:aws:backup:${region}:${MOCK_ACCOUNT}:backup-vault:${inputs.name ?? name}`;
      break;
    case "aws:sns/topic:Topic":
      state.arn = `arn:aws:sns:${region}:${MOCK_ACCOUNT}:${inputs.name ?? name}`;
      break;
    case "aws:cloudwatch/logGroup:LogGroup":
      state.arn = `arn:aws:logs:${region}:${MOCK_ACCOUNT}:log-group:${inputs.name ?? name}`;
      break;
    case "docker-build:index:Image": {
      // Pushed: the provider reports the manifest digest and `ref` = first tag + "@" + digest (pulumi-docker-build image.go).
      state.digest = `sha256:${hex(name, 64)}`;
      const tag = (inputs.tags ?? [])[0];
      state.ref = tag ? `${String(tag).replace(/:[^:/]+$/, "")}@${state.digest}` : "";
      break;
    }
    case "random:index/randomPassword:RandomPassword":
      state.result = hex(`password:${name}`, Number(inputs.length ?? 32));
      state.bcryptHash = `$2a$10$${hex(name, 53)}`;
      break;
    case "tls:index/privateKey:PrivateKey":
      state.privateKeyPem = `-----BEGIN EC PRIVATE KEY-----\nmock-${hex(name, 40)}\n-----END EC PRIVATE KEY-----\n`;
      state.publicKeyPem = `-----BEGIN PUBLIC KEY-----\nmock-${hex(name, 40)}\n-----END PUBLIC KEY-----\n`;
      break;
    case "tls:index/certRequest:CertRequest":
      state.certRequestPem = `-----BEGIN CERTIFICATE REQUEST-----\nmock-${hex(name, 40)}\n-----END CERTIFICATE REQUEST-----\n`;
      break;
    case "tls:index/selfSignedCert:SelfSignedCert":
    case "tls:index/locallySignedCert:LocallySignedCert":
      state.certPem = `-----BEGIN CERTIFICATE-----\nmock-${hex(name, 40)}\n-----END CERTIFICATE-----\n`;
      state.validityEndTime = "2027-11-23T00:00:00Z";
      break;
    case "cloudflare:index/originCaCertificate:OriginCaCertificate":
      // A new request (CSR, hosts, validity) gets a new certificate, as Cloudflare issues one per request.
      state.certificate = `-----BEGIN CERTIFICATE-----\nmock-origin-ca-${hex(JSON.stringify([name, inputs.csr, inputs.hostnames, inputs.requestedValidity]), 40)}\n-----END CERTIFICATE-----\n`;
      // Cloudflare's format (Go time): issued "now" (a fixed day, for stable output) + requestedValidity days.
      state.expiresOn = new Date(MOCK_NOW.getTime() + Number(inputs.requestedValidity ?? 5475) * 86_400_000)
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, " +0000 UTC");
      break;
    case "cloudflare:index/dnsRecord:DnsRecord":
      state.proxiable = true;
      break;
    case "kubernetes:core/v1:Service":
      if (inputs.spec?.type === "LoadBalancer") {
        state.status = {
          loadBalancer: { ingress: [{ hostname: `k8s-${hex(name, 8)}-${hex(name, 10)}.elb.${region}.amazonaws.com` }] },
        };
      }
      break;
    case "kubernetes:helm.sh/v3:Release":
      state.status = {
        status: "deployed",
        namespace: inputs.namespace,
        name: inputs.name ?? name,
        version: inputs.version,
        revision: 1,
      };
      break;
    default:
      break;
  }
  if (type.startsWith("kubernetes:") && state.metadata && !state.metadata.name) {
    state.metadata = { ...state.metadata, name: `${name}-${hex(name, 8)}` };
  }
  return { id, state };
}

/** A DNS record as cloudflare.getDnsRecords returns it (the fields the program reads). */
export interface MockDnsRecord {
  id: string;
  name: string;
  type: string;
  content: string;
  proxied?: boolean;
}

/**
 * Results of provider functions (invokes) the program calls. `dnsRecords`: what the mock Cloudflare zone already holds
 * (empty: a fresh zone; tests pass records to exercise the Edge tier's conflict and adoption paths).
 */
export function mockCall(
  token: string,
  inputs: Record<string, any>,
  region: string,
  dnsRecords: readonly MockDnsRecord[] = [],
): Record<string, any> {
  switch (token) {
    case "aws:index/getAvailabilityZones:getAvailabilityZones": {
      const names = ["a", "b", "c", "d", "e", "f"].map((s) => `${region}${s}`);
      // Zone names map to zone IDs differently in every account; in this mock account us-east-1b is use1-az3,
      // the zone EKS refuses for control planes, so a program that takes the first names would pick it.
      const zoneIds = ["use1-az6", "use1-az3", "use1-az1", "use1-az2", "use1-az4", "use1-az5"];
      return { names, zoneIds, id: region };
    }
    case "aws:index/getCallerIdentity:getCallerIdentity":
      // The CI deploy role of the stack (cluster.access.deployRoleName in the committed stacks), as GitHub assumes it.
      return {
        accountId: MOCK_ACCOUNT,
        arn: `arn:aws:sts::${MOCK_ACCOUNT}:assumed-role/edgestack-deploy-${pulumi.getStack()}/GitHubActions`,
        userId: "AROAMOCK:GitHubActions",
        id: MOCK_ACCOUNT,
      };
    case "aws:index/getRegion:getRegion":
      return { name: region, region, id: region, description: region, endpoint: `ec2.${region}.amazonaws.com` };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
      return {
        userName: "AWS",
        password: "mock-ecr-token",
        proxyEndpoint: `https://${MOCK_ACCOUNT}.dkr.ecr.${region}.amazonaws.com`,
        authorizationToken: "bW9jaw==",
        id: region,
      };
    case "cloudflare:index/getZone:getZone":
    case "cloudflare:index/getZones:getZones":
      return {
        ...inputs,
        zoneId: hex(JSON.stringify(inputs), 32),
        id: hex(JSON.stringify(inputs), 32),
        name: inputs.filter?.name ?? inputs.name,
        plan: { legacyId: "free" },
      };
    case "cloudflare:index/getDnsRecords:getDnsRecords": {
      // The API's name filter is case-insensitive (GetDnsRecordsName.exact).
      const exact = String(inputs.name?.exact ?? "").toLowerCase();
      const results = dnsRecords
        .filter((r) => !exact || r.name.toLowerCase() === exact)
        .map((r) => ({
          comment: "",
          content: r.content,
          id: r.id,
          name: r.name,
          proxied: r.proxied ?? false,
          proxiable: true,
          ttl: 1,
          type: r.type,
          tags: [],
        }));
      return {
        ...inputs,
        results,
        direction: "asc",
        match: inputs.match ?? "all",
        order: "type",
        proxied: false,
        id: hex(JSON.stringify(inputs), 32),
      };
    }
    default:
      return inputs;
  }
}
