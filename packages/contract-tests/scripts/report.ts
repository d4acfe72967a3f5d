// The contract suites' report, from what the last run recorded in reports/: per API of the
// registry, every operation × declared status, how it was seen (reached by a real condition,
// or only forced with `Prefer`) and the tests that exercised it (written to
// reports/coverage.json; the command fails if an operation was never exercised), then the
// drift catch rate and the fuzzing summary. With --summary, one line per API and only the
// operations never exercised. An API whose suites ran live is judged as the contract command
// judges it (src/report/conformance.ts): by what the live API let the run reach.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { APIS } from "@leanapis/registry";
import { apiConformance } from "../src/report/conformance.js";
import { coverageRows, formatRow, type Row, readRunRecords, tally } from "../src/report/coverage-table.js";
import { reportsDir } from "../src/reports.js";

interface DriftReport {
  control: { targets: number; violations: { operation: string; place: string; problem: string }[] };
  total: number;
  caught: number;
  /** Drifts whose outcome is not the one src/drift/drifts.ts commits. */
  unexpected: string[];
  byApi: Record<string, { total: number; caught: number }>;
  results: {
    id: string;
    operation: string;
    place: string;
    outcome: "caught" | "missed" | "not applied";
    expected: "caught" | "missed";
    reason?: string;
  }[];
}
interface FuzzReport {
  seed: number;
  requests: number;
  valid: number;
  invalid: number;
  refusedAsDocumented: number;
  answeredWithSuccess: number;
  byApi: Record<string, { requests: number; valid: number; invalid: number }>;
  byStatus: Record<string, number>;
  withoutValidationStatus: string[];
}

const summaryOnly = process.argv.includes("--summary");
const reports = reportsDir();
const run = readRunRecords();

const report: Record<string, Row[]> = {};
let uncovered = 0;
const liveProblems: string[] = [];
for (const { id } of APIS) {
  const rows = coverageRows(id, run.records);
  report[id] = rows;
  const live = run.live[id];
  if (live) {
    const verdict = apiConformance(id, live, run, reports);
    console.log(`\n${verdict.lines.join("\n")}`);
    liveProblems.push(...verdict.problems);
    continue;
  }
  const t = tally(rows);
  const unseen = t.statusesNotSeen ? `, ${t.statusesNotSeen} not seen` : "";
  const seen = `${t.statuses} declared statuses: ${t.statusesReached} reached, ${t.statusesForced} forced only${unseen}`;
  console.log(`\n${id}: ${t.operations} operations, ${t.exercised} exercised; ${seen}`);
  for (const r of summaryOnly ? rows.filter((candidate) => candidate.tests.length === 0) : rows)
    console.log(formatRow(r));
  uncovered += t.operations - t.exercised;
}
writeFileSync(new URL("coverage.json", reports), `${JSON.stringify(report, null, 2)}\n`);

function readReport<T>(name: string): T | undefined {
  const file = new URL(name, reports);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;
}
const drift = readReport<DriftReport>("drift.json");
if (drift) {
  // Caught means a violation named the drifted operation and place; the control shows the
  // undrifted answers pass, so a catch is the drift's doing.
  const { control } = drift;
  const clean = control.violations.length === 0 ? "no violation" : `${control.violations.length} violation(s)`;
  console.log(`\ndrift control: ${control.targets} real answers without drift, ${clean}`);
  for (const v of control.violations) console.log(`  control violation: ${v.operation} ${v.place}: ${v.problem}`);
  const perApi = Object.entries(drift.byApi)
    .map(([api, { total, caught }]) => `${api} ${caught}/${total}`)
    .join(", ");
  console.log(`drift: ${drift.caught}/${drift.total} drifts caught at their operation and place (${perApi})`);
  for (const miss of drift.results.filter((r) => r.outcome !== "caught")) {
    const why =
      miss.expected === "caught" ? `committed as caught${miss.reason ? `; ${miss.reason}` : ""}` : miss.reason;
    console.log(`  ${miss.outcome}: ${miss.id} (${miss.operation} at ${miss.place}): ${why}`);
  }
  if (drift.unexpected.length > 0)
    console.error(`  ${drift.unexpected.length} drift(s) not as committed: ${drift.unexpected.join(", ")}`);
}
const fuzz = readReport<FuzzReport>("fuzz.json");
if (fuzz) {
  // Valid and invalid as the contract judges each request, not as it was drawn.
  const run = `seed ${fuzz.seed}, replay with FUZZ_SEED=${fuzz.seed}`;
  const share = fuzz.requests ? ((fuzz.valid / fuzz.requests) * 100).toFixed(1) : "0";
  const requests = `${fuzz.requests} requests, ${fuzz.valid} valid (${share} %) and ${fuzz.invalid} invalid`;
  const answered = `${fuzz.answeredWithSuccess}/${fuzz.valid} valid ones answered with a declared success`;
  const refused = `${fuzz.refusedAsDocumented}/${fuzz.invalid} invalid ones refused with the validation status in the API's format`;
  console.log(`\nfuzzing (${run}): ${requests}; ${answered}; ${refused}`);
  const perApi = Object.entries(fuzz.byApi)
    .map(([api, t]) => `${api} ${t.valid} valid/${t.invalid} invalid`)
    .join(", ");
  console.log(`  by API: ${perApi}; statuses ${JSON.stringify(fuzz.byStatus)}`);
  if (fuzz.withoutValidationStatus.length > 0) {
    const names = fuzz.withoutValidationStatus.join(", ");
    console.log(
      `  ${fuzz.withoutValidationStatus.length} operation(s) declare neither 422 nor 400, so their invalid requests are not drawn: ${names}`,
    );
  }
}
for (const problem of liveProblems) console.error(`\n${problem}`);
if (uncovered > 0) console.error(`\n${uncovered} operation(s) never exercised by the contract tests.`);
if (uncovered > 0 || liveProblems.length > 0) process.exit(1);
