// A JSON-RPC 2.0 mock driven by an OpenRPC document: it resolves a method as Leantime's
// controller does (studly-cased module and service, the method in any case; a malformed name is
// -32602), enforces the document's `x-security` credentials (answering with the HTTP refusal the
// document describes), binds params by name and validates them against the method's schemas
// (which state the server's binding rules), and answers with the example whose params match
// (else the first). Every JSON-RPC error it sends is one of the document's own
// `components.errors`, with the reason in `data` as the server words it. POST bodies, the GET
// form (base64-encoded params, decoded as the server does), batches and notifications are
// served; loopback only. It behaves as one release of `x-leantime-releases` (default
// `info.version`): which methods exist and are callable (`x-leantime-since`/`-until`), scalar
// results wrapped in a list, how a service's exception is answered (`x-leantime-exceptions`),
// Bearer tokens, the failed-authentication limit; the per-minute request limit when asked for. Like Prism's `Prefer: code=…`, a `Prefer: error=<name>` header
// makes every call of the request fail with that error of `components.errors`, so clients can
// meet the errors a mock cannot cause. In the stateful mode, the methods the document declares
// with `x-resource` work on records seeded from its examples (engine/state/model.ts);
// `POST /__mock/reset` restores the seed.
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
/** What one release's endpoint does (the document's `x-leantime-releases`). */
export interface ReleaseTraits {
  version: string;
  wrapsScalarResults: boolean;
  requiresApiTag: boolean;
  bearerTokens: boolean;
  failedAuthLimit: boolean;
  /** Since 3.9: a service's exception keeps its own code and message; before, see `x-leantime-exceptions`. */
  mapsServiceExceptions: boolean;
}
/** How a release answers an exception the service method throws (the document's `x-leantime-exceptions`). */
interface ServiceExceptions {
  /** The errors of `components.errors` that stand for a service's exception. */
  errors: string[];
  /** What a release without `mapsServiceExceptions` answers any exception with, its message in `data`. */
  unmapped: { code: number; message: string };
}
/** The document's extensions the mock follows: other names of a method, releases, and the credentials. */
interface Extensions {
  "x-aliases"?: string[];
  "x-leantime-since"?: string;
  "x-leantime-until"?: string;
  "x-leantime-until-reason"?: string;
  "x-leantime-releases"?: ReleaseTraits[];
  "x-security"?: {
    in: "header";
    name: string;
    "x-unauthorized": HttpRefusal;
    "x-rate-limited"?: HttpRefusal & { limitPerMinute: number };
  };
  "x-rate-limit"?: { status: number; body: Json };
  "x-leantime-exceptions"?: ServiceExceptions;
}
interface BoundMethod {
  /** The PHP method's name (the last part of the full name). */
  name: string;
  since?: string;
  until?: string;
  untilReason?: string;
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

/** A failure with one of the document's own errors (a missing record's NotFound), by its name there. */
class DeclaredFailure extends Error {
  constructor(
    readonly errorName: string,
    readonly error: OpenRpcErrorObject,
  ) {
    super(error.message);
  }
}

export interface JsonRpcMockOptions {
  /** Writes persist: the methods declared with `x-resource` work on records seeded from the examples. */
  stateful?: boolean;
  /** The release to behave as, one of the document's `x-leantime-releases`; default `info.version`. */
  version?: string;
  /** The server's per-minute request limit (its default is 100); off unless given, so suites can run. */
  rateLimit?: { perMinute: number };
  /** The clock of the limits. */
  now?: () => number;
}

/** Compares dotted release numbers ("3.9.10" after "3.9.8"). */
export function compareVersions(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Laravel's Str::studly, which the controller applies to module and service: `-` and `_` split words, each gets a capital. */
export const studly = (text: string) =>
  text
    .split(/[-_ ]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
/** Str::camel: the method's name as the controller looks it up (PHP then matches it in any case). */
export const camel = (text: string) => {
  const s = studly(text);
  return s.charAt(0).toLowerCase() + s.slice(1);
};

/** A fixed one-minute window per key, as Laravel's RateLimiter counts (the window starts at the first hit). */
class MinuteWindow {
  private start = Number.NEGATIVE_INFINITY;
  private count = 0;
  constructor(private readonly now: () => number) {}
  private current(): void {
    if (this.now() - this.start >= 60_000) {
      this.start = this.now();
      this.count = 0;
    }
  }
  attempts(): number {
    this.current();
    return this.count;
  }
  hit(): void {
    this.current();
    this.count += 1;
  }
  /** Seconds until the window ends. */
  availableIn(): number {
    return Math.max(0, Math.ceil((this.start + 60_000 - this.now()) / 1000));
  }
}

export class JsonRpcMock {
  /** By full name and alias, and by `Module.Service` then lower-cased method, as the controller finds them. */
  private readonly methods = new Map<string, BoundMethod>();
  private readonly services = new Map<string, Map<string, BoundMethod>>();
  /** What every method name starts with (`leantime.rpc.`). */
  private readonly prefix: string;
  private readonly errors: Record<ErrorName, OpenRpcErrorObject>;
  private readonly security: Extensions["x-security"];
  private readonly exceptions: ServiceExceptions | undefined;
  private readonly state: ResourceModel | undefined;
  /** The release behaved as; undefined when the document names none. */
  readonly release: ReleaseTraits | undefined;
  private readonly failedAuth: MinuteWindow;
  private readonly requests: MinuteWindow;
  readonly path: string;

  constructor(
    private readonly document: OpenRpcDocument,
    private readonly apiKey?: string,
    private readonly options: JsonRpcMockOptions = {},
  ) {
    const validators = new SchemaValidators(document);
    this.state = options.stateful ? new ResourceModel(document) : undefined;
    const extensions = document as OpenRpcDocument & Extensions;
    this.release = releaseOf(extensions["x-leantime-releases"], options.version ?? document.info.version);
    const now = options.now ?? Date.now;
    this.failedAuth = new MinuteWindow(now);
    this.requests = new MinuteWindow(now);
    const names = openRpcMethods(document).map((m) => m.name);
    this.prefix = names.length > 0 ? `${names[0]!.split(".").slice(0, 2).join(".")}.` : "";
    for (const [m, method] of openRpcMethods(document).entries()) {
      const params = method.params.map((param) => deref<ContentDescriptorObject>(document, param)!);
      const declared = method as MethodObject & Extensions;
      const bound: BoundMethod = {
        name: method.name.split(".").at(-1)!,
        since: declared["x-leantime-since"],
        until: declared["x-leantime-until"],
        untilReason: declared["x-leantime-until-reason"],
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
      for (const name of [method.name, ...(declared["x-aliases"] ?? [])]) this.methods.set(name, bound);
      const parts = method.name.slice(this.prefix.length).split(".");
      if (method.name.startsWith(this.prefix) && parts.length === 3) {
        const service = `${parts[0]}.${parts[1]}`;
        if (!this.services.has(service)) this.services.set(service, new Map());
        this.services.get(service)!.set(parts[2]!.toLowerCase(), bound);
      }
    }
    this.errors = Object.fromEntries(
      ERROR_NAMES.map((name) => {
        const error = deref<OpenRpcErrorObject>(document, document.components?.errors?.[name]);
        if (!error)
          throw new Error(`The OpenRPC document has no components.errors.${name}, which the mock answers with.`);
        return [name, error];
      }),
    ) as Record<ErrorName, OpenRpcErrorObject>;
    this.security = extensions["x-security"];
    this.exceptions = extensions["x-leantime-exceptions"];
    for (const name of this.exceptions?.errors ?? [])
      if (!document.components?.errors?.[name])
        throw new Error(`x-leantime-exceptions names ${name}, which is not in components.errors.`);
    // The endpoint's path, from the first server's URL template (https://{domain}/api/jsonrpc).
    this.path = document.servers?.[0]?.url.replace(/^[a-z]+:\/\/[^/]+/i, "") || "/";
  }

  /** An error response; `data` is always present (null when there is nothing to add). */
  private errorBody(id: Json, name: ErrorName, data: Json = null): Json {
    const { code, message } = this.errors[name];
    return { jsonrpc: "2.0", error: { code, message, data }, id };
  }

  /**
   * The method a name stands for, as the controller resolves it: `<prefix><module>.<service>.<method>`
   * or `<prefix><module>.<method>`, module and service studly-cased, the method camel-cased and
   * matched in any case; then whether the release behaved as exposes it.
   */
  private resolve(name: string): BoundMethod {
    const known = this.methods.get(name);
    let found = known;
    if (!found) {
      if (!name.startsWith(this.prefix))
        throw new RpcFailure("InvalidParams", `Method string doesn't start with "${this.prefix}"`);
      const parts = name.split(".");
      if (parts.length !== 4 && parts.length !== 5) {
        throw new RpcFailure(
          "InvalidParams",
          'Method is case sensitive and must follow the following naming convention: "leantime.rpc.{domain}.{servicename}.{methodname}"',
        );
      }
      const module = studly(parts[2]!);
      const service = studly(parts[parts.length === 4 ? 2 : 3]!);
      const method = camel(parts.at(-1)!);
      const methods = this.services.get(`${module}.${service}`);
      if (!methods) throw new RpcFailure("MethodNotFound", `Service doesn't exist: ${service}`);
      found = methods.get(method.toLowerCase());
      if (!found) throw new RpcFailure("MethodNotFound", `Method doesn't exist: ${method}`);
    }
    const release = this.release?.version;
    if (release !== undefined) {
      if (found.since !== undefined && compareVersions(release, found.since) < 0)
        throw new RpcFailure("MethodNotFound", `Method doesn't exist: ${found.name}`);
      if (found.until !== undefined && compareVersions(release, found.until) >= 0) {
        const gated = found.untilReason === "not tagged @api" && this.release!.requiresApiTag;
        throw new RpcFailure(
          "MethodNotFound",
          gated ? `Method is not available via API: ${found.name}` : `Method doesn't exist: ${found.name}`,
        );
      }
    }
    return found;
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
      const entry = this.resolve(request.method);
      if (request.jsonrpc === undefined || request.jsonrpc === null)
        throw new RpcFailure("InvalidRequest", 'You must include a "jsonrpc" parameter with a value of "2.0"');
      if (request.jsonrpc !== "2.0")
        throw new RpcFailure("InvalidRequest", "Leantime only supports JSON-RPC version 2.0");
      // A preferred error changes nothing: the call fails before it could.
      const result = this.invoke(entry, paramsOf(request.params), preferred === undefined);
      if (preferred) return this.preferredError(id, preferred);
      return isNotification ? undefined : new ResultAnswer(this.wrapped(result), id);
    } catch (failure) {
      if (failure instanceof DeclaredFailure) return this.declaredError(id, failure.errorName, failure.error);
      if (!(failure instanceof RpcFailure)) throw failure;
      // The controller answers its own errors even to a notification (with a null id); only results are not sent.
      return this.errorBody(id, failure.error, failure.data);
    }
  }

  /** Up to 3.7, `settype($result, 'array')` sends a scalar result as a one-element list; null stays null. */
  private wrapped(result: string): string {
    if (!this.release?.wrapsScalarResults) return result;
    return result.startsWith("{") || result.startsWith("[") || result === "null" ? result : `[${result}]`;
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
      const value = given[param.name];
      if (!validators.get(param.name)!(value)) {
        const phpType = (param.schema as { "x-leantime-php-type"?: string })["x-leantime-php-type"] ?? "";
        // A null for a type that does not allow it is refused before any cast is tried.
        const nullRefused = value === null && phpType !== "" && !phpType.startsWith("?") && !phpType.includes("null");
        throw new RpcFailure(
          "InvalidParams",
          nullRefused
            ? `Parameter ${param.name} can't be null`
            : `Could not cast parameter: ${param.name}. See server logs for more details.`,
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
        throw new DeclaredFailure(missing.error, error);
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

  /** The error `Prefer: error=<name>` asks for; undefined for a notification that is not answered. */
  private preferredError(id: Json, name: string): Json | undefined {
    const error = deref<OpenRpcErrorObject>(this.document, this.document.components?.errors?.[name]);
    if (!error) return this.errorBody(id, "InvalidRequest", `Prefer: error=${name} names no error of the document`);
    return this.declaredError(id, name, error);
  }

  /**
   * One of the document's errors, as the release answers it. A service's exception (named in
   * `x-leantime-exceptions`) keeps its code and message from 3.9 on, and a notification gets no
   * answer; before, it is the `unmapped` error with the exception's message in `data`, and a
   * notification is answered too (id null). Undefined: no answer.
   */
  private declaredError(id: Json, name: string, error: OpenRpcErrorObject): Json | undefined {
    const unmapped =
      this.release?.mapsServiceExceptions === false && this.exceptions?.errors.includes(name)
        ? this.exceptions.unmapped
        : undefined;
    if (unmapped) return { jsonrpc: "2.0", error: { ...unmapped, data: error.message }, id };
    return id === null
      ? undefined
      : { jsonrpc: "2.0", error: { code: error.code, message: error.message, data: null }, id };
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

  /** A protocol error raised before the request's id is read (id 0, as the server sends it). */
  refusal(name: ErrorName, data: string): Reply {
    return { status: 200, body: this.errorBody(0, name, data) };
  }

  /** The document's API key header, or (in a release that takes them) a personal access token as `Authorization: Bearer`. */
  authorized(headers: IncomingHttpHeaders): boolean {
    const security = this.security;
    if (!security) return true;
    const bearer = /^Bearer\s+(\S+)$/i.exec(headerValue(headers, "authorization") ?? "")?.[1];
    const key = headerValue(headers, security.name) || (this.release?.bearerTokens === false ? undefined : bearer);
    return key !== undefined && key !== "" && (this.apiKey === undefined || key === this.apiKey);
  }

  /**
   * The refusals before JSON-RPC runs, in the server's order: too many failed authentications
   * (releases that count them), the credentials (HTTP 401, counted as a failure), then the
   * per-minute request limit (when one is set), which answers 429 with its headers.
   */
  gate(headers: IncomingHttpHeaders): MockReply | undefined {
    const limited = this.security?.["x-rate-limited"];
    const countsFailures = this.release?.failedAuthLimit === true && limited !== undefined;
    if (countsFailures && this.failedAuth.attempts() >= limited.limitPerMinute) {
      return jsonReply(limited.status, limited.body);
    }
    if (!this.authorized(headers)) {
      if (countsFailures) this.failedAuth.hit();
      const { status, body } = this.security!["x-unauthorized"];
      return jsonReply(status, body);
    }
    const limit = this.options.rateLimit;
    if (!limit) return undefined;
    const attempts = this.requests.attempts();
    if (attempts >= limit.perMinute) {
      const refusal = (this.document as OpenRpcDocument & Extensions)["x-rate-limit"];
      const wait = String(this.requests.availableIn());
      return jsonReply(refusal?.status ?? 429, refusal?.body ?? { error: "Too many requests per minute." }, {
        "x-ratelimit-remaining": String(Math.max(0, limit.perMinute - attempts)),
        "x-ratelimit-retry-after": wait,
        // As the server computes it: the attempts counted, not the limit.
        "x-ratelimit-limit": String(attempts),
        "retry-after": wait,
      });
    }
    this.requests.hit();
    return undefined;
  }
}

/** The release a mock behaves as: the one named, which the document must list. */
function releaseOf(releases: ReleaseTraits[] | undefined, version: string): ReleaseTraits | undefined {
  if (!releases) return undefined;
  const release = releases.find((r) => r.version === version);
  if (!release) {
    throw new Error(
      `Leantime ${version} is not a release the contract describes; pick one of ${releases.map((r) => r.version).join(", ")}.`,
    );
  }
  return release;
}

/** `params` as the controller takes it: a string is JSON-decoded first, and what does not decode is none. */
function paramsOf(params: Json | undefined): Json {
  if (typeof params !== "string") return params ?? {};
  const decoded = parse(params);
  return decoded.ok ? decoded.value : {};
}

type Parsed = { ok: true; value: Json } | { ok: false; reason: string };

function parse(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch {
    return { ok: false, reason: "Syntax error" };
  }
}

/** PHP's urldecode: `+` is a space, `%XX` a byte. */
function phpUrlDecode(text: string): string {
  return Buffer.from(
    text
      .replace(/\+/g, " ")
      .replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");
}

/**
 * The GET form: the request's members as query parameters, `params` base64-encoded JSON.
 * As on the server, the id stays the string it is in the query; the already-decoded value is
 * URL-decoded once more (so a `+` sent as `%2B` turns into a space, which base64 decoding drops),
 * and params that do not decode count as none. Without `method` the answer is -32600; without
 * `params` the server fails (HTTP 500).
 */
function fromQuery(query: URLSearchParams): Parsed | "no-params" | "no-method" {
  if (query.get("method") === null) return "no-method";
  const encoded = query.get("params");
  if (encoded === null) return "no-params";
  const request: Record<string, Json> = {};
  for (const member of ["jsonrpc", "method", "id"] as const) {
    const value = query.get(member);
    if (value !== null) request[member] = value;
  }
  const base64 = phpUrlDecode(encoded).replace(/[^A-Za-z0-9+/]/g, "");
  const decoded = parse(Buffer.from(base64, "base64").toString("utf8"));
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
      const refused = mock.gate(request.headers);
      if (refused) return refused;
      const preferred = /(?:^|[;,\s])error=([A-Za-z]+)/.exec(headerValue(request.headers, "prefer") ?? "")?.[1];
      if (request.method === "GET") {
        const payload = fromQuery(request.query);
        if (payload === "no-method") return toReply(mock.refusal("InvalidRequest", "Method name required"));
        if (payload === "no-params") return failure(500, "Server error: the GET form needs params (e30= for none)");
        return toReply(mock.reply(payload, preferred));
      }
      if (request.body.length === 0)
        return toReply(mock.refusal("MethodNotFound", "Could not get any parameters from body"));
      return toReply(mock.reply(parse(request.body.toString("utf8")), preferred));
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
