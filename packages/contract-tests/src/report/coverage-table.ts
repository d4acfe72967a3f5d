// The coverage table both reports print (scripts/report.ts after `npm test`, the contract
// command's summary): every operation × declared status (method × error code) of an API,
// how it was seen, and by which tests, from the records a run left in the reports folder.
import { existsSync, readdirSync, readFileSync } from "node:fs";
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
import { type ApiId, loadContract } from "@leanapis/registry";
import type { Violation } from "../check/exchange.js";
import type { Exercise, ExercisedFile } from "../coverage.js";
import { exercisedDir } from "../reports.js";

/** A record of the run, with its API: a record without `how` (an older run's) counts as forced. */
export type ExerciseRecord = Omit<Exercise, "how"> & { api: string; how?: Exercise["how"] };

/** How a declared status was seen: reached by a real condition at least once, only forced with `Prefer`, or not at all. */
export type Seen = "reached" | "forced" | "not seen";

export interface Row {
  operationId: string;
  method: string;
  path: string;
  statuses: Record<string, Seen>;
  tests: string[];
}

export interface RunRecords {
  records: ExerciseRecord[];
  violations: (Violation & { api: string })[];
  /** The base URL of each API the run's suites met live. */
  live: Record<string, string>;
}

/** Everything the suite files of the last run recorded in `dir`. */
export function readRunRecords(dir: URL = exercisedDir()): RunRecords {
  const files = existsSync(dir)
    ? readdirSync(dir).map((name) => JSON.parse(readFileSync(new URL(name, dir), "utf8")) as ExercisedFile)
    : [];
  return {
    records: files.flatMap(({ api, exercised }) => exercised.map((record) => ({ api, ...record }))),
    violations: files.flatMap(({ api, violations = [] }) => violations.map((violation) => ({ api, ...violation }))),
    live: Object.fromEntries(files.flatMap(({ api, live }) => (live ? [[api, live]] : []))),
  };
}

/** One row: how each of `codes` was seen for the operation, and by which tests. */
function row(mine: ExerciseRecord[], operationId: string, method: string, path: string, codes: string[]): Row {
  const seen = (code: string): Seen => {
    const hows = mine.filter((r) => String(r.status) === code).map((r) => r.how ?? "forced");
    return hows.includes("reached") ? "reached" : hows.length > 0 ? "forced" : "not seen";
  };
  const statuses = Object.fromEntries(codes.map((code) => [code, seen(code)]));
  return { operationId, method, path, statuses, tests: [...new Set(mine.map((r) => r.test))] };
}

/** An OpenRPC method × its result (200) and each error code it declares. */
function rpcRows(records: ExerciseRecord[], document: OpenRpcDocument): Row[] {
  return openRpcMethods(document).map((method) => {
    const codes = (method.errors ?? []).map((error) => String(deref<OpenRpcErrorObject>(document, error)?.code));
    const mine = records.filter((r) => r.operationId === method.name);
    return row(mine, method.name, "RPC", method.name, ["200", ...codes]);
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
function openApiRows(records: ExerciseRecord[], document: OpenApiDocument): Row[] {
  return inDocumentOrder(document, openApiOperations(document)).map(({ path, method, operation }) => {
    const verb = method.toUpperCase();
    const operationId = operation.operationId ?? `${verb} ${path}`;
    const mine = records.filter((r) => r.operationId === operationId);
    return row(mine, operationId, verb, path, Object.keys(operation.responses ?? {}));
  });
}

/** The coverage table of one API from a run's records. */
export function coverageRows(api: ApiId, records: readonly ExerciseRecord[]): Row[] {
  const document = loadContract(api);
  const mine = records.filter((record) => record.api === api);
  return isOpenRpc(document) ? rpcRows(mine, document) : openApiRows(mine, document);
}

export interface Tally {
  operations: number;
  /** Operations answered at least once. */
  exercised: number;
  /** Operations with at least one status reached by a real condition. */
  reached: number;
  statuses: number;
  statusesReached: number;
  statusesForced: number;
  statusesNotSeen: number;
}

export function tally(rows: readonly Row[]): Tally {
  const pairs = rows.flatMap((r) => Object.values(r.statuses));
  const counted = (how: Seen) => pairs.filter((seen) => seen === how).length;
  return {
    operations: rows.length,
    exercised: rows.filter((r) => r.tests.length > 0).length,
    reached: rows.filter((r) => Object.values(r.statuses).includes("reached")).length,
    statuses: pairs.length,
    statusesReached: counted("reached"),
    statusesForced: counted("forced"),
    statusesNotSeen: counted("not seen"),
  };
}

/** A row as printed: ✓ reached by a real condition, ~ only forced with Prefer, · not seen. */
export function formatRow(r: Row): string {
  const marks = Object.entries(r.statuses)
    .map(([status, seen]) => `${{ reached: "✓", forced: "~", "not seen": "·" }[seen]}${status}`)
    .join(" ");
  const mark = r.tests.length ? "✓" : "✗";
  return `  ${mark} ${r.operationId.padEnd(32)} ${marks.padEnd(40)} ${r.tests[0] ?? "NOT EXERCISED"}`;
}
