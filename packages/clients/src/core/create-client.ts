import createClient, {
  type Client,
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  type Middleware,
  mergeHeaders,
  type QuerySerializerOptions,
  removeTrailingSlash,
} from "openapi-fetch";
import {
  type ApiError,
  type ApiErrorClass,
  type ApiErrorDetails,
  type ApiErrorOptions,
  createApiError,
  METHOD_OVERRIDE_HEADER,
  requestIdOf,
} from "./api-error.js";
import { Call, timeoutOf } from "./deadline.js";
import type { Failure } from "./failure.js";
import { fillTemplate, pathSerializerFor } from "./path-template.js";
import { classify, createTransport, type Outgoing, type Send, type TransportOptions } from "./transport.js";

/** Options every client takes besides where the API is and how to authenticate. */
export interface CommonClientOptions extends TransportOptions {
  /** Sent as `User-Agent` (server-side runtimes only; browsers set their own). */
  userAgent?: string;
}

/** How an API family reports failures. */
export interface ErrorFamily {
  /** The API's name, first in every message: "LeanKit". */
  api: string;
  ErrorClass: ApiErrorClass;
  /** The reason a refusal's body gives, for the message. */
  reasonOf?: (body: unknown) => string | undefined;
  /** Values that must never appear in an error (credentials, tokens). */
  secrets: () => readonly string[];
}

/** The family's error, with its secrets kept out. */
export function familyError(
  family: ErrorFamily,
  details: ApiErrorDetails,
  detail?: string,
  options: ApiErrorOptions = {},
): ApiError {
  return createApiError(family.ErrorClass, family.api, details, detail, options, family.secrets());
}

/** The family's error for a `failure` of `call` (see `classify`). */
export function failureError(
  family: ErrorFamily,
  failure: Failure,
  call: Call,
  method: string,
  path: string,
): ApiError {
  // The head of a response whose body failed, sent without fetch, is newer than `response`.
  const response = call.head ?? call.response;
  return familyError(
    family,
    { status: response?.status ?? 0, body: null, method, path, requestId: requestIdOf(response) },
    failure.detail,
    { kind: failure.kind, cause: failure.cause },
  );
}

interface Operation {
  method: string;
  path: string;
  family?: ErrorFamily;
}
const operations = new WeakMap<Response, Operation>();
const families = new WeakMap<object, ErrorFamily>();

/** The operation a client call answered with `response`, for errors raised after the call. */
export function operationOf(response: Response | undefined): Operation {
  const known = response && operations.get(response);
  return known ?? { method: "GET", path: response ? new URL(response.url || "http://x/").pathname : "" };
}

/** The error family of a client made by `createApiClient` (its secrets included), else `fallback()`'s. */
export function familyOf(client: object, fallback: () => ErrorFamily): ErrorFamily {
  return families.get(client) ?? fallback();
}

/**
 * A response body stream that keeps the call's deadline until it has been read, and fails
 * with the family's error (a timeout, a connection cut off) rather than the runtime's.
 */
function guardStream(
  source: ReadableStream<Uint8Array>,
  call: Call,
  toError: (error: unknown) => unknown,
): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader ??= source.getReader();
        try {
          const { done, value } = await reader.read();
          if (done) {
            call.release();
            controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          const failure = toError(error);
          call.release();
          controller.error(failure);
        }
      },
      cancel(reason) {
        call.release();
        return reader ? reader.cancel(reason) : source.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

interface ClientSetup extends CommonClientOptions {
  baseUrl: string;
  /** The `Authorization` header value, if the API authenticates by header. */
  authorization?: string;
  /** Send PUT, PATCH and DELETE as POST with `X-HTTP-Method-Override`, for APIs that accept it. */
  methodOverride?: boolean;
  /** How the API wants query arrays and objects written, when not openapi-fetch's default. */
  querySerializer?: QuerySerializerOptions;
  family: ErrorFamily;
  /** Wraps the transport, e.g. with a token flow or a burst limit. */
  layer?: (send: Send) => Send;
  /** Every request body holds credentials (a login): never sent to another origin. */
  sensitiveBody?: boolean;
}

const OVERRIDABLE = new Set(["PUT", "PATCH", "DELETE"]);

/** The same request as a POST that names the real method in `X-HTTP-Method-Override`. */
async function asOverriddenPost(request: Request): Promise<Request> {
  const headers = new Headers(request.headers);
  headers.set(METHOD_OVERRIDE_HEADER, request.method);
  return new Request(request.url, { method: "POST", headers, body: await request.arrayBuffer() });
}

// For calls that go through openapi-fetch (see `outgoing` for the others).
const overrideMiddleware: Middleware = {
  onRequest: ({ request }) => (OVERRIDABLE.has(request.method) ? asOverriddenPost(request) : undefined),
};

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

type HeaderBag = Parameters<typeof mergeHeaders>[number];
interface CallInit {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: HeaderBag };
  body?: unknown;
  headers?: HeaderBag;
  signal?: AbortSignal | null;
  fetch?: (request: Request) => Promise<Response>;
  parseAs?: "json" | "text" | "blob" | "arrayBuffer" | "stream";
}
interface CallResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}
type CoreMethod = (url: string, init?: object) => Promise<CallResult>;

