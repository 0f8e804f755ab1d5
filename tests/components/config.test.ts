import * as assert from "assert";
import { ConfigError, parseConfig } from "../../config";
import { ofType, runProgram } from "../harness";

/** The committed dev stack's raw config, as the CLI would pass it (objects as JSON strings). */
const DEV_BASE: Record<string, string> = {
  environment: "dev",
  edge: JSON.stringify({ zone: "example.com" }),
  monitoring: JSON.stringify({ alertEmail: "ops@example.com" }),
};

const BAD_CASES: Array<[string, Record<string, string>, string]> = [
  [
    "azCount out of range",
    { network: JSON.stringify({ azCount: 9 }) },
    "edgestack:network.azCount: expected an integer between 2 and 6, got 9",
  ],
  [
    "azCount not a number",
    { network: JSON.stringify({ azCount: "three" }) },
    'edgestack:network.azCount: expected an integer between 2 and 6, got "three"',
  ],
  [
    "more NATs than AZs",
    { network: JSON.stringify({ azCount: 2, natGateways: 3 }) },
    "edgestack:network.natGateways: expected at most azCount (2) NAT gateways, got 3",
  ],
  [
    "bad VPC CIDR",
    { network: JSON.stringify({ cidr: "10.0.0.0/33" }) },
    'edgestack:network.cidr: expected an IPv4 CIDR such as 10.0.0.0/16, got "10.0.0.0/33"',
  ],
  [
    "VPC CIDR with host bits set",
    { network: JSON.stringify({ cidr: "10.20.0.1/16" }) },
    'edgestack:network.cidr: expected a network address with no host bits set (did you mean 10.20.0.0/16?), got "10.20.0.1/16"',
  ],
  [
    "typo in a tier key",
    { network: JSON.stringify({ azcount: 3 }) },
    "edgestack:network.azcount: unknown key (allowed: cidr, azCount, natGateways, interfaceEndpoints, flowLogRetentionDays)",
  ],
  ["unknown top-level key", { netwrok: "{}" }, "edgestack:netwrok: unknown key"],
  [
    "unknown environment",
    { environment: "staging" },
    'edgestack:environment: expected one of "dev", "prod" (selects the defaults table), got "staging"',
  ],
  [
    "EKS version unknown to the calendar",
    { cluster: JSON.stringify({ version: "1.27" }) },
    "edgestack:cluster.version: expected a version in the EKS Kubernetes support calendar (1.28, 1.29",
  ],
  [
    "API endpoint open to the internet",
    { cluster: JSON.stringify({ publicAccessCidrs: ["0.0.0.0/0"] }) },
    'edgestack:cluster.publicAccessCidrs[0]: expected a restricted CIDR (not /0): the API endpoint must not be open to the internet, got "0.0.0.0/0"',
  ],
  [
    "x86 instance type",
    {
      cluster: JSON.stringify({
        nodeGroups: [
          {
            name: "general",
            instanceTypes: ["m5.large"],
            capacityType: "ON_DEMAND",
            minSize: 1,
            maxSize: 2,
            desiredSize: 1,
            diskSizeGiB: 30,
          },
        ],
      }),
    },
    'edgestack:cluster.nodeGroups[0].instanceTypes[0]: expected a Graviton (arm64) EC2 instance type such as t4g.large or m7g.large, got "m5.large"',
  ],
  [
    "desired outside min..max",
    {
      cluster: JSON.stringify({
        nodeGroups: [
          {
            name: "general",
            instanceTypes: ["t4g.large"],
            capacityType: "ON_DEMAND",
            minSize: 2,
            maxSize: 4,
            desiredSize: 5,
            diskSizeGiB: 30,
          },
        ],
      }),
    },
    "edgestack:cluster.nodeGroups[0].desiredSize: expected desiredSize between minSize (2) and maxSize (4), got 5",
  ],
  [
    "log retention not allowed by CloudWatch",
    { network: JSON.stringify({ flowLogRetentionDays: 10 }) },
    "edgestack:network.flowLogRetentionDays: expected one of 1, 3, 5, 7, 14, 30",
  ],
  [
    "boolean key not a boolean",
    { protectStateful: "yes" },
    'edgestack:protectStateful: expected true or false, got "yes"',
  ],
  [
    "structured key not an object",
    { network: "azCount=3" },
    'edgestack:network: expected a YAML object (or JSON), got "azCount=3"',
  ],
  [
    "Aurora min ACU above max",
    { database: JSON.stringify({ minCapacity: 8, maxCapacity: 4 }) },
    "edgestack:database.minCapacity: expected minCapacity <= maxCapacity (4), got 8",
  ],
  [
    "negative readers",
    { database: JSON.stringify({ readers: -1 }) },
    "edgestack:database.readers: expected an integer between 0 and 15, got -1",
  ],
  [
    "unknown cache engine",
    { cache: JSON.stringify({ engine: "memcached" }) },
    'edgestack:cache.engine: expected one of "valkey", "redis", got "memcached"',
  ],
  [
    "duplicate service names",
    {
      services: JSON.stringify([
        { name: "a", framework: "flask", paths: ["/a"], allowedGroups: ["x"] },
        { name: "a", framework: "fastapi", paths: ["/b"], allowedGroups: ["x"] },
      ]),
    },
    'edgestack:services[1].name: expected unique service names, got "a"',
  ],
  [
    "unknown framework",
    { services: JSON.stringify([{ name: "a", framework: "django", paths: ["/a"], allowedGroups: ["x"] }]) },
    'edgestack:services[0].framework: expected one of "fastapi", "flask", got "django"',
  ],
  [
    "max replicas below min",
    {
      services: JSON.stringify([
        { name: "a", framework: "flask", paths: ["/a"], allowedGroups: ["x"], minReplicas: 4, maxReplicas: 2 },
      ]),
    },
    "edgestack:services[0].maxReplicas: expected maxReplicas >= minReplicas (4), got 2",
  ],
  [
    "HSTS preload with short max-age",
    { edge: JSON.stringify({ zone: "example.com", hstsPreload: true, hstsMaxAgeSeconds: 600 }) },
    "edgestack:edge.hstsMaxAgeSeconds: expected at least 31536000 (one year) when hstsPreload is true, got 600",
  ],
  [
    "mesh retries exceed the timeout",
    { mesh: JSON.stringify({ retries: { attempts: 3, perTryTimeoutMs: 2000 }, timeoutMs: 5000 }) },
    "edgestack:mesh.retries: expected attempts × perTryTimeoutMs <= timeoutMs (5000)",
  ],
  [
    "invalid alert email",
    { monitoring: JSON.stringify({ alertEmail: "ops-at-example" }) },
    'edgestack:monitoring.alertEmail: expected an email address, got "ops-at-example"',
  ],
  [
    "missing required zone",
    { edge: "{}" },
    "edgestack:edge.zone: expected a DNS zone name such as example.com, got nothing",
  ],
];

