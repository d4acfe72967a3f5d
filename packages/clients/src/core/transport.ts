import { ApiError } from "./api-error.js";
import type { Call, FetchInit } from "./deadline.js";
import { sendsDirectly } from "./direct.js";
import { brokenOff, connectionFailed, declaredLength, type Failure, TransportFailure, tooLarge } from "./failure.js";
import { WireResponse } from "./wire-response.js";

/** When and how often a refused request is sent again. */
export interface RetryOptions {
  /** Further attempts after the first; 0 turns retrying off. Default 2. */
  retries?: number;
  /** The longest wait before a retry; a server asking for more is not retried. Default 30 000 ms. */
  maxDelayMs?: number;
  /** The first back-off when the server gives no hint, doubled per attempt. Default 250 ms. */
  baseDelayMs?: number;
  /** No retry starts once this much time has passed since the first attempt. Default 60 000 ms. */
  maxElapsedMs?: number;
}

export interface TransportOptions {
  /**
   * The `fetch` that sends each request (a mock, a proxy agent, instrumentation). It gets a
   * `Request` with `redirect: "manual"`: the client follows redirects itself. Default: the
   * global `fetch`, looked up per call; while that is Node's own, a request whose body is read
   * whole goes straight to the HTTP client it sends with (undici's global dispatcher), with
   * the same headers and the same answer (see `direct.ts`).
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Retries of 429/503 (and 502/504 for idempotent methods); `false` turns them off. */
  retry?: RetryOptions | false;
  /**
   * The longest one attempt may take, from connecting to the last byte of the response
   * body, redirects included; each retry starts a new allowance. A server that sends its
   * headers and then stalls the body is cut off too; attempts started together share one
   * deadline, which may give each up to 1 % (at most 1 s) more. Default 30 000 ms; `false`
   * (or `Infinity`) waits for ever.
   */
  timeoutMs?: number | false;
  /**
   * Redirects followed per request. A same-origin redirect keeps the credentials; one to
   * another origin drops `Authorization`, `Cookie` and `x-api-key` (and a request whose body
   * holds credentials, such as a login, is refused with a `redirect` error); 303, and 301/302
   * after a POST, continue as a GET without a body. Default 5; 0 refuses every redirect.
   */
  maxRedirects?: number;
  /**
   * The most bytes a response body read whole may have, counted as decoded (a gzip body
   * counts as what it inflates to); a larger one rejects with a `too-large` error, and its
   * connection is closed. A 2xx body read as a stream (`parseAs: "stream"`, Reporting's
   * `streamRows` of CSV or TAB) is not limited: it is read as it comes. An error body is
   * always read whole, so always limited. Default 64 MiB; `false` (or `Infinity`) lifts the
   * limit; a negative number or NaN is refused when the client is made.
   */
  maxResponseBytes?: number | false;
}

export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 2 ** 20;

const BUILTIN_ERRORS = new Set<unknown>([
  Error,
  TypeError,
  SyntaxError,
  RangeError,
  ReferenceError,
  URIError,
  EvalError,
  AggregateError,
  DOMException,
]);

/** Thrown by the runtime or a library, rather than an error class of the caller's own. */
function isBuiltinError(error: unknown): error is Error {
  return error instanceof Error && BUILTIN_ERRORS.has(error.constructor);
}

/**
 * What `error`, thrown during `call`, means: undefined for a family error (already what the
 * caller gets) and for an error of the caller's own class (a custom `fetch` or middleware
 * that threw it on purpose), which pass through as they are.
 */
export function classify(error: unknown, call: Call): Failure | undefined {
  if (error instanceof ApiError) return undefined;
  if (call.timedOut)
    return { kind: "timeout", detail: `no complete response within ${call.timeoutMs} ms`, cause: error };
  if (call.aborted) return { kind: "aborted", detail: "aborted by the caller", cause: call.signal?.reason };
  if (error instanceof TransportFailure) return { kind: error.kind, detail: error.message, cause: error.cause };
  if (!isBuiltinError(error)) return undefined;
  if (error.name === "SyntaxError")
    return { kind: "invalid-response", detail: "the response body is not valid JSON", cause: error };
  if (error.message === "terminated" || (error as { code?: unknown }).code === "UND_ERR_SOCKET")
    return brokenOff((error.cause as { code?: unknown } | undefined)?.code, error);
  if (error.message === "fetch failed") return { kind: "network", detail: connectionFailed(error.cause), cause: error };
  return { kind: "unexpected", detail: `${error.name}: ${error.message}`, cause: error };
}

