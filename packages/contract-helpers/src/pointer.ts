// JSON pointers (RFC 6901) into a contract, and the local `$ref`s that use them.

/** A place in a document: its pointer split into segments. */
export type Segments = readonly (string | number)[];

const unescapeSegment = (part: string) => part.replace(/~1/g, "/").replace(/~0/g, "~");
const escapeSegment = (part: string | number) => String(part).replace(/~/g, "~0").replace(/\//g, "~1");

/** "/paths/~1io~1board" → ["paths", "/io/board"]. */
export function decodePointer(pointer: string): string[] {
  return pointer === "" ? [] : pointer.split("/").slice(1).map(unescapeSegment);
}

/** ["paths", "/io/board"] → "/paths/~1io~1board". */
export function encodePointer(segments: Segments): string {
  return segments.map((part) => `/${escapeSegment(part)}`).join("");
}

/** The value at `segments` inside `document`, undefined when there is none. */
export function valueAt(document: unknown, segments: Segments): unknown {
  let node = document;
  for (const part of segments) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

/** A node that is a reference: `{ $ref: "#/…" }`. */
export interface Reference {
  $ref: string;
}

export function isReference(node: unknown): node is Reference {
  return typeof node === "object" && node !== null && typeof (node as Partial<Reference>).$ref === "string";
}

/** The segments a local `$ref` ("#/components/schemas/Board") points at; undefined for a remote one. */
export function refSegments(ref: string): string[] | undefined {
  return ref.startsWith("#") ? decodePointer(ref.slice(1)) : undefined;
}

/** The node itself, or what its chain of local `$ref`s ends at (undefined if a ref dangles or loops). */
export function deref<T>(document: unknown, node: T | Reference | undefined): T | undefined {
  const seen = new Set<string>();
  let current: unknown = node;
  while (isReference(current)) {
    if (seen.has(current.$ref)) return undefined;
    seen.add(current.$ref);
    const segments = refSegments(current.$ref);
    current = segments && valueAt(document, segments);
  }
  return current as T | undefined;
}

/**
 * The canonical place of `segments`: wherever the walk meets a `$ref`, it continues from
 * the ref's target, so the result points at the object itself, not at a reference to it.
 */
export function locate(document: unknown, segments: Segments): string[] | undefined {
  let place: string[] = [];
  let node = deref(document, document);
  const follow = () => {
    const seen = new Set<string>();
    while (isReference(node)) {
      if (seen.has(node.$ref)) return false;
      seen.add(node.$ref);
      const target = refSegments(node.$ref);
      if (!target) return false;
      place = target;
      node = valueAt(document, target);
    }
    return true;
  };
  for (const part of segments) {
    if (!follow() || node === null || typeof node !== "object") return undefined;
    place = [...place, String(part)];
    node = (node as Record<string, unknown>)[String(part)];
  }
  return follow() && node !== undefined ? place : undefined;
}

/**
 * The document with every local `$ref` replaced by what it points to. A reference inside
 * its own target (a recursive schema) stays a reference.
 */
export function dereference<T>(document: T): T {
  const walk = (node: unknown, trail: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, trail));
    if (node === null || typeof node !== "object") return node;
    if (isReference(node) && refSegments(node.$ref)) {
      if (trail.includes(node.$ref)) return node;
      return walk(valueAt(document, refSegments(node.$ref)!), [...trail, node.$ref]);
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value, trail)]));
  };
  return walk(document, []) as T;
}

/** Every `$ref` in the document, with the segments of where it stands. */
export function* references(
  node: unknown,
  at: (string | number)[] = [],
): Generator<{ ref: string; at: (string | number)[] }> {
  if (Array.isArray(node)) {
    for (const [index, child] of node.entries()) yield* references(child, [...at, index]);
  } else if (node !== null && typeof node === "object") {
    for (const [key, child] of Object.entries(node)) {
      if (key === "$ref" && typeof child === "string") yield { ref: child, at: [...at, key] };
      else yield* references(child, [...at, key]);
    }
  }
}
