// Checks HTTP exchanges against an OpenAPI contract. The request is matched to an operation
// by method and path template (the servers' base paths stripped; literal segments and a
// trailing slash as the contract's `x-path-matching` says; HEAD falls back to GET, as
// HTTP allows), then the response is held against what that operation declares:
// - the status: declared, by its range ("2XX") or under `default`;
// - each declared header: present when it says `required: true` (OpenAPI's default is
//   false, so an unmarked header may be absent), and valid against its schema when present
//   (names case-insensitive; numbers and booleans converted from the text first);
// - the content type: declared for the status, with a charset that names a real encoding,
//   is UTF-8 for JSON (RFC 8259) and is the one the contract's media type names, if it does;
// - the body: none on 204, 304 and HEAD, nor where no content is declared; JSON against the
//   media type's schema; CSV and TAB row by row against the export's row schema (see
//   delimited.ts); other text against its schema; binary bodies are not read.
import {
  deref,
  fillTemplate,
  locate,
  type OpenAPIV3_1,
  type OpenApiDocument,
  type OpenApiOperation,
  openApiOperations,
  pathMatching,
  pathPattern,
  SchemaValidators,
  type Segments,
  valueAt,
} from "@leanapis/contract-helpers";
import { DELIMITERS, delimitedProblems, type RowSchema } from "./delimited.js";
import {
  bodyBytes,
  bodyText,
  type Exchange,
  type ExchangeInspection,
  HeaderMap,
  isEmptyBody,
  isJsonMediaType,
  type MediaType,
  parseMediaType,
  requestUrl,
  type Violation,
} from "./exchange.js";
import { placeIn, schemaProblems } from "./schema-problems.js";

type Schema = OpenAPIV3_1.SchemaObject;

interface Route {
  entry: OpenApiOperation;
  pattern: RegExp;
  /** Literal characters of the template: the more, the more specific the route. */
  literal: number;
}

/** A parameter whose value picks the answer's media type (Reporting's `format`). */
type FormatParameter = OpenAPIV3_1.ParameterObject & { "x-media-types": Record<string, string> };

/** How a request was matched: the operation, or why none fits. */
export type OperationMatch = { entry: OpenApiOperation } | { problem: string };

const BODYLESS_STATUSES = new Set([204, 304]);

/** The JSON types a schema allows, from `type` and its alternatives. */
function typesOf(document: OpenApiDocument, node: unknown, depth = 0): Set<string> {
  const schema = deref<Schema>(document, node as Schema);
  const types = new Set<string>();
  if (!schema || depth > 8) return types;
  for (const type of [schema.type ?? []].flat()) types.add(type);
  if (schema.const === null || schema.enum?.includes(null)) types.add("null");
  for (const alternatives of [schema.oneOf, schema.anyOf, schema.allOf]) {
    for (const alternative of alternatives ?? [])
      for (const type of typesOf(document, alternative, depth + 1)) types.add(type);
  }
  return types;
}

/** The base path of each server ("https://api.example.com/v1" → "/v1"), longest first; variables at their defaults. */
function basePaths(document: OpenApiDocument): string[] {
  const paths = (document.servers ?? []).map((server) => {
    let url = server.url;
    for (const [name, variable] of Object.entries(server.variables ?? {}))
      url = url.replaceAll(`{${name}}`, variable.default);
    try {
      return new URL(url, "http://server.invalid").pathname.replace(/\/+$/, "");
    } catch {
      return "";
    }
  });
  return [...new Set(paths.filter((path) => path !== ""))].sort((a, b) => b.length - a.length);
}

export class OpenApiChecker {
  readonly validators: SchemaValidators;
  private readonly routes: Route[];
  private readonly byTemplate = new Map<string, OpenApiOperation>();
  private readonly basePaths: string[];
  private readonly rowSchemas = new Map<string, RowSchema | undefined>();

  constructor(readonly document: OpenApiDocument) {
    this.validators = new SchemaValidators(document);
    const operations = openApiOperations(document);
    for (const entry of operations) this.byTemplate.set(`${entry.method} ${entry.path}`, entry);
    const matching = pathMatching(document);
    this.routes = operations
      .map((entry) => {
        const literal = fillTemplate(entry.path, () => "").length;
        return { entry, pattern: pathPattern(entry.path, matching), literal };
      })
      // The most literal template first: /io/board/access before /io/board/{boardId}.
      .sort((a, b) => b.literal - a.literal);
    this.basePaths = basePaths(document);
  }

  /** Every operation, in document order. */
  operations(): OpenApiOperation[] {
    return [...this.byTemplate.values()];
  }

  /** The operation at this method and path template, if the contract has one. */
  operation(method: string, template: string): OpenApiOperation | undefined {
    return this.byTemplate.get(`${method.toLowerCase()} ${template}`);
  }

