/**
 * A throwaway PostgreSQL cluster for tests: initdb in a new temp dir, TLS on (a self-signed certificate, as
 * `rds.force_ssl=1` makes Aurora refuse plain TCP), listening on 127.0.0.1 only on a free port, the unix socket
 * inside the temp dir, `log_connections` on so a test can count the connections a client really opened.
 * Start one per test file (`before`) and `remove()` it in `after`.
 *
 * PostgreSQL refuses to run as root: when the tests run as root (CI does), the server, initdb and psql run as
 * the `postgres` user Debian's package creates (spawn's uid/gid), and the temp dir is handed to that user.
 * Binaries come from Debian's versioned directory (/usr/lib/postgresql/<major>/bin, not on PATH) or from PATH.
 */
import { spawnSync, SpawnSyncOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { freePort } from "../../apps/local-run";
import { makeEcdsaP256Cert } from "./certs";

/** Debian package that provides the server (installed by .ci/run). */
export const POSTGRES_PACKAGE = "postgresql";
const SUPERUSER = "postgres";

function binDir(): string | null {
  const debian = "/usr/lib/postgresql";
  if (fs.existsSync(debian)) {
    const majors = fs
      .readdirSync(debian)
      .filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(debian, v, "bin", "initdb")));
    majors.sort((a, b) => Number(b) - Number(a));
    if (majors.length > 0) return path.join(debian, majors[0], "bin");
  }
  const found = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
  return found.status === 0 ? path.dirname(found.stdout.trim()) : null;
}

/** uid/gid to run the server as: ourselves, or the `postgres` user when we are root. */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  const id = (flag: string) => spawnSync("id", [flag, SUPERUSER], { encoding: "utf8" });
  const [u, g] = [id("-u"), id("-g")];
  return u.status === 0 && g.status === 0 ? { uid: Number(u.stdout), gid: Number(g.stdout) } : null;
}

/** Why no cluster can be started here, or null. */
export function missingPostgres(): string | null {
  if (binDir() === null) return "PostgreSQL server binaries (initdb, pg_ctl) not found";
  if (runAs() === null) return `running as root and there is no "${SUPERUSER}" user to run the server as`;
  if (spawnSync("openssl", ["version"]).status !== 0)
    return "openssl not found (needed for the server's TLS certificate)";
  return null;
}

export interface PostgresServer {
  host: "127.0.0.1";
  port: number;
  /** Runs SQL as the superuser over the unix socket; returns psql's unaligned, tuples-only output. */
  psql(sql: string, database?: string): string;
  /** Lines of the server log naming a connection authorized for `user` (log_connections), so far. */
  connectionsAuthorized(user: string): number;
  stop(): void;
  start(): void;
  /** Stops the server (if running) and deletes its directory. */
  remove(): void;
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  const owner = runAs();
  if (bin === null || owner === null) throw new Error(missingPostgres() ?? "postgres unavailable");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edgestack-pg-"));
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  const port = await freePort();
  const as: SpawnSyncOptions = {
    uid: owner.uid,
    gid: owner.gid,
    cwd: dir,
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" },
  };
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(path.join(bin, cmd), args, as);
    if (r.status !== 0)
      throw new Error(
        `${cmd} ${args.join(" ")} failed (${r.status ?? r.signal}): ${r.stderr}${r.stdout}\n${fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-2000) : ""}`,
      );
    return String(r.stdout);
  };

  fs.chownSync(dir, owner.uid, owner.gid);
  const { certPath: cert, keyPath: key } = makeEcdsaP256Cert("127.0.0.1", dir);
  for (const f of [cert, key]) fs.chownSync(f, owner.uid, owner.gid);
  fs.chmodSync(key, 0o600); // the server refuses a key others can read

  run("initdb", [
    "-D",
    data,
    "-U",
    SUPERUSER,
    "-E",
    "UTF8",
    "--locale=C",
    "--no-sync",
    "--auth-local=trust",
    "--auth-host=scram-sha-256",
  ]);
  fs.appendFileSync(
    path.join(data, "postgresql.conf"),
    [
      "",
      "# edgestack test cluster",
      "listen_addresses = '127.0.0.1'",
      `port = ${port}`,
      `unix_socket_directories = '${dir}'`,
      "ssl = on",
      `ssl_cert_file = '${cert}'`,
      `ssl_key_file = '${key}'`,
      "log_connections = on",
      "log_line_prefix = '%m [%p] '",
      // A throwaway cluster: durability off, for speed.
      "fsync = off",
      "synchronous_commit = off",
      "full_page_writes = off",
      "",
    ].join("\n"),
  );
  // TCP only with TLS and a password (like rds.force_ssl=1); the superuser only over the temp dir's socket.
  fs.writeFileSync(path.join(data, "pg_hba.conf"), "local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n");

  let running = false;
  const server: PostgresServer = {
    host: "127.0.0.1",
    port,
    psql: (sql, database = "postgres") =>
      run("psql", [
        "-X",
        "-q",
        "-A",
        "-t",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        dir,
        "-p",
        String(port),
        "-U",
        SUPERUSER,
        "-d",
        database,
        "-c",
        sql,
      ]).trim(),
    connectionsAuthorized: (user) => {
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "";
      return log.split("\n").filter((l) => l.includes(`connection authorized: user=${user} `)).length;
    },
    start: () => {
      run("pg_ctl", ["-D", data, "-l", logFile, "-w", "-t", "30", "start"]);
      running = true;
    },
    stop: () => {
      if (running) run("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]);
      running = false;
    },
    remove: () => {
      try {
        server.stop();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  try {
    server.start();
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return server;
}
