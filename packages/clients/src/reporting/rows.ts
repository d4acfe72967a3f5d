import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { parse } from "csv-parse";
import { REPORTING_EXPORTS, type ReportingExportRows } from "../generated/reporting-exports.js";
import type { ReportingClient } from "./client.js";

export type ExportName = keyof ReportingExportRows;
export type ExportFormat = "csv" | "tab" | "json";
type ColumnKind = "string" | "integer" | "number" | "boolean" | "date" | "date-time";

const MEDIA_TYPE: Record<ExportFormat, string> = {
  csv: "text/csv",
  tab: "text/tab-separated-values",
  json: "application/json",
};

export interface ExportOptions {
  /** The wire format; the rows come out the same whichever it is. Default "csv". */
  format?: ExportFormat;
  /** The export's filters: `boardId`, `limit`, `offset`. */
  query?: { boardId?: string; limit?: number; offset?: number };
}

// "2019-04-15 19:05:14.9070000" and "2019-04-15T19:05:14.907Z" are the same instant.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

/** A date-time as ISO 8601 UTC with milliseconds when it has a fraction. */
export function normalizeDateTime(value: string): string {
  const match = DATE_TIME.exec(value);
  if (!match) throw new Error(`"${value}" is not a date-time`);
  const [, date, time, fraction, zone] = match;
  const iso = `${date}T${time}${fraction ? `.${fraction.slice(0, 3).padEnd(3, "0")}` : ""}${zone ?? "Z"}`;
  return zone && zone !== "Z" ? new Date(iso).toISOString() : iso;
}

/** One cell as its column's type says; an empty cell is null. */
function convert(value: unknown, kind: ColumnKind, column: string): unknown {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value !== "string") return kind === "date-time" ? normalizeDateTime(String(value)) : value;
  switch (kind) {
    case "integer":
    case "number": {
      const number = Number(value);
      if (Number.isNaN(number)) throw new Error(`column ${column}: "${value}" is not a number`);
      return number;
    }
    case "boolean":
      if (/^(true|1)$/i.test(value)) return true;
      if (/^(false|0)$/i.test(value)) return false;
      throw new Error(`column ${column}: "${value}" is not a boolean`);
    case "date-time":
      return normalizeDateTime(value);
    default:
      return value;
  }
}

function convertRow<N extends ExportName>(name: N, raw: Record<string, unknown>): ReportingExportRows[N] {
  const columns = REPORTING_EXPORTS[name].columns as Record<string, ColumnKind>;
  return Object.fromEntries(
    Object.entries(raw).map(([column, value]) => [column, convert(value, columns[column] ?? "string", column)]),
  ) as ReportingExportRows[N];
}

/**
 * The rows of an export, typed by its row schema, parsed as they arrive: CSV and TAB
 * through csv-parse (quoted fields, embedded newlines and delimiters, a leading BOM),
 * JSON as one array. Cells are converted by the contract's column types.
 */
export async function* streamRows<N extends ExportName>(
  client: ReportingClient,
  name: N,
  options: ExportOptions = {},
): AsyncGenerator<ReportingExportRows[N], void, undefined> {
  const format = options.format ?? "csv";
  // The extension paths are typed per format; a name outside the contract fails to compile.
  const get = client.GET as unknown as (path: string, init: object) => Promise<{ response: Response }>;
  const { response } = await get(`/io/reporting/export/${name}.${format}`, {
    params: { query: options.query },
    headers: { Accept: MEDIA_TYPE[format] },
    parseAs: "stream",
  });
  if (format === "json") {
    for (const raw of (await response.json()) as Record<string, unknown>[]) yield convertRow(name, raw);
    return;
  }
  const body = Readable.fromWeb(response.body as unknown as NodeReadableStream);
  const parser = body.pipe(
    parse({ columns: true, bom: true, delimiter: format === "tab" ? "\t" : ",", skip_empty_lines: true }),
  );
  for await (const raw of parser) yield convertRow(name, raw as Record<string, unknown>);
}

/** All rows of an export at once (see `streamRows` for large exports). */
export async function fetchRows<N extends ExportName>(
  client: ReportingClient,
  name: N,
  options: ExportOptions = {},
): Promise<ReportingExportRows[N][]> {
  const rows: ReportingExportRows[N][] = [];
  for await (const row of streamRows(client, name, options)) rows.push(row);
  return rows;
}
