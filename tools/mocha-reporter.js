// Mocha's spec reporter plus the plain closing line CI reads: "N passed, N failed" (", N skipped" when any).
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
                console.log(`${s.passes} passed, ${s.failures} failed${skipped}`);
            });
        });
    }
}
module.exports = SpecWithTotals;
