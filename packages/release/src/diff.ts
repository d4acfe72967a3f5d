// Classifies every difference between two versions of a contract as breaking or not,
// direction-aware: what a response may now contain must be something an old client can
// read; what a request may contain must still be accepted from an old client.
import {
  type ContentDescriptorObject,
  type ContractDocument,
  deref,
  isOpenRpc,
  type OpenAPIV3_1,
  type OpenApiDocument,
  type OpenRpcDocument,
  openApiOperations,
  openRpcMethods,
} from "@leanapis/contract-helpers";

export interface Change {
  /** What contract-changes.yaml names the change by: `<api>:<operation key>:<where>:<rule>`. */
  id: string;
  api: string;
  operation: string;
  where: string;
  rule: string;
  breaking: boolean;
  detail: string;
}

/**
 * The schema keywords the comparison reads. A view rather than a dialect's type: it meets
 * OpenAPI 3.1 schemas, OpenRPC (draft-07) ones and OpenAPI 3.0's `nullable` alike.
 */
interface Schema {
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
  required?: string[];
  items?: unknown;
  allOf?: unknown[];
  pattern?: string;
  maxLength?: number;
  maximum?: number;
  maxItems?: number;
  minLength?: number;
  minimum?: number;
  minItems?: number;
}

/** A schema node (reference or not) as its own document resolves it. */
type Resolve = (node: unknown) => Schema;
/** A schema to compare, with the resolver of the document it comes from. */
interface Side {
  resolve: Resolve;
  node: unknown;
}

type Emit = (where: string, rule: string, breaking: boolean, detail: string) => void;

/** One operation or method, reduced to what the comparison looks at. */
interface OperationView {
  label: string;
  params: Record<string, { in: string; required: boolean; schema: unknown }>;
  body: { required: boolean; content: Record<string, unknown> } | undefined;
  /** Status (or "result") → media type → schema. */
  responses: Record<string, Record<string, unknown>>;
}

function resolver(document: ContractDocument): Resolve {
  // allOf parts merge into one object schema (the contracts use it for envelopes).
  const resolve: Resolve = (node) => {
    const schema = deref<Schema>(document, node as Schema) ?? {};
    if (!schema.allOf) return schema;
    const parts = schema.allOf.map(resolve);
    return {
      ...schema,
      allOf: undefined,
      type: parts.find((p) => p.type)?.type ?? schema.type,
      properties: Object.assign({}, schema.properties, ...parts.map((p) => p.properties ?? {})),
      required: [...new Set([...(schema.required ?? []), ...parts.flatMap((p) => p.required ?? [])])],
    };
  };
  return resolve;
}

const JSON_TYPES = ["string", "number", "boolean", "object", "array", "null"];
const typesOf = (schema: Schema) => {
  if (!schema || schema.type === undefined) return undefined; // untyped: anything
  const types = new Set([schema.type].flat());
  if (schema.nullable) types.add("null");
  // Every JSON type listed is no restriction either.
  return JSON_TYPES.every((type) => types.has(type)) ? undefined : types;
};
// Every integer is a number: `integer` within `number` is no change of type.
const subset = (a: Set<string>, b: Set<string>) =>
  [...a].every((t) => b.has(t) || (t === "integer" && b.has("number")));

type Bound = "maxLength" | "maximum" | "maxItems" | "minLength" | "minimum" | "minItems";
/** The request bounds, and the moves by which they reject more. */
const BOUNDS: readonly [Bound, (old: number, now: number) => boolean][] = [
  ["maxLength", (o, n) => n < o],
  ["maximum", (o, n) => n < o],
  ["maxItems", (o, n) => n < o],
  ["minLength", (o, n) => n > o],
  ["minimum", (o, n) => n > o],
  ["minItems", (o, n) => n > o],
];

/**
 * Compares a schema in two versions. `direction` is "response" (new must stay readable by
 * old clients) or "request" (old requests must stay acceptable).
 */
