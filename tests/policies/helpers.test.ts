/** The pure helpers rules are built on: CIDRs, IAM documents, tags, the EKS calendar, quantities, image tags, unknowns. */
import assert from "node:assert/strict";
import { quantityToGib } from "../../policies/cost/estimate-k8s";
import { cidrContains, isAnyAddress } from "../../policies/lib/cidr";
import { deniesInsecureTransport, parsePolicyDocument, wildcardAdminStatements } from "../../policies/lib/iam";
import { describePorts, ingressOfRule, onlyPorts } from "../../policies/lib/ingress";
import { imageTag } from "../../policies/lib/k8s";
import { effectiveTags, TAGGABLE_AWS_TYPES } from "../../policies/lib/tags";
import { withoutUnknowns } from "../../policies/lib/unknowns";
import { isTaggableAwsType } from "../harness";

describe("policy helpers", () => {
  it("recognises internet-wide CIDRs and VPC containment", () => {
    assert.deepEqual(["0.0.0.0/0", "::/0", "1.2.3.4/0", "10.0.0.0/8", "2001:db8::/32"].map(isAnyAddress), [
      true,
      true,
      true,
      false,
      false,
    ]);
    assert.equal(cidrContains("10.0.0.0/16", "10.0.1.0/24"), true);
    assert.equal(cidrContains("10.0.0.0/16", "10.0.7.9"), true);
    assert.equal(cidrContains("10.0.0.0/16", "10.1.0.0/24"), false);
    assert.equal(cidrContains("10.0.0.0/16", "10.0.0.0/8"), false);
    assert.equal(cidrContains("10.0.0.0/16", "not-a-cidr"), false);
    assert.equal(cidrContains("10.0.0.0/16", "::/0"), false);
  });

  it("finds admin statements in IAM documents (string or object) and TLS-only denies", () => {
    const doc = {
      Statement: [
        { Effect: "Allow", Action: ["s3:GetObject", "*:*"], Resource: ["*"] },
        { Effect: "Deny", Action: "*", Resource: "*" },
      ],
    };
    assert.equal(wildcardAdminStatements(parsePolicyDocument(doc)!).length, 1);
    assert.equal(
      wildcardAdminStatements(
        parsePolicyDocument(
          JSON.stringify({ Statement: { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b/*" } }),
        )!,
      ).length,
      0,
    );
    assert.equal(parsePolicyDocument("[unknown]"), undefined);
    const deny = parsePolicyDocument({
      Statement: [
        { Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": ["false"] } } },
      ],
    })!;
    assert.equal(deniesInsecureTransport(deny[0]), true);
  });

  it("normalizes standalone ingress rules, including protocol -1 as all ports", () => {
    const all = ingressOfRule("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
      ipProtocol: "-1",
      cidrIpv6: "::/0",
    })!;
    assert.equal(describePorts(all), "all ports");
    assert.equal(
      ingressOfRule("aws:ec2/securityGroupRule:SecurityGroupRule", { type: "egress", protocol: "-1" }),
      undefined,
    );
    assert.equal(onlyPorts({ fromPort: 80, toPort: 443, cidrs: [] }, [80, 443]), false);
    assert.equal(onlyPorts({ fromPort: 443, toPort: 443, cidrs: [] }, [80, 443]), true);
  });

  it("lists as taggable exactly types whose Args accept `tags` in @pulumi/aws", () => {
    const argsHaveTags = isTaggableAwsType;
    assert.deepEqual(
      TAGGABLE_AWS_TYPES.filter((t) => !argsHaveTags(t)),
      [],
    );
    assert.equal(argsHaveTags("aws:iam/rolePolicy:RolePolicy"), false);
    assert.equal(argsHaveTags("aws:ec2/securityGroupRule:SecurityGroupRule"), false);
  });

  it("merges a resource's own tags over its provider's JSON-encoded defaultTags", () => {
    const provider = { defaultTags: JSON.stringify({ tags: { project: "edgestack", component: "shared" } }) };
    assert.deepEqual(effectiveTags({ tags: { component: "database" } }, provider), {
      project: "edgestack",
      component: "database",
    });
    assert.deepEqual(effectiveTags({}, { defaultTags: { tags: { a: "1" } } }), { a: "1" });
    assert.deepEqual(effectiveTags({}, { defaultTags: "not json" }), {});
  });

  it("parses Kubernetes storage quantities and image tags", () => {
    assert.deepEqual(["20Gi", "512Mi", "1Ti", "abc"].map(quantityToGib), [20, 0.5, 1024, undefined]);
    assert.ok(Math.abs(quantityToGib("10G")! - 9.3132257) < 1e-6);
    assert.deepEqual(
      ["nginx", "nginx:1.27", "registry:5000/app", "registry:5000/app:2", "app@sha256:ab"].map(imageTag),
      [undefined, "1.27", undefined, "2", "digest"],
    );
  });

  it("drops unknown values (offline marker and SDK sentinel) from plain copies", () => {
    const sdkUnknown = (require("@pulumi/policy/proxy") as Record<string, unknown>).unknownStringValue;
    assert.deepEqual(withoutUnknowns({ a: "[unknown]", b: [1, sdkUnknown], c: { d: "x" } }), {
      a: undefined,
      b: [1, undefined],
      c: { d: "x" },
    });
  });
});
