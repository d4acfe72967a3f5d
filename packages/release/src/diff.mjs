// Classifies every difference between two versions of a contract as breaking or not,
// direction-aware: what a response may now contain must be something an old client can
// read; what a request may contain must still be accepted from an old client.

/** @typedef {{ id: string, api: string, operation: string, where: string, rule: string, breaking: boolean, detail: string }} Change */

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

function resolver(document) {
  const deref = (node, seen = new Set()) => {
    if (!node || typeof node !== "object" || !node.$ref) return node;
    if (seen.has(node.$ref)) return {};
    seen.add(node.$ref);
    const target = node.$ref.slice(2).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~")).reduce((n, k) => n?.[k], document);
    return deref(target, seen);
  };
  // allOf parts merge into one object schema (the contracts use it for envelopes).
  const resolve = (node) => {
    const schema = deref(node) ?? {};
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
  return { deref, resolve };
}

const typesOf = (schema) => {
  if (!schema || schema.type === undefined) return undefined; // untyped: anything
  const types = new Set([schema.type].flat());
  if (schema.nullable) types.add("null");
  if (types.has("integer")) types.add("number:int");
  return types;
};
const subset = (a, b) => [...a].every((t) => b.has(t) || (t === "integer" && b.has("number")));

/**
 * Compares a schema in two versions. `direction` is "response" (new must stay readable by
 * old clients) or "request" (old requests must stay acceptable).
 */
function compareSchemas(before, after, direction, where, emit, seen = new Set()) {
  const oldSchema = before.resolve(before.node);
  const newSchema = after.resolve(after.node);
  const key = `${where}`;
  if (seen.has(key) || where.split("/").length > 12) return;
  seen.add(key);
  const response = direction === "response";
  const [oldTypes, newTypes] = [typesOf(oldSchema), typesOf(newSchema)];
  if (oldTypes && newTypes) {
    if (response && !subset(newTypes, oldTypes)) emit(where, "response-type-changed", true, `was ${[...oldTypes].join("|")}, now ${[...newTypes].join("|")}`);
    if (!response && !subset(oldTypes, newTypes)) emit(where, "request-type-narrowed", true, `accepted ${[...oldTypes].join("|")}, now ${[...newTypes].join("|")}`);
    if (response && subset(newTypes, oldTypes) && newTypes.size < oldTypes.size) emit(where, "response-type-narrowed", false, `now only ${[...newTypes].join("|")}`);
    if (!response && subset(oldTypes, newTypes) && newTypes.size > oldTypes.size) emit(where, "request-type-widened", false, `now also ${[...newTypes].filter((t) => !oldTypes.has(t)).join("|")}`);
  } else if (!response && !oldTypes && newTypes) emit(where, "request-type-narrowed", true, `accepted anything, now ${[...newTypes].join("|")}`);
  if (oldSchema.enum || newSchema.enum) {
    const removed = (oldSchema.enum ?? []).filter((v) => newSchema.enum && !newSchema.enum.some((w) => JSON.stringify(w) === JSON.stringify(v)));
    const added = (newSchema.enum ?? []).filter((v) => !oldSchema.enum?.some((w) => JSON.stringify(w) === JSON.stringify(v)));
    if (!oldSchema.enum && newSchema.enum && !response) emit(where, "request-enum-added", true, `now only ${JSON.stringify(newSchema.enum)}`);
    for (const value of removed) emit(where, response ? "response-enum-value-removed" : "request-enum-value-removed", true, `${JSON.stringify(value)} is gone`);
    if (oldSchema.enum) for (const value of added) emit(where, response ? "response-enum-value-added" : "request-enum-value-added", false, `${JSON.stringify(value)} is new`);
  }
  if (!response) {
    for (const [bound, tighter] of [["maxLength", (o, n) => n < o], ["maximum", (o, n) => n < o], ["maxItems", (o, n) => n < o], ["minLength", (o, n) => n > o], ["minimum", (o, n) => n > o], ["minItems", (o, n) => n > o]]) {
      const [o, n] = [oldSchema[bound], newSchema[bound]];
      if (n !== undefined && (o === undefined || tighter(o, n))) emit(where, "request-type-narrowed", true, `${bound} ${o ?? "none"} → ${n}`);
    }
    if (newSchema.pattern && newSchema.pattern !== oldSchema.pattern) emit(where, "request-type-narrowed", true, `pattern ${oldSchema.pattern ?? "none"} → ${newSchema.pattern}`);
  }
  const oldProps = oldSchema.properties ?? {};
  const newProps = newSchema.properties ?? {};
  const oldRequired = new Set(oldSchema.required ?? []);
  const newRequired = new Set(newSchema.required ?? []);
  for (const name of Object.keys(oldProps)) {
    const at = `${where}/${name}`;
    if (!(name in newProps)) {
      emit(at, response ? "response-field-removed" : "request-field-removed", true, `field ${name} is gone`);
      continue;
    }
    if (response && oldRequired.has(name) && !newRequired.has(name)) emit(at, "response-field-made-optional", true, `${name} may now be missing`);
    if (!response && !oldRequired.has(name) && newRequired.has(name)) emit(at, "request-field-made-required", true, `${name} must now be sent`);
    compareSchemas({ ...before, node: oldProps[name] }, { ...after, node: newProps[name] }, direction, at, emit, seen);
  }
  for (const name of Object.keys(newProps).filter((n) => !(n in oldProps))) {
    const at = `${where}/${name}`;
    if (!response && newRequired.has(name)) emit(at, "request-field-required-added", true, `new required field ${name}`);
    else emit(at, response ? "response-field-added" : "request-field-added", false, `new field ${name}`);
  }
  if (oldSchema.items || newSchema.items) {
    compareSchemas({ ...before, node: oldSchema.items ?? {} }, { ...after, node: newSchema.items ?? {} }, direction, `${where}/items`, emit, seen);
  }
}

function openApiOperations(document) {
  const { deref } = resolver(document);
  const operations = new Map();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS.filter((m) => item[m])) {
      const operation = item[method];
      const params = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => deref(p));
      const body = deref(operation.requestBody);
      const responses = Object.fromEntries(Object.entries(operation.responses ?? {}).map(([status, r]) => [status, deref(r)]));
      operations.set(`${method.toUpperCase()} ${path}`, {
        label: `${operation.operationId} (${method.toUpperCase()} ${path})`,
        params: Object.fromEntries(params.map((p) => [p.name, { in: p.in, required: !!p.required, schema: p.schema }])),
        body: body && { required: !!body.required, content: Object.fromEntries(Object.entries(body.content ?? {}).map(([t, m]) => [t, m.schema])) },
        responses: Object.fromEntries(Object.entries(responses).map(([s, r]) => [s, Object.fromEntries(Object.entries(r?.content ?? {}).map(([t, m]) => [t, m.schema]))])),
      });
    }
  }
  return operations;
}