function compareSchemas(
  before: Side,
  after: Side,
  direction: "request" | "response",
  where: string,
  emit: Emit,
  seen = new Set<string>(),
): void {
  const oldSchema = before.resolve(before.node);
  const newSchema = after.resolve(after.node);
  if (seen.has(where) || where.split("/").length > 12) return;
  seen.add(where);
  const response = direction === "response";
  const [oldTypes, newTypes] = [typesOf(oldSchema), typesOf(newSchema)];
  const list = (types: Set<string>) => [...types].join("|");
  if (oldTypes && newTypes) {
    if (response && !subset(newTypes, oldTypes)) {
      emit(where, "response-type-changed", true, `was ${list(oldTypes)}, now ${list(newTypes)}`);
    }
    if (!response && !subset(oldTypes, newTypes)) {
      emit(where, "request-type-narrowed", true, `accepted ${list(oldTypes)}, now ${list(newTypes)}`);
    }
    if (response && subset(newTypes, oldTypes) && !subset(oldTypes, newTypes)) {
      emit(where, "response-type-narrowed", false, `now only ${list(newTypes)}`);
    }
    if (!response && subset(oldTypes, newTypes) && !subset(newTypes, oldTypes)) {
      emit(where, "request-type-widened", false, `now also ${[...newTypes].filter((t) => !oldTypes.has(t)).join("|")}`);
    }
  } else if (!response && !oldTypes && newTypes) {
    emit(where, "request-type-narrowed", true, `accepted anything, now ${list(newTypes)}`);
  } else if (!response && oldTypes && !newTypes) {
    emit(where, "request-type-widened", false, "now anything");
  }
  if (oldSchema.enum || newSchema.enum) {
    const same = (v: unknown) => (w: unknown) => JSON.stringify(w) === JSON.stringify(v);
    const removed = (oldSchema.enum ?? []).filter((v) => newSchema.enum && !newSchema.enum.some(same(v)));
    const added = (newSchema.enum ?? []).filter((v) => !oldSchema.enum?.some(same(v)));
    if (!oldSchema.enum && newSchema.enum && !response) {
      emit(where, "request-enum-added", true, `now only ${JSON.stringify(newSchema.enum)}`);
    }
    for (const value of removed) {
      const rule = response ? "response-enum-value-removed" : "request-enum-value-removed";
      emit(where, rule, true, `${JSON.stringify(value)} is gone`);
    }
    if (oldSchema.enum) {
      const rule = response ? "response-enum-value-added" : "request-enum-value-added";
      for (const value of added) emit(where, rule, false, `${JSON.stringify(value)} is new`);
    }
  }
  if (!response) {
    for (const [bound, tighter] of BOUNDS) {
      const [o, n] = [oldSchema[bound], newSchema[bound]];
      if (n !== undefined && (o === undefined || tighter(o, n))) {
        emit(where, "request-type-narrowed", true, `${bound} ${o ?? "none"} → ${n}`);
      }
    }
    if (newSchema.pattern && newSchema.pattern !== oldSchema.pattern) {
      emit(where, "request-type-narrowed", true, `pattern ${oldSchema.pattern ?? "none"} → ${newSchema.pattern}`);
    }
  }
  const oldProps = oldSchema.properties ?? {};
  const newProps = newSchema.properties ?? {};
  // A request schema that no longer describes any field, nor closes the object, still
  // accepts every field an old client sends: none of them is gone.
  const anyFields =
    !response && !newSchema.properties && newSchema.additionalProperties !== false && Object.keys(oldProps).length > 0;
  if (anyFields && newTypes)
    emit(where, "request-type-widened", false, "its fields are no longer described: any are accepted");
  const oldRequired = new Set(oldSchema.required ?? []);
  const newRequired = new Set(newSchema.required ?? []);
  for (const name of anyFields ? [] : Object.keys(oldProps)) {
    const at = `${where}/${name}`;
    if (!(name in newProps)) {
      emit(at, response ? "response-field-removed" : "request-field-removed", true, `field ${name} is gone`);
      continue;
    }
    if (response && oldRequired.has(name) && !newRequired.has(name)) {
      emit(at, "response-field-made-optional", true, `${name} may now be missing`);
    }
    if (!response && !oldRequired.has(name) && newRequired.has(name)) {
      emit(at, "request-field-made-required", true, `${name} must now be sent`);
    }
    compareSchemas({ ...before, node: oldProps[name] }, { ...after, node: newProps[name] }, direction, at, emit, seen);
  }
  for (const name of Object.keys(newProps).filter((n) => !(n in oldProps))) {
    const at = `${where}/${name}`;
    if (!response && newRequired.has(name)) {
      emit(at, "request-field-required-added", true, `new required field ${name}`);
    } else {
      emit(at, response ? "response-field-added" : "request-field-added", false, `new field ${name}`);
    }
  }
  if (oldSchema.items || newSchema.items) {
    const items = (side: Side, schema: Schema): Side => ({ ...side, node: schema.items ?? {} });
    compareSchemas(items(before, oldSchema), items(after, newSchema), direction, `${where}/items`, emit, seen);
  }
}

/** Media type → its schema (undefined where it has none). */
const mediaSchemas = (content: Record<string, OpenAPIV3_1.MediaTypeObject> | undefined) =>
  Object.fromEntries(Object.entries(content ?? {}).map(([type, media]) => [type, media.schema]));

