import { parse } from "csv-parse/stream";
import { ApiError, requestIdOf, shown, withoutSecrets } from "../core/api-error.js";
import { familyError, familyOf } from "../core/create-client.js";
import { REPORTING_EXPORTS, type ReportingExportRows } from "../generated/reporting-exports.js";
import { type ReportingApiError, type ReportingClient, reportingFamily } from "./client.js";

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
  /**
   * By default (strict) the header must be the export's columns, every one and in order,
   * and anything else is a `ReportingApiError` of kind "rows" naming the missing and unknown
   * columns. `true` accepts columns the contract does not list (passed on as they came) and
   * any order; a missing column is still an error.
   */
  lenient?: boolean;
  /** Aborts the export (the rows then reject with kind "aborted"). */
  signal?: AbortSignal;
}

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ZONE_OFFSET = /^[+-]\d{2}:?\d{2}$/;

const DAYS_IN_MONTH: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DASH = "-".charCodeAt(0);
const DOT = ".".charCodeAt(0);
const COLON = ":".charCodeAt(0);
const SPACE = " ".charCodeAt(0);
const T = "T".charCodeAt(0);

// Dates and date-times are read a character at a time rather than by a regular expression:
// an export has one or more in every row, and this takes about a third of the time.

const isDigit = (code: number) => code >= 48 && code <= 57; // false for NaN, past the end

/** The number the digits of `text` from `start` to `end` write, or -1 if one is not a digit. */
function digitsAt(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    n = n * 10 + code - 48;
  }
  return n;
}

