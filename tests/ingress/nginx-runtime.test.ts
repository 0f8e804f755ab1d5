// Behaviour of the rendered edge config under a real nginx on loopback: what a visitor, Kong and an
// auditor would observe. Needs the Debian packages nginx and openssl (see external-binaries.ts).

import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";

import { requireBinary } from "./external-binaries";
import { EdgeFixture, FakeUpstream, RunningEdge, send, startFixture } from "./edge-harness";

const HOST = "api.example.test";

describe("ingress/nginx-conf: the running edge", function () {
  let f: EdgeFixture;
  let failing: FakeUpstream; // answers 502 like a Kong pod in trouble
  let healthy: FakeUpstream;
  let edge: RunningEdge;
  let tls: { servername: string; ca: string; cert: string; key: string };

  before(async function () {
    requireBinary(this, "nginx", "nginx");
    requireBinary(this, "openssl", "openssl");
    // Loopback plays Cloudflare here; max_fails=0 keeps both peers in rotation so round robin is predictable.
    f = await startFixture(HOST, { realIpFromCidrs: ["127.0.0.1/32"], upstreamMaxFails: 0 }, true);
    ({ failing, healthy, edge } = f);
    tls = {
      servername: HOST,
      ca: readFileSync(f.cert.certPath, "utf8"),
      cert: readFileSync(f.ca!.clientCertPath, "utf8"),
      key: readFileSync(f.ca!.clientKeyPath, "utf8"),
    };
  });

  after(async () => f?.stop());

  it("passes the visitor IP from CF-Connecting-IP and adds one copy of each security header", async () => {
    const id = "req-visitor-0001";
    const res = await send({
      port: edge.ports.https,
      path: "/v1/items?token=secret",
      tls,
      headers: { "CF-Connecting-IP": "203.0.113.7", "X-Forwarded-For": "6.6.6.6", "X-Request-ID": id },
    });
    assert.equal(res.status, 200);
    const seen = healthy.seen.find((s) => s.headers["x-request-id"] === id)!;
    assert.equal(seen.headers["x-real-ip"], "203.0.113.7");
    assert.equal(seen.headers["x-forwarded-for"], "203.0.113.7", "client-supplied X-Forwarded-For must not reach Kong");
    assert.equal(seen.headers["x-forwarded-proto"], "https");
    assert.equal(res.headers["strict-transport-security"], "max-age=31536000; includeSubDomains");
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    assert.equal(res.headers["x-frame-options"], "DENY", "the upstream's SAMEORIGIN must be replaced, not appended");
    assert.match(String(res.headers["content-security-policy"]), /^default-src 'none'/);
    assert.equal(res.headers["x-request-id"], id);
    assert.equal(res.headers["x-powered-by"], undefined);
  });

  it("retries GET on another peer after a 502, but never re-sends a POST", async () => {
    const gets = [1, 2, 3, 4].map((i) => `req-get-000${i}`);
    const posts = [1, 2, 3, 4].map((i) => `req-post-000${i}`);
    for (const id of gets) {
      const r = await send({ port: edge.ports.https, tls, headers: { "X-Request-ID": id } });
      assert.equal(r.status, 200, `GET ${id} should have been retried on the healthy peer`);
    }
    const postStatus: number[] = [];
    for (const id of posts) {
      postStatus.push(
        (
          await send({
            port: edge.ports.https,
            method: "POST",
            tls,
            headers: { "X-Request-ID": id, "Content-Type": "application/json" },
          })
        ).status,
      );
    }
    const failedGets = failing.ids("GET").filter((id) => gets.includes(id));
    assert.ok(failedGets.length > 0, "round robin should have sent some GETs to the failing peer");
    for (const id of failedGets) assert.ok(healthy.ids("GET").includes(id), `GET ${id} was not retried`);
    const failedPosts = failing.ids("POST");
    assert.ok(failedPosts.length > 0, "round robin should have sent some POSTs to the failing peer");
    for (const id of failedPosts) assert.ok(!healthy.ids("POST").includes(id), `POST ${id} was sent twice`);
    assert.equal(postStatus.filter((s) => s === 502).length, failedPosts.length);
  });

  it("refuses visitors without Cloudflare's client certificate and unknown SNI names", async () => {
    const noCert = await send({ port: edge.ports.https, tls: { servername: HOST, ca: tls.ca } });
    assert.equal(noCert.status, 400);
    assert.match(noCert.body, /No required SSL certificate was sent/);
    await assert.rejects(
      send({ port: edge.ports.https, tls: { ...tls, servername: "other.example.test" } }),
      /alert|handshake|unrecognized name|ECONNRESET/i,
    );
    const misdirected = await send({ port: edge.ports.https, tls, headers: { Host: "other.example.test" } });
    assert.equal(misdirected.status, 421);
    assert.equal(healthy.seen.filter((s) => s.headers.host === "other.example.test").length, 0);
  });

  it("redirects plain HTTP for our names, drops other hosts, and answers health checks", async () => {
    const redirect = await send({ port: edge.ports.http, path: "/v1/items?page=2", headers: { Host: HOST } });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, `https://${HOST}/v1/items?page=2`);
    await assert.rejects(
      send({ port: edge.ports.http, headers: { Host: "evil.example.org" } }),
      /socket hang up|ECONNRESET/,
    );
    const health = await send({ port: edge.ports.http, path: "/nginx-health", headers: { Host: "10.0.0.5" } });
    assert.equal(health.status, 200);
    assert.equal(health.body, "ok\n");
  });

  it("shows stub_status to the local exporter on the internal port", async () => {
    const status = await send({ port: edge.ports.status, path: "/stub_status" });
    assert.equal(status.status, 200);
    assert.match(status.body, /^Active connections: \d+/);
  });

  it("writes one JSON access-log line per request with the visitor IP and no query string", async () => {
    await new Promise((r) => setTimeout(r, 50));
    const entry = edge.accessLog().find((e) => e.request_id === "req-visitor-0001" && e.status === 200);
    assert.ok(entry, "no access log entry for the visitor request");
    assert.equal(entry.client_ip, "203.0.113.7");
    assert.equal(entry.peer_ip, "127.0.0.1");
    assert.equal(entry.path, "/v1/items");
    assert.ok(!JSON.stringify(edge.accessLog()).includes("token=secret"), "query strings must not be logged");
    assert.ok(!edge.accessLog().some((e) => e.path === "/nginx-health"), "health checks must not be logged");
  });
});