/** The operations of an OpenAPI document, keyed by `METHOD /path`. */
function openApiViews(document: OpenApiDocument): Map<string, OperationView> {
  const operations = new Map<string, OperationView>();
  for (const { path, method, operation, parameters } of openApiOperations(document)) {
    const key = `${method.toUpperCase()} ${path}`;
    const body = deref<OpenAPIV3_1.RequestBodyObject>(document, operation.requestBody);
    const responses = Object.entries(operation.responses ?? {}).map(
      ([status, response]) => [status, deref<OpenAPIV3_1.ResponseObject>(document, response)] as const,
    );
    operations.set(key, {
      label: `${operation.operationId} (${key})`,
      params: Object.fromEntries(
        parameters.map((p) => [p.name, { in: p.in, required: !!p.required, schema: p.schema }]),
      ),
      body: body && { required: !!body.required, content: mediaSchemas(body.content) },
      responses: Object.fromEntries(responses.map(([status, response]) => [status, mediaSchemas(response?.content)])),
    });
  }
  return operations;
}

/** The methods of an OpenRPC document, keyed by name; the result is the one "response". */
function openRpcViews(document: OpenRpcDocument): Map<string, OperationView> {
  const descriptor = (node: unknown) => deref<ContentDescriptorObject>(document, node as ContentDescriptorObject);
  return new Map(
    openRpcMethods(document).map((method) => [
      method.name,
      {
        label: method.name,
        params: Object.fromEntries(
          method.params
            .map((p) => descriptor(p)!)
            .map((p) => [p.name, { in: "params", required: !!p.required, schema: p.schema }]),
        ),
        body: undefined,
        responses: { result: { "application/json": descriptor(method.result)?.schema ?? {} } },
      },
    ]),
  );
}

/** Every classified difference between two documents of one API. */
export function diffContracts(api: string, before: ContractDocument, after: ContractDocument): Change[] {
  const [oldOps, newOps] = isOpenRpc(before)
    ? [openRpcViews(before), openRpcViews(after as OpenRpcDocument)]
    : [openApiViews(before), openApiViews(after as OpenApiDocument)];
  const [oldDoc, newDoc] = [resolver(before), resolver(after)];
  const side = (resolve: Resolve, node: unknown): Side => ({ resolve, node: node ?? {} });
  const changes: Change[] = [];
  for (const [key, oldOp] of oldOps) {
    const operation = oldOp.label;
    const emit: Emit = (where, rule, breaking, detail) =>
      changes.push({ id: `${api}:${key}:${where}:${rule}`, api, operation, where, rule, breaking, detail });
    const newOp = newOps.get(key);
    if (!newOp) {
      emit("", "operation-removed", true, `${oldOp.label} is gone`);
      continue;
    }
    for (const [name, param] of Object.entries(oldOp.params)) {
      const now = newOp.params[name];
      const where = `${param.in} ${name}`;
      if (!now) {
        emit(where, "parameter-removed", true, `parameter ${name} is gone`);
      } else if (now.in !== param.in) {
        emit(where, "parameter-location-changed", true, `moved from ${param.in} to ${now.in}`);
      } else {
        if (!param.required && now.required) emit(where, "parameter-made-required", true, `${name} must now be sent`);
        compareSchemas(side(oldDoc, param.schema), side(newDoc, now.schema), "request", where, emit);
      }
    }
    for (const [name, param] of Object.entries(newOp.params).filter(([n]) => !(n in oldOp.params))) {
      const rule = param.required ? "required-parameter-added" : "parameter-added";
      const detail = `new ${param.required ? "required" : "optional"} parameter ${name}`;
      emit(`${param.in} ${name}`, rule, param.required, detail);
    }
    if (newOp.body?.required && !oldOp.body?.required) {
      emit("body", "request-body-made-required", true, "a body must now be sent");
    }
    for (const [type, schema] of Object.entries(oldOp.body?.content ?? {})) {
      const now = newOp.body?.content[type];
      if (now === undefined) {
        emit(`body ${type}`, "request-media-type-removed", true, `${type} bodies are no longer accepted`);
      } else {
        compareSchemas(side(oldDoc, schema), side(newDoc, now), "request", "body", emit);
      }
    }
    for (const [status, media] of Object.entries(oldOp.responses)) {
      const now = newOp.responses[status];
      if (!now) {
        if (status.startsWith("2") || status === "result") {
          emit(`response ${status}`, "response-status-removed", true, `no more ${status} response`);
        }
        continue;
      }
      for (const [type, schema] of Object.entries(media)) {
        if (!(type in now)) emit(`response ${status} ${type}`, "response-media-type-removed", true, `no more ${type}`);
        else compareSchemas(side(oldDoc, schema), side(newDoc, now[type]), "response", `response ${status}`, emit);
      }
    }
  }
  for (const [key, newOp] of newOps) {
    if (oldOps.has(key)) continue;
    const { label: operation } = newOp;
    const id = `${api}:${key}::operation-added`;
    const detail = `${operation} is new`;
    changes.push({ id, api, operation, where: "", rule: "operation-added", breaking: false, detail });
  }
  return changes;
}
