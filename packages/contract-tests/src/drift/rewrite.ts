// What a drift does to an answer, in small steps. Each step insists that what it changes is
// there (a header, a member, a column): a drift that no longer applies to the mock's answer
// must fail the run, not pass as a drift the checker "missed" or "caught" by accident.
import { parse } from "csv-parse/sync";
import type { Wire } from "./harness.js";

export type Rewrite = (wire: Wire) => Wire;
type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => value !== null && typeof value === "object";

/** Steps applied in order. */
export const all =
  (...steps: Rewrite[]): Rewrite =>
  (wire) =>
    steps.reduce((current, step) => step(current), wire);

export const textOf = (wire: Wire): string => new TextDecoder().decode(wire.body);

export const withText = (wire: Wire, text: string, encoding: BufferEncoding = "utf8"): Wire => ({
  ...wire,
  body: new Uint8Array(Buffer.from(text, encoding)),
});

/** The member at a JSON pointer's parent, and its key; throws when the path is not in the answer. */
function parentOf(root: unknown, pointer: string): { parent: Container; key: string } {
  const keys = pointer.split("/").slice(1);
  const key = keys.pop();
  let node = root;
  for (const step of keys) {
    if (!isContainer(node) || !(step in node)) throw new Error(`The answer has no ${pointer}`);
    node = (node as Record<string, unknown>)[step];
  }
  if (key === undefined || !isContainer(node) || !(key in node)) throw new Error(`The answer has no ${pointer}`);
  return { parent: node, key };
}

export function get(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  const { parent, key } = parentOf(root, pointer);
  return (parent as Record<string, unknown>)[key];
}

export function set(root: unknown, pointer: string, value: unknown): void {
  const { parent, key } = parentOf(root, pointer);
  (parent as Record<string, unknown>)[key] = value;
}

export function remove(root: unknown, pointer: string): void {
  const { parent, key } = parentOf(root, pointer);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
}

/** A member renamed in place (its value kept). */
export function rename(root: unknown, pointer: string, to: string): void {
  const value = get(root, pointer);
  remove(root, pointer);
  const at = pointer.split("/").slice(0, -1).join("/");
  (get(root, at) as Record<string, unknown>)[to] = value;
}

/** The JSON body changed by `edit`, which changes it in place or returns a replacement. */
export const json =
  (edit: (body: unknown) => unknown): Rewrite =>
  (wire) => {
    const body: unknown = JSON.parse(textOf(wire));
    const replaced = edit(body);
    return withText(wire, JSON.stringify(replaced === undefined ? body : replaced));
  };

export const setAt = (pointer: string, value: unknown) => json((body) => set(body, pointer, value));
export const removeAt = (pointer: string) => json((body) => remove(body, pointer));
export const renameAt = (pointer: string, to: string) => json((body) => rename(body, pointer, to));
export const replaceBody =
  (text: string): Rewrite =>
  (wire) =>
    withText(wire, text);

/** A header given a new value (it must be there), or dropped with `undefined`. */
export const header =
  (name: string, value: string | undefined): Rewrite =>
  (wire) => {
    const lower = name.toLowerCase();
    if (!wire.headers.some(([candidate]) => candidate.toLowerCase() === lower))
      throw new Error(`The answer has no header ${name}`);
    const others = wire.headers.filter(([candidate]) => candidate.toLowerCase() !== lower);
    return { ...wire, headers: value === undefined ? others : [...others, [name, value]] };
  };

/** The Content-Type set (added where the answer had none) or dropped. */
export const contentType =
  (value: string | undefined): Rewrite =>
  (wire) => {
    const others = wire.headers.filter(([name]) => name.toLowerCase() !== "content-type");
    return { ...wire, headers: value === undefined ? others : [...others, ["Content-Type", value]] };
  };

export const status =
  (code: number): Rewrite =>
  (wire) => ({ ...wire, status: code });

/** A delimited body's records (header row first) changed by `edit`, written back with `delimiter`. */
export const records =
  (edit: (rows: string[][]) => string[][] | undefined, delimiter = ",", writeWith = delimiter): Rewrite =>
  (wire) => {
    const rows = parse(textOf(wire), { delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
    const out = edit(rows) ?? rows;
    const quote = (cell: string) =>
      cell.includes(writeWith) || /["\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
    return withText(wire, `${out.map((row) => row.map(quote).join(writeWith)).join("\n")}\n`);
  };

/** The index of a column by its header name; throws when the export has no such column. */
export function column(rows: string[][], name: string): number {
  const index = rows[0]?.indexOf(name) ?? -1;
  if (index < 0) throw new Error(`The export has no column ${name}`);
  return index;
}

export const dropColumn = (name: string, delimiter = ",") =>
  records((rows) => {
    const at = column(rows, name);
    return rows.map((row) => row.filter((_, i) => i !== at));
  }, delimiter);

export const renameColumn = (name: string, to: string, delimiter = ",") =>
  records((rows) => {
    rows[0]![column(rows, name)] = to;
    return rows;
  }, delimiter);

/** Two columns trade places, header and cells alike: the columns come in another order. */
export const moveColumns = (a: string, b: string, delimiter = ",") =>
  records((rows) => {
    const [i, j] = [column(rows, a), column(rows, b)];
    for (const row of rows) [row[i], row[j]] = [row[j]!, row[i]!];
    return rows;
  }, delimiter);

/** Two columns' cells trade places under an unchanged header row: values under the wrong names. */
export const swapCells = (a: string, b: string, delimiter = ",") =>
  records((rows) => {
    const [i, j] = [column(rows, a), column(rows, b)];
    for (const row of rows.slice(1)) [row[i], row[j]] = [row[j]!, row[i]!];
    return rows;
  }, delimiter);

/** One cell of a data row (1 = the first row under the header) set to `value`. */
export const cell = (row: number, name: string, value: string, delimiter = ",") =>
  records((rows) => {
    if (!rows[row]) throw new Error(`The export has no row ${row}`);
    rows[row]![column(rows, name)] = value;
    return rows;
  }, delimiter);
