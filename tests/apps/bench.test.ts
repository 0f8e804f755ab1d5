import { strict as assert } from "assert";

import { percentile, podsNeeded } from "../../tools/bench-apps";

describe("capacity benchmark arithmetic (tools/bench-apps.ts)", () => {
  it("takes nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    assert.equal(percentile(values, 50), 50);
    assert.equal(percentile(values, 95), 95);
    assert.equal(percentile(values, 99), 99);
    assert.equal(percentile([7], 99), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it("sizes the HPA: 10,000 users at one request per 5 s need 2,000 req/s of 60 %-loaded pods", () => {
    assert.equal(podsNeeded(10_000, 5, 500, 0.6), 7); // 2000 / 300 = 6.67
    assert.equal(podsNeeded(10_000, 5, 1000, 1), 2);
    assert.throws(() => podsNeeded(10_000, 5, 0, 0.6), /podRps > 0/);
  });
});
