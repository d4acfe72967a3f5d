// The contract suites' report, from what the last run recorded in reports/: per API of the
// registry, every operation × declared status, how it was seen (reached by a real condition,
// or only forced with `Prefer`) and the tests that exercised it (written to
// reports/coverage.json; the command fails if an operation was never exercised), then the
// drift catch rate and the fuzzing summary. With --summary, one line per API and only the
// operations never exercised.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import {
  deref,
  isOpenRpc,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenRpcDocument,
  type OpenRpcErrorObject,
  openApiOperations,
  openRpcMethods,
} from "@leanapis/contract-helpers";
import { APIS, loadContract } from "@leanapis/registry";

interface Exercise {
  api: string;
  operationId: string;
  status: number;
  test: string;
  /** Reached by a real condition, or forced with `Prefer` (src/coverage.ts); a record without it counts as forced. */
  how?: "reached" | "forced";
}
/** How a declared status was seen: reached by a real condition at least once, only forced with `Prefer`, or not at all. */
type Seen = "reached" | "forced" | "not seen";
interface Row {
  operationId: string;
  method: string;
  path: string;
  statuses: Record<string, Seen>;
  tests: string[];
}
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
const reports = new URL("../reports/", import.meta.url);
const exercisedDir = new URL("exercised/", reports);

const records: Exercise[] = existsSync(exercisedDir)
  ? readdirSync(exercisedDir).flatMap((file) => {
      const { api, exercised } = JSON.parse(readFileSync(new URL(file, exercisedDir), "utf8")) as {
        api: string;
        exercised: Omit<Exercise, "api">[];
      };
      return exercised.map((record) => ({ api, ...record }));
    })
  : [];

/** One report row: how each of `codes` was seen for the operation, and by which tests. */
function row(api: string, operationId: string, method: string, path: string, codes: string[]): Row {
  const mine = records.filter((r) => r.api === api && r.operationId === operationId);
  const seen = (code: string): Seen => {
    const hows = mine.filter((r) => String(r.status) === code).map((r) => r.how ?? "forced");
    return hows.includes("reached") ? "reached" : hows.length > 0 ? "forced" : "not seen";
  };
  const statuses = Object.fromEntries(codes.map((code) => [code, seen(code)]));
  return { operationId, method, path, statuses, tests: [...new Set(mine.map((r) => r.test))] };
}

/** An OpenRPC method × its result (200) and each error code it declares. */
function rpcRows(api: string, document: OpenRpcDocument): Row[] {
  return openRpcMethods(document).map((method) => {
    const codes = (method.errors ?? []).map((error) => String(deref<OpenRpcErrorObject>(document, error)?.code));
    return row(api, method.name, "RPC", method.name, ["200", ...codes]);
  });
}

/** The operations in the document's order (a path's methods as it lists them): the report reads like the contract. */
function inDocumentOrder(document: OpenApiDocument, operations: OpenApiOperation[]): OpenApiOperation[] {
  const paths = Object.keys(document.paths ?? {});
  const position = ({ path, method }: OpenApiOperation) => {
    return [paths.indexOf(path), Object.keys(document.paths?.[path] ?? {}).indexOf(method)];
  };
  return [...operations].sort((a, b) => {
    const [pathA = 0, methodA = 0] = position(a);
    const [pathB = 0, methodB = 0] = position(b);
    return pathA - pathB || methodA - methodB;
  });
}

/** An OpenAPI operation × each status it declares. */
function openApiRows(api: string, document: OpenApiDocument): Row[] {
  return inDocumentOrder(document, openApiOperations(document)).map(({ path, method, operation }) => {
    const verb = method.toUpperCase();
    return row(api, operation.operationId ?? `${verb} ${path}`, verb, path, Object.keys(operation.responses ?? {}));
  });
}

const report: Record<string, Row[]> = {};
let uncovered = 0;
for (const { id } of APIS) {
  const document = loadContract(id);
  const rows = isOpenRpc(document) ? rpcRows(id, document) : openApiRows(id, document);
  report[id] = rows;
  const covered = rows.filter((r) => r.tests.length > 0).length;
  const pairs = rows.flatMap((r) => Object.values(r.statuses));
  const counted = (how: Seen) => pairs.filter((seen) => seen === how).length;
  const unseen = counted("not seen") ? `, ${counted("not seen")} not seen` : "";
  const seen = `${pairs.length} declared statuses: ${counted("reached")} reached, ${counted("forced")} forced only${unseen}`;
  console.log(`\n${id}: ${rows.length} operations, ${covered} exercised; ${seen}`);
  for (const r of summaryOnly ? rows.filter((candidate) => candidate.tests.length === 0) : rows) {
    // ✓ reached by a real condition, ~ only forced with Prefer, · not seen.
    const marks = Object.entries(r.statuses)
      .map(([status, seen]) => `${{ reached: "✓", forced: "~", "not seen": "·" }[seen]}${status}`)
      .join(" ");
    const mark = r.tests.length ? "✓" : "✗";
    console.log(`  ${mark} ${r.operationId.padEnd(32)} ${marks.padEnd(40)} ${r.tests[0] ?? "NOT EXERCISED"}`);
  }
  uncovered += rows.length - covered;
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
if (uncovered > 0) {
  console.error(`\n${uncovered} operation(s) never exercised by the contract tests.`);
  process.exit(1);
}
