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
  fetch?: (request: Request) => Promise<Response>;
  retry?: RetryOptions | false;
  /** Abort a request (each attempt) after this long. Default: no limit. */
  timeoutMs?: number;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
// The server did not act on these, so any method may be sent again.
const NOT_PROCESSED = new Set([429, 503]);
// These may come after the request was processed: only idempotent methods are repeated.
const GATEWAY_FAILURE = new Set([502, 504]);

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

/**
 * Sends `request`, aborting it with a TimeoutError if no response has arrived after `ms`.
 * The timer is held here (not in a composed AbortSignal, which the runtime may collect
 * before it fires) and cleared once the response arrives.
 */
async function sendWithin(
  send: (request: Request) => Promise<Response>,
  request: Request,
  ms: number,
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`No response within ${ms} ms`, "TimeoutError")), ms);
  const forward = () => controller.abort(request.signal.reason);
  request.signal.addEventListener("abort", forward, { once: true });
  try {
    return await send(new Request(request, { signal: controller.signal }));
  } finally {
    clearTimeout(timer);
    request.signal.removeEventListener("abort", forward);
  }
}

/**
 * Wraps `fetch` with a per-attempt timeout and bounded retries: 429 and 503 for every
 * method, 502 and 504 for idempotent ones, waiting as the server asks (Retry-After or the
 * rate-limit reset), else with exponential back-off.
 */
export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const send = options.fetch ?? globalThis.fetch;
  const retry = options.retry === false ? { retries: 0 } : (options.retry ?? {});
  const retries = retry.retries ?? 2;
  const maxDelayMs = retry.maxDelayMs ?? 30_000;
  const baseDelayMs = retry.baseDelayMs ?? 250;
  const maxElapsedMs = retry.maxElapsedMs ?? 60_000;

  return async (request) => {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const attemptRequest = attempt < retries ? request.clone() : request;
      const response =
        options.timeoutMs === undefined
          ? await send(attemptRequest)
          : await sendWithin(send, attemptRequest, options.timeoutMs);
      const retryable =
        NOT_PROCESSED.has(response.status) || (GATEWAY_FAILURE.has(response.status) && IDEMPOTENT.has(request.method));
      if (!retryable || attempt >= retries) return response;
      const delay = serverDelayMs(response.headers) ?? baseDelayMs * 2 ** attempt;
      if (delay > maxDelayMs || Date.now() + delay - started > maxElapsedMs) return response;
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };
}
