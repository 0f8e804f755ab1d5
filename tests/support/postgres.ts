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
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { freePort } from "../../apps/local-run";
import { ROOT } from "../../tools/stack-files";
import { makeEcdsaP256Cert } from "./certs";

/** Debian package that provides the server (installed by .ci/run). */
export const POSTGRES_PACKAGE = "postgresql";
const SUPERUSER = "postgres";
const INITDB_ARGS = [
  "-U",
  SUPERUSER,
  "-E",
  "UTF8",
  "--locale=C",
  "--no-sync",
  "--auth-local=trust",
  "--auth-host=scram-sha-256",
  // 1 MB WAL segments instead of 16: a smaller data directory to copy (see initCluster); nothing here depends on it.
  "--wal-segsize=1",
];
/** Pristine initdb output, one directory per server build + options + owner (see initCluster). */
const TEMPLATE_DIR = path.join(ROOT, "node_modules", ".cache", "edgestack-pg");

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
  /**
   * Runs SQL as the superuser over the unix socket; returns psql's unaligned, tuples-only output. Several
   * statements: one psql, each statement its own `-c` (so CREATE DATABASE is not inside a transaction).
   */
  psql(sql: string | string[], database?: string): string;
  /** Lines of the server log naming a connection authorized for `user` (log_connections), so far. */
  connectionsAuthorized(user: string): number;
  stop(): void;
  start(): void;
  /** Stops the server (if running) and deletes its directory. */
  remove(): void;
}

/** `port`: the one to listen on (default: a free one), e.g. chosen early so clients can start alongside. */
export async function startPostgres(opts: { port?: number } = {}): Promise<PostgresServer> {
  const bin = binDir();
  const owner = runAs();
  if (bin === null || owner === null) throw new Error(missingPostgres() ?? "postgres unavailable");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edgestack-pg-"));
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  const port = opts.port ?? (await freePort());
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

  initCluster(bin, owner, data, run);
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
        ...[sql].flat().flatMap((statement) => ["-c", statement]),
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

/**
 * initdb into `data`. Its output depends only on the server build, the options and the owner, and it is most of a
 * cluster's start-up (~1 s of CPU): the first run keeps a pristine copy under node_modules/.cache/edgestack-pg,
 * later runs copy it (`cp -a` keeps owner and modes, ~0.2 s). EDGESTACK_PG_TEMPLATE=0 runs initdb every time; a
 * cache that cannot be written only costs speed.
 */
function initCluster(
  bin: string,
  owner: { uid: number; gid: number },
  data: string,
  run: (cmd: string, args: string[]) => string,
): void {
  const initdb = (target: string) => run("initdb", ["-D", target, ...INITDB_ARGS]);
  if (process.env.EDGESTACK_PG_TEMPLATE === "0") return void initdb(data);
  const server = fs.statSync(path.join(bin, "postgres"));
  const key = createHash("sha256")
    .update(JSON.stringify([bin, server.size, server.mtimeMs, INITDB_ARGS, owner]))
    .digest("hex")
    .slice(0, 16);
  const template = path.join(TEMPLATE_DIR, key);
  try {
    if (!fs.existsSync(path.join(template, "PG_VERSION"))) {
      fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
      const scratch = fs.mkdtempSync(path.join(TEMPLATE_DIR, "tmp-"));
      try {
        fs.chownSync(scratch, owner.uid, owner.gid);
        initdb(path.join(scratch, "data"));
        // Entries of other builds go; a concurrent run may have made this one first (then keep theirs).
        for (const entry of fs.readdirSync(TEMPLATE_DIR))
          if (!entry.startsWith("tmp-") && entry !== key)
            fs.rmSync(path.join(TEMPLATE_DIR, entry), { recursive: true, force: true });
        if (!fs.existsSync(template)) fs.renameSync(path.join(scratch, "data"), template);
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    }
    const copy = spawnSync("cp", ["-a", template, data], { encoding: "utf8" });
    if (copy.status !== 0) throw new Error(`cp -a ${template}: ${copy.stderr}`);
  } catch {
    fs.rmSync(data, { recursive: true, force: true });
    initdb(data);
  }
}
