/**
 * ECR pieces shared by every tier that pushes images into the stack's registry: the services' images
 * (components/workloads/service-image.ts) and the image mirrors (image-mirror.ts).
 */
import * as aws from "@pulumi/aws";
import type * as dockerbuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";

/**
 * A repository as the policy pack requires (policies/security/ecr.ts: Security Hub ECR.1 scan on push, ECR.2
 * immutable tags) and encrypted with KMS. `forceDelete`: true lets destroy take the images along (dev); false stops a
 * destroy at a non-empty repository (prod).
 */
export function scannedRepository(
  name: string,
  args: { repositoryName: string; forceDelete: boolean },
  opts: pulumi.CustomResourceOptions,
): aws.ecr.Repository {
  return new aws.ecr.Repository(
    name,
    {
      name: args.repositoryName,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "KMS" }],
      forceDelete: args.forceDelete,
    },
    opts,
  );
}

/**
 * The login a docker-build Image pushes to `repo` with: the registry's own short-lived token, held in memory for that
 * build only (not the host's docker config). Inputs as in @pulumi/docker-build 0.0.22 types/input.d.ts RegistryArgs.
 */
export function ecrPushLogin(
  repo: aws.ecr.Repository,
  opts: pulumi.InvokeOutputOptions,
): dockerbuild.types.input.RegistryArgs {
  const auth = aws.ecr.getAuthorizationTokenOutput({ registryId: repo.registryId }, opts);
  return {
    address: repo.repositoryUrl.apply((u) => u.split("/")[0]),
    username: auth.userName,
    password: pulumi.secret(auth.password),
  };
}
