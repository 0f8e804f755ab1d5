/**
 * edgestack: one stack per environment. Configuration is read and validated once (config/index.ts);
 * an invalid stack file fails here, before any resource is registered.
 */
import { loadConfig } from "./config";
import { Platform } from "./components/platform";

const config = loadConfig();
const platform = new Platform(`${config.project}-${config.stack}`, config);

export const environment = config.environment;
export const vpcId = platform.outputs.vpcId;
export const privateSubnetIds = platform.outputs.privateSubnetIds;
export const clusterName = platform.outputs.clusterName;
export const clusterEndpoint = platform.outputs.clusterEndpoint;
/** Secret: `pulumi stack output --show-secrets kubeconfig > kubeconfig.json`. */
export const kubeconfig = platform.outputs.kubeconfig;

// Data tier. Credentials are not outputs: the master password lives only in the AWS-managed secret, the cache
// AUTH token in its Secrets Manager secret (and as a Pulumi secret inside the program).
export const databaseWriterEndpoint = platform.outputs.database.writerEndpoint;
export const databaseReaderEndpoint = platform.outputs.database.readerEndpoint;
export const databaseProxyEndpoint = platform.outputs.database.proxyEndpoint;
export const databasePort = platform.outputs.database.port;
export const databaseSecretArn = platform.outputs.database.secretArn;
export const cachePrimaryEndpoint = platform.outputs.cache.primaryEndpoint;
export const cacheReaderEndpoint = platform.outputs.cache.readerEndpoint;
export const cachePort = platform.outputs.cache.port;
export const cacheSecretArn = platform.outputs.cache.secretArn;

/** ECR repository and running image (repo@sha256:…) of each service, by service name. */
export const serviceRepositories = platform.outputs.serviceRepositories;
export const serviceImages = platform.outputs.serviceImages;
/** Istio revision to label namespaces with (`istio.io/rev`); absent when the mesh is off. */
export const meshRevision = platform.outputs.meshRevision;
/** Cloudflare edge: zone, URLs, origin certificate expiry, the Secret/ConfigMap names for NGINX, and notices. */
export const edge = platform.outputs.edge;
/** The edge NLB's DNS name: the origin behind Cloudflare (reachable only from Cloudflare's ranges). */
export const edgeNlbHostname = platform.outputs.edgeNlbHostname;
/** API tokens: `iss` per ACL group, and the HS256 signing secrets (secret: `pulumi stack output --show-secrets`). */
export const jwtIssuers = platform.outputs.jwtIssuers;
export const jwtSigningSecrets = platform.outputs.jwtSigningSecrets;
/** Monitoring: namespace, Grafana port-forward command and admin password (secret), alert topic, alarm and budget names. */
export const monitoring = platform.outputs.monitoring;
export const observability = platform.outputs.observability;
