/**
 * The contract every Python service keeps with the platform (probes, readiness semantics, metrics, logs,
 * configuration errors, graceful shutdown), checked against the real app started from its Dockerfile's
 * ENTRYPOINT + CMD with Debian's Python. fastapi.test.ts and flask.test.ts call this, then add the tests of
 * their own example endpoint.
 */
import { strict as assert } from "assert";
import { randomBytes } from "crypto";
import * as fs from "fs";

import {
  freePort,
  quickStopService,
  RunningService,
  startService,
  stopService,
  waitForHttp,
} from "../../apps/local-run";
import { finalStage, parseDockerfile } from "../../apps/dockerfile";
import { AppService, repoPath } from "../../config/apps";
import { DEBIAN_PACKAGES, get, getJson, missingPython, PYTHON, requireOrSkip, sample } from "./support";
import { FakeCollector, itTraces, tracingEnv } from "./tracing";

interface ServiceUnderTest {
  service: AppService;
  /** A request path that matches a templated route, and the template expected as the metrics label. */
  templated: { path: string; route: string };
  /** Tests of the service's example endpoint, given the base URL of a running instance. */
  exampleTests: (baseUrl: () => string) => void;
}

function imageEnv(service: AppService): Record<string, string> {
  return finalStage(parseDockerfile(fs.readFileSync(repoPath(service.dockerfile), "utf8"))).env;
}

const SLO_BUCKETS = ["0.05", "0.1", "0.25", "0.5", "1.0", "2.5"];

type Readiness = { status: string; checks: Record<string, { status: string; error?: string; reason?: string }> };

/**
 * Starts `service` with the image's settings plus `env`. Instances other than the main one run a single
 * worker (WEB_CONCURRENCY=1) unless `env` says otherwise: the suite stays fast on a 2-core machine.
 */
async function launch(service: AppService, env: Record<string, string> = {}): Promise<RunningService> {
  return startService(service, {
    host: "127.0.0.1",
    port: await freePort(),
    python: PYTHON,
    env: { WEB_CONCURRENCY: "1", ...env },
  });
}

export async function launchReady(service: AppService, env: Record<string, string> = {}): Promise<RunningService> {
  const running = await launch(service, env);
  try {
    await waitForHttp(running, service.livenessPath, 20_000);
  } catch (error) {
    await stopService(running);
    throw error;
  }
  return running;
}

