/**
 * The services log in to PostgreSQL as roles that must exist before their pods can become ready: a Job per service
 * creates its role first. Checked here: the ordering, what the Job may read, how its pod runs, and what its
 * program does against stand-in boto3/psycopg modules (the real ones need AWS and a database).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DB_ROLE_SERVICE_ACCOUNT } from "../../components/workloads/db-role-bootstrap";
import { DB_ROLE_SCRIPT } from "../../components/workloads/db-roles";
import { PYTHON, requireOrSkip } from "../apps/support";
import { input, stackRun } from "../harness";
import { DependencyGraph } from "./graph";

const JOB = "kubernetes:batch/v1:Job";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";

describe("real-deploy database roles", () => {
  it("each service's Deployment waits for the Job that creates its role, run with the service's own image", async () => {
    for (const stack of ["dev", "prod"] as const) {
      const g = new DependencyGraph(await stackRun(stack));
      const deployments = g.ofType(DEPLOYMENT).filter((d) => input(d, "metadata.namespace") === "apps");
      assert.ok(deployments.length >= 2);
      for (const d of deployments) {
        const name = String(input(d, "metadata.name"));
        const job = g.ofType(JOB).find((j) => input(j, "metadata.name") === `${name}-db-role`);
        assert.ok(job, `${stack}: a role Job for ${name}`);
        assert.ok(g.waitsFor(d).has(job.urn), `${stack}: ${name} starts before its role exists`);
        const [c] = input(job, "spec.template.spec.containers");
        assert.strictEqual(c.image, input(d, "spec.template.spec.containers")[0].image);
        const env = Object.fromEntries((c.env as { name: string; value: string }[]).map((e) => [e.name, e.value]));
        assert.strictEqual(env.DB_ROLE, name, "the role is the one the service logs in as");
        assert.strictEqual(
          env.DB_ROLE,
          input(d, "spec.template.spec.containers")[0].env.find((e: { name: string }) => e.name === "DATABASE_USER")
            .value,
        );
        assert.match(
          env.DATABASE_HOST,
          /\.cluster-[a-z0-9]+\.us-east-1\.rds\.amazonaws\.com$/,
          "the writer, not the proxy",
        );
        assert.ok(!Object.keys(env).some((k) => /PASSWORD|TOKEN/.test(k)), "no credential in the Job spec");
      }
    }
  });

  it("the Jobs' role may read only the master secret, and only the Jobs' service account may assume it", async () => {
    const run = await stackRun("prod");
    const g = new DependencyGraph(run);
    const role = g.ofType("aws:iam/role:Role").find((r) => r.name === "services-db-roles")!;
    const trust = JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0];
    assert.deepStrictEqual(
      Object.entries(trust.Condition.StringEquals).find(([k]) => k.endsWith(":sub"))![1],
      `system:serviceaccount:apps:${DB_ROLE_SERVICE_ACCOUNT}`,
    );
    const policy = JSON.parse(
      String(g.ofType("aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "services-db-roles")!.inputs.policy),
    );
    const cluster = g.ofType("aws:rds/cluster:Cluster")[0];
    assert.deepStrictEqual(
      policy.Statement.map((s: { Action: string }) => s.Action),
      ["secretsmanager:GetSecretValue", "kms:Decrypt"],
    );
    assert.match(policy.Statement[0].Resource, /:secret:rds!cluster-/);
    assert.strictEqual(policy.Statement[1].Resource, cluster.inputs.kmsKeyId);
    assert.strictEqual(
      policy.Statement[1].Condition.StringEquals["kms:ViaService"],
      "secretsmanager.us-east-1.amazonaws.com",
    );
  });

  it("the Job's pod meets the namespace's 'restricted' standard, gets no sidecar and gives up in bounded time", async () => {
    const job = new DependencyGraph(await stackRun("prod")).ofType(JOB)[0];
    const pod = input(job, "spec.template");
    const [c] = pod.spec.containers;
    // The label (not the annotation) keeps istiod's injection webhook from being called at all.
    assert.strictEqual(
      pod.metadata.labels["sidecar.istio.io/inject"],
      "false",
      "a sidecar would keep the pod running after the script",
    );
    assert.deepStrictEqual(
      [
        pod.spec.securityContext.runAsNonRoot,
        c.securityContext.allowPrivilegeEscalation,
        c.securityContext.capabilities.drop,
        c.securityContext.readOnlyRootFilesystem,
      ],
      [true, false, ["ALL"], true],
    );
    assert.strictEqual(pod.spec.serviceAccountName, DB_ROLE_SERVICE_ACCOUNT);
    assert.ok(input(job, "spec.backoffLimit") >= 3 && input(job, "spec.activeDeadlineSeconds") <= 1800);
    assert.ok(c.resources.requests.memory && c.resources.limits.memory);
  });

  describe("its program (python3 with stand-in boto3 and psycopg)", () => {
    const password = "S3cret-master-pw-0123456789";
    let dir = "";
    before(function () {
      requireOrSkip(this, fs.existsSync(PYTHON) ? null : `${PYTHON} not found`, "python3");
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "db-role-"));
      fs.writeFileSync(
        path.join(dir, "boto3.py"),
        [
          "import json, os",
          "class _SM:",
          "    def get_secret_value(self, SecretId):",
          "        assert SecretId == os.environ['MASTER_SECRET_ARN']",
          "        return {'SecretString': json.dumps({'username': 'dbadmin', 'password': os.environ['STUB_PASSWORD']})}",
          "def client(name, region_name=None):",
          "    assert name == 'secretsmanager' and region_name == os.environ['AWS_REGION']",
          "    return _SM()",
        ].join("\n"),
      );
      fs.writeFileSync(
        path.join(dir, "psycopg.py"),
        [
          "import json, os",
          "def _log(x):",
          "    with open(os.environ['STUB_LOG'], 'a') as f: f.write(json.dumps(x) + '\\n')",
          "class _Cursor:",
          "    row = None",
          "    def execute(self, q, params=None):",
          "        _log({'sql': q, 'params': params})",
          "        if q.startswith('SELECT 1 FROM pg_roles'): self.row = (1,) if params[0] in os.environ.get('STUB_EXISTING', '').split(',') else None",
          "    def fetchone(self): return self.row",
          "class _Tx:",
          "    def __enter__(self): _log({'transaction': 'begin'})",
          "    def __exit__(self, *exc): _log({'transaction': 'rollback' if exc[0] else 'commit'})",
          "class _Conn:",
          "    def cursor(self): return _Cursor()",
          "    def transaction(self): return _Tx()",
          "    def close(self): _log({'closed': True})",
          "def connect(**kw):",
          "    _log({'connect': {k: v for k, v in kw.items() if k != 'password'}, 'password_ok': kw.get('password') == os.environ['STUB_PASSWORD']})",
          "    if os.environ.get('STUB_FAIL'): raise RuntimeError(os.environ['STUB_FAIL'])",
          "    return _Conn()",
        ].join("\n"),
      );
    });
    after(() => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    function runScript(extra: Record<string, string>) {
      const log = path.join(dir, `log-${Math.random().toString(16).slice(2)}.jsonl`);
      const r = spawnSync(PYTHON, ["-c", DB_ROLE_SCRIPT], {
        encoding: "utf8",
        timeout: 20_000,
        env: {
          PATH: process.env.PATH ?? "",
          PYTHONPATH: dir,
          STUB_LOG: log,
          STUB_PASSWORD: password,
          DB_ROLE: "items",
          AWS_REGION: "us-east-1",
          DATABASE_HOST: "db.cluster-x.us-east-1.rds.amazonaws.com",
          DATABASE_PORT: "5432",
          DATABASE_NAME: "app",
          MASTER_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:1:secret:rds!cluster-a",
          ...extra,
        },
      });
      const calls = fs.existsSync(log)
        ? fs
            .readFileSync(log, "utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l))
        : [];
      return {
        status: r.status,
        out: r.stdout + r.stderr,
        calls,
        sql: calls.filter((c) => c.sql).map((c) => c.sql as string),
      };
    }

    it("creates a missing role with IAM login and CONNECT, as the master user over TLS", () => {
      const r = runScript({});
      assert.strictEqual(r.status, 0, r.out);
      assert.deepStrictEqual(JSON.parse(r.out), { role: "items", status: "created" });
      assert.deepStrictEqual(r.calls[0], {
        connect: {
          host: "db.cluster-x.us-east-1.rds.amazonaws.com",
          port: 5432,
          dbname: "app",
          user: "dbadmin",
          sslmode: "require",
          connect_timeout: 30,
          autocommit: true,
          application_name: "edgestack-db-role",
        },
        password_ok: true,
      });
      assert.deepStrictEqual(r.sql, [
        "SELECT pg_advisory_xact_lock(%s)",
        "SELECT 1 FROM pg_roles WHERE rolname = %s",
        'CREATE ROLE "items" LOGIN',
        'GRANT rds_iam TO "items"',
        'GRANT CONNECT ON DATABASE "app" TO "items"',
      ]);
      // All of it in one transaction behind the lock every role Job takes: the services' Jobs run at the same time.
      const tx = r.calls.filter((c) => c.transaction || c.sql).map((c) => c.transaction ?? "sql");
      assert.deepStrictEqual(tx, ["begin", "sql", "sql", "sql", "sql", "sql", "commit"]);
      assert.deepStrictEqual(r.calls.at(-1), { closed: true });
    });

    it("leaves an existing role alone and only re-grants (safe to rerun)", () => {
      const r = runScript({ STUB_EXISTING: "items" });
      assert.strictEqual(r.status, 0, r.out);
      assert.deepStrictEqual(JSON.parse(r.out), { role: "items", status: "present" });
      assert.ok(!r.sql.some((q) => q.startsWith("CREATE ROLE")));
      assert.deepStrictEqual(r.sql.slice(2), [
        'GRANT rds_iam TO "items"',
        'GRANT CONNECT ON DATABASE "app" TO "items"',
      ]);
    });

    it("fails with exit 1 and one line that names the error, never the password", () => {
      const r = runScript({ STUB_FAIL: "connection to server failed: timeout expired\nsecond line" });
      assert.strictEqual(r.status, 1, r.out);
      assert.deepStrictEqual(JSON.parse(r.out), {
        role: "items",
        status: "failed",
        error: "RuntimeError: connection to server failed: timeout expired",
      });
      assert.ok(!r.out.includes(password));
    });
  });
});
