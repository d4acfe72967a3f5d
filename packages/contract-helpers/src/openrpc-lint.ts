// Lints an OpenRPC document: the OpenRPC meta-schema, plus the rules our contracts follow
// (unique names and aliases, resolvable refs, examples that validate, declared errors, and
// `x-resource` declarations that agree with each other: see resource-lint.ts).
// Every problem is reported with the file's line and column and the rule's name.
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { findNodeAtLocation, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import type { ContentDescriptorObject, ExamplePairingObject, OpenRpcDocument } from "./documents.js";
import { fillTemplate } from "./path-matching.js";
import { decodePointer, deref, type Reference, references, refSegments, valueAt } from "./pointer.js";
import { resourceProblems } from "./resource-lint.js";
import { SchemaValidators } from "./validators.js";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const require = createRequire(import.meta.url);
// Both meta-schemas name a `$schema` Ajv does not know; their keywords are draft-07 ones.
const withoutSchemaUri = ({ $schema: _, ...schema }: Record<string, unknown>) => schema;
const openRpcMetaSchema = withoutSchemaUri(
  (require("@open-rpc/meta-schema") as { default: Record<string, unknown> }).default,
);
const jsonSchemaMetaSchema = withoutSchemaUri(
  (require("@json-schema-tools/meta-schema") as { default: Record<string, unknown> }).default,
);

type Path = (string | number)[];
interface Problem {
  at: Path;
  message: string;
  rule: string;
}

const toPath = (pointer: string): Path =>
  decodePointer(pointer).map((part) => (/^\d+$/.test(part) ? Number(part) : part));

function metaSchemaProblems(document: OpenRpcDocument): Problem[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // The OpenRPC meta-schema refers to the JSON Schema one with and without a trailing slash.
  ajv.addSchema(jsonSchemaMetaSchema);
  ajv.addSchema({ ...jsonSchemaMetaSchema, $id: "https://meta.json-schema.tools" });
  const validate = ajv.compile(openRpcMetaSchema);
  // A server URL is a template: it must be a URI once its variables take their defaults.
  const expanded = {
    ...document,
    servers: document.servers?.map((server) => ({
      ...server,
      url: fillTemplate(
        server.url,
        (name) => (server.variables?.[name] as { default?: string } | undefined)?.default ?? `{${name}}`,
      ),
    })),
  };
  if (validate(expanded)) return [];
  return (validate.errors ?? []).map((error) => ({
    at: toPath(error.instancePath),
    message: `${error.message} (${JSON.stringify(error.params)})`,
    rule: "openrpc-meta-schema",
  }));
}

function exampleProblems(document: OpenRpcDocument): Problem[] {
  const problems: Problem[] = [];
  const validators = new SchemaValidators(document);
  const seen = new Map<string, string>();
  for (const [m, method] of document.methods.entries()) {
    const at: Path = ["methods", m];
    if (!("name" in method)) continue;
    const aliases = (method as { "x-aliases"?: string[] })["x-aliases"] ?? [];
    for (const [i, name] of [method.name, ...aliases].entries()) {
      const where: Path = i === 0 ? [...at, "name"] : [...at, "x-aliases", i - 1];
      const owner = seen.get(name);
      if (owner)
        problems.push({
          at: where,
          message: `${name} is already the name or alias of ${owner}`,
          rule: "unique-method-names",
        });
      else seen.set(name, method.name);
    }
    if (!method.errors?.length)
      problems.push({ at, message: `${method.name} declares no errors`, rule: "method-errors-declared" });
    if (!method.examples?.length)
      problems.push({ at, message: `${method.name} has no example`, rule: "method-example-defined" });
    const params = method.params.map((p) => deref<ContentDescriptorObject>(document, p)!);
    for (const [e, example] of (method.examples ?? [])
      .map((x) => deref<ExamplePairingObject>(document, x)!)
      .entries()) {
      const values = example.params.map((p) => deref<{ name: string; value: unknown }>(document, p as Reference)!);
      for (const [p, param] of params.entries()) {
        const index = values.findIndex((value) => value.name === param.name);
        if (index === -1) {
          if (param.required)
            problems.push({
              at: [...at, "examples", e, "params"],
              message: `example "${example.name}" lacks required param ${param.name}`,
              rule: "valid-examples",
            });
          continue;
        }
        for (const problem of validators.problems([...at, "params", p, "schema"], values[index]!.value)) {
          problems.push({
            at: [...at, "examples", e, "params", index, "value"],
            message: `param ${param.name}: ${problem}`,
            rule: "valid-examples",
          });
        }
      }
      for (const value of values.filter((v) => !params.some((param) => param.name === v.name))) {
        problems.push({
          at: [...at, "examples", e, "params"],
          message: `example "${example.name}" has unknown param ${value.name}`,
          rule: "valid-examples",
        });
      }
      const result = deref<{ value: unknown }>(document, example.result as Reference | undefined);
      if (result && method.result) {
        for (const problem of validators.problems([...at, "result", "schema"], result.value)) {
          problems.push({
            at: [...at, "examples", e, "result", "value"],
            message: `result: ${problem}`,
            rule: "valid-examples",
          });
        }
      }
    }
  }
  return problems;
}

function checkDocument(document: OpenRpcDocument): Problem[] {
  const meta = metaSchemaProblems(document);
  if (meta.length) return meta;
  const unresolved = [...references(document)]
    .filter(({ ref }) => valueAt(document, refSegments(ref) ?? ["\0"]) === undefined)
    .map(({ ref, at }) => ({ at, message: `Can't resolve $ref ${ref}`, rule: "no-unresolved-refs" }));
  if (unresolved.length) return unresolved;
  const security: Problem[] =
    "x-security" in document
      ? []
      : [
          {
            at: [],
            message: "The document must state its authentication in `x-security`.",
            rule: "x-security-defined",
          },
        ];
  return [...security, ...exampleProblems(document), ...resourceProblems(document)];
}

/** Lints the text of an OpenRPC document; returns formatted problems (empty when clean) and the parsed document. */
export function lintOpenRpc(text: string, file: string): { problems: string[]; document: OpenRpcDocument | undefined } {
  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, { disallowComments: true, allowTrailingComma: false });
  const format = (offset: number, message: string, rule: string) => {
    const before = text.slice(0, offset).split("\n");
    return `${file}:${before.length}:${before.at(-1)!.length + 1}  ${message}  (${rule})`;
  };
  if (parseErrors.length || !tree) {
    return {
      problems: parseErrors.map((e) => format(e.offset, printParseErrorCode(e.error), "valid-json")),
      document: undefined,
    };
  }
  const document = JSON.parse(text) as OpenRpcDocument;
  const problems = checkDocument(document).map(({ at, message, rule }) => {
    // Point at the deepest node that exists (a missing member is reported at its parent).
    let node: ReturnType<typeof findNodeAtLocation>;
    for (let n = at.length; n >= 0 && !node; n--) node = findNodeAtLocation(tree, at.slice(0, n));
    return format(node?.offset ?? 0, message, rule);
  });
  return { problems, document };
}
