// LeanKit's server beyond its contract: `{statusCode, error, message}` errors, PUT/PATCH/DELETE
// sent as POST with `X-HTTP-Method-Override`, list pages cut by `limit`/`offset` with a
// `pageMeta` that says where the page sits, and the rate-limit headers on every answer to an
// authenticated request, counted per credential.
import { STATUS_CODES } from "node:http";
import { headerValue, type MockReply, type MockRequest } from "../exchange.js";
import type { Behaviour, Exchange } from "../openapi-mock.js";
import { type RateWindow, rateWindows, withRateLimitHeaders } from "./rate-limit.js";

const OVERRIDABLE = new Set(["PUT", "PATCH", "DELETE"]);

/** `{statusCode, error, message}`: the body of LeanKit's (and its Reporting API's) refusals. */
export const statusCodeErrorBody = (status: number, message: string) => ({
  statusCode: status,
  error: STATUS_CODES[status] ?? "Error",
  message,
});

interface Page {
  pageMeta: Record<string, unknown>;
  [items: string]: unknown;
}

const isPage = (body: unknown): body is Page =>
  typeof body === "object" && body !== null && "pageMeta" in body && typeof (body as Page).pageMeta === "object";

/**
 * The list page the example describes, cut to the request's `offset` and `limit`. A list the
 * stateful mode built holds every record, so it is always cut, by default to the declared page size.
 */
function slicePage({ params, operation, fromState }: Exchange, body: unknown): unknown {
  if (!isPage(body) || (!fromState && params.limit === undefined && params.offset === undefined)) return body;
  const key = Object.keys(body).find((k) => k !== "pageMeta" && Array.isArray(body[k]));
  if (!key) return body;
  const all = body[key] as unknown[];
  const offset = typeof params.offset === "number" ? params.offset : 0;
  const fallback = fromState && typeof operation.defaults.limit === "number" ? operation.defaults.limit : undefined;
  const limit =
    typeof params.limit === "number" ? params.limit : (fallback ?? Number(body.pageMeta.limit ?? all.length));
  const page = all.slice(offset, offset + limit);
  const pageMeta = {
    ...body.pageMeta,
    totalRecords: all.length,
    offset,
    limit,
    startRow: page.length ? offset + 1 : 0,
    endRow: page.length ? offset + page.length : 0,
  };
  return { ...body, [key]: page, pageMeta };
}

/** The points of a window: the figure LeanKit's Rate Limiting page gives (it adjusts the real one). */
const POINTS = 120;
/** "The current time window is 60 seconds from your first request." */
const WINDOW_MS = 60_000;

/**
 * LeanKit's Rate Limiting page: "These headers are added to each response", the limit "per
 * authenticated user". Each request that passes authentication costs a point of its
 * credential's window (the mock cannot tell which tokens share a user); the mock reports the
 * window but does not refuse (ask for a 429 with `Prefer: code=429`).
 */
function rateLimitHeaders(now: () => number) {
  const windows = rateWindows(WINDOW_MS, false);
  // The window as each admitted request left it, for its reply.
  const counted = new WeakMap<MockRequest, RateWindow>();
  return {
    count(request: MockRequest): void {
      const window = windows.count(headerValue(request.headers, "authorization") ?? "", now());
      counted.set(request, { ...window });
    },
    add(request: MockRequest, reply: MockReply): MockReply {
      const window = counted.get(request);
      // A 429 (asked for with Prefer) says the window is used up.
      return window ? withRateLimitHeaders(reply, POINTS, window, WINDOW_MS, reply.status === 429) : reply;
    },
  };
}

export function leankitBehaviour(now: () => number = Date.now): Behaviour {
  const rateLimit = rateLimitHeaders(now);
  return {
    errorBody: statusCodeErrorBody,
    routeMethod: (request) => {
      const override = headerValue(request.headers, "x-http-method-override")?.toUpperCase();
      return request.method === "POST" && override && OVERRIDABLE.has(override) ? override : request.method;
    },
    admit: ({ request }) => {
      rateLimit.count(request);
      return undefined;
    },
    shape: slicePage,
    finish: (request, reply) => rateLimit.add(request, reply),
  };
}
