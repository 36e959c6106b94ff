// Jest reporter that writes the run's pass/fail counts to .cache/test-results/<name>.json, so .ci/run
// can print one closing `N passed, N failed` line over every suite (unit and real-infrastructure).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

class CountsReporter {
  constructor(globalConfig, options = {}) {
    this.file = path.join(globalConfig.rootDir, '.cache', 'test-results', `${options.name || 'unit'}.json`);
  }

  onRunComplete(_contexts, results) {
    const counts = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailed: results.numFailedTestSuites,
      // Suites that skip themselves for want of a server name their placeholder test "… did NOT run: <reason>".
      notRun: results.testResults.flatMap((file) => file.testResults.filter((t) => t.status === 'pending' && /did NOT run/.test(t.title)).map((t) => t.title)),
    };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, JSON.stringify(counts));
  }
}

module.exports = CountsReporter;
