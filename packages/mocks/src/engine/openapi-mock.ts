// The mock of an OpenAPI contract. Everything is prepared once, at start: a router of every
// operation (literal paths before templates), an Ajv validator per parameter and body schema,
// and each response's examples serialized. A request is then routed, checked for credentials,
// parameters and body as the contract declares them, refused in the API's own error format
// naming the violation, or answered with the declared example (`Prefer: code=`/`example=`
// choose another, verbatim), which the API's behaviour may otherwise reshape (paging,
// sorting, fields, fresh tokens). In the stateful mode, the operations the contract declares
// with `x-resource` answer from the records they create, change and delete (state/model.ts).
import {
  decodePointer,
  deref,
  type ErrorObject,
  fillTemplate,
  type OpenAPIV3_1,
  type OpenApiDocument,
  openApiOperations,
  pathMatching,
  SchemaValidators,
  type ValidateFunction,
  valueAt,
} from "@leanapis/contract-helpers";
import Router, { type HTTPMethod } from "find-my-way";
import { withMessage } from "./error-template.js";
import { headerValue, jsonReply, type MockReply, type MockRequest, preferences, ReceivedRequest } from "./exchange.js";
import { parameterReader } from "./parameters.js";
import { requirementsOf, satisfiedRequirement } from "./security.js";
import { type Entry, type Outcome, type ResourceAction, ResourceModel } from "./state/model.js";
import { getPath } from "./state/paths.js";

/** Where a stateful mock is told to go back to its seed. */
export const RESET_PATH = "/__mock/reset";

/** The preferences of a request without `Prefer` (most of them): nothing to parse. */
const NO_PREFERENCES: Readonly<Record<string, string>> = Object.freeze({});

/** What the behaviour sees of a request the host refused before it could read it (a malformed request line). */
const UNREAD_REQUEST: MockRequest = new ReceivedRequest("", "", {}, Buffer.alloc(0));

/** A request the engine has routed and checked, as the API's behaviour sees it. */
export interface Exchange {
  request: MockRequest;
  operation: CompiledOperation;
  /** Every parameter sent, converted to its declared type, by name. */
  params: Record<string, unknown>;
  /** The parsed JSON body, if any. */
  body: unknown;
  /** The credentials of the security requirement the request met, by scheme name. */
  credentials: Record<string, string>;
  /** The body was built from the stateful mode's records: a list is all of them, to be paged as the API pages. */
  fromState?: boolean;
}

/** A refusal a behaviour decides on; the engine words it in the operation's own error format. */
export interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

/** What is particular to one API: its error format and what its server does beyond the contract. */
export interface Behaviour {
  /** The API's error body for `status`, carrying `message`. */
  errorBody(status: number, message: string): unknown;
  /** The method to route by (LeanKit's `X-HTTP-Method-Override`). */
  routeMethod?(request: MockRequest): string;
  /**
   * Sees each request with valid credentials before anything else is checked (to count it
   * against a rate limit), and may refuse it as the API's server does (an expired token, a
   * rate limit).
   */
  admit?(admission: Pick<Exchange, "request" | "operation" | "credentials">): Refusal | undefined;
  /** Reshapes the JSON body of a success (paging, sorting, field selection, fresh tokens). */
  shape?(exchange: Exchange, body: unknown): unknown;
  /** Adjusts every reply, refusals included (rate-limit headers). */
  finish?(request: MockRequest, reply: MockReply): MockReply;
}

interface CompiledMedia {
  type: string;
  /** Each example by name (the inline `example` as "default"), serialized once. */
  examples: Map<string, { value: unknown; bytes: Buffer }>;
}

interface CompiledResponse {
  status: number;
  headers: Record<string, string>;
  media: CompiledMedia[];
}

export interface CompiledOperation {
  id: string;
  method: string;
  path: string;
  parameters: {
    parameter: OpenAPIV3_1.ParameterObject;
    read: (sent: string[]) => unknown;
    validate: ValidateFunction;
  }[];
  body: { required: boolean; media: Map<string, ValidateFunction | undefined> } | undefined;
  requirements: Record<string, string[]>[];
  responses: Map<number, CompiledResponse>;
  /** The query parameter whose value picks the media type (Reporting's `format`), with its mapping. */
  format: { name: string; types: Record<string, string>; fallback: string | undefined } | undefined;
  /** Each parameter's declared default, by name (a stateful list's page size when none is sent). */
  defaults: Record<string, unknown>;
}

