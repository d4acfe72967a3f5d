// Requests generated from a contract's schemas (json-schema-faker, seeded), and their
// invalid twins: one parameter of the wrong type, or a required one left out.
import {
  type ContractDocument,
  deref,
  type OpenAPIV3_1,
  type OpenApiDocument,
  type OpenApiOperation,
  refSegments,
  valueAt,
} from "@leanapis/contract-helpers";
import { generateSync, type JsonSchema } from "json-schema-faker";

type Json = Record<string, unknown>;
type Schema = OpenAPIV3_1.SchemaObject;

export interface WireRequest {
  path: string;
  query: URLSearchParams;
  body: unknown;
  mediaType: string | undefined;
  /** What was made invalid, when the request is meant to be refused. */
  invalid?: string;
}

/** A value for `schema`; its `$ref`s resolve against the whole contract, as written. */
export function fake(document: ContractDocument, schema: unknown, seed: number): unknown {
  const refResolver = (ref: string): JsonSchema => {
    const target = refSegments(ref) && valueAt(document, refSegments(ref)!);
    if (target === undefined) throw new Error(`Unresolved $ref ${ref}`);
    return target as JsonSchema;
  };
  return generateSync(schema as JsonSchema, { seed, maxDepth: 4, maxItems: 3, optionalsProbability: 0.5, refResolver });
}

const scalarType = (schema: Schema | undefined) =>
  [schema?.type].flat().find((t) => t === "integer" || t === "number" || t === "boolean");

export function generateRequest(
  document: OpenApiDocument,
  { path, operation, parameters: all }: OpenApiOperation,
  seed: number,
  invalid: boolean,
): WireRequest | undefined {
  const schemaOf = (parameter: OpenAPIV3_1.ParameterObject) => deref<Schema>(document, parameter.schema);
  const parameters = all.filter((p) => p.in === "path" || p.in === "query");
  const chosen = parameters.filter((p) => p.required || seed % 2 === 0);
  const values = new Map(chosen.map((p) => [p, fake(document, schemaOf(p), seed)]));
  const content = deref<OpenAPIV3_1.RequestBodyObject>(document, operation.requestBody)?.content ?? {};
  const [mediaType, media] = Object.entries(content)[0] ?? [];
  let body = media?.schema && mediaType !== "multipart/form-data" ? fake(document, media.schema, seed) : undefined;
  let broken: string | undefined;
  if (invalid) {
    const typed = parameters.find((p) => scalarType(schemaOf(p)));
    const requiredQuery = parameters.find((p) => p.in === "query" && p.required);
    const bodySchema = media?.schema ? deref<Schema>(document, media.schema) : undefined;
    const requiredField = bodySchema?.required?.[0];
    if (typed) {
      values.set(typed, "not-a-valid-value");
      const wanted = scalarType(schemaOf(typed));
      broken = `${typed.in} parameter ${typed.name} given a string where the contract wants ${wanted}`;
    } else if (requiredQuery) {
      values.delete(requiredQuery);
      broken = `required query parameter ${requiredQuery.name} left out`;
    } else if (requiredField && body && typeof body === "object" && !Array.isArray(body)) {
      delete (body as Json)[requiredField];
      broken = `required body field ${requiredField} left out`;
    } else if (bodySchema && mediaType?.includes("json")) {
      body = bodySchema.type === "array" ? { not: "a list" } : ["not", "an", "object"];
      broken = "a body of the wrong type";
    } else {
      return undefined; // nothing in this operation's request can be made invalid
    }
  }
  let concretePath = path;
  const query = new URLSearchParams();
  for (const [parameter, value] of values) {
    if (parameter.in === "path")
      concretePath = concretePath.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    else if (Array.isArray(value)) {
      if (parameter.explode === false) query.set(parameter.name, value.join(","));
      else for (const item of value) query.append(parameter.name, String(item));
    } else if (value !== null && typeof value === "object")
      continue; // deepObject filters: not generated
    else query.set(parameter.name, String(value));
  }
  return { path: concretePath, query, body, mediaType, invalid: broken };
}
