// Rate-limit windows counted per credential, and the `X-RateLimit-*` headers that report
// one: what LeanKit and Leanmote each do with their own window length and limit.
import type { MockReply } from "../exchange.js";

export interface RateWindow {
  /** When the window began, in ms. */
  start: number;
  /** Requests counted in it. */
  count: number;
}

// Bounded, so that no client can grow it without end: the oldest windows are forgotten first.
const MAX_WINDOWS = 10_000;

/**
 * Windows of `lengthMs` per key. `aligned`: windows start on multiples of their length (a
 * clock hour); else a window starts at its key's first request.
 */
export function rateWindows(lengthMs: number, aligned: boolean) {
  const windows = new Map<string, RateWindow>();
  return {
    /** Counts a request of `key` at `time`, and gives its window. */
    count(key: string, time: number): RateWindow {
      let window = windows.get(key);
      if (!window || time - window.start >= lengthMs) {
        window = { start: aligned ? time - (time % lengthMs) : time, count: 0 };
        windows.delete(key);
        windows.set(key, window);
        if (windows.size > MAX_WINDOWS) windows.delete(windows.keys().next().value!);
      }
      window.count++;
      return window;
    },
  };
}

/** `reply` with the headers that report `window` against `limit` (0 remaining when `exhausted`). */
export function withRateLimitHeaders(
  reply: MockReply,
  limit: number,
  window: RateWindow,
  lengthMs: number,
  exhausted = false,
): MockReply {
  return {
    ...reply,
    headers: {
      ...reply.headers,
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(exhausted ? 0 : Math.max(0, limit - window.count)),
      "x-ratelimit-reset": String(Math.ceil((window.start + lengthMs) / 1000)),
    },
  };
}
