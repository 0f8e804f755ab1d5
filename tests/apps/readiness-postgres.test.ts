/**
 * The database path against a real PostgreSQL (one throwaway cluster for this file, tests/support/postgres.ts):
 * the role bootstrap Job's program creates the services' roles (twice: idempotent), a created role logs in, and
 * the apps' /readyz is exercised with the server up, down, with a wrong password, and idle. Connections are
 * counted on the server (log_connections, pg_stat_activity), so "probes do not open connections" is measured
 * where it matters, not inferred from the app's own answer.
 */
import { strict as assert } from "assert";
import { randomBytes } from "crypto";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { freePort, quickStopService, RunningService } from "../../apps/local-run";
import { AppService, SERVICES } from "../../config/apps";
import { DB_ROLE_SCRIPT } from "../../components/workloads/db-roles";
import { missingPostgres, POSTGRES_PACKAGE, PostgresServer, startPostgres } from "../support/postgres";
import { launchReady } from "./contract";
import { DEBIAN_PACKAGES, getJson, missingPython, PYTHON, requireOrSkip } from "./support";

type PgCheck = { status: string; error?: string; checked?: string };
type Readiness = { status: string; checks: { postgres: PgCheck } };

const DATABASE = "app";
const MASTER = { username: "dbadmin", password: `master-${randomBytes(6).toString("hex")}` };
const LOGIN_PASSWORD = `login-${randomBytes(6).toString("hex")}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// How long a successful check is reused in the instances that re-check (READINESS_CACHE_SECONDS), in ms: short,
// so 20 probes 15 ms apart span several re-checks; the production default (30 s) is tested in settings.
const CACHE_MS = 50;
const PROBE_GAP_MS = 15;

describe("PostgreSQL for real: role bootstrap and the apps' readiness (throwaway cluster on 127.0.0.1)", function () {
  this.timeout(60_000);
  let pg: PostgresServer;
  let stubDir = "";
  const running: RunningService[] = [];
  const CACHE = { READINESS_CACHE_SECONDS: String(CACHE_MS / 1000) };
  const LAZY = { READINESS_DB: "lazy", ...CACHE, DATABASE_IDLE_CLOSE_SECONDS: "0.2" };
  const OTHER_PASSWORD = `other-${randomBytes(4).toString("hex")}`;
  // Started in before() and awaited by the first test that probes (a service does not touch the database until its
  // first probe): their Python start-up overlaps the cluster's and the role Job. The tests run in order, the role
  // bootstrap first.
  // - items (FastAPI, READINESS_DB=lazy): meets a wrong password first (the role's is changed on the server), then
  //   the right one, then idles (the lazy pod that proved itself);
  // - orders (Flask, READINESS_DB=always, the default): its first probe proves the role, then 20 more probes;
  // - fresh (Flask, READINESS_DB=lazy, role orders): first probed while the server is down (a new lazy pod).
  // Each role's sessions on the server are one instance's, so the counts below are per instance.
  type Apps = Record<"items" | "orders" | "fresh", RunningService>;
  let launching: Promise<Apps>;
  let pgPort = 0;
  const baseline = { items: 0, orders: 0 }; // connections of each role before its instance's first successful probe

  before(async function () {
    requireOrSkip(this, missingPostgres(), POSTGRES_PACKAGE);
    requireOrSkip(this, missingPython("flask") ?? missingPython("fastapi"), DEBIAN_PACKAGES);
    // The apps start first (they need only the server's address): their Python start-up overlaps the cluster's.
    pgPort = await freePort();
    launching = Promise.all([
      launch(SERVICES.fastapi, "items", LAZY),
      launch(SERVICES.flask, "orders", { READINESS_DB: "always", ...CACHE }),
      launch(SERVICES.flask, "orders", LAZY),
    ]).then(([items, orders, fresh]) => ({ items, orders, fresh }));
    launching.catch(() => undefined); // awaited (and reported) by the tests
    pg = await startPostgres({ port: pgPort });
    // What Aurora provides before the Job runs: the rds_iam role, a master user that is not a superuser (it holds
    // rds_superuser, which may create roles and grant rds_iam; the ADMIN OPTION stands in for that here, and
    // PostgreSQL 16+ requires it), and the initial database, owned by the master user. CONNECT is revoked from
    // PUBLIC so that only the Job's grant lets a service in.
    pg.psql([
      "CREATE ROLE rds_iam NOLOGIN",
      `CREATE ROLE ${MASTER.username} LOGIN CREATEROLE PASSWORD '${MASTER.password}'`,
      `GRANT rds_iam TO ${MASTER.username} WITH ADMIN OPTION`,
      `CREATE DATABASE ${DATABASE} OWNER ${MASTER.username}`,
      `REVOKE CONNECT ON DATABASE ${DATABASE} FROM PUBLIC`,
    ]);
    // The Job's only AWS call is Secrets Manager's GetSecretValue for the master secret: a stand-in boto3 answers it;
    // psycopg is the real driver, talking to the real server.
    stubDir = fs.mkdtempSync(path.join(os.tmpdir(), "edgestack-db-role-"));
    fs.writeFileSync(
      path.join(stubDir, "boto3.py"),
      [
        "import os",
        "class _SecretsManager:",
        "    def get_secret_value(self, SecretId):",
        "        assert SecretId == os.environ['MASTER_SECRET_ARN']",
        "        return {'SecretString': os.environ['STUB_MASTER_SECRET']}",
        "def client(name, region_name=None):",
        "    assert name == 'secretsmanager'",
        "    return _SecretsManager()",
      ].join("\n"),
    );
  });

  after(async () => {
    await launching?.catch(() => undefined);
    await Promise.all(running.map((r) => quickStopService(r)));
    pg?.remove();
    if (stubDir) fs.rmSync(stubDir, { recursive: true, force: true });
  });

  /** The Job's program for `role`; both roles' runs go in parallel (the services' Jobs are separate pods). */
  function runRoleJob(role: string): Promise<{ status: number | null; out: string }> {
    const child = spawn(PYTHON, ["-c", DB_ROLE_SCRIPT], {
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 30_000,
      env: {
        PATH: process.env.PATH ?? "",
        PYTHONPATH: stubDir,
        PYTHONDONTWRITEBYTECODE: "1",
        DB_ROLE: role,
        AWS_REGION: "us-east-1",
        DATABASE_HOST: pg.host,
        DATABASE_PORT: String(pg.port),
        DATABASE_NAME: DATABASE,
        MASTER_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:111122223333:secret:rds!cluster-test",
        STUB_MASTER_SECRET: JSON.stringify(MASTER),
      },
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    return new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, out: out.trim() }));
    });
  }

  async function launch(service: AppService, role: string, env: Record<string, string> = {}): Promise<RunningService> {
    const app = await launchReady(service, {
      DATABASE_HOST: "127.0.0.1",
      DATABASE_PORT: String(pgPort),
      DATABASE_NAME: DATABASE,
      DATABASE_USER: role,
      DATABASE_PASSWORD: LOGIN_PASSWORD,
      DATABASE_SSLMODE: "require",
      ...env,
    });
    running.push(app);
    return app;
  }
  const probe = (app: RunningService) => getJson<Readiness>(app.url + "/readyz");
  const held = (role: string) => Number(pg.psql(`SELECT count(*) FROM pg_stat_activity WHERE usename = '${role}'`));

  it("the role Job creates each service's role with rds_iam and CONNECT, and a second run changes nothing", async () => {
    const twice = async (role: string) => [await runRoleJob(role), await runRoleJob(role)];
    const [items, orders] = await Promise.all([twice("items"), twice("orders")]);
    const runs = { items, orders };
    for (const role of ["items", "orders"] as const) {
      const [first, again] = runs[role];
      assert.equal(first.status, 0, first.out);
      assert.deepEqual(JSON.parse(first.out), { role, status: "created" });
      assert.equal(again.status, 0, again.out);
      assert.deepEqual(JSON.parse(again.out), { role, status: "present" });
      assert.equal(
        pg.psql(
          `SELECT rolcanlogin, pg_has_role('${role}', 'rds_iam', 'MEMBER'), has_database_privilege('${role}', '${DATABASE}', 'CONNECT') FROM pg_roles WHERE rolname = '${role}'`,
        ),
        "t|t|t",
      );
    }
    for (const run of [...items, ...orders]) assert.ok(!run.out.includes(MASTER.password));
    // The services log in with IAM tokens, which only RDS's rds_iam authentication accepts. Locally the created
    // roles get a password instead (test only), so the rest of this file logs in as the roles the Job made.
    for (const role of ["items", "orders"]) pg.psql(`ALTER ROLE ${role} PASSWORD '${LOGIN_PASSWORD}'`);
  });

  it("is unready with a wrong password, naming the failure without echoing the password", async () => {
    // The pod's password is not the role's (a rotated or mistyped secret): the server has another one for now.
    pg.psql(`ALTER ROLE items PASSWORD '${OTHER_PASSWORD}'`);
    const { items } = await launching;
    const { status, body } = await probe(items);
    pg.psql(`ALTER ROLE items PASSWORD '${LOGIN_PASSWORD}'`);
    assert.equal(status, 503);
    assert.match(body.checks.postgres.error ?? "", /password authentication failed for user "items"/);
    assert.ok(!JSON.stringify(body).includes(LOGIN_PASSWORD));
    assert.ok(!JSON.stringify(body).includes(OTHER_PASSWORD));
  });

  it("both services become ready as the role the Job created (TLS + password + SELECT 1)", async () => {
    const apps = await launching;
    baseline.items = pg.connectionsAuthorized("items");
    baseline.orders = pg.connectionsAuthorized("orders");
    for (const app of [apps.items, apps.orders]) {
      const { status, body } = await probe(app);
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.checks.postgres.status, "ok");
      assert.equal(body.checks.postgres.checked, "now");
    }
  });

  it("READINESS_DB=always: 20 probes re-check on one held connection", async () => {
    const app = (await launching).orders; // proved itself in the test above: that probe opened the connection
    const checked: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { status, body } = await probe(app);
      assert.equal(status, 200, JSON.stringify(body));
      checked.push(body.checks.postgres.checked ?? "");
      await sleep(PROBE_GAP_MS);
    }
    assert.ok(checked.filter((c) => c === "now").length >= 4, `round trips happened: ${checked.join(",")}`);
    assert.equal(pg.connectionsAuthorized("orders") - baseline.orders, 1, "1 + 20 probes, one connection");
    assert.equal(held("orders"), 1);
  });

  it("READINESS_DB=lazy (dev): an idle pod stays ready without connecting", async () => {
    // items proved itself (checked "now") two tests ago, and nothing has used its database since. Idle for longer
    // than the idle close (0.2 s): probes keep coming (every 15 ms, at least 20, until one answers from the earlier
    // proof), none opens a connection, and the proof's connection is closed, so the server sees no session at all
    // (what lets Aurora pause).
    const app = (await launching).items;
    let probes = 1;
    let last = "";
    for (; probes <= 20 || (last !== "lazy" && probes < 200); probes++) {
      const { status, body } = await probe(app);
      assert.equal(status, 200, JSON.stringify(body));
      last = body.checks.postgres.checked ?? "";
      await sleep(PROBE_GAP_MS);
    }
    assert.equal(last, "lazy");
    assert.equal(pg.connectionsAuthorized("items") - baseline.items, 1, `${probes} probes, one connection`);
    assert.equal(held("items"), 0, "no connection held while idle");
  });

  it("server down: always is unready, and ready again after one reconnect; an idle lazy pod stays ready; a new lazy pod is not ready before it reaches the server", async () => {
    const { items: idle, orders: always, fresh } = await launching;
    pg.stop();
    await sleep(CACHE_MS + 50); // the last success of "always" is no longer reused
    const down = await probe(always);
    assert.equal(down.status, 503);
    assert.equal(down.body.checks.postgres.status, "error");
    assert.equal((await probe(fresh)).status, 503, "a new pod must reach the database once before it is ready");
    // The pod that proved itself stays ready while nothing uses the database (the documented trade-off of lazy).
    assert.equal((await probe(idle)).status, 200);
    pg.start();
    const up = await probe(always);
    assert.equal(up.status, 200, JSON.stringify(up.body));
    assert.equal(pg.connectionsAuthorized("orders") - baseline.orders, 2, "one reconnect after the restart");
    assert.equal((await probe(fresh)).status, 200);
  });
});
