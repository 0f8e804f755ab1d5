/**
 * Resources of the database-role bootstrap (components/workloads/db-roles.ts says why it exists): one service
 * account whose IRSA role may read only the AWS-managed master secret, and per service a Job that creates the
 * service's PostgreSQL role. The services tier creates them; each service's Deployment waits for its Job.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { masterSecretReaderPolicy } from "../data";
import { irsaTrustPolicy } from "../shared/iam";
import { PART_OF, PART_OF_LABEL } from "../shared/names";
import { dbRoleJob } from "./db-roles";

/** Service account of the role Jobs (in the services' namespace). */
export const DB_ROLE_SERVICE_ACCOUNT = "db-role-bootstrap";

/** How the Jobs reach the database as its master user. */
export interface DatabaseAdmin {
  /** The writer endpoint (the master user logs in directly, with its password). */
  host: pulumi.Input<string>;
  /** Secrets Manager ARN of the AWS-managed master secret, and the KMS key it is encrypted with. */
  secretArn: pulumi.Input<string>;
  secretKeyArn: pulumi.Input<string>;
}

interface DbRoleBootstrapArgs {
  namePrefix: string;
  region: string;
  namespace: pulumi.Input<string>;
  oidcProviderArn: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
  admin: DatabaseAdmin;
  port: pulumi.Input<number>;
  databaseName: pulumi.Input<string>;
}

export interface DbRoleBootstrap {
  /** The Job creating `role` with `image`, as a child of `parent`: the service's pods wait for it. */
  job(parent: pulumi.Resource, logicalName: string, role: string, image: pulumi.Input<string>): k8s.batch.v1.Job;
}

export function createDbRoleBootstrap(
  parent: pulumi.Resource,
  name: string,
  args: DbRoleBootstrapArgs,
): DbRoleBootstrap {
  const child = { parent };
  const role = new aws.iam.Role(
    `${name}-db-roles`,
    {
      description: `${args.namePrefix}: creates the services' PostgreSQL roles (IRSA; reads the master secret)`,
      assumeRolePolicy: pulumi
        .all([args.oidcProviderArn, args.oidcIssuerUrl, args.namespace])
        .apply(([arn, url, ns]) => irsaTrustPolicy(arn, url, ns, DB_ROLE_SERVICE_ACCOUNT)),
    },
    child,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-db-roles`,
    {
      role: role.id,
      policy: pulumi
        .all([args.admin.secretArn, args.admin.secretKeyArn])
        .apply(([secretArn, keyArn]) => masterSecretReaderPolicy({ secretArn, keyArn, region: args.region })),
    },
    child,
  );
  // The Jobs' pods use this account at once: it waits for the role's policy.
  const sa = new k8s.core.v1.ServiceAccount(
    `${name}-db-roles`,
    {
      metadata: {
        name: DB_ROLE_SERVICE_ACCOUNT,
        namespace: args.namespace,
        labels: { [PART_OF_LABEL]: PART_OF },
        annotations: { "eks.amazonaws.com/role-arn": role.arn },
      },
      automountServiceAccountToken: false,
    },
    { ...child, dependsOn: [policy] },
  );
  const port = pulumi.output(args.port).apply(String);
  return {
    job: (jobParent, logicalName, dbRole, image) =>
      new k8s.batch.v1.Job(
        logicalName,
        dbRoleJob({
          role: dbRole,
          namespace: args.namespace,
          image,
          serviceAccountName: sa.metadata.name,
          region: args.region,
          host: args.admin.host,
          port,
          databaseName: args.databaseName,
          masterSecretArn: args.admin.secretArn,
        }),
        { parent: jobParent },
      ),
  };
}
