// Mocha's spec reporter plus the plain closing line CI reads: "N passed, N failed" (", N skipped" when any).
// Works in parallel mode too: the workers' results reach this reporter in the main process, and runner.stats
// counts them there.
"use strict";
const Mocha = require("mocha");
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SpecWithTotals extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats;
      // Printed after the spec reporter's epilogue.
      process.nextTick(() => {
        const skipped = s.pending ? `, ${s.pending} skipped` : "";
        // tools/ts-cache.js runs the tests without source maps (faster): say how to get .ts line numbers.
        if (s.failures && process.env.EDGESTACK_SOURCE_MAPS !== "1")
          console.log(
            "(stack line numbers are of the compiled files: EDGESTACK_SOURCE_MAPS=1 npm test maps them to the .ts lines)",
          );
        console.log(`${s.passes} passed, ${s.failures} failed${skipped}`);
      });
    });
  }
}
module.exports = SpecWithTotals;
