// JSON Patch (RFC 6902), as LeanKit's updateCard takes it: add, remove, replace, move, copy
// and test, with `-` for the end of an array, plus LeanKit's own `remove` with a `value`,
// which takes that item out of the array at `path`.
import { isDeepStrictEqual } from "node:util";
import { decodePointer } from "@leanapis/contract-helpers";

export interface PatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

/** A patch that cannot apply: `test` failures are conflicts, anything else a bad request. */
export class PatchError extends Error {
  constructor(
    message: string,
    readonly conflict = false,
  ) {
    super(message);
  }
}

type Container = Record<string, unknown> | unknown[];

function parentOf(document: unknown, pointer: string): { parent: Container; key: string } {
  const parts = decodePointer(pointer);
  if (parts.length === 0) throw new PatchError(`${pointer || '""'}: the whole document cannot be patched`);
  let node = document;
  for (const part of parts.slice(0, -1)) {
    const next = Array.isArray(node) ? node[Number(part)] : (node as Record<string, unknown> | null)?.[part];
    if (next === null || typeof next !== "object") throw new PatchError(`${pointer}: no such path`);
    node = next;
  }
  return { parent: node as Container, key: parts.at(-1)! };
}

function index(array: unknown[], key: string, pointer: string, forAdd: boolean): number {
  if (key === "-" && forAdd) return array.length;
  if (!/^(0|[1-9]\d*)$/.test(key)) throw new PatchError(`${pointer}: ${key} is not an array index`);
  const at = Number(key);
  if (at > array.length || (!forAdd && at === array.length))
    throw new PatchError(`${pointer}: index ${at} is out of range`);
  return at;
}

function read(document: unknown, pointer: string): unknown {
  const { parent, key } = parentOf(document, pointer);
  const value = Array.isArray(parent) ? parent[index(parent, key, pointer, false)] : parent[key];
  if (value === undefined) throw new PatchError(`${pointer}: no such path`);
  return value;
}

function add(document: unknown, pointer: string, value: unknown): void {
  const { parent, key } = parentOf(document, pointer);
  if (Array.isArray(parent)) parent.splice(index(parent, key, pointer, true), 0, value);
  else parent[key] = value;
}

function remove(document: unknown, pointer: string, value?: unknown): void {
  const { parent, key } = parentOf(document, pointer);
  const target = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (value !== undefined && Array.isArray(target)) {
    const at = target.findIndex((item) => isDeepStrictEqual(item, value));
    if (at === -1) throw new PatchError(`${pointer}: holds no ${JSON.stringify(value)}`);
    target.splice(at, 1);
    return;
  }
  if (Array.isArray(parent)) parent.splice(index(parent, key, pointer, false), 1);
  else if (key in parent) delete parent[key];
  else throw new PatchError(`${pointer}: no such path`);
}

/** Applies `patch` to `document` in place (pass a copy); throws PatchError when an operation cannot apply. */
export function applyPatch(document: Record<string, unknown>, patch: unknown): void {
  if (!Array.isArray(patch)) throw new PatchError("a JSON Patch is an array of operations");
  for (const operation of patch as PatchOperation[]) {
    const clone = () => structuredClone(operation.value);
    switch (operation.op) {
      case "add":
        add(document, operation.path, clone());
        break;
      case "remove":
        remove(document, operation.path, operation.value);
        break;
      case "replace": {
        // LeanKit lists writable fields a card may not carry yet (`/wipOverrideComment`): replacing one sets it.
        const { parent, key } = parentOf(document, operation.path);
        if (!Array.isArray(parent) && !(key in parent)) parent[key] = clone();
        else {
          read(document, operation.path);
          remove(document, operation.path);
          add(document, operation.path, clone());
        }
        break;
      }
      case "move": {
        const value = read(document, operation.from ?? "");
        remove(document, operation.from ?? "");
        add(document, operation.path, value);
        break;
      }
      case "copy":
        add(document, operation.path, structuredClone(read(document, operation.from ?? "")));
        break;
      case "test":
        if (!isDeepStrictEqual(read(document, operation.path), operation.value))
          throw new PatchError(`${operation.path} is not ${JSON.stringify(operation.value)}`, true);
        break;
      default:
        throw new PatchError(`unknown op ${JSON.stringify(operation.op)}`);
    }
  }
}
