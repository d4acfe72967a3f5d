// The ids a live crawl has seen, by the kind of record they name ("board", "team", "project"),
// so that an operation whose path or params need an id can be called with one the API gave.
// Kinds come from names alone: `boardId`, `board_id` and `milestoneid` name a board's or
// milestone's id; `{ "boards": [{ "id": … }] }` and `{ "board": { "id": … } }` hold boards.

/** The kind a name speaks of: lower case, letters and digits only, without a plural `s` ("cardTypes" → "cardtype"). */
export function kindOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .replace(/([^s])s$/, "$1");
}

/** The kind of record an id-naming member or parameter names ("organizationId" → "organization"), else undefined. */
export function idKind(name: string): string | undefined {
  const match = /^(.+?)_?id$/i.exec(name);
  return match ? kindOf(match[1]!) : undefined;
}

export type Id = string | number;

const isId = (value: unknown): value is Id =>
  (typeof value === "string" && value !== "") || (typeof value === "number" && Number.isFinite(value));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Enough ids of each kind to call what needs them a few times, however long the lists. */
const PER_KIND = 10;

export class IdPool {
  private readonly byKind = new Map<string, Id[]>();

  add(kind: string, id: Id): void {
    const ids = this.byKind.get(kind) ?? [];
    if (ids.length < PER_KIND && !ids.includes(id)) ids.push(id);
    this.byKind.set(kind, ids);
  }

  ids(kind: string): readonly Id[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The kinds with ids, in the order they were first seen. */
  kinds(): string[] {
    return [...this.byKind].filter(([, ids]) => ids.length > 0).map(([kind]) => kind);
  }

  /** Takes the ids out of an answer; `kind` is what the answer itself holds (its records, or the record it is). */
  harvest(answer: unknown, kind: string | undefined): void {
    this.walk(answer, kind);
  }

  private walk(node: unknown, kind: string | undefined): void {
    if (Array.isArray(node)) {
      for (const item of node) this.walk(item, kind);
      return;
    }
    if (!isRecord(node)) return;
    if (kind !== undefined && isId(node.id)) this.add(kind, node.id);
    for (const [name, value] of Object.entries(node)) {
      const named = idKind(name);
      if (named !== undefined && isId(value)) this.add(named, value);
      else if (value !== null && typeof value === "object") this.walk(value, kindOf(name));
    }
  }
}

/** The records of a list answer: the first array of objects in it, breadth first (`boards`, `data`, `Resources`, …). */
export function listedRecords(answer: unknown): Record<string, unknown>[] {
  const queue: unknown[] = [answer];
  while (queue.length > 0) {
    const node = queue.shift();
    if (Array.isArray(node)) {
      const records = node.filter(isRecord);
      if (records.length > 0) return records;
    } else if (isRecord(node)) queue.push(...Object.values(node));
  }
  return [];
}

/** The id a listed record gives a parameter: its member of that name, else its `id`. */
export function idFor(record: Record<string, unknown>, parameter: string): Id | undefined {
  const own = record[parameter];
  if (isId(own)) return own;
  return isId(record.id) ? record.id : undefined;
}
