// Requests generated from an operation's contract as fast-check arbitraries: path, query
// and header parameters and the body from their schemas, and invalid twins that break one
// thing (a parameter given a value its schema refuses, a required parameter or body member
// left out, a body of the wrong type). Whether a request is valid is then the contract's
// word (`Contract.requestProblems`), not the generator's intent.
import { deref, type OpenAPIV3_1, type OpenApiOperation } from "@leanapis/contract-helpers";
import fc from "fast-check";
import type { Contract } from "../contract.js";
import { arbitraryOf } from "./arbitraries.js";

type Json = Record<string, unknown>;
type Parameter = OpenAPIV3_1.ParameterObject;

/** A request as the client means it: values by parameter, the body as a value. */
export interface DraftRequest {
  params: { path: Json; query: Json; header: Json };
  body: unknown;
  /** What the draw set out to break; undefined for a draw meant to be valid. */
  broken?: string;
}

export interface WireRequest {
  /** The path with its parameters in, and the query. */
  target: string;
  headers: Record<string, string>;
  body: string | FormData | undefined;
}

/** Parameter values a schema may refuse, as sent on the wire (text). */
const WRONG_TEXT = ["not-a-valid-value", "-1.5", "", "99999999999999999999"];
/** Body values of every JSON type, for a body or member its schema refuses. */
const WRONG_JSON: unknown[] = [["not", "an", "object"], { not: "a list" }, "text", 4.5, true, null];

type Breakage =
  | { kind: "value"; parameter: Parameter; value: unknown }
  | { kind: "omit"; parameter: Parameter }
  | { kind: "omit member"; member: string }
  | { kind: "member"; member: string; value: unknown }
  | { kind: "body"; value: unknown };

const describeBreakage = (breakage: Breakage): string => {
  switch (breakage.kind) {
    case "value":
      return `${breakage.parameter.in} parameter ${breakage.parameter.name} given ${JSON.stringify(breakage.value)}`;
    case "omit":
      return `required ${breakage.parameter.in} parameter ${breakage.parameter.name} left out`;
    case "omit member":
      return `required body member ${breakage.member} left out`;
    case "member":
      return `body member ${breakage.member} given ${JSON.stringify(breakage.value)}`;
    case "body":
      return `a body of the wrong type (${JSON.stringify(breakage.value)})`;
  }
};

/** The media type of the operation's body, the first it declares. */
export function bodyMedia(contract: Contract, entry: OpenApiOperation) {
  const requestBody = deref<OpenAPIV3_1.RequestBodyObject>(contract.document, entry.operation.requestBody);
  const [mediaType, media] = Object.entries(requestBody?.content ?? {})[0] ?? [];
  return { mediaType, media, required: requestBody?.required ?? false };
}

const sentParameters = (entry: OpenApiOperation) =>
  entry.parameters
    .map((parameter, i) => ({ parameter, place: entry.parameterPlaces[i]! }))
    .filter(({ parameter }) => ["path", "query", "header"].includes(parameter.in) && parameter.schema);

/** Requests meant to be valid: every required parameter, optional ones sometimes, a body from its schema. */
export function validRequests(contract: Contract, entry: OpenApiOperation): fc.Arbitrary<DraftRequest> {
  const { document } = contract;
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const { parameter } of sentParameters(entry)) {
    const key = `${parameter.in}:${parameter.name}`;
    shape[key] = arbitraryOf(document, parameter.schema, { pathSegment: parameter.in === "path" });
    if (parameter.required || parameter.in === "path") required.push(key);
  }
  const { mediaType, media } = bodyMedia(contract, entry);
  const body =
    media?.schema && mediaType !== "multipart/form-data"
      ? arbitraryOf(document, media.schema)
      : fc.constantFrom<unknown>(undefined);
  return fc.record({ values: fc.record(shape, { requiredKeys: required }), body }).map(({ values, body }) => {
    const params: DraftRequest["params"] = { path: {}, query: {}, header: {} };
    for (const [key, value] of Object.entries(values)) {
      const [place, name] = key.split(/:(.*)/s) as ["path" | "query" | "header", string];
      params[place][name] = value;
    }
    // A multipart body is a file the checker does not read: one is sent whenever one is declared.
    return { params, body: mediaType === "multipart/form-data" ? { file: "release notes" } : body };
  });
}

/** The ways one request of this operation can be made invalid, each checked to be refused by the contract. */
export function breakages(contract: Contract, entry: OpenApiOperation): Breakage[] {
  const found: Breakage[] = [];
  const refuses = (place: (string | number)[], value: unknown) => contract.validators.problems(place, value).length > 0;
  for (const { parameter, place } of sentParameters(entry)) {
    if (parameter.in === "header") continue; // the contract's request check reads path and query only
    if (parameter.required && parameter.in === "query") found.push({ kind: "omit", parameter });
    const wrong = WRONG_TEXT.find((text) => {
      const value = textAsSchemaType(contract, parameter, text);
      return !(parameter.in === "path" && text === "") && refuses([...place, "schema"], value);
    });
    if (wrong !== undefined)
      found.push({ kind: "value", parameter, value: textAsSchemaType(contract, parameter, wrong) });
  }
  const { mediaType, media } = bodyMedia(contract, entry);
  if (media?.schema && mediaType?.includes("json")) {
    const place = ["paths", entry.path, entry.method, "requestBody", "content", mediaType, "schema"];
    const wrong = WRONG_JSON.find((value) => refuses(place, value));
    if (wrong !== undefined) found.push({ kind: "body", value: wrong });
    const schema = deref<OpenAPIV3_1.SchemaObject>(contract.document, media.schema);
    for (const member of (schema?.required ?? []).slice(0, 2)) found.push({ kind: "omit member", member });
    for (const [member, sub] of Object.entries(schema?.properties ?? {}).slice(0, 3)) {
      const at = [...place, "properties", member];
      const value = WRONG_JSON.find((candidate) => deref(contract.document, sub) && refuses(at, candidate));
      if (value !== undefined) found.push({ kind: "member", member, value });
    }
  }
  return found;
}

