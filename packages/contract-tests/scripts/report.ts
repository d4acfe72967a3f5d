// The contract suites' report, from what the last run recorded in reports/: per API of the
// registry, every operation × declared status and the tests that exercised it (written to
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
}
interface Row {
  operationId: string;
  method: string;
  path: string;
  statuses: Record<string, boolean>;
  tests: string[];
}
interface DriftReport {
  caught: number;
  injected: number;
  rate: number;
  results: { target: string; mutation: string; caught: boolean; how: string }[];
}
interface FuzzReport {
  seed: number;
  requests: number;
  valid: number;
  invalid: number;
  refusedAsDocumented: number;
  byStatus: Record<string, number>;
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

/** One report row: which of `codes` were seen for the operation, and by which tests. */
function row(api: string, operationId: string, method: string, path: string, codes: string[]): Row {
  const mine = records.filter((r) => r.api === api && r.operationId === operationId);
  const statuses = Object.fromEntries(codes.map((code) => [code, mine.some((r) => String(r.status) === code)]));
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
  const seen = `${pairs.filter(Boolean).length}/${pairs.length} declared statuses seen`;
  console.log(`\n${id}: ${rows.length} operations, ${covered} exercised; ${seen}`);
  for (const r of summaryOnly ? rows.filter((candidate) => candidate.tests.length === 0) : rows) {
    const marks = Object.entries(r.statuses)
      .map(([status, seen]) => `${seen ? "✓" : "·"}${status}`)
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
  console.log(`\ndrift: ${drift.caught}/${drift.injected} injected drifts caught (${(drift.rate * 100).toFixed(1)} %)`);
  for (const miss of drift.results.filter((r) => !r.caught)) {
    console.log(`  uncaught: ${miss.mutation} in ${miss.target}: ${miss.how}`);
  }
}
const fuzz = readReport<FuzzReport>("fuzz.json");
if (fuzz) {
  const run = `seed ${fuzz.seed}, replay with FUZZ_SEED=${fuzz.seed}`;
  const requests = `${fuzz.requests} requests, ${fuzz.valid} valid and ${fuzz.invalid} invalid`;
  const refused = `${fuzz.refusedAsDocumented}/${fuzz.invalid} invalid ones refused as documented`;
  console.log(`\nfuzzing (${run}): ${requests}; ${refused}; statuses ${JSON.stringify(fuzz.byStatus)}`);
}
if (uncovered > 0) {
  console.error(`\n${uncovered} operation(s) never exercised by the contract tests.`);
  process.exit(1);
}
