/**
 * Readiness against a real Redis (Debian's redis-server on loopback, AUTH required, no TLS): a correct
 * token makes the pod ready, a wrong one makes it unready with the authentication failure named. This is
 * the protocol-level half of the check that closed ports cannot show. One instance per service: the token it
 * holds is made wrong by changing the server's password (as a rotation the pod has not seen would).
 */
import { strict as assert } from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { freePort, quickStopService, RunningService } from "../../apps/local-run";
import { AppService, SERVICES } from "../../config/apps";
import { launchReady } from "./contract";
import { DEBIAN_PACKAGES, getJson, missingPython, requireOrSkip, withoutFakeTime } from "./support";

type Readiness = { status: string; checks: Record<string, { status: string; error?: string }> };

async function startRedis(port: number, password: string, dir: string): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    [
      "--bind",
      "127.0.0.1",
      "--port",
      String(port),
      "--requirepass",
      password,
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
    ],
    { stdio: "ignore", env: withoutFakeTime() },
  );
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const ping = spawnSync("redis-cli", ["-p", String(port), "-a", password, "--no-auth-warning", "PING"], {
      encoding: "utf8",
      env: withoutFakeTime(),
      timeout: 5_000,
    });
    if (ping.stdout.trim() === "PONG") return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server did not answer on port ${port}`);
}

/** CONFIG SET requirepass on the running server. */
function changePassword(port: number, from: string, to: string): void {
  const r = spawnSync(
    "redis-cli",
    ["-p", String(port), "-a", from, "--no-auth-warning", "CONFIG", "SET", "requirepass", to],
    { encoding: "utf8", env: withoutFakeTime(), timeout: 5_000 },
  );
  if (r.stdout.trim() !== "OK") throw new Error(`redis-cli CONFIG SET requirepass: ${r.stdout}${r.stderr}`);
}

describe("readiness against a real Redis (redis-server on loopback)", function () {
  this.timeout(30_000);
  const password = "correct-horse-battery";
  const rotated = "rotated-staple-battery";
  let redis: ChildProcess | undefined;
  let redisDir = "";
  let redisPort = 0;
  // Both started in before(), together: one Python start-up of wall.
  const apps = new Map<AppService, RunningService>();

  before(async function () {
    const hasRedis = spawnSync("redis-server", ["--version"], { env: withoutFakeTime(), timeout: 5_000 }).status === 0;
    requireOrSkip(this, hasRedis ? null : "redis-server not found", "redis-server");
    requireOrSkip(this, missingPython("fastapi") ?? missingPython("flask"), DEBIAN_PACKAGES);
    redisDir = fs.mkdtempSync(path.join(os.tmpdir(), "edgestack-redis-"));
    redisPort = await freePort();
    redis = await startRedis(redisPort, password, redisDir);
    const env = {
      REDIS_HOST: "127.0.0.1",
      REDIS_PORT: String(redisPort),
      REDIS_TLS: "false",
      REDIS_AUTH_TOKEN: password,
    };
    const services = Object.values(SERVICES);
    const settled = await Promise.allSettled(services.map((service) => launchReady(service, env)));
    settled.forEach((result, i) => result.status === "fulfilled" && apps.set(services[i], result.value));
    for (const result of settled) if (result.status === "rejected") throw result.reason;
  });

  after(async () => {
    // The shutdown is not under test here (contract.ts tests SIGTERM): quick stop, without gunicorn's ~1 s of grace.
    await Promise.all([...apps.values()].map((r) => quickStopService(r)));
    redis?.kill("SIGTERM");
    if (redisDir) fs.rmSync(redisDir, { recursive: true, force: true });
  });

  for (const service of Object.values(SERVICES)) {
    it(`${service.name}: ready with the right AUTH token, unready naming the auth failure with a wrong one`, async () => {
      const app = apps.get(service)!;
      const ok = await getJson<Readiness>(app.url + service.readinessPath);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.checks.redis.status, "ok");
      assert.equal(ok.body.checks.postgres.status, "skipped");

      // The server's password changes: the token the pod holds is now a wrong one (each check connects anew).
      changePassword(redisPort, password, rotated);
      let denied: { status: number; body: Readiness };
      try {
        denied = await getJson<Readiness>(app.url + service.readinessPath);
      } finally {
        changePassword(redisPort, rotated, password);
      }
      assert.equal(denied.status, 503);
      assert.equal(denied.body.checks.redis.status, "error");
      assert.match(denied.body.checks.redis.error ?? "", /auth|password|WRONGPASS/i);
      assert.ok(!JSON.stringify(denied.body).includes(password), "the pod's token is not echoed");
      assert.ok(!JSON.stringify(denied.body).includes(rotated));
    });
  }
});
