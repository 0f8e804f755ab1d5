/**
 * Copies of upstream images in the stack's own ECR, for images whose publisher ships them on Docker Hub only.
 *
 * Why: the nodes pull through the NAT gateways, and Docker Hub allows anonymous clients 10 pulls per hour per IPv4
 * address (docs.docker.com/docker-hub/usage/pulls), so a node rollout or a spot burst ends in `toomanyrequests`.
 * Why a mirror and not an ECR pull-through cache rule: a Docker Hub upstream needs a Docker Hub credential in Secrets
 * Manager (`ecr-pullthroughcache/` prefix; docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html)
 * that an operator would have to create and rotate, and the cache refreshes tags from Docker Hub on its own schedule.
 * The mirror needs nothing new: the deployer already builds the app images with Docker/buildx, pulls the upstream
 * image once per version (on its own network and login), and the nodes pull only from this account's registry.
 *
 * Each mirror is one ECR repository (immutable tags, scan on push, KMS, like the services' repositories) and one
 * `@pulumi/docker-build` Image whose inline Dockerfile is `FROM <upstream>:<tag>` for linux/arm64 (the nodes are
 * Graviton), pushed to it. Consumers run the pushed digest (`repo:tag@sha256:…`), never a tag alone.
 */
import * as aws from "@pulumi/aws";
import * as dockerbuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import * as path from "path";
import { ecrPushLogin, scannedRepository } from "./ecr";

/** The nodes are Graviton (config refuses other instance families), so one platform is pushed. */
const MIRROR_PLATFORM = "linux/arm64";

/**
 * Build context of every mirror: a directory holding only a `.dockerignore` that excludes everything. The inline
 * Dockerfile needs no files, and without a context the provider would hash (and rebuild on any change of) the whole
 * project directory (docker-build image.d.ts: the context "defaults to the current directory").
 */
export const MIRROR_CONTEXT_DIR = path.join(__dirname, "image-mirror-context");

/** Mirrored copies expire like nothing else: keep the images of the last few pins for rollbacks. */
const MIRROR_KEEP_IMAGES = 5;

interface UpstreamImage {
  /** As the publisher names it: `kong/kubernetes-ingress-controller`, `docker.io/istio/pilot`. */
  repository: string;
  tag: string;
}

/**
 * The registry host a reference names, if any, and its path there: `docker.io/istio/pilot` → docker.io + `istio/pilot`;
 * `kong` → no host (Docker Hub) + `library/kong` (Docker Hub's implicit namespace for a single-segment name).
 */
function parseRepository(repository: string): { host?: string; path: string } {
  const parts = repository.split("/");
  const first = parts[0];
  const qualified = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  const rest = qualified ? parts.slice(1) : parts;
  return { host: qualified ? first : undefined, path: rest.length === 1 ? `library/${rest[0]}` : rest.join("/") };
}

/** `docker.io/istio/pilot` → `istio/pilot`; `kong` → `library/kong`. */
export function upstreamPath(repository: string): string {
  return parseRepository(repository).path;
}

/** ECR repository of a mirror: `<prefix>/mirror/<upstream path>`, so a hub prefix works like Docker Hub's. */
export function mirrorRepositoryName(namePrefix: string, upstream: UpstreamImage): string {
  const name = `${namePrefix}/mirror/${upstreamPath(upstream.repository)}`;
  // ECR: (?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*, 2-256 characters (CreateRepository API).
  if (!/^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(name) || name.length > 256)
    throw new Error(`image mirror: ${JSON.stringify(name)} is not a valid ECR repository name`);
  return name;
}

/** Fully qualified upstream reference the mirror builds from (Docker Hub spelled out, so nothing is implicit). */
export function upstreamRef(upstream: UpstreamImage): string {
  const { host, path: at } = parseRepository(upstream.repository);
  return `${host ?? "docker.io"}/${at}:${upstream.tag}`;
}

export function mirrorDockerfile(upstream: UpstreamImage): string {
  return `FROM ${upstreamRef(upstream)}\n`;
}

/**
 * The tag pushed to the mirror: the upstream tag plus a hash of everything that makes the provider rebuild
 * (Dockerfile, platform). ECR refuses to push an existing tag again even with the same digest
 * (aws/containers-roadmap#2380), so a rebuild must never reuse a tag: any change to what is built changes the tag.
 */
export function mirrorTag(upstream: UpstreamImage, platform = MIRROR_PLATFORM): string {
  const hash = crypto.createHash("sha256").update(mirrorDockerfile(upstream)).update("\0").update(platform);
  return `${upstream.tag}-m${hash.digest("hex").slice(0, 10)}`;
}

/** Lifecycle: untagged images go after a day, and only the newest `keep` mirrored tags stay. */
export function mirrorLifecyclePolicy(keep = MIRROR_KEEP_IMAGES): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: "expire untagged images after 1 day",
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `keep the ${keep} most recent mirrored images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
        action: { type: "expire" },
      },
    ],
  });
}

interface MirroredImage {
  /** The ECR repository's name (plain: known before anything is created, e.g. for scan-finding alerts). */
  repositoryName: string;
  repositoryUrl: pulumi.Output<string>;
  /** The mirror's tag (see mirrorTag). */
  tag: string;
  /** `sha256:…` of the pushed manifest. */
  digest: pulumi.Output<string>;
  /** `<repositoryUrl>:<tag>@sha256:…`: what pods run. Before the first push (preview), the tag alone. */
  ref: pulumi.Output<string>;
  /** `<tag>@sha256:…`, for charts that build `repository:tag` themselves. */
  tagAtDigest: pulumi.Output<string>;
}

/** One ECR repository and the push of `upstream` into it. Children use the parent's AWS provider. */
export function mirrorImage(
  parent: pulumi.Resource,
  name: string,
  args: {
    namePrefix: string;
    upstream: UpstreamImage;
    /**
     * ECR forceDelete, as for the services' repositories: true lets destroy take the images along (dev); false stops
     * a destroy at a non-empty repository (prod), where the copy may outlive the upstream tag.
     */
    forceDelete: boolean;
  },
): MirroredImage {
  const child = { parent };
  const repositoryName = mirrorRepositoryName(args.namePrefix, args.upstream);
  const repo = scannedRepository(`${name}-repo`, { repositoryName, forceDelete: args.forceDelete }, child);
  new aws.ecr.LifecyclePolicy(`${name}-repo`, { repository: repo.name, policy: mirrorLifecyclePolicy() }, child);
  const tag = mirrorTag(args.upstream);
  // Inputs checked against @pulumi/docker-build 0.0.22 image.d.ts (dockerfile.inline, context.location, platforms,
  // push, registries, buildOnPreview), as for the services' images (components/workloads/service.ts).
  const image = new dockerbuild.Image(
    `${name}-image`,
    {
      tags: [pulumi.interpolate`${repo.repositoryUrl}:${tag}`],
      context: { location: path.relative(process.cwd(), MIRROR_CONTEXT_DIR) || "." },
      dockerfile: { inline: mirrorDockerfile(args.upstream) },
      platforms: [MIRROR_PLATFORM],
      push: true,
      registries: [ecrPushLogin(repo, child)],
      buildOnPreview: false,
    },
    child,
  );
  const digest = image.digest.apply((d) => d ?? "");
  return {
    repositoryName,
    repositoryUrl: repo.repositoryUrl,
    tag,
    digest,
    ref: pulumi.all([repo.repositoryUrl, digest]).apply(([url, d]) => `${url}:${tag}${d ? `@${d}` : ""}`),
    tagAtDigest: digest.apply((d) => (d ? `${tag}@${d}` : tag)),
  };
}
