import { strict as assert } from "assert";
import { ENV_DEFAULTS } from "../../config/env-defaults";
import {
  ALERT_PUBLISHERS,
  alertKeyPolicy,
  alertTopicPolicy,
  BUDGET_NOTIFICATIONS,
  costAllocationTagFilter,
  grafanaCloudWatchPolicy,
} from "../../components/monitoring/aws-policies";
import { AlarmThresholds, auroraAlarms, cacheAlarms } from "../../components/monitoring/cloudwatch-alarms";

const PROD_ALARMS = (ENV_DEFAULTS.prod.monitoring as { alarms: AlarmThresholds }).alarms;
const metricsOf = (specs: { metricName: string }[]) => specs.map((s) => s.metricName);

describe("monitoring: CloudWatch alarms per data resource", () => {
  it("Aurora: CPU, freeable memory and connections of the writer and of the readers (by role); replica lag when there are readers", () => {
    const specs = auroraAlarms({ clusterIdentifier: "edgestack-prod-database", readers: 1 }, PROD_ALARMS);
    assert.deepEqual(
      specs.map((s) => s.key),
      [
        "aurora-writer-cpu",
        "aurora-writer-freeable-memory",
        "aurora-writer-connections",
        "aurora-reader-cpu",
        "aurora-reader-freeable-memory",
        "aurora-reader-connections",
        "aurora-replica-lag",
      ],
    );
    // By role, not by instance: a failover swaps which instance is the writer (AWS's advice for Aurora alarms).
    assert.deepEqual(
      specs.slice(0, 6).map((s) => s.dimensions),
      [
        ...Array(3).fill({ DBClusterIdentifier: "edgestack-prod-database", Role: "WRITER" }),
        ...Array(3).fill({ DBClusterIdentifier: "edgestack-prod-database", Role: "READER" }),
      ],
    );
    const cpu = specs[0];
    assert.deepEqual(
      [cpu.namespace, cpu.statistic, cpu.comparisonOperator, cpu.threshold],
      ["AWS/RDS", "Average", "GreaterThanThreshold", 90],
    );
    const memory = specs[1];
    assert.deepEqual([memory.statistic, memory.comparisonOperator], ["Minimum", "LessThanThreshold"]);
    assert.equal(memory.threshold, 1024 * 1024 * 1024, "freeableMemoryMiB converted to bytes (FreeableMemory's unit)");
    assert.deepEqual([specs[2].statistic, specs[2].threshold], ["Maximum", 1400]);
    const lag = specs[6];
    assert.deepEqual(
      [lag.metricName, lag.dimensions, lag.threshold],
      ["AuroraReplicaLagMaximum", { DBClusterIdentifier: "edgestack-prod-database" }, 2000],
    );

    const single = auroraAlarms({ clusterIdentifier: "c", readers: 0 }, PROD_ALARMS);
    assert.deepEqual(
      metricsOf(single),
      ["CPUUtilization", "FreeableMemory", "DatabaseConnections"],
      "writer only: no READER and no lag alarm",
    );
    assert.ok(single.every((s) => s.dimensions.Role === "WRITER"));
    assert.throws(
      () => auroraAlarms({ clusterIdentifier: "c", readers: -1 }, PROD_ALARMS),
      /monitoring\.aurora\.readers: expected an integer >= 0, got -1/,
    );
  });

  it("ElastiCache: host and engine CPU, memory, evictions on every node; replication lag only with replicas", () => {
    const specs = cacheAlarms({ replicationGroupId: "rg", memberClusters: ["rg-001", "rg-002"] }, PROD_ALARMS);
    assert.equal(specs.length, 10);
    assert.deepEqual(metricsOf(specs.slice(0, 5)), [
      "CPUUtilization",
      "EngineCPUUtilization",
      "DatabaseMemoryUsagePercentage",
      "Evictions",
      "ReplicationLag",
    ]);
    assert.ok(specs.every((s) => s.namespace === "AWS/ElastiCache"));
    assert.deepEqual(
      specs.slice(5).map((s) => s.dimensions.CacheClusterId),
      Array(5).fill("rg-002"),
    );
    const evictions = specs[3];
    assert.deepEqual(
      [evictions.statistic, evictions.period, evictions.threshold, evictions.treatMissingData],
      ["Sum", 300, 100, "notBreaching"],
    );
    assert.equal(specs[4].treatMissingData, "notBreaching", "the primary reports no ReplicationLag");

    const single = cacheAlarms({ replicationGroupId: "rg", memberClusters: ["rg-001"] }, PROD_ALARMS);
    assert.ok(!metricsOf(single).includes("ReplicationLag"));
    assert.throws(
      () => cacheAlarms({ replicationGroupId: "rg", memberClusters: [] }, PROD_ALARMS),
      /memberClusters: expected at least one/,
    );
  });

  it("every alarm says what is wrong and for how long, and keys are unique across the data tier", () => {
    const all = [
      ...auroraAlarms({ clusterIdentifier: "c", readers: 2 }, PROD_ALARMS),
      ...cacheAlarms({ replicationGroupId: "rg", memberClusters: ["x", "y"] }, PROD_ALARMS),
    ];
    assert.equal(new Set(all.map((s) => s.key)).size, all.length);
    for (const s of all) {
      assert.ok(
        s.description.length > 30 &&
          s.description.includes(
            String(s.metricName === "FreeableMemory" ? PROD_ALARMS.freeableMemoryMiB : s.threshold),
          ),
        s.key,
      );
      assert.ok(s.period * s.evaluationPeriods >= 300, `${s.key}: at least 5 minutes, not a blip`);
    }
  });
});