  /** The operation a request is for: by its path template when the caller knows it, else by its URL's path. */
  match(method: string, url: string, template?: string): OperationMatch {
    const verb = method.toLowerCase();
    if (template !== undefined) {
      const entry = this.operation(verb, template) ?? (verb === "head" ? this.operation("get", template) : undefined);
      if (entry) return { entry };
      return { problem: `${method.toUpperCase()} ${template} is not an operation of the contract` };
    }
    const path = requestUrl(url).pathname;
    const candidates = [
      path,
      ...this.basePaths.filter((base) => path.startsWith(`${base}/`)).map((base) => path.slice(base.length)),
    ];
    const routes = candidates.flatMap((candidate) => this.routes.filter((route) => route.pattern.test(candidate)));
    const exact = routes.find((route) => route.entry.method === verb);
    if (exact) return { entry: exact.entry };
    const get = verb === "head" ? routes.find((route) => route.entry.method === "get") : undefined;
    if (get) return { entry: get.entry };
    if (routes.length > 0) {
      const declared = [...new Set(routes.map((route) => route.entry.method.toUpperCase()))].join(", ");
      return {
        problem: `matches no operation: ${routes[0]!.entry.path} declares ${declared}, not ${method.toUpperCase()}`,
      };
    }
    return { problem: "matches no operation: no path of the contract fits it" };
  }

  inspect(exchange: Exchange, template?: string): ExchangeInspection {
    const { request, response } = exchange;
    const found = this.match(request.method, request.url, template);
    if ("problem" in found) {
      const path = template ?? requestUrl(request.url).pathname;
      const operation = `${request.method.toUpperCase()} ${path}`;
      return {
        operation: undefined,
        route: undefined,
        violations: [{ operation, place: "request", problem: found.problem }],
        exercised: [],
      };
    }
    const { entry } = found;
    const operation = entry.operation.operationId ?? `${entry.method.toUpperCase()} ${entry.path}`;
    const violations = this.responseViolations(entry, exchange).map((v) => ({ operation, ...v }));
    return {
      operation,
      route: `${entry.method.toUpperCase()} ${entry.path}`,
      violations,
      exercised: [{ operation, status: response.status }],
    };
  }

  private responseViolations(entry: OpenApiOperation, { request, response }: Exchange): Omit<Violation, "operation">[] {
    const problems: Omit<Violation, "operation">[] = [];
    const add = (place: string, problem: string, value?: unknown) =>
      problems.push(value === undefined ? { place, problem } : { place, problem, value });
    const responses = entry.operation.responses ?? {};
    const status = response.status;
    const range = Object.keys(responses).find((key) => key.toUpperCase() === `${Math.floor(status / 100)}XX`);
    const key = responses[String(status)] ? String(status) : (range ?? (responses.default ? "default" : undefined));
    if (key === undefined) {
      add("status", `is not declared (declared: ${Object.keys(responses).join(", ")})`, status);
      return problems;
    }
    const at: Segments = ["paths", entry.path, entry.method, "responses", key];
    const declared = deref<OpenAPIV3_1.ResponseObject>(this.document, responses[key]);
    if (!declared) {
      add("status", `is declared, but its response does not resolve`, status);
      return problems;
    }
    const headers = new HeaderMap(response.headers);
    this.headerViolations(declared, at, headers, add);

    const isHead = request.method.toUpperCase() === "HEAD";
    const empty = isEmptyBody(response.body) && !response.bodyOmitted;
    const content = declared.content ?? {};
    const contentType = headers.get("content-type");
    if (isHead || BODYLESS_STATUSES.has(status)) {
      if (!empty && !response.bodyOmitted) {
        add(
          "body",
          isHead ? "must be empty: this is the answer to HEAD" : `must be empty with status ${status}`,
          preview(response.body),
        );
      }
      // HEAD answers with the headers GET would send, its content type included.
      if (isHead && contentType !== undefined && Object.keys(content).length > 0)
        this.mediaFor(content, contentType, add);
      return problems;
    }
    if (Object.keys(content).length === 0) {
      if (!empty && !response.bodyOmitted) add("body", "was sent where none is declared", preview(response.body));
      return problems;
    }
    if (empty) {
      add("body", `is empty; the contract declares ${Object.keys(content).join(", ")}`);
      return problems;
    }
    if (contentType === undefined) {
      add("header Content-Type", `is missing; the contract declares ${Object.keys(content).join(", ")}`);
      return problems;
    }
    const chosen = this.mediaFor(content, contentType, add);
    // A format parameter (Reporting's `?format=`, CSV when absent) chooses the media type, not Accept.
    const format = entry.parameters.find((p) => "x-media-types" in p) as FormatParameter | undefined;
    if (chosen && format) this.formatViolation(format, Object.keys(content), chosen.type.type, request, add);
    else if (chosen) this.acceptViolation(Object.keys(content), chosen.type.type, request, add);
    if (!chosen || response.bodyOmitted) return problems;
    const { key: mediaKey, media, type } = chosen;
    const schemaAt: Segments = [...at, "content", mediaKey, "schema"];
    const delimiter = DELIMITERS[type.type];
    const textual =
      isJsonMediaType(type.type) ||
      delimiter !== undefined ||
      type.type.startsWith("text/") ||
      type.params.charset !== undefined;
    if (!textual) return problems; // binary: nothing the checker can read in it
    const decoded = bodyText(response.body, type.params.charset ?? "utf-8");
    if ("error" in decoded) {
      add("body", decoded.error);
      return problems;
    }
    if (isJsonMediaType(type.type)) {
      let body: unknown;
      try {
        body = JSON.parse(decoded.text);
      } catch (error) {
        add("body", `is not valid JSON: ${(error as Error).message}`, preview(decoded.text));
        return problems;
      }
      if (media.schema) {
        for (const found of schemaProblems(this.validators.at(schemaAt), body))
          add(placeIn("body", found.at), found.problem, found.value);
      }
    } else if (delimiter !== undefined) {
      for (const found of delimitedProblems(decoded.text, type.type, this.rowSchema(entry, key)))
        add(found.place, found.problem, found.value);
    } else if (media.schema) {
      for (const found of schemaProblems(this.validators.at(schemaAt), decoded.text))
        add(placeIn("body", found.at), found.problem, preview(decoded.text));
    }
    return problems;
  }

