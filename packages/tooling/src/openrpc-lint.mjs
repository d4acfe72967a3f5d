// Lints an OpenRPC document: the OpenRPC meta-schema, plus the rules our contracts follow
// (unique names and aliases, resolvable refs, examples that validate, declared errors).
// Every problem is reported with the file's line and column and the rule's name.
import { createRequire } from "node:module";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { findNodeAtLocation, parseTree, printParseErrorCode } from "jsonc-parser";

const require = createRequire(import.meta.url);
// Both meta-schemas name a `$schema` Ajv does not know; their keywords are draft-07 ones.
const withoutSchemaUri = ({ $schema: _, ...schema }) => schema;
const openRpcMetaSchema = withoutSchemaUri(require("@open-rpc/meta-schema").default);
const jsonSchemaMetaSchema = withoutSchemaUri(require("@json-schema-tools/meta-schema").default);

/** @typedef {{ pointer: string[], message: string, rule: string }} Problem */

function lineAndColumn(text, offset) {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before.at(-1).length + 1 };
}

const decodePointer = (pointer) =>
  pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));

function resolveRef(document, ref) {
  if (!ref.startsWith("#/")) return undefined;
  return decodePointer(ref.slice(1)).reduce((node, key) => node?.[key], document);
}

/** Every `$ref` in the document, with where it stands. */
function* refs(node, path = []) {
  if (Array.isArray(node)) for (const [i, child] of node.entries()) yield* refs(child, [...path, i]);
  else if (node && typeof node === "object") {
    for (const [key, child] of Object.entries(node)) {
      if (key === "$ref" && typeof child === "string") yield { ref: child, path: [...path, key] };
      else yield* refs(child, [...path, key]);
    }
  }
}

/** @returns {Problem[]} */
function checkDocument(document) {
  const problems = [];
  const metaAjv = new Ajv({ allErrors: true, strict: false });
  addFormats(metaAjv);
  // The OpenRPC meta-schema refers to the JSON Schema one with and without a trailing slash.
  metaAjv.addSchema(jsonSchemaMetaSchema);
  metaAjv.addSchema({ ...jsonSchemaMetaSchema, $id: "https://meta.json-schema.tools" });
  const validateMeta = metaAjv.compile(openRpcMetaSchema);
  // A server URL is a template: it must be a URI once its variables take their defaults.
  const expanded = {
    ...document,
    servers: document.servers?.map((server) => ({
      ...server,
      url: server.url.replace(/\{([^}]+)\}/g, (whole, name) => server.variables?.[name]?.default ?? whole),
    })),
  };
  if (!validateMeta(expanded)) {
    for (const error of validateMeta.errors ?? []) {
      problems.push({ pointer: decodePointer(error.instancePath), message: `${error.message} (${JSON.stringify(error.params)})`, rule: "openrpc-meta-schema" });
    }
    return problems;
  }

  for (const { ref, path } of refs(document)) {
    if (resolveRef(document, ref) === undefined) problems.push({ pointer: path, message: `Can't resolve $ref ${ref}`, rule: "no-unresolved-refs" });
  }
  if (problems.length) return problems;

  if (!document["x-security"]) {
    problems.push({ pointer: [], message: "The document must state its authentication in `x-security`.", rule: "x-security-defined" });
  }

  // Examples are checked with the document's own schemas, refs included.
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema({ $id: "openrpc-document", components: document.components ?? {} });
  const compile = (schema) => ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openrpc-document#/components/')));
  const deref = (node) => (node && node.$ref ? resolveRef(document, node.$ref) : node);

  const seen = new Map();
  for (const [m, method] of document.methods.entries()) {
    const at = ["methods", m];
    for (const [i, name] of [method.name, ...(method["x-aliases"] ?? [])].entries()) {
      const where = i === 0 ? [...at, "name"] : [...at, "x-aliases", i - 1];
      if (seen.has(name)) problems.push({ pointer: where, message: `${name} is already the name or alias of ${seen.get(name)}`, rule: "unique-method-names" });
      else seen.set(name, method.name);
    }
    if (!method.errors?.length) problems.push({ pointer: at, message: `${method.name} declares no errors`, rule: "method-errors-declared" });
    if (!method.examples?.length) problems.push({ pointer: at, message: `${method.name} has no example`, rule: "method-example-defined" });
    const params = method.params.map(deref);
    for (const [e, pairing] of (method.examples ?? []).map(deref).entries()) {
      const given = new Map(pairing.params.map((p) => [deref(p).name, deref(p).value]));
      for (const param of params) {
        if (!given.has(param.name)) {
          if (param.required) problems.push({ pointer: [...at, "examples", e, "params"], message: `example "${pairing.name}" lacks required param ${param.name}`, rule: "valid-examples" });
          continue;
        }
        const validate = compile(param.schema);
        if (!validate(given.get(param.name))) {
          const index = pairing.params.findIndex((x) => deref(x).name === param.name);
          problems.push({ pointer: [...at, "examples", e, "params", index, "value"], message: `param ${param.name}: ${ajv.errorsText(validate.errors)}`, rule: "valid-examples" });
        }
        given.delete(param.name);
      }
      for (const unknown of given.keys()) problems.push({ pointer: [...at, "examples", e, "params"], message: `example "${pairing.name}" has unknown param ${unknown}`, rule: "valid-examples" });
      const result = deref(pairing.result);
      if (result && method.result) {
        const validate = compile(deref(method.result).schema);
        if (!validate(result.value)) problems.push({ pointer: [...at, "examples", e, "result", "value"], message: `result: ${ajv.errorsText(validate.errors)}`, rule: "valid-examples" });
      }
    }
  }
  return problems;
}

/** Lints the text of an OpenRPC document; returns formatted problems (empty when clean) and the parsed document. */
export function lintOpenRpc(text, file) {
  const parseErrors = [];
  const tree = parseTree(text, parseErrors, { disallowComments: true, allowTrailingComma: false });
  const format = (offset, message, rule) => {
    const { line, column } = lineAndColumn(text, offset);
    return `${file}:${line}:${column}  ${message}  (${rule})`;
  };
  if (parseErrors.length || !tree) {
    return { problems: parseErrors.map((e) => format(e.offset, printParseErrorCode(e.error), "valid-json")), document: undefined };
  }
  const document = JSON.parse(text);
  const problems = checkDocument(document).map(({ pointer, message, rule }) => {
    // Point at the deepest node that exists (a missing member is reported at its parent).
    let node;
    for (let n = pointer.length; n >= 0 && !node; n--) node = findNodeAtLocation(tree, pointer.slice(0, n));
    return format(node?.offset ?? 0, message, rule);
  });
  return { problems, document };
}
