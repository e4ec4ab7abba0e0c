// CI reads a plain closing line "N passed, N failed"; jest's own summary has another shape.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped } = results;
    const suiteFailures = results.numFailedTestSuites > 0 && failed === 0 ? 1 : 0;
    process.stdout.write(`jest: ${passed} passed, ${failed + suiteFailures} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
