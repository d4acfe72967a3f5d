/** At most `requests` requests in any window of `perMs` milliseconds. */
export interface BurstLimit {
  requests: number;
  perMs: number;
}

/**
 * Wraps `fetch` so that requests keep under a burst limit: when the last `requests`
 * requests all started within the window, the next one waits until the oldest leaves it.
 */
export function limitBursts(
  send: (request: Request) => Promise<Response>,
  limit: BurstLimit,
  now: () => number = Date.now,
): (request: Request) => Promise<Response> {
  const started: number[] = [];
  let queue: Promise<void> = Promise.resolve();
  const slot = async () => {
    for (;;) {
      const windowStart = now() - limit.perMs;
      while (started.length && started[0]! <= windowStart) started.shift();
      if (started.length < limit.requests) {
        started.push(now());
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, started[0]! - windowStart));
    }
  };
  return async (request) => {
    // Requests take their slots in order, so none is overtaken while it waits.
    const turn = queue.then(slot);
    queue = turn;
    await turn;
    return send(request);
  };
}
