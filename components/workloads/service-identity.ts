/**
 * A service's identity: an IRSA role for its service account only, allowed what the service needs (rds-db:connect as
 * its database user, its own secrets), and the ServiceAccount its pods run as.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { irsaTrustPolicy } from "../shared/iam";
import { serviceAccessPolicy } from "./service-aws";

interface ServiceIdentityArgs {
  namePrefix: string;
  region: string;
  serviceName: string;
  namespace: pulumi.Input<string>;
  oidcProviderArn: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
  /** The service's database grant: `cluster-…`/`prx-…` resource id and user, and a secret it may read. */
  database?: {
    resourceId?: pulumi.Input<string>;
    user: pulumi.Input<string>;
    secretArn?: pulumi.Input<string>;
  };
  metadata: k8s.types.input.meta.v1.ObjectMeta;
}

export function serviceIdentity(
  parent: pulumi.Resource,
  name: string,
  args: ServiceIdentityArgs,
): { roleArn: pulumi.Output<string>; serviceAccount: k8s.core.v1.ServiceAccount } {
  const child = { parent };
  const { metadata, namespace } = args;

  const identity = pulumi.all([
    aws.getCallerIdentityOutput({}, child).accountId,
    aws.getPartitionOutput({}, child).partition,
  ]);
  const role = new aws.iam.Role(
    `${name}-irsa`,
    {
      description: `${args.namePrefix} service ${args.serviceName} (IRSA)`,
      assumeRolePolicy: pulumi
        .all([args.oidcProviderArn, args.oidcIssuerUrl, namespace])
        .apply(([arn, url, ns]) => irsaTrustPolicy(arn, url, ns, args.serviceName)),
    },
    child,
  );
  const db = args.database;
  const permissions: pulumi.Resource[] = [];
  if (db && (db.resourceId !== undefined || db.secretArn !== undefined)) {
    permissions.push(
      new aws.iam.RolePolicy(
        `${name}-access`,
        {
          role: role.id,
          policy: pulumi
            .all([identity, db.resourceId, db.user, db.secretArn])
            .apply(([[accountId, partition], resourceId, user, secretArn]) =>
              serviceAccessPolicy({
                partition,
                region: args.region,
                accountId,
                dbResourceId: resourceId,
                dbUser: user,
                secretArns: secretArn ? [secretArn] : [],
              }),
            ),
        },
        child,
      ),
    );
  }
  // Pods using this account (the Deployment names it) start only once the role may do what they need: a token
  // for a role without its policy fails the first IAM database login and with it the readiness check.
  const sa = new k8s.core.v1.ServiceAccount(
    `${name}-sa`,
    {
      metadata: { ...metadata, annotations: { "eks.amazonaws.com/role-arn": role.arn } },
      // The app never calls the Kubernetes API; the IRSA token is a separate projected volume.
      automountServiceAccountToken: false,
    },
    { ...child, dependsOn: permissions },
  );
  return { roleArn: role.arn, serviceAccount: sa };
}
