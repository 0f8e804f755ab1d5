/**
 * Pure pieces of a PythonService pod: security contexts, probes, spreading, lifecycle and environment.
 * The component only assembles them, so each rule is tested here without a cluster.
 */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { APP_LABEL } from "../shared/names";
import { FRAMEWORKS, Framework, HEALTH_PATHS, HTTP_PORT_NAME } from "./frameworks";

type Container = k8s.types.input.core.v1.Container;
type EnvVar = k8s.types.input.core.v1.EnvVar;

/** The uid/gid the images create (`useradd --uid 10001`). */
const APP_UID = 10001;

/** Pod Security Standard "restricted", at pod level. */
export const POD_SECURITY_CONTEXT: k8s.types.input.core.v1.PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: APP_UID,
  runAsGroup: APP_UID,
  // emptyDir volumes become group-writable for the app user.
  fsGroup: APP_UID,
  seccompProfile: { type: "RuntimeDefault" },
};

/** Pod Security Standard "restricted", at container level; the root filesystem is read-only (/tmp is an emptyDir). */
export const CONTAINER_SECURITY_CONTEXT: k8s.types.input.core.v1.SecurityContext = {
  runAsNonRoot: true,
  runAsUser: APP_UID,
  runAsGroup: APP_UID,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  privileged: false,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/**
 * Each dependency check of /readyz is bounded by this (READINESS_CHECK_TIMEOUT_SECONDS); the app answers
 * within it + 0.5 s, and the readiness probe's timeout must be larger or a slow database flaps the pod.
 */
export const READINESS_CHECK_TIMEOUT_SECONDS = 2;

/** Probes on the named port. Startup gives a cold start 60 s; liveness never checks dependencies (restarts don't fix a DB outage). */
export function probes(): Pick<Container, "startupProbe" | "livenessProbe" | "readinessProbe"> {
  const get = (p: string) => ({ path: p, port: HTTP_PORT_NAME, scheme: "HTTP" });
  return {
    startupProbe: { httpGet: get(HEALTH_PATHS.liveness), periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 30 },
    livenessProbe: { httpGet: get(HEALTH_PATHS.liveness), periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
    readinessProbe: {
      httpGet: get(HEALTH_PATHS.readiness),
      periodSeconds: 5,
      timeoutSeconds: READINESS_CHECK_TIMEOUT_SECONDS + 2,
      successThreshold: 1,
      failureThreshold: 2,
    },
  };
}

/**
 * Seconds the container keeps serving after it is marked for deletion: endpoint removal has to reach Kong
 * (and any load balancer) before the server stops accepting connections.
 */
export const PRE_STOP_SLEEP_SECONDS = 10;

/** preStop sleep + the framework's drain time + margin for the kubelet. */
export function terminationGracePeriodSeconds(framework: Framework): number {
  return PRE_STOP_SLEEP_SECONDS + FRAMEWORKS[framework].drainSeconds + 15;
}

/** Kubelet-native sleep (no `sleep` binary needed in the image; GA since Kubernetes 1.34). */
export function lifecycle(): Container["lifecycle"] {
  return { preStop: { sleep: { seconds: PRE_STOP_SLEEP_SECONDS } } };
}

/**
 * Spread across zones strictly (one zone down must not take every replica) and across nodes best-effort.
 * `pod-template-hash` keeps a rollout's new ReplicaSet spread on its own; tainted (NotReady) nodes don't count.
 */
export function topologySpread(appName: string): k8s.types.input.core.v1.TopologySpreadConstraint[] {
  const labelSelector = { matchLabels: { [APP_LABEL]: appName } };
  return [
    {
      topologyKey: "topology.kubernetes.io/zone",
      maxSkew: 1,
      whenUnsatisfiable: "DoNotSchedule",
      labelSelector,
      matchLabelKeys: ["pod-template-hash"],
      nodeTaintsPolicy: "Honor",
    },
    {
      topologyKey: "kubernetes.io/hostname",
      maxSkew: 1,
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector,
      matchLabelKeys: ["pod-template-hash"],
      nodeTaintsPolicy: "Honor",
    },
  ];
}

interface DatabaseEnv {
  host: pulumi.Input<string>;
  port: pulumi.Input<number>;
  name: pulumi.Input<string>;
  user: pulumi.Input<string>;
  /** True: the password is in the service's Secret; false: IAM authentication with the pod's IRSA role. */
  passwordInSecret: boolean;
  /** The database pauses when no connection is open (Serverless v2 at 0 ACU): readiness goes lazy. */
  pausesWhenIdle?: boolean;
}

interface CacheEnv {
  host: pulumi.Input<string>;
  port: pulumi.Input<number>;
}

/** Keys of the service's Kubernetes Secret. */
export const SECRET_KEYS = { cacheAuthToken: "REDIS_AUTH_TOKEN", databasePassword: "DATABASE_PASSWORD" } as const;

/**
 * The environment the images read (apps/common/edgeapp/settings.py). Credentials only by reference to the
 * service's Secret, never as literals. A dependency that is not given is simply absent (readiness skips it).
 */
export function containerEnv(o: {
  region: string;
  secretName: string;
  database?: DatabaseEnv;
  cache?: CacheEnv;
}): EnvVar[] {
  const fromSecret = (name: string): EnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: o.secretName, key: name } },
  });
  const env: EnvVar[] = [
    { name: "AWS_REGION", value: o.region },
    { name: "READINESS_CHECK_TIMEOUT_SECONDS", value: String(READINESS_CHECK_TIMEOUT_SECONDS) },
  ];
  if (o.database) {
    const d = o.database;
    env.push(
      { name: "DATABASE_HOST", value: d.host },
      { name: "DATABASE_PORT", value: toText(d.port) },
      { name: "DATABASE_NAME", value: d.name },
      { name: "DATABASE_USER", value: d.user },
      // TLS is mandatory (rds.force_ssl=1; IAM tokens are only accepted over TLS).
      { name: "DATABASE_SSLMODE", value: "require" },
      d.passwordInSecret ? fromSecret(SECRET_KEYS.databasePassword) : { name: "DATABASE_IAM_AUTH", value: "true" },
      // Probes never open a connection each (the app shares one per worker and caches the result). On a database
      // that pauses when no connection is open, "lazy": after a pod's first successful login, probes stop
      // touching the database unless the app holds a connection anyway (apps/common/edgeapp/postgres.py).
      { name: "READINESS_DB", value: d.pausesWhenIdle ? "lazy" : "always" },
    );
  }
  if (o.cache) {
    env.push(
      { name: "REDIS_HOST", value: o.cache.host },
      { name: "REDIS_PORT", value: toText(o.cache.port) },
      { name: "REDIS_TLS", value: "true" },
      fromSecret(SECRET_KEYS.cacheAuthToken),
    );
  }
  return env;
}

/** Env values are strings; ports may arrive as numbers or as outputs of numbers. */
function toText(v: pulumi.Input<number>): pulumi.Input<string> {
  return typeof v === "number" ? String(v) : pulumi.output(v).apply(String);
}