function problemsFor(raw: Record<string, string>): string[] {
  try {
    parseConfig("edgestack", "dev", { ...DEV_BASE, ...raw }, "us-east-1");
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
    return (e as ConfigError).problems;
  }
  return [];
}

describe("config: validation messages name the key, the value and what is allowed", () => {
  const cases = BAD_CASES;
  for (const [title, raw, expected] of cases) {
    it(title, () => {
      const problems = problemsFor(raw);
      assert.ok(
        problems.some((p) => p.startsWith(expected)),
        `expected a problem starting with\n  ${expected}\ngot\n  ${problems.join("\n  ")}`,
      );
    });
  }

  it("reports every problem at once, one line each", () => {
    const problems = problemsFor({
      network: JSON.stringify({ azCount: 9, cidr: "nope" }),
      cache: JSON.stringify({ engine: "memcached" }),
    });
    assert.strictEqual(problems.length, 3, problems.join("\n"));
  });

  it("requires the Slack webhook secret when Slack is enabled", () => {
    const problems = problemsFor({ monitoring: JSON.stringify({ alertEmail: "ops@example.com", slackEnabled: true }) });
    assert.ok(
      problems.some((p) =>
        p.startsWith("edgestack:alertSlackWebhookUrl: required (secret) when monitoring.slackEnabled is true"),
      ),
      problems.join("\n"),
    );
  });

  it("fills environment defaults and returns a frozen object", () => {
    const dev = parseConfig("edgestack", "dev", DEV_BASE, "us-east-1");
    const prod = parseConfig("edgestack", "prod", { ...DEV_BASE, environment: "prod" }, "us-east-1");
    assert.strictEqual(dev.network.natGateways, 1);
    assert.strictEqual(prod.network.natGateways, 3);
    assert.strictEqual(prod.services[0].minReplicas, 3, "per-service defaults come from the environment");
    assert.ok(Object.isFrozen(dev) && Object.isFrozen(dev.network));
    assert.throws(() => {
      (dev.network as { azCount: number }).azCount = 5;
    });
  });

  it("a stack value overrides one key and keeps the other defaults", () => {
    const cfg = parseConfig("edgestack", "dev", { ...DEV_BASE, network: JSON.stringify({ azCount: 3 }) }, "us-east-1");
    assert.strictEqual(cfg.network.azCount, 3);
    assert.strictEqual(cfg.network.cidr, "10.20.0.0/16");
  });
});

describe("config: every bad config above fails the whole program before any resource is registered", () => {
  // The same cases, through index.ts under the mock runtime, with DEV_BASE as the only stack config.
  const base = Object.fromEntries(
    Object.entries(DEV_BASE).map(([k, v]) => [`edgestack:${k}`, k === "environment" ? v : JSON.parse(v)]),
  );
  it("all cases: the expected message, zero registrations", async () => {
    for (const [title, raw, expected] of BAD_CASES) {
      const overrides = Object.fromEntries(
        Object.entries(raw).map(([k, v]) => {
          let value: unknown = v;
          try {
            value = JSON.parse(v);
          } catch {
            /* plain string */
          }
          return [`edgestack:${k}`, value];
        }),
      );
      const run = await runProgram({ stack: "dev", ignoreStackFile: true, config: { ...base, ...overrides } });
      assert.ok(run.error, `${title}: the program should fail`);
      assert.ok(run.error!.message.includes(expected), `${title}: expected ${expected} in\n${run.error!.message}`);
      assert.strictEqual(
        run.resources.length,
        0,
        `${title}: registered ${run.resources.map((r) => r.type).join(", ")}`,
      );
    }
  });
});

describe("config: a bad stack fails before any resource is registered", function () {
  for (const [key, value] of [
    ["edgestack:network", { azCount: 9 }],
    ["edgestack:cache", { engine: "memcached" }],
    ["edgestack:services", [{ name: "x", framework: "rails" }]],
  ] as const) {
    it(`${key}=${JSON.stringify(value)}`, async () => {
      const run = await runProgram({ stack: "dev", config: { [key]: value } });
      assert.ok(run.error, "the program should fail");
      assert.match(run.error!.message, new RegExp(`^invalid configuration[\\s\\S]*${key.replace(":", ":")}`));
      assert.strictEqual(run.resources.length, 0, `registered: ${run.resources.map((r) => r.type).join(", ")}`);
      assert.strictEqual(ofType(run, "aws:ec2/vpc:Vpc").length, 0);
    });
  }
});
