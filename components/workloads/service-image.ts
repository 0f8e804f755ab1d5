/**
 * A service's image: its ECR repository (immutable tags, scan on push, KMS, lifecycle) and the docker-build Image
 * tagged by the build context's content, so an unchanged context never rebuilds.
 */
import * as aws from "@pulumi/aws";
import * as dockerbuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import type { ServiceConfig } from "../../config";
import { ecrPushLogin, scannedRepository } from "../shared/ecr";
import { FRAMEWORKS } from "./frameworks";
import { repositoryName } from "./image-scan";
import { contextTag, readBuildContext } from "./image-tag";
import { ecrLifecyclePolicy } from "./service-aws";

/** The nodes are Graviton. */
const BUILD_PLATFORM = "linux/arm64";

/** The repository's URL and the image the Deployment runs (`repo@sha256:…`). */
export function serviceImage(
  parent: pulumi.Resource,
  name: string,
  args: { namePrefix: string; appsDir: string; config: ServiceConfig; buildTags?: Map<string, string> },
): { repositoryUrl: pulumi.Output<string>; image: pulumi.Output<string> } {
  const svc = args.config;
  const fw = FRAMEWORKS[svc.framework];
  const child = { parent };

  // ---- image: ECR repository + build/push tagged by the build context's content
  // Dev: destroy takes the images along, so destroy → up never meets a leftover repository of the same name.
  // Prod: a non-empty repository stops the destroy (RepositoryNotEmptyException) and keeps images.
  const repo = scannedRepository(
    `${name}-repo`,
    { repositoryName: repositoryName(args.namePrefix, svc.name), forceDelete: svc.forceDeleteImages },
    child,
  );
  new aws.ecr.LifecyclePolicy(
    `${name}-repo`,
    { repository: repo.name, policy: ecrLifecyclePolicy(svc.keepImages) },
    child,
  );

  const app = svc.app ?? fw.app;
  const dockerfile = path.join(args.appsDir, app, "Dockerfile");
  // The context (all of apps/) is read and hashed once per Dockerfile: services of one app share the tag.
  let tag = args.buildTags?.get(dockerfile);
  if (tag === undefined) {
    let context: ReturnType<typeof readBuildContext>;
    try {
      context = readBuildContext(args.appsDir, path.relative(args.appsDir, dockerfile));
    } catch (e) {
      throw new Error(`service "${svc.name}" (framework ${svc.framework}, app ${app}): ${(e as Error).message}`);
    }
    tag = contextTag(context.files, context.dockerfile, { platform: BUILD_PLATFORM });
    args.buildTags?.set(dockerfile, tag);
  }
  // @pulumi/docker-build (BuildKit through an embedded buildx client); @pulumi/docker's Image is superseded by it.
  // Inputs checked against @pulumi/docker-build 0.0.22 image.d.ts. It has no attestation input (no --sbom /
  // --provenance: pulumi/pulumi-docker-build#73, open): the SBOM and provenance story is in docs/supply-chain.md.
  const image = new dockerbuild.Image(
    `${name}-image`,
    {
      tags: [pulumi.interpolate`${repo.repositoryUrl}:${tag}`],
      // Relative to the project directory, so the recorded inputs do not depend on the checkout path.
      context: { location: relativeToCwd(args.appsDir) },
      dockerfile: { location: relativeToCwd(dockerfile) },
      platforms: [BUILD_PLATFORM],
      push: true,
      // The registry's own credentials, held in memory for this build only (not the host's docker config).
      registries: [ecrPushLogin(repo, child)],
      // Previews do not build (two arm64 builds under emulation on every PR preview); the provider still validates
      // the on-disk Dockerfile on preview ("regardless of this setting", image.d.ts), and `pulumi up` builds.
      buildOnPreview: false,
    },
    child,
  );
  // `ref` is `<first tag>@sha256:…` once pushed (the provider's image.go): the Deployment runs the digest it pushed.
  const digest = pulumi.all([image.ref, image.tags]).apply(([ref, tags]) => ref || (tags ?? [])[0]);
  return { repositoryUrl: repo.repositoryUrl, image: digest };
}

function relativeToCwd(p: string): string {
  return path.relative(process.cwd(), p) || ".";
}
