// Existing DNS records at the stack's hosts (issue 15 item 1): the preview looks them up (cloudflare.getDnsRecords,
// answered by the mock zone in tools/mock-outputs.ts) and either fails with the conflicts and the `pulumi import`
// commands, or, with edge.adoptExistingRecords, adopts a lone CNAME through the `import` resource option.
// The mock zone's records are a run option (`dnsRecords`), so these runs are cached like any other.

import { strict as assert } from "node:assert";

import { conflictingRecords, importCommand, planAdoption } from "../../components/edge/existing-records";
import { ofType, runProgram, stackRun } from "../harness";

const RECORD = "cloudflare:index/dnsRecord:DnsRecord";

describe("edge: existing DNS records at the stack's hosts", () => {
  it("creates its records in an empty zone, after asking Cloudflare what is there", async () => {
    const run = await stackRun("prod");
    const records = ofType(run, RECORD);
    assert.deepEqual(records.map((r) => r.name).sort(), ["edge-dns-apex", "edge-dns-api", "edge-dns-www"]);
    assert.ok(
      records.every((r) => r.importId === undefined),
      "nothing adopted in an empty zone",
    );
  });

  it("fails the preview listing the conflicting record and the exact pulumi import command", async () => {
    const dnsRecords = [{ id: "rec-www-1", name: "www.example.com", type: "CNAME", content: "old-host.example.net" }];
    const run = await runProgram({ stack: "prod", dnsRecords });
    assert.ok(run.error, "the preview must fail");
    const msg = run.error!.message;
    assert.match(msg, /www\.example\.com: CNAME www\.example\.com -> old-host\.example\.net \(id rec-www-1\)/);
    const edge = run.resources.find((r) => r.type === "edgestack:platform:Edge")!;
    assert.match(msg, /edgestack:edge\.adoptExistingRecords/);
    assert.ok(msg.includes(`pulumi import cloudflare:index/dnsRecord:DnsRecord edge-dns-www '`), msg);
    assert.ok(msg.includes(`/rec-www-1' --parent 'edge=${edge.urn}' --protect=false`), msg);
    assert.equal(ofType(run, RECORD).length, 0, "no record is created while a conflict stands");
  });

  it("adopts a lone CNAME with the import option when edge.adoptExistingRecords is on", async () => {
    const dnsRecords = [{ id: "rec-api-1", name: "API.example.com", type: "CNAME", content: "old-api.example.net" }];
    const run = await runProgram({
      stack: "prod",
      config: { "edgestack:edge": { adoptExistingRecords: true } },
      dnsRecords,
    });
    if (run.error) throw run.error;
    const byName = Object.fromEntries(ofType(run, RECORD).map((r) => [r.name, r]));
    assert.match(String(byName["edge-dns-api"].importId), /^[a-f0-9]{32}\/rec-api-1$/, "<zoneId>/<recordId>");
    assert.equal(
      byName["edge-dns-api"].inputs.content,
      run.outputs.edgeNlbHostname,
      "then updated to point at the NLB",
    );
    assert.equal(byName["edge-dns-www"].importId, undefined);
  });

  it("never adopts A records, even with adoption on: they must be removed by a person", async () => {
    const dnsRecords = [
      { id: "rec-a-1", name: "example.com", type: "A", content: "192.0.2.10" },
      { id: "rec-a-2", name: "example.com", type: "A", content: "192.0.2.11" },
      { id: "rec-mx", name: "example.com", type: "MX", content: "mail.example.com" },
    ];
    const run = await runProgram({
      stack: "prod",
      config: { "edgestack:edge": { adoptExistingRecords: true } },
      dnsRecords,
    });
    assert.ok(run.error);
    assert.match(
      run.error!.message,
      /example\.com: A example\.com -> 192\.0\.2\.10 \(id rec-a-1\); A example\.com -> 192\.0\.2\.11 \(id rec-a-2\); delete them/,
    );
    assert.doesNotMatch(run.error!.message, /rec-mx/, "an MX record beside a flattened apex CNAME is fine");
  });
});

describe("edge: conflict rules (pure)", () => {
  const rec = (type: string, name = "www.example.com") => ({ id: `id-${type}`, name, type, content: "x" });
  it("below the apex any record at the name conflicts; at the apex only A, AAAA and CNAME", () => {
    assert.equal(
      conflictingRecords({
        resourceName: "r",
        host: "www.example.com",
        isApex: false,
        existing: [rec("TXT"), rec("A", "other.example.com")],
      }).length,
      1,
    );
    assert.equal(
      conflictingRecords({
        resourceName: "r",
        host: "example.com",
        isApex: true,
        existing: [rec("TXT", "example.com"), rec("AAAA", "example.com")],
      }).length,
      1,
    );
  });
  it("returns the import ids of adoptable records and nothing without conflicts", () => {
    const hosts = [{ resourceName: "edge-dns-www", host: "www.example.com", isApex: false, existing: [rec("CNAME")] }];
    assert.deepEqual(planAdoption(hosts, { zoneId: "z", adopt: true, parentUrn: "urn:x" }), {
      "edge-dns-www": "z/id-CNAME",
    });
    assert.deepEqual(
      planAdoption([{ ...hosts[0], existing: [] }], { zoneId: "z", adopt: false, parentUrn: "urn:x" }),
      {},
    );
    assert.equal(
      importCommand("n", "z", "r", "urn:p"),
      "pulumi import cloudflare:index/dnsRecord:DnsRecord n 'z/r' --parent 'edge=urn:p' --protect=false",
    );
  });
});
