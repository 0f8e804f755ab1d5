import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { diffGraphs } from "../../tools/graph-diff";
import type { GraphJson } from "../../tools/graph-json";
import { GITHUB_COMMENT_LIMIT, renderComment, renderFullReport } from "../../tools/pr-comment";

// Fixture pair: two real `preview:offline --stack prod --out` graphs (base = prod; head = prod with
// network.cidr 10.60.0.0/16, cache engine redis 7.1 with allowReplacement, and a third service "inventory"),
// trimmed to the resources that differ plus the Aurora cluster (see docs/previews.md, "Fixtures").
const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8")) as GraphJson;
const base = fixture("base-prod.json");
const head = fixture("head-prod.json");

describe("PR comment from the diff (fixture pair)", () => {
  const md = renderComment([{ stack: "prod", base, head }]);

  it("puts the stateful replacement first and bold, saying protect stops it; the VPC right after", () => {
    const rows = md.split("\n").filter((l) => l.startsWith("| **replace**"));
    assert.match(rows[0], /\*\*cache\*\* `aws:elasticache\/replicationGroup:ReplicationGroup` \(stateful\)/);
    assert.match(rows[0], /protected: the engine refuses the replacement/);
    assert.match(rows[1], /\*\*network-vpc\*\*/);
    assert.ok(md.indexOf("⚠️ Replacements") < md.indexOf("#### Changed resources"));
  });

  it("has a one-line summary, unique component rows, changed resources in <details>, cost and policy tables", () => {
    const diff = diffGraphs(base, head);
    assert.match(
      md,
      new RegExp(
        `\\*\\*prod\\*\\* ✅ — ${diff.summary.replace} to replace \\(⚠️ 1 stateful\\), ${diff.summary.delete} to delete, ${diff.summary.create} to create`,
      ),
    );
    const componentRows = md
      .split("\n")
      .filter((l) => /^\| [a-z-]+( \(\w+\))? \| \d+ \| \d+ \| \d+ \| \d+ \|/.test(l))
      .map((l) => l.split("|")[1].trim());
    assert.ok(componentRows.length >= 4);
    assert.strictEqual(new Set(componentRows).size, componentRows.length);
    assert.match(md, /<details><summary>\d+ resources, \d+ property changes<\/summary>/);
    assert.match(md, /`\+` services-inventory-repo `Repository` \| services \| \$0\.00 \| \$0\.20 \| \+\$0\.20 \|/);
    assert.match(md, /\*\*Policy\*\*: no new or fixed violations\./);
  });

  it("stays under GitHub's limit: details are cut first, with a note pointing at the artifact", () => {
    const small = renderComment(
      [
        { stack: "prod", base, head },
        { stack: "dev", base, head },
      ],
      12000,
    );
    assert.ok(small.length <= 12000);
    assert.match(small, /shortened to fit GitHub's 65,536-character limit/);
    assert.match(small, /more resource\(s\) not shown here/);
    assert.match(small, /\| \*\*replace\*\* \| \*\*cache\*\*/, "warnings survive the cut");
    assert.ok(md.length < GITHUB_COMMENT_LIMIT);
    assert.ok(renderFullReport([{ stack: "prod", base, head }]).length >= md.length);
  });

  it("falls back to the head's totals when the base has no graph, and says when the program failed", () => {
    const old = { ...base, resources: undefined } as unknown as GraphJson;
    assert.match(renderComment([{ stack: "prod", base: old, head }]), /No base graph to compare with/);
    const failed = {
      ...head,
      blocking: true,
      sections: { error: "edgestack:network.azCount: expected an integer between 2 and 6, got 9" },
    } as unknown as GraphJson;
    assert.match(renderComment([{ stack: "dev", base, head: failed }]), /❌ blocked[\s\S]*azCount/);
  });
});