/** The text as the server reads it against the parameter's schema: numbers and booleans converted. */
function textAsSchemaType(contract: Contract, parameter: Parameter, text: string): unknown {
  const schema = deref<OpenAPIV3_1.SchemaObject>(contract.document, parameter.schema);
  const types = [schema?.type ?? []].flat();
  if (types.includes("array")) return [text];
  if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

/** Invalid twins: a valid draw with one breakage applied; undefined when the operation has nothing to break. */
export function invalidRequests(contract: Contract, entry: OpenApiOperation): fc.Arbitrary<DraftRequest> | undefined {
  const ways = breakages(contract, entry);
  if (ways.length === 0) return undefined;
  return fc.tuple(validRequests(contract, entry), fc.constantFrom(...ways)).map(([draft, breakage]) => {
    const params = {
      path: { ...draft.params.path },
      query: { ...draft.params.query },
      header: { ...draft.params.header },
    };
    let body = draft.body;
    switch (breakage.kind) {
      case "value":
        params[breakage.parameter.in as "path" | "query"][breakage.parameter.name] = breakage.value;
        break;
      case "omit":
        delete params[breakage.parameter.in as "path" | "query"][breakage.parameter.name];
        break;
      case "omit member":
      case "member": {
        const members = body !== null && typeof body === "object" && !Array.isArray(body) ? { ...(body as Json) } : {};
        if (breakage.kind === "member") members[breakage.member] = breakage.value;
        else delete members[breakage.member];
        body = members;
        break;
      }
      case "body":
        body = breakage.value;
    }
    return { params, body, broken: describeBreakage(breakage) };
  });
}

const text = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** The request on the wire: parameters serialized as the contract's styles say, the body in its media type. */
export function toWire(contract: Contract, entry: OpenApiOperation, draft: DraftRequest): WireRequest {
  let path = entry.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const parameter of entry.parameters) {
    const value = draft.params[parameter.in as "path" | "query" | "header"]?.[parameter.name];
    if (value === undefined) continue;
    if (parameter.in === "path") path = path.replace(`{${parameter.name}}`, encodeURIComponent(text(value)));
    else if (parameter.in === "header") headers[parameter.name] = text(value);
    else if (Array.isArray(value)) {
      if (parameter.explode === false) query.set(parameter.name, value.map(text).join(","));
      else for (const item of value) query.append(parameter.name, text(item));
    } else query.set(parameter.name, text(value));
  }
  const { mediaType } = bodyMedia(contract, entry);
  let body: WireRequest["body"];
  if (draft.body !== undefined && mediaType === "multipart/form-data") {
    const form = new FormData();
    form.append("file", new Blob(["release notes"], { type: "application/octet-stream" }), "notes.txt");
    body = form;
  } else if (draft.body !== undefined && mediaType === "application/x-www-form-urlencoded") {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries((draft.body ?? {}) as Json)) form.set(name, text(value));
    body = form.toString();
    headers["content-type"] = mediaType;
  } else if (draft.body !== undefined && mediaType) {
    body = JSON.stringify(draft.body);
    headers["content-type"] = mediaType;
  }
  return { target: query.size ? `${path}?${query}` : path, headers, body };
}

/** What the contract finds wrong with the request (empty: valid), as the request check reads it. */
export function problemsOf(contract: Contract, entry: OpenApiOperation, draft: DraftRequest): string[] {
  const { mediaType } = bodyMedia(contract, entry);
  const body = mediaType === "multipart/form-data" && draft.body !== undefined ? "(a file)" : draft.body;
  return contract.requestProblems(entry.method, entry.path, draft.params, mediaType ?? null, body);
}

/**
 * The registry's mock credentials for one of the operations' security requirements (the
 * first the registry has credentials for), as headers and query parameters.
 */
export function mockCredentials(
  contract: Contract,
  entry: OpenApiOperation,
  mockAuth: Readonly<Record<string, Readonly<Record<string, string>>>>,
): { headers: Record<string, string>; query: Record<string, string> } {
  const { document } = contract;
  const requirements = entry.operation.security ?? document.security ?? [];
  const schemes = document.components?.securitySchemes ?? {};
  const requirement = requirements.find((r) => Object.keys(r).every((name) => mockAuth[name]));
  const headers: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const name of Object.keys(requirement ?? {})) {
    const scheme = deref<OpenAPIV3_1.SecuritySchemeObject>(document, schemes[name]);
    const values = mockAuth[name]!;
    if (scheme?.type === "http" && scheme.scheme.toLowerCase() === "basic")
      headers.authorization = `Basic ${btoa(`${values.username}:${values.password}`)}`;
    else if (scheme?.type === "http") headers.authorization = `Bearer ${values.token}`;
    else if (scheme?.type === "apiKey" && scheme.in === "query") query[scheme.name] = Object.values(values)[0]!;
    else if (scheme?.type === "apiKey") headers[scheme.name.toLowerCase()] = Object.values(values)[0]!;
  }
  return { headers, query };
}

/** The status the mock refuses invalid input with: the operation's 422, else its 400. */
export const validationStatus = (entry: OpenApiOperation): number | undefined =>
  [422, 400].find((status) => entry.operation.responses?.[String(status)] !== undefined);

/** A 32-bit seed for one operation from the run's seed (FNV-1a), so operations draw apart and replay together. */
export function seedFor(runSeed: number, name: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${runSeed}:${name}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 1;
}
