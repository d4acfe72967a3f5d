/**
 * What went wrong, so that a caller can tell a refusal from a fault of the connection:
 * - `http`: the API answered with a non-2xx status (`status` and `body` say what it said);
 * - `rpc`: a JSON-RPC server answered with an error object (Leantime);
 * - `timeout`: no complete answer (last body byte included) within `timeoutMs`;
 * - `aborted`: the caller's `signal` aborted the call;
 * - `network`: the connection failed, closed before the answer was complete, or carried
 *   something that is not HTTP/1.1;
 * - `redirect`: a redirect was not followed (too many hops, another origin with a
 *   credential body, an unusable `Location`);
 * - `invalid-response`: a 2xx answer the client cannot read (not JSON, not the promised shape,
 *   not encoded as its Content-Encoding says);
 * - `too-large`: a body read whole that is larger than `maxResponseBytes` (64 MiB by default),
 *   an error body included (`status` is then the refusal's);
 * - `pagination`: a paged list the client cannot walk safely (a page repeats the previous one);
 * - `rows`: an export whose header, delimiter or cells do not fit the export's columns;
 * - `credentials`: credentials refused when the client is made (empty, control characters);
 * - `unexpected`: anything else (an invalid URL, a middleware that threw); see `cause`.
 */
export type ApiErrorKind =
  | "http"
  | "rpc"
  | "timeout"
  | "aborted"
  | "network"
  | "redirect"
  | "invalid-response"
  | "too-large"
  | "pagination"
  | "rows"
  | "credentials"
  | "unexpected";

/** What an API answered when it refused a request. */
export interface ApiErrorDetails<Body = unknown> {
  /** The HTTP status code; 0 when no answer arrived (a timeout, a refused connection). */
  status: number;
  /** The response body: parsed JSON when it is JSON, otherwise the text (or null when empty or unread). */
  body: Body;
  /** The HTTP method the API saw (`PATCH`, also when sent as a POST with a method override). */
  method: string;
  /** The contract path of the operation, e.g. `/io/board/{boardId}`. */
  path: string;
  /** The server's request id, when it sent one: quote it to the API's support. */
  requestId: string | undefined;
}

export interface ApiErrorOptions {
  /** Default `http`. */
  kind?: ApiErrorKind;
  /** The underlying error (a `TypeError` from `fetch`, a `SyntaxError` from `JSON.parse`, …). */
  cause?: unknown;
}

/**
 * The error every client throws, whatever failed: a non-2xx response, a timeout, a network
 * failure, an unreadable answer (see `kind`; the underlying error is its `cause`). It holds
 * what the API said and which operation was called, never the request's headers or body,
 * so it cannot leak a credential.
 */
export class ApiError<Body = unknown> extends Error implements ApiErrorDetails<Body> {
  override name = "ApiError";
  readonly kind: ApiErrorKind;
  readonly status: number;
  readonly body: Body;
  readonly method: string;
  readonly path: string;
  readonly requestId: string | undefined;

  constructor(api: string, details: ApiErrorDetails<Body>, detailMessage?: string, options: ApiErrorOptions = {}) {
    const kind = options.kind ?? "http";
    const reason = detailMessage ? `: ${detailMessage}` : "";
    const id = details.requestId ? ` (request id ${details.requestId})` : "";
    let message: string;
    if (kind === "http" || kind === "rpc") {
      message = `${api} ${details.method} ${details.path} failed with ${details.status}${reason}${id}`;
    } else if (!details.method) {
      message = `${api}${reason}`; // no operation yet: the client could not be made
    } else {
      const status = details.status ? ` (HTTP ${details.status})` : "";
      message = `${api} ${details.method} ${details.path} failed${reason}${status}${id}`;
    }
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.status = details.status;
    this.body = details.body;
    this.method = details.method;
    this.path = details.path;
    this.requestId = details.requestId;
  }

  /** The operation as `METHOD /contract/path`, e.g. `GET /io/board/{boardId}`. */
  get operation(): string {
    return `${this.method} ${this.path}`;
  }
}

/** The constructor every API family's error class inherits from `ApiError`. */
export type ApiErrorClass = new (
  api: string,
  details: ApiErrorDetails<never>,
  detailMessage?: string,
  options?: ApiErrorOptions,
) => ApiError<unknown>;

/** The `message` of a JSON error body, when it has one. */
export function messageOf(body: unknown): string | undefined {
  if (typeof body === "object" && body !== null && "message" in body && typeof body.message === "string")
    return body.message;
  return undefined;
}

/** A value a server sent, for a message: as JSON, and cut short. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-correlation-id", "x-amzn-requestid"];
export const METHOD_OVERRIDE_HEADER = "X-HTTP-Method-Override";

/** The server's request id, from whichever header it uses. */
export function requestIdOf(response: { headers: Headers } | undefined): string | undefined {
  if (!response) return undefined;
  for (const name of REQUEST_ID_HEADERS) {
    const value = response.headers.get(name);
    if (value) return value;
  }
  return undefined;
}

const REDACTED = "[redacted]";
// Shorter values would also match ordinary words of a message.
const MIN_SECRET_LENGTH = 6;

function scrub(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (clean.includes(secret)) clean = clean.split(secret).join(REDACTED);
  return clean;
}

function scrubValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === "string") return scrub(value, secrets);
  if (depth > 20 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, secrets, depth + 1)]));
}

/** `value` with any of `secrets` in its strings replaced, for what an error carries besides its message. */
export function withoutSecrets<T>(value: T, secrets: readonly string[]): T {
  const relevant = secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  return relevant.length === 0 ? value : (scrubValue(value, relevant) as T);
}

function scrubCause(cause: unknown, secrets: readonly string[]): unknown {
  if (!(cause instanceof Error)) return typeof cause === "string" ? scrub(cause, secrets) : cause;
  const text = `${cause.message}\n${cause.stack}`;
  if (!secrets.some((secret) => text.includes(secret))) return cause;
  const clean = new Error(scrub(cause.message, secrets));
  clean.name = cause.name;
  clean.stack = scrub(cause.stack ?? "", secrets);
  return clean;
}

/**
 * A family's error, built from what a server said with any of `secrets` taken out: a server
 * may echo a credential back (in its error body, or in an answer that is not JSON and so
 * ends up in a `SyntaxError`'s message).
 */
export function createApiError(
  ErrorClass: ApiErrorClass,
  api: string,
  details: ApiErrorDetails,
  detailMessage: string | undefined,
  options: ApiErrorOptions,
  secrets: readonly string[],
): ApiError {
  const relevant = secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  if (relevant.length === 0) return new ErrorClass(api, details as ApiErrorDetails<never>, detailMessage, options);
  return new ErrorClass(
    api,
    {
      ...details,
      body: scrubValue(details.body, relevant),
      requestId: details.requestId === undefined ? undefined : scrub(details.requestId, relevant),
    } as ApiErrorDetails<never>,
    detailMessage === undefined ? undefined : scrub(detailMessage, relevant),
    { ...options, ...(options.cause === undefined ? {} : { cause: scrubCause(options.cause, relevant) }) },
  );
}
