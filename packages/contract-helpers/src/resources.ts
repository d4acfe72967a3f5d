// The `x-resource` extension: an operation (OpenAPI) or method (OpenRPC) says which resource
// it works on and how (create, read, list, update, delete, link, unlink), so that tools like
// the stateful mock follow the contract instead of paths they know by heart. This module reads
// the declarations and the schemas of the records they answer with; resource-lint.ts checks
// that they agree with each other.
import { type ContractDocument, isOpenRpc, type MethodObject, type OpenApiDocument } from "./documents.js";
import { deref, locate, type Segments } from "./pointer.js";
import { type OpenApiOperation, openApiOperations, openRpcMethods } from "./walk.js";

export const RESOURCE_ACTIONS = ["create", "read", "list", "update", "delete", "link", "unlink"] as const;
export type ResourceAction = (typeof RESOURCE_ACTIONS)[number];
export const FILTER_OPS = ["eq", "in", "contains", "gte", "lte"] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
export const PATCH_FORMATS = ["merge", "json-patch"] as const;

/** A list filter: the record field a request value is compared with, and how. */
export interface FieldMatch {
  /** A dot path into the record (`board.id`); through an array it matches any element. */
  field: string;
  /** `eq` (default), `in` (the value is a comma-separated list), `contains`, `gte`, `lte`. */
  op?: FilterOp;
  /** A value that means "any" (Leantime's -1 and 'all'): the filter is then ignored. */
  any?: unknown;
}

/** A parent the request names (a card's comments): the record field that holds its id. */
export interface ScopeMatch {
  field: string;
  /** The resource the parent is: a parent that does not exist answers as a missing record. */
  of?: string;
  /** The records are the ones listed at this path of the parent (a card's parents), not the ones pointing at it. */
  via?: string;
}

/** One direction of a link request: each record of `records` gets a link to each of `links`. */
export interface LinkPair {
  records: string;
  links: string;
}

export interface ResourceDeclaration {
  name: string;
  action: ResourceAction;
  /** Where the request names the record: a parameter (OpenAPI), a param or `param.member` (OpenRPC). */
  id?: string;
  /** Parameters that name a parent, by parameter (or `param.member`). */
  scope?: Record<string, string | ScopeMatch>;
  /** List filters, by parameter (or `param.member`); a string is the record field compared for equality. */
  filters?: Record<string, string | FieldMatch>;
  /** OpenRPC: the param whose members are the record's fields (OpenAPI: the body). */
  input?: string;
  /** Record fields taken from other places of the input: record path → input path. */
  fields?: Record<string, string>;
  /** How an update's input applies: merged into the record, or as a JSON Patch. */
  patch?: (typeof PATCH_FORMATS)[number];
  /** An update: the record field holding a counter the server bumps on every change (LeanKit's `version`). */
  version?: string;
  /** The member of a list answer that holds the records (the answer itself when it is an array). */
  items?: string;
  /** OpenRPC: the param that caps how many records a list answers. */
  limit?: string;
  /** A boolean query parameter that asks a create for the whole record instead of the example's shape. */
  fullRecord?: string;
  /** Properties this answer shapes differently from the resource's record, left out of it. */
  differs?: string[];
  /** OpenRPC: what a read, update or delete answers when the record does not exist. */
  missing?: { result: unknown } | { error: string };
  /** link/unlink: the record's array of links, what each entry holds (entry member → linked record path), and the pairs. */
  field?: string;
  entry?: Record<string, string>;
  pairs?: LinkPair[];
}

/** An operation or method with its declaration, where it stands, and what it answers. */
export interface DeclaredOperation {
  /** The place of the operation or method in the document. */
  at: Segments;
  /** The operationId, or the method's name. */
  operation: string;
  /** As written: check it with `resourceProblems` before trusting its shape. */
  declaration: ResourceDeclaration;
  /** The parameters the request may carry, by name (OpenAPI: every `in`; OpenRPC: the params). */
  parameters: Map<string, { schema: unknown; in?: string; example?: unknown }>;
  /** The schema of the success answer and where it stands; undefined when it has none. */
  answer: { schema: unknown; at: Segments } | undefined;
  /** The schema of the request body (OpenAPI JSON) and where it stands. */
  body: { schema: unknown; at: Segments } | undefined;
  openapi?: OpenApiOperation;
  method?: MethodObject;
}

const isJsonType = (type: string) => /[/+]json$/.test(type);

function openApiDeclared(document: OpenApiDocument): DeclaredOperation[] {
  return openApiOperations(document).flatMap((entry) => {
    const declaration = (entry.operation as { "x-resource"?: ResourceDeclaration })["x-resource"];
    if (declaration === undefined) return [];
    const at: Segments = ["paths", entry.path, entry.method];
    const parameters = new Map(
      entry.parameters.map((p) => [p.name, { schema: p.schema, in: p.in, example: p.example as unknown }]),
    );
    const responses = entry.operation.responses ?? {};
    const success = Object.keys(responses).find((status) => /^2\d\d$/.test(status));
    const response =
      success === undefined ? undefined : deref<{ content?: Record<string, unknown> }>(document, responses[success]);
    const json = Object.keys(response?.content ?? {}).find(isJsonType);
    const media =
      json === undefined
        ? undefined
        : deref<{ schema?: unknown }>(document, response!.content![json] as { schema?: unknown });
    const answer =
      media?.schema === undefined
        ? undefined
        : { schema: media.schema, at: [...at, "responses", success!, "content", json!, "schema"] };
    const requestBody = deref<{ content?: Record<string, { schema?: unknown }> }>(
      document,
      entry.operation.requestBody,
    );
    const bodyType = Object.keys(requestBody?.content ?? {}).find(isJsonType);
    const bodySchema = bodyType === undefined ? undefined : requestBody!.content![bodyType]!.schema;
    const body =
      bodySchema === undefined
        ? undefined
        : { schema: bodySchema, at: [...at, "requestBody", "content", bodyType!, "schema"] };
    return [
      {
        at,
        operation: entry.operation.operationId ?? `${entry.method} ${entry.path}`,
        declaration,
        parameters,
        answer,
        body,
        openapi: entry,
      },
    ];
  });
}

