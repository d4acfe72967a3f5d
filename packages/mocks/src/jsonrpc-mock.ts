// A JSON-RPC 2.0 mock driven by an OpenRPC document: it resolves a method by its name or
// one of its `x-aliases`, enforces the document's `x-security` API key (answering with the
// HTTP refusal the document describes), binds params by name and validates them against
// the method's schemas, and answers with the example whose params match (else the first).
// Every JSON-RPC error it sends is one of the document's own `components.errors`, with the
// reason in `data` as the server words it. POST bodies, the GET form (base64-encoded
// params), batches and notifications are served; loopback only. Like Prism's
// `Prefer: code=…`, a `Prefer: error=<name>` header makes every call of the request fail
// with that error of `components.errors`, so clients can meet the errors a mock cannot cause.
// In the stateful mode, the methods the document declares with `x-resource` work on records
// seeded from its examples (engine/state/model.ts); `POST /__mock/reset` restores the seed.
import type { IncomingHttpHeaders } from "node:http";
import { isDeepStrictEqual } from "node:util";
import {
  type ContentDescriptorObject,
  deref,
  type ExamplePairingObject,
  type MethodObject,
  type OpenRpcDocument,
  type OpenRpcErrorObject,
  openRpcMethods,
  SchemaValidators,
  type ValidateFunction,
} from "@leanapis/contract-helpers";
import { headerValue, jsonReply, type MockReply } from "./engine/exchange.js";
import { type Engine, type HostLimits, type RunningServer, serveEngine } from "./engine/http-host.js";
import { RESET_PATH } from "./engine/openapi-mock.js";
import { type ActionRequest, type ResourceAction, ResourceModel } from "./engine/state/model.js";
import { getPath } from "./engine/state/paths.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface HttpRefusal {
  status: number;
  body: Json;
}
/** The document's extensions the mock follows: other names of a method, and the API key. */
interface Extensions {
  "x-aliases"?: string[];
  "x-security"?: { in: "header"; name: string; "x-unauthorized": HttpRefusal };
}
interface BoundMethod {
  params: ContentDescriptorObject[];
  validators: Map<string, ValidateFunction>;
  /** Each example's params by name, and its result serialized once. */
  examples: { params: Record<string, unknown>; result: string }[];
  /** What the method does to its resource in the stateful mode. */
  action?: ResourceAction;
}

/** The error objects the mock needs, by their names in `components.errors`. */
const ERROR_NAMES = ["ParseError", "InvalidRequest", "MethodNotFound", "InvalidParams", "InternalError"] as const;
type ErrorName = (typeof ERROR_NAMES)[number];
/** The most calls one batch may hold. */
export const MAX_BATCH = 1000;

/** A result answer, its result already serialized (answers are sent far more often than made). */
class ResultAnswer {
  constructor(
    readonly result: string,
    readonly id: Json,
  ) {}
}
type Answer = Json | ResultAnswer;

interface Reply {
  status: number;
  body: Answer | Answer[] | undefined;
}

function serialize(body: Answer | Answer[]): string {
  if (Array.isArray(body)) return `[${body.map((item) => serialize(item)).join(",")}]`;
  if (body instanceof ResultAnswer) return `{"jsonrpc":"2.0","result":${body.result},"id":${JSON.stringify(body.id)}}`;
  return JSON.stringify(body);
}

class RpcFailure extends Error {
  constructor(
    readonly error: ErrorName,
    readonly data: string,
  ) {
    super(data);
  }
}

/** A failure with one of the document's own errors (a missing record's NotFound), as it stands there. */
class DeclaredFailure extends Error {
  constructor(readonly error: OpenRpcErrorObject) {
    super(error.message);
  }
}

export interface JsonRpcMockOptions {
  /** Writes persist: the methods declared with `x-resource` work on records seeded from the examples. */
  stateful?: boolean;
}

export class JsonRpcMock {
  private readonly methods = new Map<string, BoundMethod>();
  private readonly errors: Record<ErrorName, OpenRpcErrorObject>;
  private readonly security: Extensions["x-security"];
  private readonly state: ResourceModel | undefined;
  readonly path: string;

