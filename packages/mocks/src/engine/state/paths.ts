// Dot paths into records and requests (`board.id`, `values.ticket`, `parentCards.cardId`),
// as the contracts' `x-resource` declarations write them.

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The value at `path`, undefined where the way is missing. */
export function getPath(value: unknown, path: string): unknown {
  let node = value;
  for (const part of path.split(".")) {
    if (!isObject(node)) return undefined;
    node = node[part];
  }
  return node;
}

/** Every value at `path`, stepping into each element of the arrays on the way (`parentCards.cardId`). */
export function getAll(value: unknown, path: string): unknown[] {
  let nodes = [value];
  for (const part of path.split(".")) {
    nodes = nodes
      .flatMap((node) => (Array.isArray(node) ? node : [node]))
      .flatMap((node) => (isObject(node) && node[part] !== undefined ? [node[part]] : []));
  }
  return nodes.flatMap((node) => (Array.isArray(node) ? node : [node]));
}

/** Sets `path` in `target`, making the objects on the way (a copy of each existing one, so no other record shares it). */
export function setPath(target: Json, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node[part] = isObject(next) ? { ...next } : {};
    node = node[part] as Json;
  }
  node[parts.at(-1)!] = value;
}

/** The array at the head of `path` and the member its elements are matched by: `parentCards.cardId` → ["parentCards", "cardId"]. */
export function arrayMember(record: Json, path: string): [string, string] | undefined {
  const dot = path.indexOf(".");
  if (dot === -1) return undefined;
  const head = path.slice(0, dot);
  return Array.isArray(record[head]) || record[head] === undefined || record[head] === null
    ? [head, path.slice(dot + 1)]
    : undefined;
}

/** Request values compare as text: Leantime takes 11 and "11" alike, LeanKit's ids are digit strings. */
export const same = (a: unknown, b: unknown) => String(a) === String(b);

/** A value as a list: a JSON array as it is, a comma-separated string split. */
export function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === "string") return value.split(",").filter((part) => part !== "");
  return value === undefined || value === null ? [] : [value];
}
