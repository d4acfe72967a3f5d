// The contract command's conformance summary: per API of the run, where it ran (the mock or
// the live API), how many operations were checked, the violations found and the coverage
// reached, and the verdict. The gate differs by target: against the mock every operation
// must be exercised (the suites force what no real condition reaches); against a live API a
// run is judged by what the API let it reach, since `Prefer` does not exist there: at least
// one operation reached, no violation, and read-only operations whose ids never turned up
// are listed as not reached rather than failed.
import { existsSync, readFileSync } from "node:fs";
import type { ApiId } from "@leanapis/registry";
import { formatViolation } from "../check/exchange.js";
import type { CrawlReport } from "../live/crawl.js";
import { reportsDir } from "../reports.js";
import { coverageRows, type RunRecords, tally } from "./coverage-table.js";

export interface ApiConformance {
  api: ApiId;
  /** The live base URL, or undefined for the mock. */
  live: string | undefined;
  lines: string[];
  problems: string[];
}

/** The crawl's report of a live API, when the run crawled it. */
function crawlOf(api: ApiId, dir: URL): CrawlReport | undefined {
  const file = new URL(`live-${api}.json`, dir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as CrawlReport) : undefined;
}

/** How many names to print before "and N more". */
const LISTED = 8;
const listed = (names: string[]) =>
  names.length > LISTED ? `${names.slice(0, LISTED).join(", ")} and ${names.length - LISTED} more` : names.join(", ");

export function apiConformance(
  api: ApiId,
  live: string | undefined,
  run: RunRecords,
  dir: URL = reportsDir(),
): ApiConformance {
  const rows = coverageRows(api, run.records);
  const t = tally(rows);
  const violations = run.violations.filter((violation) => violation.api === api);
  const where = live ? `LIVE at ${live}` : "mock";
  const checked = `${t.exercised}/${t.operations} operations checked, ${t.reached} reached by a real condition`;
  const statuses = `${t.statusesReached}/${t.statuses} declared statuses reached${live ? "" : `, ${t.statusesForced} more forced with Prefer`}`;
  const lines = [`${api} (${where}): ${checked}; ${statuses}; ${violations.length} violation(s)`];
  for (const violation of violations.slice(0, LISTED))
    lines.push(`  ✗ ${violation.operation}: ${formatViolation(violation)}`);
  if (violations.length > LISTED) lines.push(`  … and ${violations.length - LISTED} more violation(s)`);
  const problems: string[] = [];
  if (violations.length > 0) problems.push(`${api}: ${violations.length} violation(s) of the contract`);
  if (live) {
    const crawl = crawlOf(api, dir);
    if (crawl?.notReached.length) {
      const names = crawl.notReached.map(({ operation, missing }) =>
        missing ? `${operation} (no ${missing})` : operation,
      );
      lines.push(`  not reached (no id found): ${listed(names)}`);
    }
    const forced = rows.filter((row) => Object.values(row.statuses).includes("forced")).map((row) => row.operationId);
    if (forced.length > 0) problems.push(`${api}: statuses forced with Prefer on a live API: ${listed(forced)}`);
    if (t.reached === 0) problems.push(`${api}: the live run reached no operation`);
  } else {
    const never = rows.filter((row) => row.tests.length === 0).map((row) => row.operationId);
    if (never.length > 0) problems.push(`${api}: ${never.length} operation(s) never exercised: ${listed(never)}`);
  }
  return { api, live, lines, problems };
}