function openRpcDeclared(document: ContractDocument & { methods: unknown[] }): DeclaredOperation[] {
  return openRpcMethods(document as never).flatMap((method, index) => {
    const declaration = (method as { "x-resource"?: ResourceDeclaration })["x-resource"];
    if (declaration === undefined) return [];
    const at: Segments = ["methods", index];
    const parameters = new Map(
      method.params.map((p) => {
        const param = deref<{ name: string; schema?: unknown }>(document, p)!;
        return [param.name, { schema: param.schema }] as const;
      }),
    );
    const result = deref<{ schema?: unknown }>(document, method.result);
    const answer =
      result?.schema === undefined ? undefined : { schema: result.schema, at: [...at, "result", "schema"] };
    return [{ at, operation: method.name, declaration, parameters, answer, body: undefined, method }];
  });
}

/** Every operation or method that declares `x-resource`, in document order. */
export function declaredOperations(document: ContractDocument): DeclaredOperation[] {
  return isOpenRpc(document) ? openRpcDeclared(document) : openApiDeclared(document);
}

type SchemaNode = Record<string, unknown>;

/** A schema that describes records: where it stands and its properties (an allOf's merged). */
export interface RecordSchema {
  at: Segments;
  schema: SchemaNode;
  properties: Map<string, unknown>;
}

const asNode = (value: unknown): SchemaNode | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as SchemaNode) : undefined;

function propertiesOf(document: unknown, schema: SchemaNode, seen = new Set<unknown>()): Map<string, unknown> {
  const found = new Map<string, unknown>();
  if (seen.has(schema)) return found;
  seen.add(schema);
  for (const [name, property] of Object.entries(asNode(schema.properties) ?? {})) found.set(name, property);
  for (const branch of (schema.allOf as unknown[] | undefined) ?? []) {
    const resolved = asNode(deref(document, branch));
    if (resolved) for (const [name, property] of propertiesOf(document, resolved, seen)) found.set(name, property);
  }
  return found;
}

/**
 * The record schema of an answer at `at`: an object schema itself, else the branch of its
 * oneOf/anyOf with the most properties (a card among CardCreated | Card, a ticket among
 * Ticket | false); undefined when nothing there describes an object.
 */
export function recordSchema(document: unknown, at: Segments): RecordSchema | undefined {
  const place = locate(document, at);
  const schema = asNode(place && valueAtPlace(document, place));
  if (!place || !schema) return undefined;
  const properties = propertiesOf(document, schema);
  if (properties.size > 0) return { at: place, schema, properties };
  let best: RecordSchema | undefined;
  for (const keyword of ["oneOf", "anyOf"] as const) {
    for (const [i] of ((schema[keyword] as unknown[] | undefined) ?? []).entries()) {
      const branch = recordSchema(document, [...place, keyword, i]);
      if (branch && (!best || branch.properties.size > best.properties.size)) best = branch;
    }
  }
  return best;
}

/**
 * Where the records of a list answer at `at` stand: the `items` member's array (LeanKit's
 * `cards`), or the answer itself (or its array branch) when it is an array.
 */
export function listItemsAt(document: unknown, at: Segments, items: string | undefined): Segments | undefined {
  const place = locate(document, at);
  const schema = asNode(place && valueAtPlace(document, place));
  if (!place || !schema) return undefined;
  if (items !== undefined) {
    const member = propertiesOf(document, schema).get(items);
    if (member === undefined) return undefined;
    const array = locate(document, [...place, "properties", items]);
    return array && asNode(valueAtPlace(document, array))?.items !== undefined ? [...array, "items"] : undefined;
  }
  if (schema.type === "array" || schema.items !== undefined) return [...place, "items"];
  for (const keyword of ["oneOf", "anyOf"] as const) {
    for (const [i] of ((schema[keyword] as unknown[] | undefined) ?? []).entries()) {
      const branch = listItemsAt(document, [...place, keyword, i], undefined);
      if (branch) return branch;
    }
  }
  return undefined;
}

function valueAtPlace(document: unknown, place: readonly string[]): unknown {
  let node = document;
  for (const part of place) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

/** The record schema of what an operation answers: its list items for a list, else the answer itself. */
export function answerRecordSchema(document: unknown, declared: DeclaredOperation): RecordSchema | undefined {
  if (!declared.answer) return undefined;
  if (declared.declaration.action !== "list") return recordSchema(document, declared.answer.at);
  const items = listItemsAt(document, declared.answer.at, declared.declaration.items);
  return items && recordSchema(document, items);
}

/** "board.id" → ["board", "id"]. */
export const dotPath = (path: string): string[] => path.split(".");