function openRpcOperations(document) {
  const { deref } = resolver(document);
  return new Map(
    document.methods.map((method) => [
      method.name,
      {
        label: method.name,
        params: Object.fromEntries(method.params.map((p) => deref(p)).map((p) => [p.name, { in: "params", required: !!p.required, schema: p.schema }])),
        body: undefined,
        responses: { result: { "application/json": deref(method.result)?.schema ?? {} } },
      },
    ]),
  );
}

/** Every classified difference between two documents of one API. */
export function diffContracts(api, before, after) {
  const kind = before.openrpc ? "openrpc" : "openapi";
  const [oldOps, newOps] = kind === "openrpc" ? [openRpcOperations(before), openRpcOperations(after)] : [openApiOperations(before), openApiOperations(after)];
  const [oldDoc, newDoc] = [resolver(before), resolver(after)];
  const changes = [];
  for (const [key, oldOp] of oldOps) {
    const emit = (where, rule, breaking, detail) =>
      changes.push({ id: `${api}:${key}:${where}:${rule}`, api, operation: oldOp.label, where, rule, breaking, detail });
    const newOp = newOps.get(key);
    if (!newOp) {
      emit("", "operation-removed", true, `${oldOp.label} is gone`);
      continue;
    }
    for (const [name, param] of Object.entries(oldOp.params)) {
      const now = newOp.params[name];
      if (!now) emit(`${param.in} ${name}`, "parameter-removed", true, `parameter ${name} is gone`);
      else if (now.in !== param.in) emit(`${param.in} ${name}`, "parameter-location-changed", true, `moved from ${param.in} to ${now.in}`);
      else {
        if (!param.required && now.required) emit(`${param.in} ${name}`, "parameter-made-required", true, `${name} must now be sent`);
        compareSchemas({ ...oldDoc, node: param.schema ?? {} }, { ...newDoc, node: now.schema ?? {} }, "request", `${param.in} ${name}`, emit);
      }
    }
    for (const [name, param] of Object.entries(newOp.params).filter(([n]) => !(n in oldOp.params))) {
      emit(`${param.in} ${name}`, param.required ? "required-parameter-added" : "parameter-added", param.required, `new ${param.required ? "required" : "optional"} parameter ${name}`);
    }
    if (newOp.body?.required && !oldOp.body?.required) emit("body", "request-body-made-required", true, "a body must now be sent");
    for (const [type, schema] of Object.entries(oldOp.body?.content ?? {})) {
      const now = newOp.body?.content[type];
      if (now === undefined) emit(`body ${type}`, "request-media-type-removed", true, `${type} bodies are no longer accepted`);
      else compareSchemas({ ...oldDoc, node: schema ?? {} }, { ...newDoc, node: now ?? {} }, "request", `body`, emit);
    }
    for (const [status, media] of Object.entries(oldOp.responses)) {
      const now = newOp.responses[status];
      if (!now) {
        if (status.startsWith("2") || status === "result") emit(`response ${status}`, "response-status-removed", true, `no more ${status} response`);
        continue;
      }
      for (const [type, schema] of Object.entries(media)) {
        if (!(type in now)) emit(`response ${status} ${type}`, "response-media-type-removed", true, `no more ${type}`);
        else compareSchemas({ ...oldDoc, node: schema ?? {} }, { ...newDoc, node: now[type] ?? {} }, "response", `response ${status}`, emit);
      }
    }
  }
  for (const [key, newOp] of newOps) {
    if (!oldOps.has(key)) changes.push({ id: `${api}:${key}::operation-added`, api, operation: newOp.label, where: "", rule: "operation-added", breaking: false, detail: `${newOp.label} is new` });
  }
  return changes;
}