/** Whether `text` starts with a YYYY-MM-DD date that is on the calendar (not 2019-02-30). */
function startsWithDate(text: string): boolean {
  if (text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return year >= 0 && days !== undefined && day >= 1 && day <= days;
}

/**
 * A date-time as ISO 8601 UTC with milliseconds when it has a fraction, or undefined if it is
 * not one: a date, "T" or a space, HH:MM with optional seconds and fraction, and a zone (Z,
 * ±HH:MM or ±HHMM; none is UTC). "2019-04-15 19:05:14.9070000" and "2019-04-15T19:05:14.907Z" are the
 * same instant.
 */
function dateTimeOf(value: string): string | undefined {
  const separator = value.charCodeAt(10);
  if ((separator !== T && separator !== SPACE) || !startsWithDate(value) || value.charCodeAt(13) !== COLON)
    return undefined;
  const hours = digitsAt(value, 11, 13);
  const minutes = digitsAt(value, 14, 16);
  const withSeconds = value.charCodeAt(16) === COLON;
  const seconds = withSeconds ? digitsAt(value, 17, 19) : 0;
  if (!(hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59 && seconds >= 0 && seconds <= 60)) return undefined;
  const timeEnd = withSeconds ? 19 : 16;
  let end = timeEnd;
  let fraction = "";
  if (value.charCodeAt(end) === DOT) {
    while (isDigit(value.charCodeAt(end + 1))) end++;
    if (end === timeEnd) return undefined;
    end++;
    fraction = value.slice(timeEnd, Math.min(end, timeEnd + 4)).padEnd(4, "0"); // ".907"
  }
  const local = `${value.slice(0, 10)}T${value.slice(11, timeEnd)}${fraction}`;
  const zone = value.slice(end);
  if (zone === "" || zone === "Z") return `${local}Z`;
  if (!ZONE_OFFSET.test(zone)) return undefined;
  const instant = new Date(local + zone); // an offset the runtime cannot read ("+99:99") is not one
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/** A date-time as ISO 8601 UTC with milliseconds when it has a fraction (see `dateTimeOf`). */
export function normalizeDateTime(value: string): string {
  const normalized = dateTimeOf(value);
  if (normalized === undefined) throw new Error(`"${value}" is not a date-time`);
  return normalized;
}

class CellProblem extends Error {}

/** One cell as its column's type says; an empty cell is null. Throws a CellProblem if it does not fit. */
function convert(value: unknown, kind: ColumnKind): unknown {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "string") {
    switch (kind) {
      case "integer":
        if (INTEGER.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
        throw new CellProblem(`${shown(value)} is not an integer`);
      case "number":
        if (NUMBER.test(value)) return Number(value);
        throw new CellProblem(`${shown(value)} is not a number`);
      case "boolean":
        if (/^(true|1)$/i.test(value)) return true;
        if (/^(false|0)$/i.test(value)) return false;
        throw new CellProblem(`${shown(value)} is not a boolean`);
      case "date-time": {
        const normalized = dateTimeOf(value);
        if (normalized !== undefined) return normalized;
        throw new CellProblem(`${shown(value)} is not a date-time`);
      }
      case "date":
        if (value.length === 10 && startsWithDate(value)) return value;
        throw new CellProblem(`${shown(value)} is not a date`);
      default:
        return value;
    }
  }
  // JSON values that are already typed, and numbers in a string column.
  if (fitsAsIs(value, kind)) return value;
  if (kind === "string" && typeof value === "number" && Number.isFinite(value)) return String(value);
  throw new CellProblem(`${shown(value)} is not ${kind === "integer" ? "an" : "a"} ${kind}`);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Whether `value` is a JSON value already of its column's type, which `convert` gives back
 * as it is (and the JSON rows leave alone). Dates and date-times are always checked.
 */
function fitsAsIs(value: unknown, kind: ColumnKind): boolean {
  if (value === null) return true;
  switch (kind) {
    case "string":
      return typeof value === "string" && value !== "";
    case "integer":
      return Number.isSafeInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    default:
      return false;
  }
}

/** Whether `object`'s keys are `names`, in that order. */
function hasKeysInOrder(object: object, names: readonly string[]): boolean {
  let k = 0;
  for (const key in object) if (key !== names[k++]) return false;
  return k === names.length;
}

interface Layout {
  /** Each column's kind, by name. */
  columns: Record<string, ColumnKind>;
  /** The export's columns in order. */
  names: string[];
  /** Each column's kind, in the same order. */
  kinds: ColumnKind[];
}
const layouts = new Map<ExportName, Layout>();

function layoutOf(name: ExportName): Layout {
  let layout = layouts.get(name);
  if (!layout) {
    const columns = REPORTING_EXPORTS[name].columns as Record<string, ColumnKind>;
    const names = Object.keys(columns);
    layout = { columns, names, kinds: names.map((column) => columns[column]!) };
    layouts.set(name, layout);
  }
  return layout;
}

const DELIMITERS = [",", "\t", ";", "|"];
// A record (a line, with its quoted line breaks) is held whole while it is parsed: one that
// never ends would fill the memory of a stream no byte limit applies to. 2 Mi characters is
// far beyond any row of an export.
const MAX_RECORD_CHARS = 2 * 2 ** 20;
const delimiterName = (d: string) => (d === "\t" ? "tabs" : `"${d}"`);

/** The charset the response declares (UTF-8 when it declares none). */
function charsetOf(response: Response): string {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(response.headers.get("content-type") ?? "");
  return match?.[1] ?? "utf-8";
}

const decoders = new Map<string, TextDecoder | undefined>();

/** A decoder of whole bodies in `charset` that fails on invalid bytes; undefined if the charset is unknown. */
function decoderFor(charset: string): TextDecoder | undefined {
  const label = charset.toLowerCase();
  if (!decoders.has(label)) {
    let decoder: TextDecoder | undefined;
    try {
      decoder = new TextDecoder(label, { fatal: true });
    } catch {
      decoder = undefined; // not a charset this runtime knows
    }
    // Bounded: a server could name a new charset every time.
    if (decoders.size < 32) decoders.set(label, decoder);
    return decoder;
  }
  return decoders.get(label);
}

/** A stream of `bytes` as they are, without copying them. */
function oneChunk(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** Bytes in `charset` to UTF-8 (which the CSV parser reads); invalid bytes are an error, never U+FFFD. */
function toUtf8(charset: string): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder(charset, { fatal: true });
  const asIs = decoder.encoding === "utf-8";
  const encoder = new TextEncoder();
  const bytes = (chunk: Uint8Array) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return new TransformStream({
    transform(chunk, controller) {
      const text = decoder.decode(chunk, { stream: true }); // checks UTF-8 too
      controller.enqueue(bytes(asIs ? chunk : encoder.encode(text)));
    },
    flush(controller) {
      const rest = decoder.decode();
      if (!asIs && rest) controller.enqueue(bytes(encoder.encode(rest)));
    },
  });
}

/**
 * The rows of an export, typed by its row schema, parsed as they arrive: CSV and TAB
 * through csv-parse (quoted fields, embedded newlines and delimiters, a leading BOM), JSON
 * as one array; text in the charset the response declares. Cells are converted by the
 * contract's column types. Strict by default: a header that is not the export's columns
 * (see `lenient`), another delimiter, a cell that does not fit its column or bytes invalid
 * in the charset reject with a `ReportingApiError` of kind "rows" or "invalid-response"
 * naming the row and column; so does every other failure (timeouts included).
 */
export async function* streamRows<N extends ExportName>(
  client: ReportingClient,
  name: N,
  options: ExportOptions = {},
): AsyncGenerator<ReportingExportRows[N], void, undefined> {
  yield* await openExport(client, name, options, false);
}

/**
 * All rows of an export at once: the body is read whole, within the call's deadline and
 * held to the client's `maxResponseBytes` (see `streamRows` for larger exports).
 */
export async function fetchRows<N extends ExportName>(
  client: ReportingClient,
  name: N,
  options: ExportOptions = {},
): Promise<ReportingExportRows[N][]> {
  const opened = await openExport(client, name, options, true);
  if (Array.isArray(opened)) return opened;
  const rows: ReportingExportRows[N][] = [];
  for await (const row of opened) rows.push(row);
  return rows;
}

/**
 * An export's rows: JSON ones converted already, CSV and TAB ones as they are parsed, from
 * the body read `whole` or as it streams in.
 */
async function openExport<N extends ExportName>(
  client: ReportingClient,
  name: N,
  options: ExportOptions,
  whole: boolean,
): Promise<ReportingExportRows[N][] | AsyncGenerator<ReportingExportRows[N], void, undefined>> {
  const format = options.format ?? "csv";
  const path = `/io/reporting/export/${name}.${format}`;
  const family = familyOf(client, reportingFamily);
  if (!Object.hasOwn(REPORTING_EXPORTS, name)) {
    const details = { status: 0, body: null, method: "GET", path, requestId: undefined };
    throw familyError(family, details, `"${String(name).slice(0, 60)}" is not an export of the contract`, {
      kind: "unexpected",
    });
  }
  const { columns, names, kinds } = layoutOf(name);
  // The extension paths are typed per format; a name outside the contract fails to compile.
  const get = client.GET as unknown as (path: string, init: object) => Promise<{ data: unknown; response: Response }>;
  const { data, response } = await get(path, {
    params: { query: options.query },
    headers: { Accept: MEDIA_TYPE[format] },
    // JSON is read whole within the call's deadline; CSV and TAB stream under it unless read whole.
    parseAs: format === "json" || whole ? "arrayBuffer" : "stream",
    signal: options.signal,
  });

  const failure = (kind: "rows" | "invalid-response", detail: string, extra: object = {}, cause?: unknown) =>
    Object.assign(
      familyError(
        family,
        { status: response.status, body: null, method: "GET", path, requestId: requestIdOf(response) },
        detail,
        { kind, cause },
      ),
      // Column names come from the server, which may have echoed a credential.
      withoutSecrets(
        Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== undefined)),
        family.secrets(),
      ),
    ) as ReportingApiError;
  const charset = charsetOf(response);
  const decoder = decoderFor(charset);
  if (!decoder) throw failure("invalid-response", `the export's charset "${charset.slice(0, 40)}" is not supported`);
  const notInCharset = (error: unknown) =>
    (error as { code?: unknown }).code === "ERR_ENCODING_INVALID_ENCODED_DATA"
      ? failure("invalid-response", `the export is not valid ${charset}`, {}, error)
      : undefined;

  /** What is wrong with the columns an export has (a header, or a JSON row's keys). */
  const columnsProblem = (present: readonly string[], where: { delimiter?: string; row?: number }) => {
    const { delimiter, row } = where;
    const at = row === undefined ? "" : `row ${row}: `;
    if (delimiter !== undefined && present.length === 1 && names.length > 1) {
      const other = DELIMITERS.find((d) => d !== delimiter && present[0]!.includes(d));
      if (other)
        return failure("rows", `the export is delimited by ${delimiterName(other)}, not ${delimiterName(delimiter)}`);
    }
    const seen = new Set<string>();
    const repeated = present.filter((column) => seen.has(column) || !seen.add(column));
    const missing = names.filter((column) => !seen.has(column));
    const unknown = options.lenient ? [] : present.filter((column) => !Object.hasOwn(columns, column));
    if (missing.length || unknown.length || repeated.length) {
      const parts = [
        missing.length ? `missing ${missing.join(", ")}` : "",
        unknown.length ? `unknown ${unknown.map(shown).join(", ")}` : "",
        repeated.length ? `repeated ${repeated.map(shown).join(", ")}` : "",
      ];
      const detail = `${at}the columns do not match the ${name} export: ${parts.filter(Boolean).join("; ")}`;
      return failure("rows", detail, { row, missingColumns: missing, unknownColumns: unknown });
    }
    // JSON objects have no column order to check.
    if (delimiter !== undefined && !options.lenient && present.some((column, i) => column !== names[i]))
      return failure("rows", `the columns are not in the ${name} export's order (${names.join(", ")})`);
    return undefined;
  };

  /** A cell of one of the export's columns, converted by its type. */
  const cell = (value: unknown, column: string, kind: ColumnKind, row: number) => {
    try {
      return convert(value, kind);
    } catch (error) {
      if (!(error instanceof CellProblem)) throw error;
      throw failure("rows", `row ${row}, column ${column}: ${error.message}`, { row, column });
    }
  };

  const toRow = (header: readonly string[], values: (i: number) => unknown, row: number) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < header.length; i++) {
      const column = header[i]!;
      const kind = columns[column];
      // A column only `lenient` lets through is passed on as it came.
      out[column] =
        !Object.hasOwn(columns, column) || kind === undefined ? values(i) : cell(values(i), column, kind, row);
    }
    return out as ReportingExportRows[N];
  };

  if (format === "json") {
    const bytes = data instanceof ArrayBuffer ? data : undefined;
    if (!bytes || bytes.byteLength === 0) throw failure("invalid-response", "the export is empty");
    let parsed: unknown;
    try {
      parsed = JSON.parse(decoder.decode(bytes));
    } catch (error) {
      throw notInCharset(error) ?? failure("invalid-response", "the export is not valid JSON", {}, error);
    }
    if (!Array.isArray(parsed)) throw failure("invalid-response", "the export is not a JSON array");
    const rows: ReportingExportRows[N][] = [];
    for (let i = 0; i < parsed.length; i++) {
      const raw: unknown = parsed[i];
      const row = i + 1;
      if (!isRecord(raw)) throw failure("rows", `row ${row} is not an object`, { row });
      // Usually the keys are the columns in order: then there is nothing more to check. (A
      // key `for…in` found on the prototype instead, which `Object.values` leaves out, is not.)
      const values = hasKeysInOrder(raw, names) && Object.values(raw);
      if (values && values.length === names.length) {
        // Converted in place, where a value is not already of its column's type.
        for (let c = 0; c < names.length; c++) {
          const kind = kinds[c]!;
          if (!fitsAsIs(values[c], kind)) raw[names[c]!] = cell(values[c], names[c]!, kind, row);
        }
        rows.push(raw as ReportingExportRows[N]);
        continue;
      }
      const keys = Object.keys(raw);
      const problem = columnsProblem(keys, { row });
      if (problem) throw problem;
      // The export's columns in order, then any extra ones `lenient` lets through.
      const order = options.lenient ? names.concat(keys.filter((k) => !Object.hasOwn(columns, k))) : names;
      rows.push(toRow(order, (c) => raw[order[c]!], row));
    }
    return rows;
  }

  const body = data instanceof ArrayBuffer ? oneChunk(new Uint8Array(data)) : data;
  if (!(body instanceof ReadableStream)) throw failure("rows", "the export is empty: it has no header");
  const delimiter = format === "tab" ? "\t" : ",";
  const csvOptions = { delimiter, bom: true, skip_empty_lines: true, max_record_size: MAX_RECORD_CHARS };
  const reader = (body as ReadableStream<Uint8Array>)
    .pipeThrough(toUtf8(charset))
    .pipeThrough(parse(csvOptions) as TransformStream<Uint8Array, string[]>)
    .getReader();
  return (async function* parsed() {
    let row = 0;
    try {
      const first = await reader.read();
      if (first.done) throw failure("rows", "the export is empty: it has no header");
      const header = first.value;
      const problem = columnsProblem(header, { delimiter });
      if (problem) throw problem;
      for (;;) {
        const next = await reader.read();
        if (next.done) return;
        row++;
        const record = next.value;
        yield toRow(header, (i) => record[i], row);
      }
    } catch (error) {
      if (error instanceof ApiError) throw error;
      const code = (error as { code?: unknown }).code;
      if (typeof code === "string" && code.startsWith("CSV_"))
        throw failure("rows", `row ${row + 1}: ${(error as Error).message}`, { row: row + 1 }, error);
      throw notInCharset(error) ?? failure("invalid-response", "the export could not be read", {}, error);
    } finally {
      // Stops the download when the loop ends early (a no-op once it is complete).
      reader.cancel().catch(() => undefined);
    }
  })();
}
