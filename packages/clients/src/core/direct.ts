// A request sent on Node without `fetch`. Most of a loopback call's time is fetch's own
// machinery (a Request, a fetch controller, a body of streams), not HTTP. So while the global
// fetch is Node's own, a request goes straight to undici's global dispatcher, the HTTP client
// that fetch sends with, carrying the headers fetch would add; its body is read whole (held
// to maxResponseBytes as it comes), decoded as fetch decodes it (see `decoding.ts`) and
// handed back as a Response. The bytes on the wire and the answer are fetch's (a body that
// fails, too large or not decodable, fails before middleware sees its response); a fetch
// patched in (a mock, instrumentation) or given to the client is used as it is.
import { codingsOf, Decoding, type Zlib } from "./decoding.js";
import { brokenOff, connectionFailed, declaredLength, TransportFailure, tooLarge } from "./failure.js";
import { type Dispatcher, type LegacyHandler, loadedDispatcher } from "./undici.js";
import { WireResponse } from "./wire-response.js";

interface NodeProcess {
  versions?: { undici?: string };
  getBuiltinModule?: (id: string) => unknown;
}
// Looked up, not imported: the clients also run where there is no node:zlib (a browser),
// and there they always send with fetch.
const nodeProcess = (globalThis as { process?: NodeProcess }).process;
const zlib = nodeProcess?.getBuiltinModule?.("node:zlib") as Zlib | undefined;

/**
 * Node's global fetch: a wrapper that loads undici from Node's internals. Only undici 6's
 * fetch (Node 20 and 22) is mirrored here; under another, the clients send with fetch.
 */
function isNodeFetch(fetch: unknown): boolean {
  return (
    nodeProcess?.versions?.undici?.startsWith("6.") === true &&
    typeof fetch === "function" &&
    Function.prototype.toString.call(fetch).includes("internal/deps/undici")
  );
}

/** Node's own fetch, if it was the global one when this module loaded. */
const nodeFetch = zlib && isNodeFetch(globalThis.fetch) ? globalThis.fetch : undefined;

/**
 * Whether to send without fetch, through the global dispatcher: while Node's own fetch is
 * the global fetch and has made that dispatcher (its first call does).
 */
export function sendsDirectly(): boolean {
  return nodeFetch !== undefined && globalThis.fetch === nodeFetch && loadedDispatcher() !== undefined;
}

export interface DirectRequest {
  url: string;
  method: string;
  headers: HeadersInit;
  body: string | ArrayBuffer | null;
}

/** A response's status and headers, kept as soon as they come: a failure while its body is read reports them. */
export interface ResponseHead {
  status: number;
  headers: Headers;
}

/** Where a response's head goes as soon as it comes, and who says whether its body is wanted. */
export interface HeadKeeper {
  head: ResponseHead | undefined;
  /** True for a response whose body will not be read (a redirect followed, a refusal retried). */
  skipsBody: ((head: ResponseHead) => boolean) | undefined;
}

function indexOf(wire: string[], name: string): number {
  for (let i = 0; i < wire.length; i += 2) if (wire[i] === name) return i;
  return -1;
}

const isHttpSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

/** A header value as fetch sends it: without leading or trailing HTTP whitespace. */
function normalized(value: string): string {
  if (value === "" || (!isHttpSpace(value.charCodeAt(0)) && !isHttpSpace(value.charCodeAt(value.length - 1))))
    return value;
  let start = 0;
  let end = value.length;
  while (start < end && isHttpSpace(value.charCodeAt(start))) start++;
  while (end > start && isHttpSpace(value.charCodeAt(end - 1))) end--;
  return value.slice(start, end);
}

const CONDITIONAL = ["if-modified-since", "if-none-match", "if-unmodified-since", "if-match", "if-range"];

/**
 * A request's headers as Node's fetch (undici 6) sends them: the caller's (but `Host`, which
 * is the URL's), then what fetch adds where the caller did not say; undici adds `host`,
 * `connection` and a body's `content-length`.
 */