/** A request as the transport sends it: a body of bytes or text, so that it can be sent again. */
export interface Outgoing {
  url: string;
  method: string;
  headers: HeadersInit;
  body: string | ArrayBuffer | null;
  /** The body holds credentials (a login): it is never sent to another origin. */
  sensitive?: boolean;
}

/** Sends a request for `call`, following redirects and retrying as configured. */
export type Send = (request: Request | Outgoing, call: Call) => Promise<Response>;

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
// The server did not act on these, so any method may be sent again.
const NOT_PROCESSED = new Set([429, 503]);
// These may come after the request was processed: only idempotent methods are repeated.
const GATEWAY_FAILURE = new Set([502, 504]);
const REDIRECT = new Set([301, 302, 303, 307, 308]);
// What must not follow a request to another origin.
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie", "x-api-key"];
// What describes a body that a redirect to GET no longer has.
const CONTENT_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];

/** Where a redirect leads; null for any other answer (a 3xx without a Location is an answer like any other). */
function followedTo({ status, headers }: { status: number; headers: Headers }): string | null {
  return REDIRECT.has(status) ? headers.get("location") : null;
}

/** Milliseconds the server asked us to wait, from `Retry-After` (seconds or HTTP date) or `X-RateLimit-Reset`. */
export function serverDelayMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers.get("x-ratelimit-reset"));
  if (reset > 0) return Math.max(0, reset * 1000 - now);
  return undefined;
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Lets go of a response that will not be read, so that its connection is freed. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

/**
 * `response` with its body held to `limit` decoded bytes (see `maxResponseBytes`): a declared
 * length over it is refused before reading; a body without one (chunked, or encoded) is
 * counted as it is read, and reading stops with a `too-large` error once it passes it.
 */
function bounded(response: Response, limit: number): Response {
  if (response.body === null || limit === Number.POSITIVE_INFINITY) return response;
  const length = declaredLength(response.headers);
  if (length !== undefined) {
    if (length <= limit) return response;
    discard(response);
    throw tooLarge(`declares ${length} bytes,`, limit);
  }
  let read = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        // Erroring the stream cancels the download, which closes the connection.
        if (read > limit) controller.error(tooLarge("holds", limit));
        else controller.enqueue(chunk);
      },
    }),
  );
  const limited = new WireResponse(counted, response, response.url);
  return limited;
}