/** "query parameter limit: must be integer (value: "abc")", "body at /title: must be string (value: 5)". */
function violations(subject: string, errors: ErrorObject[] | null | undefined, value: unknown): string[] {
  return (errors ?? []).map((error) => {
    const at = error.instancePath ? ` at ${error.instancePath}` : "";
    const offending = valueAt(value, decodePointer(error.instancePath));
    let shown: string;
    try {
      shown = JSON.stringify(offending)?.slice(0, 200) ?? "undefined";
    } catch {
      shown = "(nested too deep to show)";
    }
    return `${subject}${at}: ${error.message ?? error.keyword} (value: ${shown})`;
  });
}

const isJson = (type: string) => /[/+]json$/.test(type);
const baseType = (contentType: string | undefined) => (contentType ?? "").split(";")[0]!.trim().toLowerCase();
const fmwPath = (path: string) => fillTemplate(path, (parameter) => `:${parameter}`);
/** The router lets a parameter that ends the path be empty (`/v1/organizations/`): a path segment never is. */
const hasEmptySegment = (params: Record<string, string | undefined>) =>
  Object.values(params).some((value) => value === "");

function compileResponse(document: OpenApiDocument, status: number, node: unknown): CompiledResponse {
  const response = deref<OpenAPIV3_1.ResponseObject>(document, node as OpenAPIV3_1.ResponseObject)!;
  const headers: Record<string, string> = {};
  for (const [name, ref] of Object.entries(response.headers ?? {})) {
    const header = deref<OpenAPIV3_1.HeaderObject>(document, ref);
    const schema = deref<OpenAPIV3_1.SchemaObject>(document, header?.schema);
    const value = header?.example ?? schema?.example ?? schema?.default;
    if (value !== undefined) headers[name.toLowerCase()] = String(value);
  }
  const media = Object.entries(response.content ?? {}).map(([type, content]) => {
    const examples = new Map<string, { value: unknown; bytes: Buffer }>();
    const add = (name: string, value: unknown) =>
      examples.set(name, {
        value,
        bytes: Buffer.from(typeof value === "string" && !isJson(type) ? value : JSON.stringify(value)),
      });
    if (content.example !== undefined) add("default", content.example);
    for (const [name, example] of Object.entries(content.examples ?? {})) {
      const value = deref<OpenAPIV3_1.ExampleObject>(document, example)?.value;
      if (value !== undefined) add(name, value);
    }
    return { type, examples };
  });
  return { status, headers, media };
}

export interface OpenApiMockOptions {
  /** Writes persist: the operations declared with `x-resource` work on records seeded from the examples. */
  stateful?: boolean;
}

export class OpenApiMock {
  /** Each operation by method and path, matched as the contract's `x-path-matching` says (else exactly). */
  private readonly router: Router.Instance<Router.HTTPVersion.V1>;
  /** Every path template, to tell an unknown path (404) from a method the path lacks (405). */
  private readonly methodsByPath: Router.Instance<Router.HTTPVersion.V1>;
  /** The stateful mode's records; undefined in the stateless mode. */
  private readonly state: ResourceModel | undefined;

