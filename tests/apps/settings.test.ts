/**
 * edgeapp.settings.load_settings: every environment below is evaluated by the real Python function in one
 * interpreter run (no web framework imported), and the outcome compared with what the README promises.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";

import { repoPath } from "../../config/apps";
import { PYTHON, requireOrSkip } from "./support";

const EVALUATE = `
import json, sys
from edgeapp.settings import SettingsError, load_settings, summary
out = []
for env in json.load(sys.stdin):
    try:
        out.append({"ok": summary(load_settings(env))})
    except SettingsError as error:
        out.append({"error": str(error)})
print(json.dumps(out))
`;

type Outcome = {
  ok?: { postgres: Record<string, unknown> | null; redis: Record<string, unknown> | null };
  error?: string;
};

function evaluate(envs: Array<Record<string, string>>): Outcome[] {
  const run = spawnSync(PYTHON, ["-c", EVALUATE], {
    input: JSON.stringify(envs),
    encoding: "utf8",
    env: { PYTHONPATH: repoPath("apps/common"), PYTHONDONTWRITEBYTECODE: "1", PATH: process.env.PATH ?? "" },
    timeout: 20_000,
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Outcome[];
}

const DB = { DATABASE_HOST: "db.internal", DATABASE_NAME: "app", DATABASE_USER: "app" };

describe("service settings from the environment (edgeapp.settings)", () => {
  before(function () {
    requireOrSkip(this, fs.existsSync(PYTHON) ? null : `${PYTHON} not found`, "python3");
  });

  it("treats empty hosts as not configured and applies the documented defaults", () => {
    const [none, both] = evaluate([
      {},
      { ...DB, DATABASE_PASSWORD: "x", REDIS_HOST: "cache.internal", REDIS_AUTH_TOKEN: "t" },
    ]);
    assert.deepEqual(none.ok, {
      postgres: null,
      redis: null,
      check_timeout_seconds: 2,
      readiness: { db: "always", cache_seconds: 30 },
    });
    assert.deepEqual(both.ok?.postgres, {
      host: "db.internal",
      port: 5432,
      dbname: "app",
      sslmode: "require",
      iam_auth: false,
      idle_close_seconds: 60,
    });
    assert.deepEqual(both.ok?.redis, { host: "cache.internal", port: 6379, tls: true, auth: true });
    assert.ok(!JSON.stringify(both).includes('"x"'), "the summary must not carry the password");
  });

  it("names the bad variable and the allowed values", () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ ...DB, DATABASE_PORT: "70000" }, /^DATABASE_PORT: expected a TCP port between 1 and 65535, got '70000'$/],
      [
        { ...DB, DATABASE_SSLMODE: "strict" },
        /^DATABASE_SSLMODE: expected one of disable, allow, prefer, require, verify-ca, verify-full/,
      ],
      [{ DATABASE_HOST: "db", DATABASE_NAME: "app" }, /^DATABASE_USER: required when DATABASE_HOST is set/],
      [
        { REDIS_HOST: "c", REDIS_TLS: "maybe" },
        /^REDIS_TLS: expected one of 1, true, yes, on, 0, false, no, off, got 'maybe'$/,
      ],
      [
        { READINESS_CHECK_TIMEOUT_SECONDS: "0" },
        /^READINESS_CHECK_TIMEOUT_SECONDS: expected seconds between 0.1 and 30/,
      ],
      [
        { ...DB, DATABASE_IAM_AUTH: "true", DATABASE_PASSWORD: "x", AWS_REGION: "eu-west-1" },
        /set either DATABASE_PASSWORD or DATABASE_IAM_AUTH=true, not both/,
      ],
      [
        { ...DB, DATABASE_IAM_AUTH: "true", AWS_REGION: "eu-west-1", DATABASE_SSLMODE: "disable" },
        /IAM authentication needs TLS/,
      ],
      [{ ...DB, DATABASE_IAM_AUTH: "true" }, /^AWS_REGION: required when DATABASE_IAM_AUTH=true/],
      [{ READINESS_DB: "sometimes" }, /^READINESS_DB: expected one of always, lazy, got 'sometimes'$/],
      [{ READINESS_CACHE_SECONDS: "-1" }, /^READINESS_CACHE_SECONDS: expected seconds between 0 and 300, got '-1'$/],
      [
        { ...DB, DATABASE_IDLE_CLOSE_SECONDS: "never" },
        /^DATABASE_IDLE_CLOSE_SECONDS: expected seconds between 0.1 and 3600/,
      ],
    ];
    const outcomes = evaluate(cases.map(([env]) => env));
    outcomes.forEach((outcome, i) =>
      assert.match(outcome.error ?? `accepted: ${JSON.stringify(outcome)}`, cases[i][1]),
    );
  });

  it("accepts IAM auth with TLS and a region, and plain-text Redis when asked", () => {
    const [iam, plain] = evaluate([
      { ...DB, DATABASE_IAM_AUTH: "yes", AWS_DEFAULT_REGION: "us-east-1", DATABASE_SSLMODE: "verify-full" },
      { REDIS_HOST: "c", REDIS_TLS: "false", REDIS_PORT: "6380" },
    ]);
    assert.equal(iam.ok?.postgres?.iam_auth, true);
    assert.equal(iam.ok?.postgres?.sslmode, "verify-full");
    assert.deepEqual(plain.ok?.redis, { host: "c", port: 6380, tls: false, auth: false });
  });
});