export function describeService(sut: ServiceUnderTest): void {
  const { service } = sut;
  describe(`${service.name} service (${service.dockerfile} ENTRYPOINT+CMD, run locally)`, function () {
    this.timeout(30_000);
    const secret = { password: `pw-${randomBytes(6).toString("hex")}`, token: `tok-${randomBytes(6).toString("hex")}` };
    let plain: RunningService;
    // One worker, exporting traces to `collector` as the platform configures every pod (tracing.ts tests them).
    let unreachable: RunningService;
    const collector = new FakeCollector();
    // Exits on its own at start-up (malformed DATABASE_PORT); launched in before() so it starts alongside the others.
    let malformed: RunningService;

    before(async function () {
      requireOrSkip(this, missingPython(service.name), DEBIAN_PACKAGES);
      const [dbPort, redisPort] = [await freePort(), await freePort()]; // nothing listens there
      const traces = tracingEnv(service, await collector.start());
      [plain, unreachable, malformed] = await Promise.all([
        // The image's own worker count (2): /metrics must sum the workers' counters (multiprocess mode).
        launchReady(service, { WEB_CONCURRENCY: imageEnv(service).WEB_CONCURRENCY }),
        launchReady(service, {
          DATABASE_HOST: "127.0.0.1",
          DATABASE_PORT: String(dbPort),
          DATABASE_NAME: "app",
          DATABASE_USER: "app",
          DATABASE_PASSWORD: secret.password,
          REDIS_HOST: "127.0.0.1",
          REDIS_PORT: String(redisPort),
          REDIS_AUTH_TOKEN: secret.token,
          READINESS_CHECK_TIMEOUT_SECONDS: "2",
          ...traces,
        }),
        launch(service, { DATABASE_HOST: "db", DATABASE_NAME: "app", DATABASE_USER: "app", DATABASE_PORT: "abc" }),
      ]);
    });

    after(async () => {
      // SIGTERM is tested below on `unreachable`; the others get a quick stop, without gunicorn's ~1 s of grace.
      await Promise.all([plain, unreachable, malformed].filter(Boolean).map((r) => quickStopService(r)));
      await collector.stop();
    });

    it(`answers ${service.livenessPath} with 200 {"status":"ok"}`, async () => {
      const { status, body } = await getJson(plain.url + service.livenessPath);
      assert.equal(status, 200);
      assert.deepEqual(body, { status: "ok" });
    });

    it("stays live while its dependencies are down (liveness checks no dependency)", async () => {
      const { status } = await getJson(unreachable.url + service.livenessPath);
      assert.equal(status, 200);
    });

    it(`answers ${service.readinessPath} 200 with both dependencies "skipped" when none is configured`, async () => {
      const { status, body } = await getJson<Readiness>(plain.url + service.readinessPath);
      assert.equal(status, 200);
      assert.equal(body.status, "ready");
      assert.equal(body.checks.postgres.status, "skipped");
      assert.equal(body.checks.redis.status, "skipped");
    });

    it(`answers ${service.readinessPath} 503 naming each unreachable dependency, without echoing secrets`, async () => {
      const result = await get(unreachable.url + service.readinessPath);
      assert.equal(result.status, 503);
      const body = JSON.parse(result.text) as Readiness;
      assert.equal(body.status, "not ready");
      assert.equal(body.checks.postgres.status, "error");
      assert.equal(body.checks.redis.status, "error");
      assert.match(body.checks.postgres.error ?? "", /refused|connect/i);
      assert.match(body.checks.redis.error ?? "", /refused|connect/i);
      assert.ok(!result.text.includes(secret.password) && !result.text.includes(secret.token), result.text);
    });

    it("counts requests in /metrics by method, route template and status, with SLO latency buckets", async () => {
      const before = (await get(plain.url + service.metricsPath)).text;
      const labels = { method: "GET", route: sut.templated.route, status: "200" };
      const start = sample(before, "http_requests_total", labels) ?? 0;
      for (let i = 0; i < 5; i++) assert.equal((await get(plain.url + sut.templated.path)).status, 200);
      assert.equal((await get(plain.url + "/no/such/path")).status, 404);

      const metrics = await get(plain.url + service.metricsPath);
      assert.match(metrics.contentType, /^text\/plain/);
      assert.equal(sample(metrics.text, "http_requests_total", labels), start + 5);
      assert.ok((sample(metrics.text, "http_requests_total", { route: "unmatched", status: "404" }) ?? 0) >= 1);
      assert.match(metrics.text, /# TYPE http_request_duration_seconds histogram/);
      const route = { method: "GET", route: sut.templated.route };
      assert.ok((sample(metrics.text, "http_request_duration_seconds_count", route) ?? 0) >= 5);
      for (const le of SLO_BUCKETS) {
        assert.notEqual(
          sample(metrics.text, "http_request_duration_seconds_bucket", { ...route, le }),
          undefined,
          `bucket le=${le}`,
        );
      }
    });

    it("logs JSON lines to stdout, with no secret, header or query string in them", async () => {
      const response = await fetch(`${unreachable.url}${service.livenessPath}?api_key=${secret.token}`, {
        headers: { Authorization: `Bearer ${secret.password}`, "X-Request-ID": "req-123" },
      });
      assert.equal(response.status, 200);
      // The access-log line reaches the pipe after the response: wait for it (20 ms steps, 3 s at most).
      for (let i = 0; i < 150 && !unreachable.output().includes('"req-123"'); i++)
        await new Promise((r) => setTimeout(r, 20));
      const lines = unreachable
        .output()
        .split("\n")
        .filter((l) => l.trim() !== "");
      for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `not JSON: ${line}`);
      const access = lines.map((l) => JSON.parse(l)).find((e) => e.request_id === "req-123");
      assert.ok(access, "an access-log line with the request id");
      assert.equal(access.path, service.livenessPath);
      assert.equal(access.status, 200);
      const all = unreachable.output();
      assert.ok(!all.includes(secret.password) && !all.includes(secret.token), "a secret reached the logs");
    });

    it("refuses to start on a malformed variable, naming it", async () => {
      const bad = malformed;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((r) => (timer = setTimeout(() => r("still running after 15 s"), 15_000)));
      const code = await Promise.race([bad.exited, timeout]);
      clearTimeout(timer);
      const output = bad.output();
      await stopService(bad);
      assert.equal(code, 2, `exit code (the entrypoint's configuration check exits 2): ${code}`);
      assert.match(output, /DATABASE_PORT: expected a TCP port between 1 and 65535, got 'abc'/);
    });

    // As `it`s of this suite, not a nested describe: mocha runs nested suites after the SIGTERM test below.
    itTraces(service, sut.templated, () => unreachable, collector);

    it("exits 0 on SIGTERM (graceful shutdown, as on pod termination, with the trace exporter running)", async () => {
      const code = await stopService(unreachable, 15_000);
      assert.equal(code, 0);
    });

    describe("example endpoint", () => sut.exampleTests(() => plain.url));
  });
}