  /** Each declared header: required ones present, present ones valid. Content-Type is the media type's business. */
  private headerViolations(
    declared: OpenAPIV3_1.ResponseObject,
    at: Segments,
    headers: HeaderMap,
    add: (place: string, problem: string, value?: unknown) => void,
  ): void {
    for (const [name, node] of Object.entries(declared.headers ?? {})) {
      if (name.toLowerCase() === "content-type") continue;
      const header = deref<OpenAPIV3_1.HeaderObject>(this.document, node);
      if (!header) continue;
      const value = headers.get(name);
      if (value === undefined) {
        if (header.required) add(`header ${name}`, "is required but missing");
        continue;
      }
      if (!header.schema) continue;
      const types = typesOf(this.document, header.schema);
      const validate = this.validators.at([...at, "headers", name, "schema"]);
      for (const found of schemaProblems(validate, headerValue(value, types)))
        add(placeIn(`header ${name}`, found.at), found.problem, value);
    }
  }

  /** The answer's media type against the one the format parameter's value (or its default) stands for. */
  private formatViolation(
    format: FormatParameter,
    declared: string[],
    chosen: string,
    request: Exchange["request"],
    add: (place: string, problem: string, value?: unknown) => void,
  ): void {
    const sent = requestUrl(request.url).searchParams.get(format.name);
    const fallback = deref<OpenAPIV3_1.SchemaObject>(this.document, format.schema)?.default;
    const value = sent ?? (fallback === undefined ? undefined : String(fallback));
    const expected = value === undefined ? undefined : format["x-media-types"][value];
    // An answer that cannot be in that format (a JSON error body) is the status's business.
    if (expected === undefined || expected === chosen || !declared.includes(expected)) return;
    const asked = sent === null ? `${format.name} absent (default ${value})` : `${format.name}=${value}`;
    add("header Content-Type", `${chosen} is not what ${asked} answers (${expected}), whatever Accept says`, chosen);
  }

  /**
   * The answer's media type against the request's `Accept`: when a type the status declares
   * was acceptable, the server must have chosen an acceptable one (a single-type answer to
   * an Accept it cannot meet is left alone).
   */
  private acceptViolation(
    declared: string[],
    chosen: string,
    request: Exchange["request"],
    add: (place: string, problem: string, value?: unknown) => void,
  ): void {
    const accept = new HeaderMap(request.headers).get("accept");
    if (accept === undefined) return;
    const ranges = accept
      .split(",")
      .map((part) => parseMediaType(part.trim()))
      .filter((range): range is MediaType => range !== undefined && range.params.q !== "0" && range.params.q !== "0.0");
    const matches = (type: string) =>
      ranges.some(
        ({ type: range }) =>
          range === "*/*" || range === type || (range.endsWith("/*") && type.startsWith(range.slice(0, -1))),
      );
    if (declared.some((key) => matches(parseMediaType(key)?.type ?? key)) && !matches(chosen)) {
      add("header Content-Type", `${chosen} is not what the request's Accept asked for (${accept})`, chosen);
    }
  }

