// CSV and TAB bodies: parsed with csv-parse (quoted fields, embedded delimiters and line
// breaks, a leading BOM), the header row held against the export's row schema (its
// properties, in the order the schema lists them), and every row validated against that
// schema once its cells are converted by their column's declared type.
import type { ValidateFunction } from "@leanapis/contract-helpers";
import { parse } from "csv-parse/sync";
import { schemaProblems } from "./schema-problems.js";

/** The delimiter of each media type the checker parses as rows. */
export const DELIMITERS: Readonly<Record<string, string>> = {
  "text/csv": ",",
  "text/tab-separated-values": "\t",
};

/** Past this many, row problems are summed up in one line: one drifted column must not flood a log. */
export const MAX_ROW_PROBLEMS = 50;

export interface RowSchema {
  /** The schema's name for messages ("CardRow"), when it has one. */
  name: string | undefined;
  /** The columns in the schema's order, each with the JSON types its schema allows. */
  columns: { name: string; types: ReadonlySet<string> }[];
  validate: ValidateFunction;
}

export interface RowProblem {
  place: string;
  problem: string;
  value?: unknown;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A cell as its column's type says: an empty cell is null where the type allows null;
 * integers, numbers and booleans (`true`/`false`) are converted; a column that allows
 * strings keeps the text. Anything else stays the text it is, for the schema to refuse.
 */
export function convertCell(cell: string, types: ReadonlySet<string>): unknown {
  if (cell === "") return types.has("null") ? null : cell;
  if (types.has("string") || types.size === 0) return cell;
  if ((types.has("integer") || types.has("number")) && NUMBER.test(cell)) return Number(cell);
  if (types.has("boolean") && (cell === "true" || cell === "false")) return cell === "true";
  return cell;
}

/** The problems of a delimited body, with places `header row`, `row 3`, `row 3 column laneTitle`. */
export function delimitedProblems(text: string, mediaType: string, rows: RowSchema | undefined): RowProblem[] {
  const delimiter = DELIMITERS[mediaType] ?? ",";
  const format = delimiter === "\t" ? "TAB" : "CSV";
  let records: string[][];
  try {
    records = parse(text, { delimiter, bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    return [{ place: "body", problem: `is not valid ${format}: ${(error as Error).message}` }];
  }
  const [header, ...data] = records;
  if (!header) return [{ place: "header row", problem: "is missing: the body has no rows" }];
  if (!rows) return [];

  const problems: RowProblem[] = [];
  const expected = rows.columns.map((column) => column.name);
  const known = new Map(rows.columns.map((column) => [column.name, column]));
  const schema = rows.name ?? "the row schema";
  if (header.length === 1 && expected.length > 1) {
    const other = [",", "\t", ";", "|"].find((d) => d !== delimiter && header[0]!.includes(d));
    if (other) {
      const named = (d: string) => (d === "\t" ? "tabs" : `"${d}"`);
      return [
        { place: "header row", problem: `is delimited by ${named(other)}, not ${named(delimiter)}`, value: header[0] },
      ];
    }
  }
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) problems.push({ place: `header row column ${name}`, problem: "appears more than once" });
    seen.add(name);
    if (!known.has(name))
      problems.push({ place: `header row column ${name}`, problem: `is not a column of ${schema}` });
  }
  const missing = new Set(expected.filter((name) => !seen.has(name)));
  if (missing.size === 1)
    problems.push({ place: `header row column ${[...missing][0]}`, problem: `is missing (${schema} lists it)` });
  else if (missing.size > 1)
    problems.push({
      place: "header row",
      problem: `lacks ${missing.size} columns ${schema} lists: ${[...missing].join(", ")}`,
    });
  const present = header.filter((name) => known.has(name));
  const order = expected.filter((name) => seen.has(name));
  if (present.some((name, i) => name !== order[i])) {
    problems.push({
      place: "header row",
      problem: `lists the columns out of ${schema}'s order (${expected.join(", ")})`,
      value: header.join(delimiter),
    });
  }

  let rowProblems = 0;
  let unlisted = 0;
  const report = (problem: RowProblem) => {
    if (rowProblems < MAX_ROW_PROBLEMS) problems.push(problem);
    else unlisted++;
    rowProblems++;
  };
  for (const [index, record] of data.entries()) {
    const row = index + 1;
    if (record.length !== header.length) {
      report({
        place: `row ${row}`,
        problem: `has ${record.length} cells; the header row has ${header.length}`,
        value: record.join(delimiter),
      });
    }
    const value: Record<string, unknown> = {};
    const cells = new Map<string, string>();
    for (const [i, name] of header.entries()) {
      const column = known.get(name);
      const cell = record[i];
      if (!column || cell === undefined || Object.hasOwn(value, name)) continue;
      cells.set(name, cell);
      value[name] = convertCell(cell, column.types);
    }
    for (const found of schemaProblems(rows.validate, value)) {
      const [column, ...inside] = found.at;
      // A column missing from the header is reported once, there, not on every row.
      if (column === undefined || (missing.has(column) && inside.length === 0)) {
        if (column === undefined) report({ place: `row ${row}`, problem: found.problem });
        continue;
      }
      const cell = cells.get(column);
      const problem = cell === undefined && found.value === undefined ? "has no cell" : found.problem;
      report({ place: `row ${row} column ${column}`, problem, ...(cell === undefined ? {} : { value: cell }) });
    }
  }
  if (unlisted > 0) problems.push({ place: "rows", problem: `${unlisted} more row problems are not listed` });
  return problems;
}