  constructor(
    private readonly document: OpenRpcDocument,
    private readonly apiKey?: string,
    options: JsonRpcMockOptions = {},
  ) {
    const validators = new SchemaValidators(document);
    this.state = options.stateful ? new ResourceModel(document) : undefined;
    for (const [m, method] of openRpcMethods(document).entries()) {
      const params = method.params.map((param) => deref<ContentDescriptorObject>(document, param)!);
      const bound: BoundMethod = {
        params,
        validators: new Map(
          params.map((param, p) => [param.name, validators.lazy(["methods", m, "params", p, "schema"])]),
        ),
        examples: (method.examples ?? []).map((reference) => {
          const example = deref<ExamplePairingObject>(document, reference)!;
          const values = example.params.map((value) => deref<{ name: string; value: unknown }>(document, value)!);
          const result = deref<{ value: Json }>(document, example.result);
          const params = Object.fromEntries(values.map((v) => [v.name, v.value]));
          return { params, result: JSON.stringify(result?.value ?? null) };
        }),
        action: this.state?.action(method.name),
      };
      for (const name of [method.name, ...((method as MethodObject & Extensions)["x-aliases"] ?? [])])
        this.methods.set(name, bound);
    }
    this.errors = Object.fromEntries(
      ERROR_NAMES.map((name) => {
        const error = deref<OpenRpcErrorObject>(document, document.components?.errors?.[name]);
        if (!error)
          throw new Error(`The OpenRPC document has no components.errors.${name}, which the mock answers with.`);
        return [name, error];
      }),
    ) as Record<ErrorName, OpenRpcErrorObject>;
    this.security = (document as OpenRpcDocument & Extensions)["x-security"];
    // The endpoint's path, from the first server's URL template (https://{domain}/api/jsonrpc).
    this.path = document.servers?.[0]?.url.replace(/^[a-z]+:\/\/[^/]+/i, "") || "/";
  }

  /** An error response; `data` is always present (null when there is nothing to add). */
  private errorBody(id: Json, name: ErrorName, data: Json = null): Json {
    const { code, message } = this.errors[name];
    return { jsonrpc: "2.0", error: { code, message, data }, id };
  }

  /** One request object of a call (or of a batch); undefined for a notification. */
  private answer(request: Json, preferred?: string): Answer | undefined {
    if (!request || typeof request !== "object" || Array.isArray(request))
      return this.errorBody(null, "InvalidRequest", "A request must be an object");
    // An id is a string, a number or null (JSON-RPC 2.0); anything else is no request at all.
    if (request.id !== undefined && request.id !== null && !["string", "number"].includes(typeof request.id)) {
      return this.errorBody(null, "InvalidRequest", "The id must be a string, a number or null");
    }
    const id = request.id ?? null;
    const isNotification = id === null;
    try {
      // Like the server, the method is resolved before the protocol version is checked.
      if (typeof request.method !== "string" || request.method === "")
        throw new RpcFailure("InvalidParams", "Must include method");
      const entry = this.methods.get(request.method);
      if (!entry) throw new RpcFailure("MethodNotFound", `Method doesn't exist: ${request.method}`);
      if (request.jsonrpc === undefined)
        throw new RpcFailure("InvalidRequest", 'You must include a "jsonrpc" parameter with a value of "2.0"');
      if (request.jsonrpc !== "2.0")
        throw new RpcFailure("InvalidRequest", "Leantime only supports JSON-RPC version 2.0");
      // A preferred error changes nothing: the call fails before it could.
      const result = this.invoke(entry, request.params ?? {}, preferred === undefined);
      if (preferred) return isNotification ? undefined : this.preferredError(id, preferred);
      return isNotification ? undefined : new ResultAnswer(result, id);
    } catch (failure) {
      if (failure instanceof DeclaredFailure) {
        const { code, message } = failure.error;
        return isNotification ? undefined : { jsonrpc: "2.0", error: { code, message, data: null }, id };
      }
      if (!(failure instanceof RpcFailure)) throw failure;
      // Protocol errors are answered even for notifications; a notification's own failures are not.
      return isNotification &&
        failure.error !== "InvalidRequest" &&
        failure.error !== "MethodNotFound" &&
        failure.data !== "Must include method"
        ? undefined
        : this.errorBody(id, failure.error, failure.data);
    }
  }

