// The ECR mirrors of Docker-Hub-only images (components/shared/image-mirror.ts): names, build input, tags that change
// with what is built (ECR refuses an existing tag even for the same digest), lifecycle and an empty build context.

import { strict as assert } from "node:assert";
import * as fs from "fs";

import {
  MIRROR_CONTEXT_DIR,
  mirrorDockerfile,
  mirrorLifecyclePolicy,
  mirrorRepositoryName,
  mirrorTag,
  upstreamPath,
  upstreamRef,
} from "../../components/shared/image-mirror";

describe("image mirror helpers", () => {
  it("names the ECR repository after the upstream path, under the stack prefix", () => {
    assert.equal(upstreamPath("kong/kubernetes-ingress-controller"), "kong/kubernetes-ingress-controller");
    assert.equal(upstreamPath("docker.io/istio/pilot"), "istio/pilot");
    assert.equal(upstreamPath("kong"), "library/kong");
    assert.equal(
      mirrorRepositoryName("edgestack-prod", { repository: "docker.io/istio/proxyv2", tag: "1.30.4" }),
      "edgestack-prod/mirror/istio/proxyv2",
    );
    assert.throws(
      () => mirrorRepositoryName("Bad_Prefix", { repository: "x/y", tag: "1" }),
      /"Bad_Prefix\/mirror\/x\/y" is not a valid ECR repository name/,
    );
  });

  it("builds FROM the fully qualified upstream reference", () => {
    assert.equal(
      upstreamRef({ repository: "kong/kubernetes-ingress-controller", tag: "3.5.13" }),
      "docker.io/kong/kubernetes-ingress-controller:3.5.13",
    );
    assert.equal(upstreamRef({ repository: "kong", tag: "3.9.2" }), "docker.io/library/kong:3.9.2");
    assert.equal(
      mirrorDockerfile({ repository: "docker.io/istio/pilot", tag: "1.30.4" }),
      "FROM docker.io/istio/pilot:1.30.4\n",
    );
  });

  it("tags each build uniquely: the upstream tag plus a hash of the Dockerfile and platform", () => {
    const kic = { repository: "kong/kubernetes-ingress-controller", tag: "3.5.13" };
    const tag = mirrorTag(kic);
    assert.match(tag, /^3\.5\.13-m[0-9a-f]{10}$/);
    assert.equal(mirrorTag({ ...kic }), tag, "same input, same tag: nothing to rebuild or push");
    assert.notEqual(mirrorTag({ ...kic, tag: "3.5.14" }), mirrorTag({ ...kic }).replace("3.5.13", "3.5.14"));
    assert.notEqual(mirrorTag({ ...kic, repository: "other/kic" }), tag, "another upstream never reuses the tag");
    assert.notEqual(mirrorTag(kic, "linux/amd64"), tag);
  });

  it("keeps the newest mirrored images and drops untagged ones", () => {
    const rules = JSON.parse(mirrorLifecyclePolicy(5)).rules;
    assert.deepEqual(
      rules.map((r: any) => [r.selection.tagStatus, r.selection.countType, r.selection.countNumber]),
      [
        ["untagged", "sinceImagePushed", 1],
        ["any", "imageCountMoreThan", 5],
      ],
    );
  });

  it("sends an empty build context (the project directory would rebuild on every change)", () => {
    assert.deepEqual(fs.readdirSync(MIRROR_CONTEXT_DIR), [".dockerignore"]);
    const rules = fs
      .readFileSync(`${MIRROR_CONTEXT_DIR}/.dockerignore`, "utf8")
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("#"));
    assert.deepEqual(rules, ["*"]);
  });
});