/** The request to send after a `status` redirect to `location`; throws when it must not be sent. */
function redirected(from: Outgoing, status: number, location: string): Outgoing {
  let target: URL;
  try {
    target = new URL(location, from.url);
  } catch {
    throw new TransportFailure("redirect", `the ${status} redirect's Location is not a URL`);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:")
    throw new TransportFailure("redirect", `the ${status} redirect leads to a ${target.protocol} URL`);
  if (target.username || target.password)
    throw new TransportFailure("redirect", `the ${status} redirect's Location carries credentials`);
  const sameOrigin = target.origin === new URL(from.url).origin;
  const toGet =
    status === 303 ? from.method !== "GET" && from.method !== "HEAD" : status <= 302 && from.method === "POST";
  const body = toGet ? null : from.body;
  if (!sameOrigin && body !== null && from.sensitive) {
    throw new TransportFailure(
      "redirect",
      `refused a ${status} redirect to another origin (${target.origin}): the request body holds credentials`,
    );
  }
  if (sameOrigin && !toGet) return { ...from, url: target.href };
  const headers = new Headers(from.headers);
  if (toGet) for (const name of CONTENT_HEADERS) headers.delete(name);
  if (!sameOrigin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
  return { url: target.href, method: toGet ? "GET" : from.method, headers, body, sensitive: from.sensitive };
}

/**
 * Wraps `fetch` with a deadline per attempt (see `Call`), redirects followed by hand (see
 * `maxRedirects`) and bounded retries: 429 and 503 for every method, 502 and 504 for
 * idempotent ones, waiting as the server asks (Retry-After or the rate-limit reset), else
 * with exponential back-off. `sensitiveBody`: every request body holds credentials.
 */
export function createTransport(options: TransportOptions & { sensitiveBody?: boolean }): Send {
  const retry = options.retry === false ? { retries: 0 } : (options.retry ?? {});
  const retries = retry.retries ?? 2;
  const maxDelayMs = retry.maxDelayMs ?? 30_000;
  const baseDelayMs = retry.baseDelayMs ?? 250;
  const maxElapsedMs = retry.maxElapsedMs ?? 60_000;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const maxResponseBytes =
    options.maxResponseBytes === false
      ? Number.POSITIVE_INFINITY
      : (options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  if (!(maxResponseBytes >= 0))
    throw new RangeError(`maxResponseBytes is ${options.maxResponseBytes}; use a number of bytes, or false`);
  const sensitive = options.sensitiveBody === true;

  const deliver = (outgoing: Outgoing, call: Call): Promise<Response> => {
    const init: FetchInit = {
      method: outgoing.method,
      headers: outgoing.headers,
      body: outgoing.body,
      redirect: "manual",
      signal: undefined,
      dispatcher: undefined,
    };
    const custom = call.fetch ?? options.fetch;
    // Looked up per call, so that a fetch patched after the client was made is used.
    if (custom === undefined && !call.streamed && sendsDirectly()) return call.sendDirect(outgoing, maxResponseBytes);
    return call.send(custom ?? globalThis.fetch, custom !== undefined, outgoing.url, init);
  };

  const follow = async (first: Outgoing, call: Call): Promise<Response> => {
    let outgoing = first;
    for (let hop = 0; ; hop++) {
      let response: Response;
      try {
        response = await deliver(outgoing, call);
      } catch (error) {
        // An abort is the call's to explain; an error class of the caller's own passes through.
        if (call.timedOut || call.aborted || !isBuiltinError(error)) throw error;
        throw new TransportFailure("network", connectionFailed(error.cause), { cause: error });
      }
      call.response = response;
      const location = followedTo(response);
      if (location === null) return response;
      discard(response);
      if (hop >= maxRedirects) {
        throw new TransportFailure(
          "redirect",
          maxRedirects === 0
            ? `answered ${response.status}, and redirects are turned off`
            : `still redirected after ${maxRedirects} redirects`,
        );
      }
      outgoing = redirected(outgoing, response.status, location);
    }
  };

  return async (input, call) => {
    const first: Outgoing =
      input instanceof Request
        ? {
            url: input.url,
            method: input.method,
            headers: input.headers,
            // Held as bytes, so that a retry or a 307/308 can send it again.
            body: input.body === null ? null : await input.arrayBuffer(),
            sensitive,
          }
        : sensitive && !input.sensitive
          ? { ...input, sensitive }
          : input;
    const started = Date.now();
    let attempt = 0;
    /** The wait before sending again after `status`, or undefined when it is not sent again. */
    const retryDelay = (status: number, headers: Headers): number | undefined => {
      const retryable =
        attempt < retries &&
        (NOT_PROCESSED.has(status) || (GATEWAY_FAILURE.has(status) && IDEMPOTENT.has(first.method)));
      if (!retryable) return undefined;
      const delay = serverDelayMs(headers) ?? baseDelayMs * 2 ** attempt;
      return delay > maxDelayMs || Date.now() + delay - started > maxElapsedMs ? undefined : delay;
    };
    // Decided on a response's head when it is sent without fetch, whose body is then not read.
    let retryAfterHead: number | undefined;
    call.skipsBody = ({ status, headers }) => {
      if (followedTo({ status, headers }) !== null) return true;
      retryAfterHead = retryDelay(status, headers);
      return retryAfterHead !== undefined;
    };
    for (; ; attempt++) {
      call.arm();
      retryAfterHead = undefined;
      const response = await follow(first, call);
      // Sent without fetch, a response with a body was decided on at its head (see skipsBody).
      const delay =
        call.whole && response.body !== null ? retryAfterHead : retryDelay(response.status, response.headers);
      if (delay === undefined)
        return call.whole || (call.streamed && response.ok) ? response : bounded(response, maxResponseBytes);
      discard(response);
      call.release();
      await sleep(delay, call.signal);
    }
  };
}
