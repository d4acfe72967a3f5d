// The contract suites' report, from what the last run recorded in reports/: per API, every
// operation × declared status and the tests that exercised it (written to
// reports/coverage.json; the command fails if an operation was never exercised), then the
// drift catch rate and the fuzzing summary. With --summary, one line per API and only the
// operations never exercised.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const CONTRACTS = {
  leankit: "@leanapis/spec-leankit/openapi.json",
  reporting: "@leanapis/spec-reporting/openapi.json",
  leanmote: "@leanapis/spec-leanmote/openapi.json",
  leantime: "@leanapis/spec-leantime/openrpc.json",
};
const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
const require = createRequire(import.meta.url);
const summaryOnly = process.argv.includes("--summary");
const reports = new URL("../reports/", import.meta.url);
const exercisedDir = new URL("exercised/", reports);

const records = existsSync(exercisedDir)
  ? readdirSync(exercisedDir).flatMap((file) => {
      const { api, exercised } = JSON.parse(readFileSync(new URL(file, exercisedDir), "utf8"));
      return exercised.map((record) => ({ api, ...record }));
    })
  : [];

/** An OpenRPC method × its result (200) and each error code it declares. */
function rpcRows(api, spec) {
  return spec.methods.map((method) => {
    const mine = records.filter((r) => r.api === api && r.operationId === method.name);
    const codes = ["200", ...method.errors.map((e) => String(spec.components.errors[e.$ref.split("/").at(-1)].code))];
    const statuses = Object.fromEntries(codes.map((code) => [code, mine.some((r) => String(r.status) === code)]));
    return { operationId: method.name, method: "RPC", path: method.name, statuses, tests: [...new Set(mine.map((r) => r.test))] };
  });
}

const report = {};
let uncovered = 0;
for (const [api, specifier] of Object.entries(CONTRACTS)) {
  const spec = JSON.parse(readFileSync(require.resolve(specifier), "utf8"));
  const rows = spec.openrpc ? rpcRows(api, spec) : Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]) => {
      const mine = records.filter((r) => r.api === api && r.operationId === operation.operationId);
      const statuses = Object.fromEntries(
        Object.keys(operation.responses).map((status) => [status, mine.some((r) => String(r.status) === status)]),
      );
      return { operationId: operation.operationId, method: method.toUpperCase(), path, statuses, tests: [...new Set(mine.map((r) => r.test))] };
    }),
  );
  report[api] = rows;
  const covered = rows.filter((row) => row.tests.length > 0).length;
  const pairs = rows.flatMap((row) => Object.values(row.statuses));
  console.log(`\n${api}: ${rows.length} operations, ${covered} exercised; ${pairs.filter(Boolean).length}/${pairs.length} declared statuses seen`);
  for (const row of summaryOnly ? rows.filter((r) => r.tests.length === 0) : rows) {
    const marks = Object.entries(row.statuses).map(([status, seen]) => `${seen ? "✓" : "·"}${status}`).join(" ");
    console.log(`  ${row.tests.length ? "✓" : "✗"} ${row.operationId.padEnd(32)} ${marks.padEnd(40)} ${row.tests[0] ?? "NOT EXERCISED"}`);
  }
  uncovered += rows.length - covered;
}
writeFileSync(new URL("coverage.json", reports), `${JSON.stringify(report, null, 2)}\n`);

const readReport = (name) => (existsSync(new URL(name, reports)) ? JSON.parse(readFileSync(new URL(name, reports), "utf8")) : undefined);
const drift = readReport("drift.json");
if (drift) {
  console.log(`\ndrift: ${drift.caught}/${drift.injected} injected drifts caught (${(drift.rate * 100).toFixed(1)} %)`);
  for (const miss of drift.results.filter((r) => !r.caught)) console.log(`  uncaught: ${miss.mutation} in ${miss.target}: ${miss.how}`);
}
const fuzz = readReport("fuzz.json");
if (fuzz) {
  console.log(
    `\nfuzzing (seed ${fuzz.seed}, replay with FUZZ_SEED=${fuzz.seed}): ${fuzz.requests} requests, ${fuzz.valid} valid and ${fuzz.invalid} invalid; ` +
      `${fuzz.refusedAsDocumented}/${fuzz.invalid} invalid ones refused as documented; statuses ${JSON.stringify(fuzz.byStatus)}`,
  );
}
if (uncovered > 0) {
  console.error(`\n${uncovered} operation(s) never exercised by the contract tests.`);
  process.exit(1);
}
