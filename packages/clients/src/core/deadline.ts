// A call's deadline: how an attempt that runs out of time is stopped, on the wire and in the
// caller's hands. A request sent without fetch (see `direct.ts`) costs no AbortSignal.
import { type DirectRequest, type HeadKeeper, type ResponseHead, sendDirect } from "./direct.js";
import { type Dispatcher, globalDispatcher, isLegacyHandler, type LegacyHandler } from "./undici.js";

export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TIMER_MS = 2_147_483_647; // setTimeout fires at once beyond this

/** The timeout to arm, or false for none. */
export function timeoutOf(timeoutMs: number | false | undefined): number | false {
  if (timeoutMs === false) return false;
  const ms = timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return Number.isFinite(ms) && ms <= MAX_TIMER_MS ? Math.max(0, ms) : false;
}

const timedOutReason = (ms: number) => new DOMException(`No complete response within ${ms} ms`, "TimeoutError");

/** A `fetch` as the transport calls it: the global one, or a caller's that takes a `Request`. */
export type FetchLike =
  | ((url: string, init: RequestInit) => Promise<Response>)
  | ((request: Request) => Promise<Response>);

/** A request's init with the two fields a call sets: its signal, and Node's `dispatcher`. */
export interface FetchInit extends RequestInit {
  signal: AbortSignal | null | undefined;
  dispatcher: object | undefined;
}

function sendWith(fetch: FetchLike, asRequest: boolean, url: string, init: FetchInit): Promise<Response> {
  return asRequest
    ? (fetch as (request: Request) => Promise<Response>)(new Request(url, init))
    : (fetch as (url: string, init: RequestInit) => Promise<Response>)(url, init);
}

/**
 * Passes undici's callbacks (those of its handler interface that fetch's handler has, in
 * undici 6 and 7) on to fetch's own handler, keeping the abort `onConnect` gives until the
 * exchange ends.
 */
class WireHandler {
  constructor(
    private readonly attempt: Attempt,
    private readonly inner: LegacyHandler,
  ) {}

  onConnect(abort: (reason?: Error) => void, context?: unknown): void {
    const { expiry } = this.attempt;
    if (expiry) abort(expiry);
    else {
      this.attempt.abortWire = abort;
      this.inner.onConnect(abort, context);
    }
  }

  onResponseStarted(): void {
    this.inner.onResponseStarted?.();
  }

  onHeaders(statusCode: number, headers: unknown, resume: () => void, statusText: string): boolean {
    return this.inner.onHeaders(statusCode, headers, resume, statusText);
  }

  onData(chunk: unknown): boolean {
    return this.inner.onData(chunk);
  }

  onComplete(trailers: unknown): void {
    this.attempt.abortWire = undefined;
    this.inner.onComplete(trailers);
  }

  onError(error: Error): void {
    this.attempt.abortWire = undefined;
    this.inner.onError(error);
  }

  onUpgrade(...args: unknown[]): void {
    this.inner.onUpgrade?.(...args);
  }
}

/**
 * One attempt of a call (its redirects included), stopped when its deadline passes: the
 * attempt is the dispatcher of what it sends, so it aborts a request sent through undici on
 * the wire, from before its first byte; a fetch is also given a signal, which stops any fetch
 * that heeds one, and the body it is still reading once the exchange on the wire has ended.
 * Either way the promise of a response rejects at the deadline, even from a fetch that
 * ignores both.
 */
class Attempt implements Dispatcher {
  /** Why the attempt was stopped, once its deadline has passed. */
  expiry: Error | undefined;
  abortWire: ((reason?: Error) => void) | undefined;
  private controller: AbortController | undefined;
  private forward: (() => void) | undefined;
  private rejectWaiting: ((reason: unknown) => void) | undefined;

  constructor(
    private readonly deadline: SharedDeadline,
    private readonly callerSignal: AbortSignal | undefined,
  ) {}

  get isMockActive(): boolean | undefined {
    return globalDispatcher().isMockActive;
  }

  dispatch(options: object, handler: object): boolean {
    // A handler of another shape (a later undici's) is sent as it is: its request is then
    // stopped by the signal alone.
    if (!isLegacyHandler(handler)) return globalDispatcher().dispatch(options, handler);
    return globalDispatcher().dispatch(options, new WireHandler(this, handler));
  }

  /** Sends a request with `fetch` (`asRequest`: one that takes a `Request`), setting `init.signal` and `init.dispatcher`. */
  send(fetch: FetchLike, asRequest: boolean, url: string, init: FetchInit): Promise<Response> {
    init.signal = this.signal();
    init.dispatcher = this;
    return this.untilDeadline(() => sendWith(fetch, asRequest, url, init));
  }

  /** Sends a request without fetch (see `sendDirect`), this attempt its dispatcher. */
  sendDirect(request: DirectRequest, limit: number, keeper: HeadKeeper): Promise<Response> {
    return this.untilDeadline(() => sendDirect(this, request, limit, this.callerSignal, keeper));
  }

  /** What `send` gives, or a rejection once the deadline passes, whichever comes first. */
  private untilDeadline(send: () => Promise<Response>): Promise<Response> {
    if (this.expiry) return Promise.reject(this.expiry);
    return new Promise<Response>((resolve, reject) => {
      this.rejectWaiting = reject;
      send().then((answer) => {
        this.rejectWaiting = undefined;
        resolve(answer);
      }, reject);
    });
  }

