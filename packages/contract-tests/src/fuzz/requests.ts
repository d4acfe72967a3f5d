// Requests generated from a contract's schemas (json-schema-faker, seeded), and their
// invalid twins: one parameter of the wrong type, or a required one left out.
import { generateSync } from "json-schema-faker";
import type { Contract } from "../contract.js";

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  style?: string;
  explode?: boolean;
  schema?: Json;
}

export interface WireRequest {
  path: string;
  query: URLSearchParams;
  body: unknown;
  mediaType: string | undefined;
  /** What was made invalid, when the request is meant to be refused. */
  invalid?: string;
}

/** A value for `schema`, with the contract's component schemas available to its refs. */
export function fake(contract: Contract, schema: unknown, seed: number): unknown {
  const withDefs = JSON.parse(
    JSON.stringify({ ...(schema as Json), $defs: contract.document.components?.schemas ?? {} }).replaceAll('"#/components/schemas/', '"#/$defs/'),
  );
  return generateSync(withDefs, { seed, maxDepth: 4, maxItems: 3, optionalsProbability: 0.5 });
}

const scalarType = (schema: Json | undefined) => [schema?.type].flat().find((t) => t === "integer" || t === "number" || t === "boolean");

export function generateRequest(contract: Contract, path: string, operation: Json, seed: number, invalid: boolean): WireRequest | undefined {
  const parameters = ((operation.parameters ?? []) as Json[]).map((p) => contract.deref<Parameter>(p as unknown as Parameter)!).filter((p) => p.in === "path" || p.in === "query");
  const values = new Map(parameters.filter((p) => p.required || seed % 2 === 0).map((p) => [p, fake(contract, contract.deref(p.schema as Json), seed)]));
  const [mediaType, media] = Object.entries((operation.requestBody as { content?: Record<string, { schema?: Json }> } | undefined)?.content ?? {})[0] ?? [];
  let body = media?.schema && mediaType !== "multipart/form-data" ? fake(contract, media.schema, seed) : undefined;
  let broken: string | undefined;
  if (invalid) {
    const typed = parameters.find((p) => scalarType(contract.deref(p.schema as Json)));
    const requiredQuery = parameters.find((p) => p.in === "query" && p.required);
    const bodySchema = media?.schema ? contract.deref<Json>(media.schema) : undefined;
    const requiredField = (bodySchema?.required as string[] | undefined)?.[0];
    if (typed) {
      values.set(typed, "not-a-valid-value");
      broken = `${typed.in} parameter ${typed.name} given a string where the contract wants ${scalarType(contract.deref(typed.schema as Json))}`;
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
    if (parameter.in === "path") concretePath = concretePath.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    else if (Array.isArray(value)) {
      if (parameter.explode === false) query.set(parameter.name, value.join(","));
      else for (const item of value) query.append(parameter.name, String(item));
    } else if (value !== null && typeof value === "object") continue; // deepObject filters: not generated
    else query.set(parameter.name, String(value));
  }
  return { path: concretePath, query, body, mediaType, invalid: broken };
}
