/**
 * Readiness edge cases of the shared edgeapp module, run through the Flask service (the module is the same
 * in both images; Flask starts faster): a dependency that accepts TCP but never answers is cut off by the
 * check timeout, and IAM authentication signs a token locally and then attempts the connection.
 */
import { strict as assert } from "assert";
import * as net from "net";

import { freePort, quickStopService, RunningService } from "../../apps/local-run";
import { SERVICES } from "../../config/apps";
import { launchReady } from "./contract";
import { DEBIAN_PACKAGES, getJson, missingPython, requireOrSkip } from "./support";

type Readiness = { status: string; checks: Record<string, { status: string; error?: string; latency_ms?: number }> };

describe("readiness edge cases (flask image, shared edgeapp.readiness)", function () {
  this.timeout(30_000);
  const service = SERVICES.flask;
  const running: RunningService[] = [];
  let silent: net.Server | undefined;
  const sockets = new Set<net.Socket>();

  // Both instances start together in before() (each is idle until its test probes it): one Python start-up of wall.
  let blackholed: RunningService;
  let iam: RunningService | undefined;

  before(async function () {
    requireOrSkip(this, missingPython(service.name), DEBIAN_PACKAGES);
    // A loopback listener that accepts and stays silent, like a black-holed or overloaded server.
    silent = net.createServer((socket) => sockets.add(socket));
    const port = await new Promise<number>((resolve) =>
      silent!.listen(0, "127.0.0.1", () => resolve((silent!.address() as net.AddressInfo).port)),
    );
    const launches = [
      launchReady(service, {
        REDIS_HOST: "127.0.0.1",
        REDIS_PORT: String(port),
        REDIS_TLS: "false",
        READINESS_CHECK_TIMEOUT_SECONDS: "0.5",
      }),
    ];
    if (missingPython("boto3") === null) launches.push(launchIam());
    const settled = await Promise.allSettled(launches);
    for (const result of settled) if (result.status === "fulfilled") running.push(result.value);
    for (const result of settled) if (result.status === "rejected") throw result.reason;
    [blackholed, iam] = running;
  });

  async function launchIam(): Promise<RunningService> {
    return launchReady(service, {
      DATABASE_HOST: "127.0.0.1",
      DATABASE_PORT: String(await freePort()),
      DATABASE_NAME: "app",
      DATABASE_USER: "app_iam",
      DATABASE_IAM_AUTH: "true",
      // boto3's first import and signing take over a second on a loaded 2-core machine; the check itself is what
      // this test is about, not the default 2 s deadline.
      READINESS_CHECK_TIMEOUT_SECONDS: "10",
      AWS_REGION: "eu-west-1",
      // Static test credentials: signing is local, and no AWS endpoint (nor the instance metadata
      // service) is contacted.
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLETESTONLY",
      AWS_SECRET_ACCESS_KEY: "test-secret-not-real",
      AWS_EC2_METADATA_DISABLED: "true",
    });
  }

  after(async () => {
    // The shutdown is not under test here (contract.ts tests SIGTERM): quick stop, without gunicorn's ~1 s of grace.
    await Promise.all(running.map((r) => quickStopService(r)));
    for (const socket of sockets) socket.destroy();
    silent?.close();
  });

  it("cuts off a dependency that accepts the connection but never answers, within the check timeout", async () => {
    const app = blackholed;
    const started = Date.now();
    const { status, body } = await getJson<Readiness>(app.url + service.readinessPath);
    const elapsed = Date.now() - started;
    assert.equal(status, 503);
    assert.equal(body.checks.redis.status, "error");
    assert.match(body.checks.redis.error ?? "", /timeout|timed out|no answer/i);
    assert.ok(elapsed < 2500, `answered after ${elapsed} ms; the check timeout is 0.5 s`);
  });

  it("with DATABASE_IAM_AUTH=true signs a token from the pod's AWS credentials and attempts the connection", async function () {
    requireOrSkip(this, missingPython("boto3"), "python3-boto3");
    const app = iam!;
    const { status, body } = await getJson<Readiness>(app.url + service.readinessPath);
    assert.equal(status, 503);
    assert.equal(body.checks.postgres.status, "error");
    // Reaching "connection refused" proves the token was produced (a boto3 failure would be named instead).
    assert.match(body.checks.postgres.error ?? "", /refused/i);
    assert.ok(!JSON.stringify(body).includes("X-Amz-Signature"), "the token must not be echoed");
  });
});
