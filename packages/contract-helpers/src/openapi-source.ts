// An OpenAPI contract read from its source files (the entry and every file its `$ref`s reach)
// into one document, remembering where each object was written, so that a problem found in
// the document is reported at its file, line and column rather than in the bundle.
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { OpenApiDocument } from "./documents.js";
import { decodePointer } from "./pointer.js";
import { resourceProblems } from "./resource-lint.js";

interface Source {
  file: string;
  lines: LineCounter;
  node: Node;
}

export interface OpenApiSource {
  document: OpenApiDocument;
  /** Where the value at `at` (segments into `document`) was written: file, line and column. */
  place(at: readonly (string | number)[]): { file: string; line: number; column: number };
}

export function readOpenApiSource(entry: string): OpenApiSource {
  const files = new Map<string, { root: Node | null; lines: LineCounter }>();
  const converted = new Map<string, unknown>();
  const sources = new WeakMap<object, Source>();

  const load = (file: string) => {
    let loaded = files.get(file);
    if (!loaded) {
      const lines = new LineCounter();
      const parsed = parseDocument(readFileSync(file, "utf8"), { lineCounter: lines });
      if (parsed.errors.length) throw new Error(`${file}: ${parsed.errors[0]!.message}`);
      loaded = { root: parsed.contents as Node | null, lines };
      files.set(file, loaded);
    }
    return loaded;
  };

  const nodeAt = (root: Node | null, pointer: string): Node | undefined => {
    let node: unknown = root;
    for (const part of decodePointer(pointer)) {
      if (isMap(node)) node = node.get(part, true);
      else if (isSeq(node)) node = node.get(Number(part), true);
      else return undefined;
    }
    return (node as Node | undefined) ?? undefined;
  };

  // Each (file, pointer) converts once, so a schema that refers to itself becomes a cycle, not a loop.
  const convertRef = (file: string, ref: string): unknown => {
    const [target = "", pointer = ""] = ref.split("#");
    const targetFile = target === "" ? file : resolve(dirname(file), target);
    const key = `${targetFile}#${pointer}`;
    if (converted.has(key)) return converted.get(key);
    const { root, lines } = load(targetFile);
    const node = nodeAt(root, pointer);
    if (!node) throw new Error(`${file}: can't resolve $ref ${ref}`);
    return convert(node, targetFile, lines, key);
  };

  const convert = (node: unknown, file: string, lines: LineCounter, key?: string): unknown => {
    if (isScalar(node)) return node.value;
    if (isSeq(node)) {
      const list: unknown[] = [];
      if (key) converted.set(key, list);
      sources.set(list, { file, lines, node: node as Node });
      for (const item of node.items) list.push(convert(item, file, lines));
      return list;
    }
    if (isMap(node)) {
      const ref = node.get("$ref");
      if (typeof ref === "string") {
        const target = convertRef(file, ref);
        if (node.items.length === 1) {
          if (key) converted.set(key, target);
          return target;
        }
        // A $ref with siblings (OpenAPI 3.1 schemas): the target with the siblings over it.
        const merged: Record<string, unknown> = { ...(target as Record<string, unknown>) };
        for (const pair of node.items) {
          const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
          if (name !== "$ref") merged[name] = convert(pair.value, file, lines);
        }
        sources.set(merged, { file, lines, node: node as Node });
        return merged;
      }
      const object: Record<string, unknown> = {};
      if (key) converted.set(key, object);
      sources.set(object, { file, lines, node: node as Node });
      for (const pair of node.items) {
        const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
        object[name] = convert(pair.value, file, lines);
      }
      return object;
    }
    return node ?? null;
  };

  const absolute = resolve(entry);
  const document = convertRef(absolute, "") as OpenApiDocument;
  const shown = (file: string) => relative(process.cwd(), file) || file;

  return {
    document,
    place(at) {
      // The deepest object on the way that came from a file, and the rest of the way inside it.
      let value: unknown = document;
      let found = sources.get(document as object)!;
      let rest: (string | number)[] = [];
      for (const part of at) {
        value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
        rest.push(part);
        const source = value !== null && typeof value === "object" ? sources.get(value) : undefined;
        if (source) {
          found = source;
          rest = [];
        }
      }
      let node: unknown = found.node;
      for (const part of rest) {
        const inner = isMap(node) ? node.get(part, true) : isSeq(node) ? node.get(Number(part), true) : undefined;
        if (inner === undefined) break;
        node = inner;
      }
      const offset = (node as Node).range?.[0] ?? 0;
      const { line, col } = found.lines.linePos(offset);
      return { file: shown(found.file), line, column: col };
    },
  };
}

/** Lints the `x-resource` declarations of an OpenAPI contract's source: `file:line:column  message  (rule)` each. */
export function lintOpenApiResources(entry: string): string[] {
  const source = readOpenApiSource(entry);
  return resourceProblems(source.document).map(({ at, message, rule }) => {
    const { file, line, column } = source.place(at);
    return `${file}:${line}:${column}  ${message}  (${rule})`;
  });
}
