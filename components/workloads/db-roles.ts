/**
 * The PostgreSQL role each service logs in as, created by a one-shot Kubernetes Job before the service's pods
 * start. Without it the first `pulumi up` cannot finish: the services authenticate as the role named after them
 * (IAM auth, `GRANT rds_iam`), their readiness check logs in, and a role nobody has created yet keeps every pod
 * unready until the Deployment's await times out. The Job runs the service's own image (it already carries
 * Python, psycopg and boto3), reads the AWS-managed master secret at run time through its own IRSA role (the
 * password never enters Pulumi state, the Job spec or the logs) and connects to the writer with TLS.
 *
 * Idempotent: the role is created only when missing, the grants are no-ops when present, so the Job may rerun
 * (a new image replaces it) at no risk.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { APP_LABEL, PART_OF, PART_OF_LABEL } from "../shared/names";
import { CONTAINER_SECURITY_CONTEXT, POD_SECURITY_CONTEXT } from "./pod-spec";

/** PostgreSQL role names we create: the services' names (DNS labels), quoted as identifiers in the SQL. */
const ROLE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * The Job's program (python -c). Reads everything from the environment; prints one JSON line; exit 1 on error
 * (the Job retries up to its backoffLimit). Identifiers are double-quoted; the names are checked before use.
 */
export const DB_ROLE_SCRIPT = `
import json, os, sys

# pg_advisory_xact_lock key shared by every role Job (any constant no other client of the database uses).
LOCK_KEY = 0x65646765

def ident(name):
    return '"' + name.replace('"', '""') + '"'

def main():
    env = os.environ
    role, dbname = env["DB_ROLE"], env["DATABASE_NAME"]
    try:
        import boto3, psycopg
        sm = boto3.client("secretsmanager", region_name=env["AWS_REGION"])
        master = json.loads(sm.get_secret_value(SecretId=env["MASTER_SECRET_ARN"])["SecretString"])
        conn = psycopg.connect(host=env["DATABASE_HOST"], port=int(env["DATABASE_PORT"]), dbname=dbname,
                               user=master["username"], password=master["password"], sslmode="require",
                               connect_timeout=30, autocommit=True, application_name="edgestack-db-role")
        try:
            cur = conn.cursor()
            # The services' Jobs run at the same time, and two GRANTs on one database rewrite the same catalog row:
            # the second fails with "tuple concurrently updated" instead of waiting. One transaction, behind a lock
            # every role Job takes, runs them one after the other (the same race and fix: terraform-provider-postgresql
            # issue 178 and pull request 169, which serializes its GRANTs).
            with conn.transaction():
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
                cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
                created = cur.fetchone() is None
                if created:
                    cur.execute("CREATE ROLE " + ident(role) + " LOGIN")
                cur.execute("GRANT rds_iam TO " + ident(role))
                cur.execute("GRANT CONNECT ON DATABASE " + ident(dbname) + " TO " + ident(role))
        finally:
            conn.close()
    except Exception as exc:
        # One line, the exception type and its first line: never the secret (it is not part of any message).
        print(json.dumps({"role": role, "status": "failed", "error": type(exc).__name__ + ": " + str(exc).splitlines()[0] if str(exc) else type(exc).__name__}))
        return 1
    print(json.dumps({"role": role, "status": "created" if created else "present"}))
    return 0

sys.exit(main())
`.trimStart();

interface DbRoleJobInputs {
  /** The service (and PostgreSQL role) name. */
  role: string;
  namespace: pulumi.Input<string>;
  /** The service's own image (repo@sha256:…). */
  image: pulumi.Input<string>;
  /** Service account whose IRSA role may read the master secret. */
  serviceAccountName: pulumi.Input<string>;
  region: string;
  /** The writer endpoint (not the proxy: the master user logs in with its password, directly). */
  host: pulumi.Input<string>;
  port: pulumi.Input<string>;
  databaseName: pulumi.Input<string>;
  masterSecretArn: pulumi.Input<string>;
}

function dbRoleJobName(role: string): string {
  return `${role}-db-role`;
}

/** The Job (metadata + spec) that creates `role`; the component adds the resource options. */
export function dbRoleJob(i: DbRoleJobInputs): {
  metadata: k8s.types.input.meta.v1.ObjectMeta;
  spec: k8s.types.input.batch.v1.JobSpec;
} {
  if (!ROLE_NAME.test(i.role))
    throw new Error(
      `database role: expected a service name (lowercase letters, digits, '-', a letter first), got ${JSON.stringify(i.role)}`,
    );
  const labels = { [APP_LABEL]: dbRoleJobName(i.role), [PART_OF_LABEL]: PART_OF };
  return {
    metadata: { name: dbRoleJobName(i.role), namespace: i.namespace, labels },
    spec: {
      // Retries cover a cluster still resuming from auto-pause or an instance still starting.
      backoffLimit: 6,
      activeDeadlineSeconds: 900,
      template: {
        // No Istio sidecar: it would keep the pod running after the script exits (and the writer is outside the
        // mesh). As a label, not an annotation: istiod's injection webhook (failurePolicy Fail) selects pods
        // by this label, so it never even sees this pod, and the Job need not wait for the mesh control plane.
        metadata: { labels: { ...labels, "sidecar.istio.io/inject": "false" } },
        spec: {
          restartPolicy: "Never",
          serviceAccountName: i.serviceAccountName,
          automountServiceAccountToken: false,
          securityContext: POD_SECURITY_CONTEXT,
          nodeSelector: { "kubernetes.io/arch": "arm64" },
          containers: [
            {
              name: "db-role",
              image: i.image,
              command: ["python", "-c", DB_ROLE_SCRIPT],
              env: [
                { name: "DB_ROLE", value: i.role },
                { name: "AWS_REGION", value: i.region },
                { name: "DATABASE_HOST", value: i.host },
                { name: "DATABASE_PORT", value: i.port },
                { name: "DATABASE_NAME", value: i.databaseName },
                { name: "MASTER_SECRET_ARN", value: i.masterSecretArn },
              ],
              resources: { requests: { cpu: "50m", memory: "96Mi" }, limits: { memory: "256Mi" } },
              securityContext: CONTAINER_SECURITY_CONTEXT,
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
        },
      },
    },
  };
}