  private invoke({ params: declared, validators, examples, action }: BoundMethod, params: Json, act: boolean): string {
    // Params bind by name only: a positional list leaves every name missing.
    const given = (params && typeof params === "object" && !Array.isArray(params) ? params : {}) as Record<
      string,
      Json
    >;
    for (const param of declared) {
      if (!(param.name in given)) {
        if (param.required) throw new RpcFailure("InvalidParams", `Required Parameter Missing: ${param.name}`);
        continue;
      }
      if (!validators.get(param.name)!(given[param.name])) {
        throw new RpcFailure(
          "InvalidParams",
          `Could not cast parameter: ${param.name}. See server logs for more details.`,
        );
      }
    }
    // With one example or none, there is nothing to choose between (most methods have one).
    if (!(action && act) && examples.length < 2) return examples[0]?.result ?? "null";
    const known = Object.fromEntries(
      Object.entries(given).filter(([key]) => declared.some((param) => param.name === key)),
    );
    if (action && act) return this.perform(action, known);
    const matching = examples.find((example) => isDeepStrictEqual(example.params, known));
    return (matching ?? examples[0])?.result ?? "null";
  }

  /** A declared method in the stateful mode: its action on the records, as the method answers. */
  private perform(action: ResourceAction, params: Record<string, unknown>): string {
    const { declaration, example, view } = action;
    const request: ActionRequest = {
      param: (path) => getPath(params, path),
      input: (path) => getPath(params, path),
      fields: () => (declaration.input === undefined ? undefined : getPath(params, declaration.input)),
    };
    const outcome = action.run(request);
    switch (outcome.kind) {
      case "missing": {
        const missing = declaration.missing ?? { result: false };
        if ("result" in missing) return JSON.stringify(missing.result);
        const error = deref<OpenRpcErrorObject>(this.document, this.document.components?.errors?.[missing.error]);
        if (!error) throw new RpcFailure("InternalError", `missing.error ${missing.error} is not in components.errors`);
        throw new DeclaredFailure(error);
      }
      case "invalid":
      case "conflict":
        throw new RpcFailure("InvalidParams", outcome.message);
      case "done":
        return JSON.stringify(example ?? null);
      case "list":
        return `[${outcome.entries.map((entry) => view.text(entry)).join(",")}]`;
      case "record": {
        if (declaration.action === "read") return view.text(outcome.entry);
        const { record } = outcome.entry;
        // A write answers as its example does: the record, the new id (addTicket), or true/null.
        if (example !== null && typeof example === "object" && !Array.isArray(example) && "id" in example) {
          if (declaration.action !== "create") return view.text(outcome.entry);
          const shaped = Object.keys(example).flatMap((key) => (key in record ? [[key, record[key]]] : []));
          return JSON.stringify(Object.fromEntries(shaped));
        }
        if (declaration.action === "create" && typeof example === typeof record.id) return JSON.stringify(record.id);
        return JSON.stringify(example ?? null);
      }
    }
  }

  /** Back to the seed (stateful mode); nothing to do in the stateless one. */
  reset(): void {
    this.state?.reset();
  }

  /** Whether writes persist. */
  get stateful(): boolean {
    return this.state !== undefined;
  }

  private preferredError(id: Json, name: string): Json {
    const error = deref<OpenRpcErrorObject>(this.document, this.document.components?.errors?.[name]);
    if (!error) return this.errorBody(id, "InvalidRequest", `Prefer: error=${name} names no error of the document`);
    return { jsonrpc: "2.0", error: { code: error.code, message: error.message, data: null }, id };
  }

