/** At most `requests` requests in any window of `perMs` milliseconds. */
export interface BurstLimit {
  requests: number;
  perMs: number;
}

/**
 * A gate that keeps requests under a burst limit: when the last `requests` requests all
 * started within the window, the next one waits until the oldest leaves it. Turns are
 * taken in order; a wait ends early (rejecting) when its `signal` aborts.
 */
export function burstGate(
  limit: BurstLimit,
  now: () => number = Date.now,
): (signal?: AbortSignal | null) => Promise<void> {
  const started: number[] = [];
  let queue: Promise<void> = Promise.resolve();
  const slot = async (signal?: AbortSignal | null) => {
    for (;;) {
      // A request that gave up while queued takes no slot.
      if (signal?.aborted) return;
      const windowStart = now() - limit.perMs;
      while (started.length && started[0]! <= windowStart) started.shift();
      if (started.length < limit.requests) {
        started.push(now());
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, started[0]! - windowStart));
    }
  };
  return async (signal) => {
    const turn = queue.then(() => slot(signal));
    queue = turn;
    if (!signal) return turn;
    // Leave the queue when aborted; the slot logic above then skips this turn.
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      turn.then(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      }, reject);
    });
  };
}

/**
 * Wraps `fetch` so that requests keep under a burst limit: when the last `requests`
 * requests all started within the window, the next one waits until the oldest leaves it
 * (or until the request's signal aborts).
 */
export function limitBursts(
  send: (request: Request) => Promise<Response>,
  limit: BurstLimit,
  now: () => number = Date.now,
): (request: Request) => Promise<Response> {
  const gate = burstGate(limit, now);
  return async (request) => {
    await gate(request.signal);
    return send(request);
  };
}