  constructor(
    readonly document: OpenApiDocument,
    private readonly behaviour: Behaviour,
    options: OpenApiMockOptions = {},
  ) {
    this.state = options.stateful ? new ResourceModel(document) : undefined;
    const { caseInsensitive, trailingSlash } = pathMatching(document);
    const routing = { caseSensitive: !caseInsensitive, ignoreTrailingSlash: trailingSlash };
    this.router = Router(routing);
    this.methodsByPath = Router(routing);
    const validators = new SchemaValidators(document);
    const allowed = new Map<string, string[]>();
    for (const { path, method, operation, parameters, parameterPlaces } of openApiOperations(document)) {
      const requestBody = deref<OpenAPIV3_1.RequestBodyObject>(document, operation.requestBody);
      const formatIndex = parameters.findIndex((p) => (p as { "x-media-types"?: unknown })["x-media-types"]);
      const format = parameters[formatIndex] as
        | (OpenAPIV3_1.ParameterObject & { "x-media-types": Record<string, string> })
        | undefined;
      const compiled: CompiledOperation = {
        id: operation.operationId ?? `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: parameters.map((parameter, i) => ({
          parameter,
          read: parameterReader(document, parameter),
          validate: validators.lazy([...parameterPlaces[i]!, "schema"]),
        })),
        body: requestBody && {
          required: requestBody.required ?? false,
          media: new Map(
            Object.entries(requestBody.content ?? {}).map(([type, content]) => [
              type,
              isJson(type) && content.schema
                ? validators.lazy(["paths", path, method, "requestBody", "content", type, "schema"])
                : undefined,
            ]),
          ),
        },
        requirements: requirementsOf(document, operation),
        responses: new Map(
          Object.entries(operation.responses ?? {})
            .filter(([status]) => /^\d{3}$/.test(status))
            .map(([status, node]) => [Number(status), compileResponse(document, Number(status), node)]),
        ),
        format: format && {
          name: format.name,
          types: format["x-media-types"],
          fallback: format["x-media-types"][String(deref<OpenAPIV3_1.SchemaObject>(document, format.schema)?.default)],
        },
        defaults: Object.fromEntries(
          parameters.flatMap((p) => {
            const value = deref<OpenAPIV3_1.SchemaObject>(document, p.schema)?.default;
            return value === undefined ? [] : [[p.name, value]];
          }),
        ),
      };
      this.router.on(compiled.method as HTTPMethod, fmwPath(path), () => undefined, compiled);
      allowed.set(fmwPath(path), [...(allowed.get(fmwPath(path)) ?? []), compiled.method]);
    }
    for (const [path, methods] of allowed) this.methodsByPath.on("GET", path, () => undefined, methods);
  }

  /**
   * A refusal in the API's error format: the operation's own declared example for the status
   * (SCIM operations answer SCIM errors) with its wording replaced, else the API's error body.
   * It goes through the behaviour like every answer (Leanmote's rate-limit headers), refusals
   * the host makes before the engine runs (413, 408, a malformed request) included.
   */
  failure(
    status: number,
    message: string,
    request: MockRequest = UNREAD_REQUEST,
    operation?: CompiledOperation,
  ): MockReply {
    const media = operation?.responses.get(status)?.media.find((m) => isJson(m.type) && m.examples.size > 0);
    const template = media?.examples.values().next().value;
    const declared = operation?.responses.get(status)?.headers ?? {};
    const reply = template
      ? jsonReply(status, withMessage(template.value, message), {
          ...declared,
          "content-type": `${media!.type}; charset=utf-8`,
        })
      : jsonReply(status, this.behaviour.errorBody(status, message), declared);
    return this.finish(request, reply);
  }

  /** Back to the seed (stateful mode); nothing to do in the stateless one. */
  reset(): void {
    this.state?.reset();
  }

  handle(request: MockRequest): MockReply {
    if (this.state && request.path === RESET_PATH && request.method === "POST") {
      this.state.reset();
      return { status: 204, headers: {}, body: undefined };
    }
    if (!request.path.startsWith("/"))
      return this.failure(400, `The request-target must be a path: ${request.path}`, request);
    const method = this.behaviour.routeMethod?.(request) ?? request.method;
    // HEAD is GET without the body, unless the contract declares it on its own.
    const found =
      this.router.find(method as HTTPMethod, request.path) ??
      (method === "HEAD" ? this.router.find("GET", request.path) : null);
    if (!found || hasEmptySegment(found.params)) {
      const template = this.methodsByPath.find("GET", request.path);
      const methods = template && !hasEmptySegment(template.params) ? (template.store as string[]) : undefined;
      if (!methods) return this.failure(404, `No operation at ${request.path}`, request);
      const reply = this.failure(
        405,
        `${method} is not allowed on ${request.path}; use ${methods.join(", ")}`,
        request,
      );
      return { ...reply, headers: { ...reply.headers, allow: methods.join(", ") } };
    }
    const operation = found.store as CompiledOperation;
    const prefer = request.headers.prefer === undefined ? NO_PREFERENCES : preferences(request.headers);

    const credentials = satisfiedRequirement(this.document, operation.requirements, request);
    if (!credentials) return this.declared(request, operation, 401, "Missing or invalid credentials");
    const refusal = this.behaviour.admit?.({ request, operation, credentials });
    if (refusal) {
      const reply = this.failure(refusal.status, refusal.message, request, operation);
      return { ...reply, headers: { ...reply.headers, ...refusal.headers } };
    }

    const params: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const { parameter, read, validate } of operation.parameters) {
      const sent = this.sentValues(request, parameter, found.params);
      if (sent.length === 0) {
        if (parameter.required) problems.push(`${parameter.in} parameter ${parameter.name} is required`);
        continue;
      }
      const value = read(sent);
      params[parameter.name] = value;
      if (!validate(value)) {
        problems.push(...violations(`${parameter.in} parameter ${parameter.name}`, validate.errors, value));
      }
    }

    let body: unknown;
    if (operation.body) {
      const type = baseType(headerValue(request.headers, "content-type"));
      if (request.body.length === 0) {
        if (operation.body.required) problems.push("the request body is required");
      } else if (!operation.body.media.has(type)) {
        const accepted = [...operation.body.media.keys()].join(", ");
        return this.failure(
          415,
          `Content-Type ${type || "(none)"} is not accepted; send ${accepted}`,
          request,
          operation,
        );
      } else if (isJson(type)) {
        try {
          body = JSON.parse(request.body.toString("utf8"));
        } catch (error) {
          return this.failure(400, `The body is not valid JSON: ${(error as Error).message}`, request, operation);
        }
        const validate = operation.body.media.get(type);
        if (validate && !validate(body)) problems.push(...violations("body", validate.errors, body));
      }
    }
    if (problems.length > 0)
      return this.failure(this.validationStatus(operation), problems.join("; "), request, operation);

    const exchange: Exchange = { request, operation, params, body, credentials };
    if (prefer.code !== undefined) {
      const status = Number(prefer.code);
      if (!operation.responses.has(status)) {
        const declared = [...operation.responses.keys()].join(", ");
        return this.failure(
          400,
          `Prefer: code=${prefer.code} is not a status ${operation.id} declares (${declared})`,
          request,
        );
      }
      return this.answer(exchange, status, prefer.example, true);
    }
    const success = [...operation.responses.keys()].find((status) => status >= 200 && status < 300);
    if (success === undefined) return this.failure(500, `${operation.id} declares no success`, request);
    const action = prefer.example === undefined ? this.state?.action(operation.id) : undefined;
    if (action) return this.stateful(exchange, action, success);
    return this.answer(exchange, success, prefer.example, prefer.example !== undefined);
  }

  /** A declared operation in the stateful mode: its action on the records, answered in the API's format. */
  private stateful(exchange: Exchange, action: ResourceAction, success: number): MockReply {
    const { request, operation, params, body } = exchange;
    const outcome: Outcome = action.run({
      param: (name) => params[name],
      input: (path) => getPath(body, path),
      fields: () => body,
    });
    switch (outcome.kind) {
      case "missing":
        // An operation without a 404 (LeanKit's connections) refuses an unknown id as invalid input.
        return operation.responses.has(404)
          ? this.declared(request, operation, 404, outcome.message)
          : this.failure(this.validationStatus(operation), outcome.message, request, operation);
      case "invalid":
        return this.failure(this.validationStatus(operation), outcome.message, request, operation);
      case "conflict": {
        const status = [428, 412, 409].find((s) => operation.responses.has(s)) ?? this.validationStatus(operation);
        return this.failure(status, outcome.message, request, operation);
      }
      case "done":
        return this.answer(exchange, success, undefined, true);
      case "list": {
        const records = outcome.entries.map((entry) => action.view.value(entry));
        const items = action.declaration.items;
        const example = action.example;
        const page =
          items !== undefined && example !== null && typeof example === "object"
            ? { ...(example as object), [items]: records }
            : records;
        return this.answerWith({ ...exchange, fromState: true }, success, page);
      }
      case "record":
        return this.answerRecord(exchange, action, success, outcome.entry);
    }
  }

  /** A record as the operation answers it: its view, or for a create the members its example has (LeanKit's `{ id }`). */
  private answerRecord(exchange: Exchange, action: ResourceAction, success: number, entry: Entry): MockReply {
    const { declaration, example } = action;
    const whole = declaration.fullRecord !== undefined && exchange.params[declaration.fullRecord] === true;
    if (declaration.action !== "create" || whole)
      return this.answerWith(exchange, success, action.view.value(entry), action.view.text(entry));
    if (example !== null && typeof example === "object" && !Array.isArray(example)) {
      const shaped = Object.fromEntries(
        Object.keys(example).flatMap((key) => (key in entry.record ? [[key, entry.record[key]]] : [])),
      );
      return this.answerWith(exchange, success, shaped);
    }
    return this.answerWith(exchange, success, typeof example === typeof entry.record.id ? entry.record.id : example);
  }

  /** Answers `body` (already serialized as `text`, when known) as the operation's success, through the behaviour's shape. */
  private answerWith(exchange: Exchange, status: number, body: unknown, text?: string): MockReply {
    const { request, operation } = exchange;
    const response = operation.responses.get(status)!;
    const media = this.negotiate(exchange, response);
    if (!media || !isJson(media.type)) return this.answer(exchange, status, undefined, true);
    const shaped = this.behaviour.shape ? this.behaviour.shape(exchange, body) : body;
    const headers = { ...response.headers, "content-type": `${media.type}; charset=utf-8` };
    const bytes = shaped === body && text !== undefined ? text : JSON.stringify(shaped);
    return this.finish(request, { status, headers, body: bytes });
  }

  private sentValues(
    request: MockRequest,
    parameter: OpenAPIV3_1.ParameterObject,
    path: Record<string, string | undefined>,
  ): string[] {
    if (parameter.in === "path") return path[parameter.name] === undefined ? [] : [path[parameter.name]!];
    if (parameter.in === "query") return request.query.getAll(parameter.name);
    if (parameter.in === "header") {
      const value = request.headers[parameter.name.toLowerCase()];
      return value === undefined ? [] : [value].flat();
    }
    return [];
  }

  /** The status the API refuses invalid input with: the operation's 422 or 400, else 400. */
  private validationStatus(operation: CompiledOperation): number {
    return [422, 400].find((status) => operation.responses.has(status)) ?? 400;
  }

  /** A declared error answered with its own example (the API's real wording), else in the API's format. */
  private declared(request: MockRequest, operation: CompiledOperation, status: number, message: string): MockReply {
    const response = operation.responses.get(status);
    const media = response?.media.find((m) => m.examples.size > 0);
    const example = media?.examples.values().next().value;
    if (!response || !media || !example) return this.failure(status, message, request, operation);
    return this.finish(request, {
      status,
      headers: { ...response.headers, "content-type": media.type },
      body: example.bytes,
    });
  }

  /** The example of `status`; `verbatim` (asked for with `Prefer`) keeps the behaviour from reshaping it. */
  private answer(exchange: Exchange, status: number, exampleName: string | undefined, verbatim: boolean): MockReply {
    const { request, operation } = exchange;
    const response = operation.responses.get(status)!;
    const media = this.negotiate(exchange, response);
    if (!media) return this.finish(request, { status, headers: { ...response.headers }, body: undefined });
    const example = exampleName === undefined ? media.examples.values().next().value : media.examples.get(exampleName);
    if (!example) {
      const names = [...media.examples.keys()].join(", ") || "none";
      return this.failure(
        400,
        `Prefer: example=${exampleName} names no example of ${operation.id} ${status} (${names})`,
        request,
      );
    }
    const headers = {
      ...response.headers,
      "content-type": isJson(media.type) ? `${media.type}; charset=utf-8` : media.type,
    };
    let body: string | Buffer = example.bytes;
    if (!verbatim && status < 300 && isJson(media.type) && this.behaviour.shape) {
      const shaped = this.behaviour.shape(exchange, example.value);
      if (shaped !== example.value) body = JSON.stringify(shaped);
    }
    return this.finish(request, { status, headers, body });
  }

  /**
   * The media type to answer with: the format parameter's choice, else its default (an
   * operation with a format parameter does not negotiate by Accept), else Accept's, else the first.
   */
  private negotiate({ request, operation, params }: Exchange, response: CompiledResponse): CompiledMedia | undefined {
    const byType = (type: string | undefined) => response.media.find((m) => m.type === type);
    const format = operation.format;
    const chosen =
      format && typeof params[format.name] === "string"
        ? byType(format.types[params[format.name] as string])
        : undefined;
    const accept = format ? [] : (headerValue(request.headers, "accept") ?? "").split(",").map((a) => baseType(a));
    return (
      chosen ?? response.media.find((m) => accept.includes(m.type)) ?? byType(format?.fallback) ?? response.media[0]
    );
  }

  private finish(request: MockRequest, reply: MockReply): MockReply {
    return this.behaviour.finish ? this.behaviour.finish(request, reply) : reply;
  }
}