function wireHeaders({ headers, body, method }: DirectRequest, https: boolean): string[] {
  const wire: string[] = [];
  const add = (name: string, value: string) => {
    if (name !== "host") wire.push(name, normalized(value));
  };
  if (headers instanceof Headers || Array.isArray(headers))
    for (const [name, value] of new Headers(headers)) add(name, value);
  else for (const name in headers) add(name.toLowerCase(), headers[name] as string);
  const has = (name: string) => indexOf(wire, name) >= 0;
  if (typeof body === "string" && !has("content-type")) wire.push("content-type", "text/plain;charset=UTF-8");
  if (!has("accept")) wire.push("accept", "*/*");
  if (!has("accept-language")) wire.push("accept-language", "*");
  const mode = indexOf(wire, "sec-fetch-mode");
  if (mode >= 0) wire[mode + 1] = "cors";
  else wire.push("sec-fetch-mode", "cors");
  if (!has("user-agent")) wire.push("user-agent", "node");
  // A conditional request is sent past any cache.
  if (CONDITIONAL.some(has)) {
    if (!has("pragma")) wire.push("pragma", "no-cache");
    if (!has("cache-control")) wire.push("cache-control", "no-cache");
  }
  const encoding = indexOf(wire, "accept-encoding");
  if (has("range")) {
    if (encoding >= 0) wire[encoding + 1] += ", identity";
    else wire.push("accept-encoding", "identity");
  } else if (encoding < 0) wire.push("accept-encoding", https ? "br, gzip, deflate" : "gzip, deflate");
  if (body === null && (method === "POST" || method === "PUT")) wire.push("content-length", "0");
  return wire;
}

// Statuses whose response has no body, whatever the server sends.
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

const latin1 = (bytes: unknown) => (typeof bytes === "string" ? bytes : (bytes as Buffer).toString("latin1"));

/** Response headers from undici's raw pairs (a repeated header, through some interceptors, as an array). */
function headersOf(raw: unknown[]): Headers {
  const headers = new Headers();
  for (let i = 0; i < raw.length; i += 2) {
    const name = latin1(raw[i]);
    const value = raw[i + 1];
    if (Array.isArray(value)) for (const one of value) headers.append(name, latin1(one));
    else headers.append(name, latin1(value));
  }
  return headers;
}

/** Collects one response for `resolve`, or rejects with a `TransportFailure`. */
class DirectHandler implements LegacyHandler {
  private abort: ((reason?: Error) => void) | undefined;
  /** The final response's status and headers, once they have come. */
  private head: ResponseHead | undefined;
  private statusText = "";
  private readonly chunks: Buffer[] = [];
  private read = 0;
  private decoding: Decoding | undefined;
  private resumeWire: () => void = () => undefined;
  private settled = false;
  /** The exchange on the wire has ended. */
  private ended = false;

  constructor(
    private readonly request: DirectRequest,
    /** The URL the response answers, as fetch shows it (no fragment). */
    private readonly url: string,
    private readonly limit: number,
    private readonly resolve: (response: Response) => void,
    private readonly reject: (reason: unknown) => void,
    private readonly signal: AbortSignal | null | undefined,
    private readonly keeper: HeadKeeper,
  ) {
    signal?.addEventListener("abort", this);
  }

  /** The caller's signal aborted. */
  handleEvent(): void {
    this.fail(this.signal?.reason);
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abort = abort;
    if (this.settled) abort();
  }

  onHeaders(status: number, raw: unknown, resume: () => void, statusText: string): boolean {
    if (status < 200) return true; // an interim answer: the final one follows
    let headers: Headers;
    try {
      headers = headersOf(raw as unknown[]);
    } catch (error) {
      this.fail(new TransportFailure("invalid-response", "the response headers are not valid", { cause: error }));
      return false;
    }
    const bodiless = this.request.method === "HEAD" || NULL_BODY.has(status);
    let codings: string[] = [];
    try {
      // Read, as fetch reads them, only for a body there is to decode.
      if (!bodiless) codings = codingsOf(headers.get("content-encoding"));
    } catch (error) {
      // As fetch refuses it: before there is a response.
      this.fail(new TransportFailure("network", connectionFailed(error), { cause: error }));
      return false;
    }
    const head = { status, headers };
    this.head = head;
    this.statusText = statusText;
    this.keeper.head = head;
    if (bodiless) {
      this.settle(null);
      return true;
    }
    if (status >= 300 && this.keeper.skipsBody?.(head)) {
      // Its data is dropped as it comes. As with fetch's body, cancelled unread when the
      // transport lets go of it, one that has come by then keeps its connection, one still
      // coming closes it.
      const unread = new ReadableStream({
        cancel: () => {
          if (!this.ended) this.abort?.();
        },
      });
      this.settle(unread);
      return true;
    }
    const length = declaredLength(headers);
    if (length !== undefined && length > this.limit) {
      this.fail(tooLarge(`declares ${length} bytes,`, this.limit));
      return false;
    }
    if (codings.length > 0)
      this.decoding = new Decoding(
        zlib as Zlib,
        codings,
        this.limit,
        (body) => {
          this.settle(body);
          // The coding ended before the body did: what follows it is not read (fetch stops too).
          if (!this.ended) this.abort?.();
        },
        (error) => this.fail(error),
      );
    this.resumeWire = resume;
    return true;
  }