// The options a call can have and still be sent directly (see `outgoing` below).
const DIRECT_OPTIONS = new Set(["params", "body", "headers", "parseAs", "signal"]);

function directly(init: CallInit | undefined): boolean {
  if (init === undefined) return true;
  for (const key in init) if (!DIRECT_OPTIONS.has(key)) return false;
  return !(init.body instanceof FormData);
}

// Header names as calls write them ("Accept"), in lower case: a name made lower-case anew on
// every call is a new string each time, which costs more to look up than to cache.
const lowerCaseNames = new Map<string, string>();

function lowerCaseOf(name: string): string {
  let lower = lowerCaseNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    // Bounded: a caller may send names of its own making.
    if (lowerCaseNames.size < 256) lowerCaseNames.set(name, lower);
  }
  return lower;
}

/**
 * `base` (lower-case names) with a call's own headers over it (`init.headers`, then
 * `params.header`), merged as openapi-fetch merges them (null removes one); a plain object
 * stays one, which fetch copies fastest.
 */
function withOwn(base: Record<string, string>, init: CallInit | undefined): HeadersInit {
  const first = init?.headers;
  const second = init?.params?.header;
  if (!first && !second) return base;
  let out: Record<string, string> | undefined;
  for (const bag of [first, second]) {
    if (!bag) continue;
    if (bag instanceof Headers || Array.isArray(bag)) return mergeHeaders(base, first, second);
    for (const [name, value] of Object.entries(bag)) {
      if (Array.isArray(value)) return mergeHeaders(base, first, second);
      if (value === undefined) continue;
      const key = lowerCaseOf(name);
      // One the client sends already, with the same value (an `Accept` of JSON), costs no copy.
      if (out === undefined && value !== null && base[key] === String(value)) continue;
      out ??= { ...base };
      if (value === null) delete out[key];
      else out[key] = String(value);
    }
  }
  return out ?? base;
}

/**
 * What openapi-fetch makes of a response, for a call sent without it. An empty body is no
 * data (and, for a refusal, no body); only a body not read as JSON needs its length read.
 */
async function readResult(method: string, response: Response, parseAs: string): Promise<CallResult> {
  const { ok, status } = response;
  if (status === 204 || method === "HEAD") return ok ? { data: undefined, response } : { error: undefined, response };
  if (!ok) {
    let error: unknown = await response.text();
    try {
      error = JSON.parse(error as string);
    } catch {
      // Not JSON: kept as text.
    }
    return { error, response };
  }
  if (parseAs === "json") {
    const text = await response.text();
    return { data: text ? JSON.parse(text) : undefined, response };
  }
  const { headers } = response;
  if (headers.get("content-length") === "0" && !headers.get("transfer-encoding")?.includes("chunked"))
    return { data: undefined, response };
  if (parseAs === "stream") return { data: response.body, response };
  return { data: await (response[parseAs as "json"] as () => Promise<unknown>).call(response), response };
}

/**
 * An `openapi-fetch` client over the generated `paths`, with auth, timeouts, redirects,
 * retries and typed errors: every call either resolves with a 2xx answer or rejects with the
 * family's error (see `ApiError.kind`), never with a bare `TypeError` or `SyntaxError`.
 */
