import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { APP, APP_LATENCY_BUCKETS_SECONDS, pythonFloatLabel } from "../../components/monitoring/metrics";
import { resolveThresholds } from "../../components/monitoring/thresholds";
import { ROOT } from "../harness";

/** The rules and dashboards query what the apps export: read the apps' metric definitions and compare. */
const source = fs.readFileSync(path.join(ROOT, "apps/common/edgeapp/metrics.py"), "utf8");

describe("monitoring: app metrics the rules query match apps/common/edgeapp/metrics.py", () => {
  it("latency histogram buckets", () => {
    const m = /^LATENCY_BUCKETS\s*=\s*\(([^)]*)\)/m.exec(source);
    assert.ok(m, "LATENCY_BUCKETS tuple in metrics.py");
    assert.deepEqual(
      m[1]
        .split(",")
        .map((s) => Number(s.trim()))
        .filter((n) => !Number.isNaN(n)),
      [...APP_LATENCY_BUCKETS_SECONDS],
    );
    assert.deepEqual(APP_LATENCY_BUCKETS_SECONDS.map(pythonFloatLabel).slice(5, 8), ["0.25", "0.5", "1.0"]);
  });

  it("request counter and duration histogram names and labels", () => {
    // prometheus_client exposes Counter "x" as x_total and Histogram "y" as y_bucket / y_count / y_sum.
    assert.match(
      source,
      new RegExp(`Counter\\(\\s*"${APP.requests.replace(/_total$/, "")}",[^)]*\\["method", "route", "status"\\]`),
    );
    assert.match(
      source,
      new RegExp(`Histogram\\(\\s*"${APP.durationBucket.replace(/_bucket$/, "")}",[^)]*\\["method", "route"\\]`),
    );
  });

  it("an SLO latency that is not a bucket bound of the apps is refused", () => {
    assert.doesNotThrow(() => resolveThresholds({ sloLatencyMs: 500 }));
    assert.throws(
      () => resolveThresholds({ sloLatencyMs: 750 }),
      /thresholds\.sloLatencyMs: expected one of the app histogram bucket bounds in ms \(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000\), got 750/,
    );
  });
});