  /** A signal aborted at the deadline or by the caller. */
  private signal(): AbortSignal {
    if (this.controller) return this.controller.signal;
    const controller = new AbortController();
    this.controller = controller;
    const outer = this.callerSignal;
    if (outer?.aborted) controller.abort(outer.reason);
    else if (outer) {
      this.forward = () => controller.abort(outer.reason);
      outer.addEventListener("abort", this.forward, { once: true });
    }
    return controller.signal;
  }

  expire(reason: Error): void {
    this.expiry = reason;
    this.abortWire?.(reason);
    this.controller?.abort(reason);
    this.rejectWaiting?.(reason);
  }

  leave(): void {
    this.deadline.leave(this);
    if (this.forward) this.callerSignal?.removeEventListener("abort", this.forward);
    this.forward = undefined;
    this.abortWire = undefined;
    this.rejectWaiting = undefined;
  }
}

/**
 * One timer for the attempts (of any call with the same timeout) that start within a short
 * window: a timer per attempt costs more than the rest of the client's own work. The timer
 * fires `slack + timeoutMs` after the window opened, so every attempt that joined while it
 * was open gets its full `timeoutMs` and at most `slack` more, and stops the attempts still
 * running. It holds the process open only while one runs, and is cleared once it is idle and
 * closed to new attempts.
 */
class SharedDeadline {
  private readonly closesAt: number;
  private readonly running = new Set<Attempt>();
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(
    readonly timeoutMs: number,
    now: number,
  ) {
    // 1 % of the allowance, at most 1 s: a 30 s timeout may run to 30.3 s.
    const slack = Math.min(Math.floor(timeoutMs / 100), 1000);
    this.closesAt = now + slack;
    this.timer = setTimeout(() => this.fire(), slack + timeoutMs);
    this.timer.unref();
  }

  /** Whether an attempt starting at `now` can share it. */
  open(now: number): boolean {
    // A deadline that has fired is out of `openDeadlines` already (see `fire`).
    return now <= this.closesAt;
  }

  join(callerSignal: AbortSignal | undefined): Attempt {
    const attempt = new Attempt(this, callerSignal);
    if (this.running.size === 0) this.timer.ref();
    this.running.add(attempt);
    return attempt;
  }

  leave(attempt: Attempt): void {
    this.running.delete(attempt);
    if (this.running.size > 0) return;
    // Once no attempt can join any more, an idle deadline has nothing left to do.
    if (Date.now() > this.closesAt) clearTimeout(this.timer);
    else this.timer.unref();
  }

  private fire(): void {
    if (openDeadlines.get(this.timeoutMs) === this) openDeadlines.delete(this.timeoutMs);
    const reason = timedOutReason(this.timeoutMs);
    for (const attempt of this.running) attempt.expire(reason);
  }
}

/** The deadline attempts join now, by timeout. */
const openDeadlines = new Map<number, SharedDeadline>();

function joinDeadline(timeoutMs: number): SharedDeadline {
  const now = Date.now();
  let deadline = openDeadlines.get(timeoutMs);
  if (!deadline?.open(now)) {
    deadline = new SharedDeadline(timeoutMs, now);
    openDeadlines.set(timeoutMs, deadline);
  }
  return deadline;
}

/**
 * One call's deadline and cancellation, shared by its attempts, its redirects and the
 * reading of the final body, which often happens after the transport has returned. Its
 * owner calls `release()` once the body is read or given up.
 */
export class Call implements HeadKeeper {
  /** The last response received: the status and request id of a failure that comes later. */
  response: Response | undefined;
  /** The head of the last response sent without fetch, as soon as it came, before its body was read. */
  head: ResponseHead | undefined;
  /** Whether the transport will not read the body of a response (see `HeadKeeper`). */
  skipsBody: ((head: ResponseHead) => boolean) | undefined;
  /** A `fetch` for this call only (openapi-fetch's per-request `fetch` option). */
  fetch: ((request: Request) => Promise<Response>) | undefined;
  /** A 2xx body is read as a stream, as it comes: `maxResponseBytes` does not apply to it. */
  streamed = false;
  /** The last response was sent without fetch: its body is read, and held to the limit, already. */
  whole = false;
  private expired = false;
  private attempt: Attempt | undefined;

  constructor(
    readonly timeoutMs: number | false,
    readonly signal?: AbortSignal | null,
  ) {}

  /** The caller aborted the call. */
  get aborted(): boolean {
    return this.signal?.aborted === true;
  }

  /** True once an attempt ran out of time. */
  get timedOut(): boolean {
    return this.expired || this.attempt?.expiry !== undefined;
  }

  /** Starts a new attempt, with a deadline of its own. */
  arm(): void {
    this.release();
    this.response = undefined;
    this.head = undefined;
    if (this.timeoutMs !== false) this.attempt = joinDeadline(this.timeoutMs).join(this.signal ?? undefined);
  }

  /** Sends one request of the current attempt (see `Attempt.send`). */
  send(fetch: FetchLike, asRequest: boolean, url: string, init: FetchInit): Promise<Response> {
    this.whole = false;
    if (this.attempt) return this.attempt.send(fetch, asRequest, url, init);
    init.signal = this.signal;
    return sendWith(fetch, asRequest, url, init);
  }

  /** Sends one request of the current attempt through the global dispatcher, without fetch (see `sendDirect`). */
  sendDirect(request: DirectRequest, limit: number): Promise<Response> {
    this.whole = true;
    if (this.attempt) return this.attempt.sendDirect(request, limit, this);
    return sendDirect(globalDispatcher(), request, limit, this.signal, this);
  }

  /** Ends the current attempt's deadline. */
  release(): void {
    if (!this.attempt) return;
    if (this.attempt.expiry) this.expired = true;
    this.attempt.leave();
    this.attempt = undefined;
  }
}