export function createApiClient<Paths extends {}>(setup: ClientSetup): Client<Paths, "application/json"> {
  const { family } = setup;
  const transport = createTransport(setup);
  const send = setup.layer ? setup.layer(transport) : transport;
  const timeoutMs = timeoutOf(setup.timeoutMs);
  const baseUrl = removeTrailingSlash(setup.baseUrl);
  // Built once: the headers of every call without headers of its own.
  const setupHeaders: Record<string, string> = { accept: "application/json" };
  if (setup.authorization) setupHeaders.authorization = setup.authorization;
  if (setup.userAgent) setupHeaders["user-agent"] = setup.userAgent;
  const jsonHeaders = { "content-type": "application/json", ...setupHeaders };
  const querySerializer = createQuerySerializer(setup.querySerializer);
  const pathSerializer = pathSerializerFor(baseUrl);
  const client = createClient<Paths, "application/json">({
    baseUrl,
    headers: setupHeaders,
    pathSerializer,
    ...(setup.querySerializer ? { querySerializer: setup.querySerializer } : {}),
  });

  // First, so that the caller's middleware sees requests as sent; `outgoing` does the same itself.
  if (setup.methodOverride) client.use(overrideMiddleware);

  // A base URL with braces of its own is filled in per call, as openapi-fetch does.
  const fillsBase = baseUrl.includes("{");

  /** The URL openapi-fetch's `createFinalURL` builds, without joining and splitting the base URL per call. */
  function urlOf(path: string, params: NonNullable<CallInit["params"]>): string {
    if (fillsBase) return createFinalURL(path, { baseUrl, params, querySerializer, pathSerializer });
    let url = baseUrl + (params.path ? fillTemplate(path, params.path) : path);
    // An absent query is serialized as "" by openapi-fetch too.
    let search = params.query ? querySerializer(params.query) : "";
    if (search.startsWith("?")) search = search.slice(1);
    if (search) url += `?${search}`;
    return url;
  }

  /**
   * A call as openapi-fetch would send it, without building a `Request` (fetch builds its
   * own) or running middleware: the path taken while no middleware is registered.
   */
  function outgoing(method: string, path: string, init: CallInit | undefined): Outgoing {
    const url = urlOf(path, init?.params ?? {});
    let headers: HeadersInit = withOwn(setupHeaders, init);
    let body: string | null = null;
    if (init?.body !== undefined) {
      const serialize = defaultBodySerializer as (body: unknown, headers?: HeadersInit) => string;
      body = serialize(init.body, headers);
      headers = withOwn(jsonHeaders, init);
    }
    if (setup.methodOverride && OVERRIDABLE.has(method)) {
      headers = new Headers(headers);
      headers.set(METHOD_OVERRIDE_HEADER, method);
      return { url, method: "POST", headers, body };
    }
    return { url, method, headers, body };
  }

  // Middleware of the caller's: while there is none, calls are sent directly (see `outgoing`).
  const middleware = new Set<Middleware>();
  const core = client as unknown as Record<string, CoreMethod> & {
    request: (method: string, url: string, init?: object) => Promise<CallResult>;
    use: (...middleware: Middleware[]) => void;
    eject: (...middleware: Middleware[]) => void;
  };
  const { use, eject } = core;
  core.use = (...added) => {
    for (const m of added) {
      use(m); // throws for one that is not middleware
      if (m) middleware.add(m);
    }
  };
  core.eject = (...removed) => {
    eject(...removed);
    for (const m of removed) middleware.delete(m);
  };

  const refusal = (method: string, path: string, { error, response }: CallResult) => {
    const body = error === undefined || error === "" ? null : error;
    const details = { status: response.status, body, method, path, requestId: requestIdOf(response) };
    return familyError(family, details, family.reasonOf?.(body));
  };

  async function run(method: string, path: string, init: CallInit | undefined, invoke: CoreMethod) {
    const call = new Call(timeoutMs, init?.signal);
    call.streamed = init?.parseAs === "stream";
    let streaming = false;
    try {
      let result: CallResult;
      if (middleware.size === 0 && directly(init)) {
        const response = await send(outgoing(method, path, init), call);
        result = await readResult(method, response, init?.parseAs ?? "json");
      } else {
        call.fetch = init?.fetch;
        // Failures are the family's before the caller's `onError` middleware sees them.
        const fetch = (request: Request) =>
          send(request, call).catch((error: unknown) => {
            const failure = classify(error, call);
            throw failure ? failureError(family, failure, call, method, path) : error;
          });
        result = await invoke(path, { ...init, fetch });
      }
      const { response } = result;
      if (!response.ok) throw refusal(method, path, result);
      operations.set(response, { method, path, family });
      if (init?.parseAs === "stream" && result.data instanceof ReadableStream) {
        // The body is read after this returns: the deadline goes with it.
        result.data = guardStream(result.data, call, (error) => {
          const failure = classify(error, call);
          return failure ? failureError(family, failure, call, method, path) : error;
        });
        streaming = true;
      }
      return result;
    } catch (error) {
      const failure = classify(error, call);
      throw failure ? failureError(family, failure, call, method, path) : error;
    } finally {
      if (!streaming) call.release();
    }
  }

  for (const method of METHODS) {
    const invoke = core[method]!;
    core[method] = (url, init) => run(method, url, init as CallInit | undefined, invoke);
  }
  const request = core.request;
  core.request = (method, url, init) =>
    run(method.toUpperCase(), url, init as CallInit | undefined, (path, fullInit) => request(method, path, fullInit));
  families.set(client, family);
  return client;
}
