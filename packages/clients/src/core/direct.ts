// A request sent on Node without `fetch`. Most of a loopback call's time is fetch's own
// machinery (a Request, a fetch controller, a body of streams), not HTTP. So while the global
// fetch is Node's own, a request goes straight to undici's global dispatcher, the HTTP client
// that fetch sends with, carrying the headers fetch would add; its body is read whole (held
// to maxResponseBytes as it comes), decoded as fetch decodes it and handed back as a
// Response. The bytes on the wire and the answer are fetch's; a fetch patched in (a mock,
// instrumentation) or given to the client is used as it is.
import type { ZlibOptions } from "node:zlib";
import { brokenOff, connectionFailed, TransportFailure, tooLarge } from "./failure.js";
import { type Dispatcher, type LegacyHandler, loadedDispatcher } from "./undici.js";

type Zlib = typeof import("node:zlib");
// Looked up, not imported: the clients run where there is no node:zlib (a browser), and
// there they always send with fetch.
const nodeProcess = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
const zlib = nodeProcess?.getBuiltinModule?.("node:zlib") as Zlib | undefined;

/** Node's global fetch is a wrapper that loads undici from Node's internals on first use. */
function isNodeFetch(fetch: unknown): boolean {
  return typeof fetch === "function" && Function.prototype.toString.call(fetch).includes("internal/deps/undici");
}

/** Node's own fetch, if it was the global one when this module loaded. */
const nodeFetch = zlib && isNodeFetch(globalThis.fetch) ? globalThis.fetch : undefined;

/**
 * The dispatcher to send with instead of fetch: the global one, while Node's own fetch is
 * the global fetch and has made it (its first call does).
 */
export function directDispatcher(): Dispatcher | undefined {
  return nodeFetch !== undefined && globalThis.fetch === nodeFetch ? loadedDispatcher() : undefined;
}

/** A response's status and headers, kept as soon as they come: a failure while its body is read reports them. */
export interface ResponseHead {
  status: number;
  headers: Headers;
}

export interface DirectRequest {
  url: string;
  method: string;
  headers: HeadersInit;
  body: string | ArrayBuffer | null;
}

function has(wire: string[], name: string): boolean {
  for (let i = 0; i < wire.length; i += 2) if (wire[i] === name) return true;
  return false;
}

/**
 * A request's headers as Node's fetch (undici 6) sends them: the caller's, then what fetch
 * adds when the caller did not say (`host`, `connection` and `content-length` undici adds).
 */
function wireHeaders({ headers, body, method }: DirectRequest, https: boolean): string[] {
  const wire: string[] = [];
  if (headers instanceof Headers || Array.isArray(headers))
    for (const [name, value] of new Headers(headers)) wire.push(name, value);
  else for (const name in headers) wire.push(name.toLowerCase(), headers[name] as string);
  if (typeof body === "string" && !has(wire, "content-type")) wire.push("content-type", "text/plain;charset=UTF-8");
  if (!has(wire, "accept")) wire.push("accept", "*/*");
  if (!has(wire, "accept-language")) wire.push("accept-language", "*");
  const mode = wire.indexOf("sec-fetch-mode");
  if (mode % 2 === 0) wire[mode + 1] = "cors";
  else wire.push("sec-fetch-mode", "cors");
  if (!has(wire, "user-agent")) wire.push("user-agent", "node");
  if (!has(wire, "accept-encoding")) wire.push("accept-encoding", https ? "br, gzip, deflate" : "gzip, deflate");
  if (body === null && (method === "POST" || method === "PUT")) wire.push("content-length", "0");
  return wire;
}

// Statuses whose response has no body, whatever the server sends.
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const REDIRECT = new Set([301, 302, 303, 307, 308]);
// undici's fetch refuses a response with more codings than this (a decompression bomb of layers).
const MAX_CODINGS = 5;

/**
 * The codings to undo, last applied first, as fetch reads `Content-Encoding`: none when one
 * of them is not gzip, deflate or br (the body is then handed over as it came).
 */
