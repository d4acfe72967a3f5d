// The one line CI reads: totals over every test suite a run executed, whether it ran
// now or was replayed from turbo's cache (each package's summary file is a turbo output).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const SUMMARY_FILE = join("reports", "test-summary.json");

/** @typedef {{ passed: number, failed: number, skipped: number }} Counts */

/**
 * Finds the summary file of every workspace package under `root` that has one.
 * @param {string} root
 */
export function findSummaries(root) {
  /** @type {string[]} */
  const found = [];
  for (const group of ["packages", "specs"]) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const file = join(dir, name, SUMMARY_FILE);
      if (existsSync(file)) found.push(file);
    }
  }
  return found;
}

/**
 * Adds up `{ passed, failed, skipped }` counts.
 * @param {Counts[]} counts
 * @returns {Counts}
 */
export function addCounts(counts) {
  return counts.reduce(
    (total, c) => ({
      passed: total.passed + c.passed,
      failed: total.failed + c.failed,
      skipped: total.skipped + c.skipped,
    }),
    { passed: 0, failed: 0, skipped: 0 },
  );
}

/** @param {Counts} counts */
export function formatCounts({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
}

/**
 * @param {string} file
 * @returns {Counts}
 */
export function readCounts(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}