  private mediaFor(
    content: Record<string, OpenAPIV3_1.MediaTypeObject>,
    contentType: string,
    add: (place: string, problem: string, value?: unknown) => void,
  ): { key: string; media: OpenAPIV3_1.MediaTypeObject; type: MediaType } | undefined {
    const type = parseMediaType(contentType);
    if (!type) {
      add("header Content-Type", "is not a media type", contentType);
      return undefined;
    }
    const keys = Object.keys(content);
    const declaredTypes = keys.map((key) => ({ key, type: parseMediaType(key) }));
    const [family] = type.type.split("/");
    const key =
      declaredTypes.find((d) => d.type?.type === type.type)?.key ??
      declaredTypes.find((d) => d.type?.type === `${family}/*`)?.key ??
      declaredTypes.find((d) => d.type?.type === "*/*")?.key;
    if (key === undefined) {
      add(
        "header Content-Type",
        `${type.type} is not declared for this status (declared: ${keys.join(", ")})`,
        contentType,
      );
      return undefined;
    }
    const charset = type.params.charset;
    const wanted = parseMediaType(key)?.params.charset;
    if (charset !== undefined) {
      let encoding: string;
      try {
        encoding = new TextDecoder(charset).encoding;
      } catch {
        add("header Content-Type", `names charset ${charset}, which is no known encoding`, contentType);
        return undefined;
      }
      if (isJsonMediaType(type.type) && encoding !== "utf-8") {
        add("header Content-Type", "names a charset other than UTF-8, which JSON must be in (RFC 8259)", contentType);
        return undefined;
      }
      if (wanted !== undefined && encoding !== new TextDecoder(wanted).encoding) {
        add("header Content-Type", `names charset ${charset}; the contract declares ${wanted}`, contentType);
        return undefined;
      }
    } else if (wanted !== undefined && new TextDecoder(wanted).encoding !== "utf-8") {
      add("header Content-Type", `names no charset; the contract declares ${wanted}`, contentType);
      return undefined;
    }
    return { key, media: content[key]!, type };
  }

  /**
   * The row schema of a delimited response: the `items` of the JSON array the same response
   * declares, else the one its sibling declares (the same path without the `.csv`/`.tab`
   * extension, or with `.json`): the export's JSON form carries the schema of its rows.
   */
  rowSchema(entry: OpenApiOperation, status: string): RowSchema | undefined {
    const cacheKey = `${entry.method} ${entry.path} ${status}`;
    if (this.rowSchemas.has(cacheKey)) return this.rowSchemas.get(cacheKey);
    const stem = entry.path.replace(/\.[a-z]+$/i, "");
    const family = [entry.path, stem, `${stem}.json`];
    let found: RowSchema | undefined;
    for (const path of family) {
      const sibling = this.operation(entry.method, path);
      const declared =
        sibling && deref<OpenAPIV3_1.ResponseObject>(this.document, sibling.operation.responses?.[status]);
      const jsonKey = Object.keys(declared?.content ?? {}).find((key) =>
        isJsonMediaType(parseMediaType(key)?.type ?? ""),
      );
      if (!sibling || jsonKey === undefined) continue;
      const itemsAt: Segments = [
        "paths",
        path,
        entry.method,
        "responses",
        status,
        "content",
        jsonKey,
        "schema",
        "items",
      ];
      const place = locate(this.document, itemsAt);
      const items = place && deref<Schema>(this.document, valueAt(this.document, place) as Schema);
      if (!place || !items) continue;
      const properties: Record<string, unknown> = {};
      for (const part of [items, ...(items.allOf ?? []).map((p) => deref<Schema>(this.document, p))])
        Object.assign(properties, part?.properties ?? {});
      found = {
        name: place[0] === "components" && place[1] === "schemas" ? place[2] : undefined,
        columns: Object.entries(properties).map(([name, schema]) => ({ name, types: typesOf(this.document, schema) })),
        validate: this.validators.at(itemsAt),
      };
      break;
    }
    this.rowSchemas.set(cacheKey, found);
    return found;
  }
}

/** A header's text as the JSON value its schema types: numbers and booleans converted, lists split. */
function headerValue(value: string, types: ReadonlySet<string>): unknown {
  const text = value.trim();
  if (types.has("string") || types.size === 0) return text;
  if ((types.has("integer") || types.has("number")) && /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text))
    return Number(text);
  if (types.has("boolean") && (text === "true" || text === "false")) return text === "true";
  if (types.has("array")) return text.split(",").map((item) => item.trim());
  return text;
}

/** The start of a body for a message. */
function preview(body: Exchange["response"]["body"]): string {
  const bytes = bodyBytes(body);
  const text = bytes ? Buffer.from(bytes).toString("utf8") : typeof body === "string" ? body : "";
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