function codingsOf(header: string | null): string[] {
  if (header === null) return [];
  const named = header.toLowerCase().split(",");
  if (named.length > MAX_CODINGS)
    throw new Error(`too many content-encodings in response: ${named.length}, maximum allowed is ${MAX_CODINGS}`);
  const codings: string[] = [];
  for (let i = named.length - 1; i >= 0; i--) {
    const coding = (named[i] as string).trim();
    if (coding !== "gzip" && coding !== "x-gzip" && coding !== "deflate" && coding !== "br") return [];
    codings.push(coding);
  }
  return codings;
}

/** One coding undone, with fetch's lenience (a body cut short gives what it holds), at most `max` bytes out. */
function undo(z: Zlib, coding: string, body: Buffer, max: number): Promise<Buffer> {
  const options: ZlibOptions = { maxOutputLength: max };
  if (coding === "br") {
    const flush = z.constants.BROTLI_OPERATION_FLUSH;
    return new Promise((resolve, reject) =>
      z.brotliDecompress(body, { ...options, flush, finishFlush: flush }, (e, out) => (e ? reject(e) : resolve(out))),
    );
  }
  const flush = z.constants.Z_SYNC_FLUSH;
  // deflate as fetch reads it: zlib-wrapped when the first byte says so, else raw.
  const undoing = coding === "deflate" ? (((body[0] ?? 0) & 0x0f) === 0x08 ? z.inflate : z.inflateRaw) : z.gunzip;
  return new Promise((resolve, reject) =>
    undoing(body, { ...options, flush, finishFlush: flush }, (e, out) => (e ? reject(e) : resolve(out))),
  );
}

/** `body` decoded, or a failure: too large once decoded, or not encoded as it says. */
async function decoded(body: Buffer, codings: string[], limit: number): Promise<Buffer> {
  const z = zlib as Zlib;
  // zlib takes no limit beyond its largest buffer; a limit that large is no limit.
  const max = limit < 2 ** 31 ? limit + 1 : undefined;
  let out = body;
  try {
    for (const coding of codings) out = await undo(z, coding, out, max as number);
  } catch (error) {
    const { code } = error as { code?: unknown };
    if (code === "ERR_BUFFER_TOO_LARGE") throw tooLarge("holds", limit);
    const failure = brokenOff(code, error);
    throw new TransportFailure(failure.kind, failure.detail, { cause: error });
  }
  if (out.length > limit) throw tooLarge("holds", limit);
  return out;
}

const latin1 = (bytes: unknown) => (typeof bytes === "string" ? bytes : (bytes as Buffer).toString("latin1"));

/**
 * The Response fetch would have given: the request's URL, and the status and reason as they
 * came, also where a Response's constructor is stricter than the wire (a status beyond 599,
 * a reason beyond Latin-1).
 */
function responseOf(
  url: string,
  status: number,
  statusText: string,
  headers: Headers,
  body: BodyInit | null,
): Response {
  const valid = status <= 599;
  let response: Response;
  try {
    response = new Response(body, { status: valid ? status : 200, statusText, headers });
  } catch {
    response = new Response(body, { status: valid ? status : 200, headers });
    Object.defineProperty(response, "statusText", { value: statusText });
  }
  if (!valid) Object.defineProperties(response, { status: { value: status }, ok: { value: false } });
  Object.defineProperty(response, "url", { value: url });
  return response;
}

/** Collects one response for `resolve`, or rejects with a `TransportFailure`. */
class DirectHandler implements LegacyHandler {
  private abort: ((reason?: Error) => void) | undefined;
  private status = 0;
  private statusText = "";
  private headers: Headers | undefined;
  private codings: string[] = [];
  private readonly chunks: Buffer[] = [];
  private read = 0;
  private settled = false;