describe("monitoring: alert topic, budget and Grafana IAM documents", () => {
  it("the topic's KMS key lets CloudWatch and Budgets encrypt; the account administers it", () => {
    const doc = JSON.parse(alertKeyPolicy("123456789012"));
    const publishers = doc.Statement.find((s: any) => s.Sid === "AlertPublishersEncrypt");
    assert.deepEqual(publishers.Principal.Service, [...ALERT_PUBLISHERS]);
    assert.deepEqual(publishers.Action, ["kms:Decrypt", "kms:GenerateDataKey*"]);
    assert.equal(
      doc.Statement.find((s: any) => s.Sid === "AccountAdministersThroughIam").Principal.AWS,
      "arn:aws:iam::123456789012:root",
    );
  });

  it("only this stack's alarms and rules and this account's budgets may publish to the topic", () => {
    const doc = JSON.parse(
      alertTopicPolicy("arn:aws:sns:us-east-1:123456789012:t", "123456789012", "us-east-1", "edgestack-prod-"),
    );
    const byService = Object.fromEntries(doc.Statement.map((s: any) => [s.Principal.Service, s]));
    assert.equal(
      byService["cloudwatch.amazonaws.com"].Condition.ArnLike["aws:SourceArn"],
      "arn:aws:cloudwatch:us-east-1:123456789012:alarm:edgestack-prod-*",
    );
    assert.equal(byService["budgets.amazonaws.com"].Condition.StringEquals["aws:SourceAccount"], "123456789012");
    assert.equal(
      byService["events.amazonaws.com"].Condition.ArnLike["aws:SourceArn"],
      "arn:aws:events:us-east-1:123456789012:rule/edgestack-prod-*",
    );
    assert.ok(
      doc.Statement.every(
        (s: any) => s.Action === "sns:Publish" && s.Resource === "arn:aws:sns:us-east-1:123456789012:t",
      ),
    );
  });

  it("Grafana's role can only read metrics, alarms, tags and regions", () => {
    const actions: string[] = JSON.parse(grafanaCloudWatchPolicy()).Statement.flatMap((s: any) => s.Action);
    assert.ok(actions.includes("cloudwatch:GetMetricData") && actions.includes("tag:GetResources"));
    assert.deepEqual(
      actions.filter((a) => !/^[a-z0-9]+:(Get|List|Describe)[A-Za-z]+$/.test(a)),
      [],
      "read-only verbs only",
    );
    assert.ok(!actions.some((a) => a.includes("*")));
  });

  it("the budget filters on the environment cost allocation tag and notifies at 80 % forecast and 100 % actual", () => {
    assert.deepEqual(costAllocationTagFilter("environment", "prod"), {
      name: "TagKeyValue",
      values: ["user:environment$prod"],
    });
    assert.throws(() => costAllocationTagFilter("bad key!", "x"), /"bad key!" is not a tag key/);
    assert.deepEqual(
      BUDGET_NOTIFICATIONS.map((n) => [n.threshold, n.notificationType]),
      [
        [80, "FORECASTED"],
        [100, "ACTUAL"],
      ],
    );
  });
});