  /** Answers one HTTP request body (already parsed, or a parse failure); `preferred` names an error to answer with. */
  reply(payload: { ok: true; value: Json } | { ok: false; reason: string }, preferred?: string): Reply {
    // Errors raised before the request's id is read carry id 0, as the server's do.
    if (!payload.ok)
      return { status: 200, body: this.errorBody(0, "ParseError", `Could not parse JSON. Error ${payload.reason}`) };
    const { value } = payload;
    if (Array.isArray(value)) {
      if (value.length === 0) return { status: 200, body: this.errorBody(0, "InvalidParams", "Must include method") };
      // Bounded, as JSON-RPC lets a server refuse a batch: one Invalid Request answer for all of it.
      if (value.length > MAX_BATCH) {
        return {
          status: 200,
          body: this.errorBody(null, "InvalidRequest", `A batch holds at most ${MAX_BATCH} calls`),
        };
      }
      // A notification inside a batch keeps its slot, as null.
      return { status: 200, body: value.map((request) => this.answer(request, preferred) ?? null) };
    }
    const single = this.answer(value, preferred);
    return single === undefined ? { status: 200, body: undefined } : { status: 200, body: single };
  }

  /** The document's API key header, or a personal access token as `Authorization: Bearer` (which the server also takes). */
  authorized(headers: IncomingHttpHeaders): boolean {
    const security = this.security;
    if (!security) return true;
    const bearer = /^Bearer\s+(\S+)$/i.exec(headerValue(headers, "authorization") ?? "")?.[1];
    const key = headerValue(headers, security.name) || bearer;
    return key !== undefined && key !== "" && (this.apiKey === undefined || key === this.apiKey);
  }

  /** The HTTP refusal the document describes for a missing or wrong key (not a JSON-RPC envelope). */
  unauthorizedReply(): Reply {
    return this.security!["x-unauthorized"];
  }
}

type Parsed = { ok: true; value: Json } | { ok: false; reason: string };

function parse(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch {
    return { ok: false, reason: "Syntax error" };
  }
}

/**
 * The GET form: the request's members as query parameters, `params` base64-encoded JSON.
 * As on the server, the id stays the string it is in the query, and params that do not
 * decode count as none.
 */
function fromQuery(query: URLSearchParams): Parsed {
  const request: Record<string, Json> = {};
  for (const member of ["jsonrpc", "method", "id"] as const) {
    const value = query.get(member);
    if (value !== null) request[member] = value;
  }
  const decoded = parse(Buffer.from(query.get("params") ?? "", "base64").toString("utf8"));
  request.params = decoded.ok ? decoded.value : {};
  return { ok: true, value: request };
}

function toReply({ status, body }: Reply): MockReply {
  if (body === undefined) return { status, headers: {}, body: undefined };
  return { status, headers: { "content-type": "application/json; charset=utf-8" }, body: serialize(body) };
}

/** The mock as an engine of the shared HTTP host: the endpoint (with or without a trailing slash), GET and POST. */
export function jsonRpcEngine(mock: JsonRpcMock): Engine {
  // Refusals before JSON-RPC runs are the server's plain `{ "error": … }` bodies.
  const failure = (status: number, message: string) => jsonReply(status, { error: message });
  return {
    failure,
    handle: (request) => {
      if (mock.stateful && request.path === RESET_PATH && request.method === "POST") {
        mock.reset();
        return { status: 204, headers: {}, body: undefined };
      }
      if (request.path !== mock.path && request.path !== `${mock.path}/`) {
        return failure(404, `Not found: the endpoint is ${mock.path}`);
      }
      if (request.method !== "POST" && request.method !== "GET") {
        const reply = failure(405, "Use POST, or GET with the request in the query");
        return { ...reply, headers: { ...reply.headers, allow: "GET, POST" } };
      }
      if (!mock.authorized(request.headers)) return toReply(mock.unauthorizedReply());
      const preferred = /(?:^|[;,\s])error=([A-Za-z]+)/.exec(headerValue(request.headers, "prefer") ?? "")?.[1];
      const payload = request.method === "GET" ? fromQuery(request.query) : parse(request.body.toString("utf8"));
      return toReply(mock.reply(payload, preferred));
    },
  };
}

/** Starts the mock for an OpenRPC document on 127.0.0.1:`port`. */
export async function startJsonRpcMock(
  document: OpenRpcDocument,
  port: number,
  limits?: HostLimits,
  options: JsonRpcMockOptions = {},
): Promise<RunningServer & { reset: () => void }> {
  const mock = new JsonRpcMock(document, undefined, options);
  return { ...(await serveEngine(jsonRpcEngine(mock), port, limits)), reset: () => mock.reset() };
}