  constructor(
    private readonly request: DirectRequest,
    private readonly limit: number,
    private readonly resolve: (response: Response) => void,
    private readonly reject: (reason: unknown) => void,
    private readonly signal: AbortSignal | null | undefined,
    private readonly keeper: { head: ResponseHead | undefined },
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

  onHeaders(status: number, raw: unknown, _resume: () => void, statusText: string): boolean {
    if (status < 200) return true; // an interim answer: the final one follows
    const headers = new Headers();
    const pairs = raw as unknown[];
    try {
      for (let i = 0; i < pairs.length; i += 2) headers.append(latin1(pairs[i]), latin1(pairs[i + 1]));
    } catch (error) {
      this.fail(new TransportFailure("invalid-response", "the response headers are not valid", { cause: error }));
      return false;
    }
    try {
      this.codings = codingsOf(headers.get("content-encoding"));
    } catch (error) {
      // As fetch refuses it: before there is a response.
      this.fail(new TransportFailure("network", connectionFailed(error), { cause: error }));
      return false;
    }
    this.status = status;
    this.statusText = statusText;
    this.headers = headers;
    this.keeper.head = { status, headers };
    if (REDIRECT.has(status) && headers.has("location")) {
      // A redirect's body is never read: it is answered at once, and its connection closed.
      this.settle(null);
      this.abort?.();
      return false;
    }
    if (this.request.method === "HEAD" || NULL_BODY.has(status)) {
      this.settle(null);
      return true;
    }
    const declared = headers.get("content-length");
    // Without an encoding, the body read is the declared length: the parser stops there.
    if (!headers.has("content-encoding") && declared !== null && Number(declared) > this.limit) {
      this.fail(tooLarge(`declares ${declared} bytes,`, this.limit));
      return false;
    }
    return true;
  }

  onData(chunk: unknown): boolean {
    if (this.settled) return true;
    const bytes = chunk as Buffer;
    this.read += bytes.length;
    // Counted as it comes: an encoded body is at most its decoded size, give or take a header.
    if (this.read > this.limit) {
      this.fail(tooLarge("holds", this.limit));
      return false;
    }
    this.chunks.push(bytes);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    const { chunks } = this;
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    if (this.codings.length === 0) this.settle(body);
    else
      decoded(body, this.codings, this.limit).then(
        (out) => this.settle(out),
        (error: unknown) => this.fail(error),
      );
  }

  onError(error: Error): void {
    if (this.settled) return;
    if (this.headers === undefined)
      this.fail(new TransportFailure("network", connectionFailed(error), { cause: error }));
    else {
      const failure = brokenOff((error as { code?: unknown }).code, error);
      this.fail(new TransportFailure(failure.kind, failure.detail, { cause: error }));
    }
  }

  private settle(body: Buffer | null): void {
    if (this.settled) return;
    this.finish();
    const { request, status, statusText, headers } = this;
    try {
      // A Buffer is a Uint8Array: a body a Response takes.
      this.resolve(responseOf(request.url, status, statusText, headers as Headers, body as BodyInit | null));
    } catch (error) {
      this.reject(new TransportFailure("invalid-response", "the response is not one fetch can hold", { cause: error }));
    }
  }

  private fail(reason: unknown): void {
    if (this.settled) return;
    this.finish();
    this.reject(reason);
    this.abort?.(reason instanceof Error ? reason : undefined);
  }

  private finish(): void {
    this.settled = true;
    this.signal?.removeEventListener("abort", this);
  }
}

/**
 * Sends `request` through `dispatcher` as Node's fetch would: the response, its body read
 * whole (at most `limit` decoded bytes), or a `TransportFailure`; `signal` aborts it. The
 * response's head is kept in `keeper` as soon as it comes.
 */
export function sendDirect(
  dispatcher: Dispatcher,
  request: DirectRequest,
  limit: number,
  signal: AbortSignal | null | undefined,
  keeper: { head: ResponseHead | undefined },
): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const url = new URL(request.url);
    if (url.username || url.password) {
      const refused = new TypeError("Request cannot be constructed from a URL that includes credentials");
      return reject(new TransportFailure("network", connectionFailed(refused), { cause: refused }));
    }
    const { body } = request;
    const handler = new DirectHandler(request, limit, resolve, reject, signal, keeper);
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