describe("ingress/nginx-conf: the running edge, untrusted peers and a failing Kong pod", function () {
  let f: EdgeFixture;
  let ca: string;

  before(async function () {
    requireBinary(this, "nginx", "nginx");
    requireBinary(this, "openssl", "openssl");
    // Default trusted ranges (Cloudflare only): loopback is an untrusted peer. No AOP here.
    f = await startFixture(HOST, { upstreamMaxFails: 1, upstreamFailTimeoutSeconds: 60 }, false);
    ca = readFileSync(f.cert.certPath, "utf8");
  });

  after(async () => f?.stop());

  it("ignores CF-Connecting-IP from a peer outside Cloudflare's ranges", async () => {
    const r = await send({
      port: f.edge.ports.https,
      tls: { servername: HOST, ca },
      headers: { "CF-Connecting-IP": "203.0.113.7", "X-Request-ID": "req-spoof-0001" },
    });
    assert.equal(r.status, 200);
    const seen = f.healthy.seen.find((s) => s.headers["x-request-id"] === "req-spoof-0001")!;
    assert.equal(seen.headers["x-real-ip"], "127.0.0.1");
  });

  it("stops sending to a peer after max_fails failures within fail_timeout (circuit breaking)", async () => {
    for (let i = 0; i < 6; i++) {
      const r = await send({ port: f.edge.ports.https, tls: { servername: HOST, ca } });
      assert.equal(r.status, 200);
    }
    // Round robin sends one request to the failing peer; after that single failure it is skipped for 60 s.
    assert.equal(f.failing.seen.length, 1, `failing peer got ${f.failing.seen.length} requests; expected exactly one`);
  });
});
