// Runs the rendered nginx.conf for real on loopback, with two fake Kong upstreams, so tests can check
// behaviour (headers, real IP, retries, circuit breaking, redirects, AOP) instead of text.

import { ChildProcess, spawn } from "node:child_process";
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import { AddressInfo, createServer } from "node:net";
import { join } from "node:path";

import { NginxEdgeOptions, renderNginxConf } from "../../components/ingress/nginx-conf";
import { TestCert, TestClientCa, localNginxVersion, makeClientCa, makeEcdsaP256Cert } from "./external-binaries";

interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** A fake Kong proxy that answers every request with `status` and records what it received. */
export class FakeUpstream {
  readonly seen: SeenRequest[] = [];
  private server?: http.Server;
  port = 0;
  constructor(private readonly status: number) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        this.seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
        // The edge must replace these with its own single copy.
        res.writeHead(this.status, {
          "content-type": "application/json",
          "x-frame-options": "SAMEORIGIN",
          "x-powered-by": "fake",
        });
        res.end(JSON.stringify({ ok: this.status < 400 }));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  ids(method: string): string[] {
    return this.seen.filter((s) => s.method === method).map((s) => String(s.headers["x-request-id"]));
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface EdgeRequest {
  port: number;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  tls?: { servername: string; ca: string; cert?: string; key?: string };
}

export function send(r: EdgeRequest): Promise<Reply> {
  // Like Cloudflare, send the public name as Host (TLS requests default to the SNI name).
  const headers = { ...(r.tls ? { Host: r.tls.servername } : {}), ...r.headers };
  const common = {
    host: "127.0.0.1",
    port: r.port,
    path: r.path ?? "/",
    method: r.method ?? "GET",
    headers,
    agent: false as const,
  };
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    };
    const req = r.tls
      ? https.request(
          { ...common, servername: r.tls.servername, ca: r.tls.ca, cert: r.tls.cert, key: r.tls.key },
          onResponse,
        )
      : http.request(common, onResponse);
    req.on("error", reject);
    req.end(r.method === "POST" ? "{}" : undefined);
  });
}

export interface RunningEdge {
  ports: { http: number; https: number; status: number };
  /** Access log lines written so far, parsed as JSON. */
  accessLog(): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Render with `over`, start nginx in the foreground and wait until its health endpoint answers. */
async function startEdge(cert: TestCert, over: Partial<NginxEdgeOptions>, ca?: TestClientCa): Promise<RunningEdge> {
  const ports = { http: await freePort(), https: await freePort(), status: await freePort() };
  const name = `run-${ports.https}`;
  const dir = cert.dir;
  chmodSync(dir, 0o755); // workers may run as another user when tests run as root
  const tempDir = join(dir, name);
  mkdirSync(tempDir, { mode: 0o755 });
  const conf = join(dir, `${name}.conf`);
  writeFileSync(
    conf,
    renderNginxConf({
      nginxVersion: localNginxVersion(),
      serverNames: ["api.example.test"],
      upstreamServers: ["127.0.0.1:1"],
      tlsCertificatePath: cert.certPath,
      tlsKeyPath: cert.keyPath,
      clientCaPath: ca?.caPath,
      tempDir,
      httpPort: ports.http,
      httpsPort: ports.https,
      statusPort: ports.status,
      workerProcesses: 1,
      ...over,
    }),
  );
  const logPath = join(dir, `${name}.log`);
  const fd = openSync(logPath, "w");
  const proc: ChildProcess = spawn("nginx", ["-c", conf, "-p", `${dir}/`, "-g", "daemon off;"], {
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      if ((await send({ port: ports.status, path: "/nginx-health" })).status === 200) break;
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`nginx did not start: ${readFileSync(logPath, "utf8")}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    ports,
    accessLog: () =>
      readFileSync(logPath, "utf8")
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l)),
    stop: async () => {
      proc.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    },
  };
}

/** A running edge in front of one failing (502) and one healthy fake Kong pod, plus its certificates. */
export interface EdgeFixture {
  cert: TestCert;
  ca?: TestClientCa;
  failing: FakeUpstream;
  healthy: FakeUpstream;
  edge: RunningEdge;
  stop(): Promise<void>;
}

export async function startFixture(
  host: string,
  over: Partial<NginxEdgeOptions>,
  withClientCa: boolean,
): Promise<EdgeFixture> {
  const cert = makeEcdsaP256Cert(host);
  const ca = withClientCa ? makeClientCa(cert.dir) : undefined;
  const failing = new FakeUpstream(502);
  const healthy = new FakeUpstream(200);
  await failing.start();
  await healthy.start();
  const edge = await startEdge(
    cert,
    { upstreamServers: [`127.0.0.1:${failing.port}`, `127.0.0.1:${healthy.port}`], ...over },
    ca,
  );
  return {
    cert,
    ca,
    failing,
    healthy,
    edge,
    stop: async () => {
      await edge.stop();
      await failing.stop();
      await healthy.stop();
      rmSync(cert.dir, { recursive: true, force: true });
    },
  };
}
