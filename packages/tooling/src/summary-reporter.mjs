// Vitest reporter shared by every package: writes the package's pass/fail/skip counts to
// reports/test-summary.json so the README test command can sum them across packages.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { formatCounts, SUMMARY_FILE } from "./summary.mjs";

export default class SummaryReporter {
  /**
   * @param {ReadonlyArray<import("vitest/node").TestModule>} testModules
   * @param {ReadonlyArray<unknown>} [unhandledErrors]
   */
  onTestRunEnd(testModules, unhandledErrors) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      // A file that failed to load has no tests but must still count as a failure.
      if (module.state() === "failed" && module.children.size === 0) counts.failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") counts.failed++;
        else counts.skipped++;
      }
    }
    counts.failed += unhandledErrors?.length ?? 0;
    const file = resolve(process.cwd(), SUMMARY_FILE);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(counts)}\n`);
    process.stdout.write(`\n${formatCounts(counts)}\n`);
  }
}