  onData(chunk: unknown): boolean {
    if (this.settled) return true;
    const bytes = chunk as Buffer;
    if (this.decoding) {
      if (this.decoding.write(bytes)) return true;
      this.decoding.onDrain(this.resumeWire);
      return false;
    }
    this.read += bytes.length;
    if (this.read > this.limit) {
      this.fail(tooLarge("holds", this.limit));
      return false;
    }
    this.chunks.push(bytes);
    return true;
  }

  onComplete(): void {
    this.ended = true;
    if (this.settled) return;
    const { chunks, decoding } = this;
    if (decoding) {
      decoding.end();
      return;
    }
    this.settle(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
  }

  onError(error: Error): void {
    this.ended = true;
    if (this.settled) return;
    if (this.head === undefined) this.fail(new TransportFailure("network", connectionFailed(error), { cause: error }));
    else this.fail(error);
  }

  private settle(body: Buffer | ReadableStream | null): void {
    if (this.settled) return;
    this.finish();
    const { status, headers } = this.head as ResponseHead;
    let response: Response;
    try {
      // A Buffer is a Uint8Array: a body a Response takes.
      response = new WireResponse(body as BodyInit | null, { status, statusText: this.statusText, headers }, this.url);
    } catch (error) {
      this.reject(
        new TransportFailure("invalid-response", "the response cannot be held as a Response", { cause: error }),
      );
      return;
    }
    this.resolve(response);
  }

  /** Rejects with `reason`: a TransportFailure, the caller's abort, or what broke the body off. */
  private fail(reason: unknown): void {
    if (this.settled) return;
    this.finish();
    this.decoding?.destroy();
    if (reason instanceof TransportFailure || reason === this.signal?.reason) this.reject(reason);
    else {
      const failure = brokenOff((reason as { code?: unknown } | undefined)?.code, reason);
      this.reject(new TransportFailure(failure.kind, failure.detail, { cause: reason }));
    }
    if (!this.ended) this.abort?.(reason instanceof Error ? reason : undefined);
  }

  private finish(): void {
    this.settled = true;
    this.signal?.removeEventListener("abort", this);
  }
}

/**
 * Sends `request` through `dispatcher` as Node's fetch would: the response, its body read
 * whole (at most `limit` decoded bytes), or a `TransportFailure`; `signal` aborts it. The
 * response's head goes to `keeper` as soon as it comes.
 */
export function sendDirect(
  dispatcher: Dispatcher,
  request: DirectRequest,
  limit: number,
  signal: AbortSignal | null | undefined,
  keeper: HeadKeeper,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const url = new URL(request.url);
    if (url.username || url.password) {
      const refused = new TypeError("Request cannot be constructed from a URL that includes credentials");
      return reject(new TransportFailure("network", connectionFailed(refused), { cause: refused }));
    }
    url.hash = "";
    const { body } = request;
    const handler = new DirectHandler(request, url.href, limit, resolve, reject, signal, keeper);
    try {
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method: request.method,
          headers: wireHeaders(request, url.protocol === "https:"),
          body: body instanceof ArrayBuffer ? new Uint8Array(body) : body,
        },
        handler,
      );
    } catch (error) {
      handler.onError(error as Error);
    }
  });
}
