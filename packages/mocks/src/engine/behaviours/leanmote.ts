// Leanmote beyond its contract: the error envelope with the code that goes with each status,
// rate-limit headers on every answer (refusals included), a burst limit that answers 429
// with Retry-After, and list pages that follow the request: bracket date filters, `sort` and
// `order`, `page`/`per_page`, and `fields` trimming every record.
import { headerValue, type MockReply } from "../exchange.js";
import type { Behaviour, Exchange } from "../openapi-mock.js";
import { rateWindows, withRateLimitHeaders } from "./rate-limit.js";

/** The envelope code of each status, as the contract's ErrorEnvelope lists them. */
const CODES: Record<number, string> = {
  400: "VALIDATION_ERROR",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  429: "RATE_LIMITED",
  500: "SERVER_ERROR",
};

export const envelopeErrorBody = (status: number, message: string) => ({
  status: "error",
  error: { code: CODES[status] ?? (status >= 500 ? "SERVER_ERROR" : "VALIDATION_ERROR"), message },
});

export interface BurstLimit {
  requests: number;
  perMs: number;
}

/** The hourly allowance the headers report (the standard plan's). */
const HOURLY = 1000;
const HOUR_MS = 3_600_000;

type Row = Record<string, unknown>;
const FILTER = /^([a-z_]+)\[(eq|gte|lte|gt|lt)\]$/;
const DAY_MS = 86_400_000;

/** The instants a bound names, as [from, to): a date is its whole day, a date-time one millisecond; UTC unless zoned. */
function span(text: string): { from: number; to: number } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const from = Date.parse(`${text}T00:00:00Z`);
    return { from, to: from + DAY_MS };
  }
  const from = Date.parse(/(?:Z|[+-]\d{2}:\d{2})$/i.test(text) ? text : `${text}Z`);
  return { from, to: from + 1 };
}

/** "On or after this date" and the like, so that `created_at[lte]=2024-12-31` keeps the whole of that day. */
const COMPARE: Record<string, (value: number, bound: { from: number; to: number }) => boolean> = {
  eq: (value, { from, to }) => value >= from && value < to,
  gte: (value, { from }) => value >= from,
  lte: (value, { to }) => value < to,
  gt: (value, { to }) => value >= to,
  lt: (value, { from }) => value < from,
};

/** The properties `fields` asks for; a dot path reaches into an object, or into each record of an array. */
function pick(record: unknown, fields: string[]): unknown {
  if (Array.isArray(record)) return record.map((item) => pick(item, fields));
  if (record === null || typeof record !== "object") return record;
  // Each property asked for, with the paths asked for inside it ("whole": the property itself).
  const wanted = new Map<string, string[] | "whole">();
  for (const field of fields) {
    const [head, ...rest] = field.split(".") as [string, ...string[]];
    const inner = wanted.get(head);
    wanted.set(head, rest.length === 0 || inner === "whole" ? "whole" : [...(inner ?? []), rest.join(".")]);
  }
  const picked: Row = {};
  for (const [key, inner] of wanted) {
    if (!Object.hasOwn(record, key)) continue;
    const value = (record as Row)[key];
    if (inner === "whole") picked[key] = value;
    // A scalar has nothing inside to select: `name.first` on a string name selects nothing.
    else if (value !== null && typeof value === "object") picked[key] = pick(value, inner);
  }
  return picked;
}

/** The example's records as the request asks for them; the example itself when it asks for nothing. */
function shapeList({ params }: Exchange, body: unknown): unknown {
  if (body === null || typeof body !== "object" || !("data" in body)) return body;
  const envelope = body as { data: unknown; meta?: Row };
  const filters = Object.entries(params).flatMap(([name, value]) => {
    const match = FILTER.exec(name);
    return match ? [{ field: match[1]!, test: COMPARE[match[2]!]!, bound: span(String(value)) }] : [];
  });
  const fields = Array.isArray(params.fields) ? (params.fields as string[]) : undefined;
  const paging = params.page !== undefined || params.per_page !== undefined;
  const sorting = params.sort !== undefined || params.order !== undefined;
  if (!Array.isArray(envelope.data)) return fields ? { ...envelope, data: pick(envelope.data, fields) } : body;
  if (!filters.length && !fields && !paging && !sorting) return body;

  // A record the example shows without the field (or with no date in it) says nothing about the
  // filter, so it stays: filtering it out would empty lists like /v1/apps for any date at all.
  let rows = (envelope.data as Row[]).filter((row) =>
    filters.every(({ field, test, bound }) => {
      const value = Date.parse(String(row?.[field]));
      return Number.isNaN(value) || test(value, bound);
    }),
  );
  if (sorting) {
    const key = typeof params.sort === "string" ? params.sort : "created_at";
    const direction = params.order === "asc" ? 1 : -1;
    rows = [...rows].sort((a, b) =>
      String(a[key] ?? "") < String(b[key] ?? "")
        ? -direction
        : String(a[key] ?? "") > String(b[key] ?? "")
          ? direction
          : 0,
    );
  }
  const page = typeof params.page === "number" ? params.page : 1;
  const perPage = typeof params.per_page === "number" ? params.per_page : 50;
  const total = rows.length;
  const data = rows.slice((page - 1) * perPage, page * perPage).map((row) => (fields ? pick(row, fields) : row));
  const meta = envelope.meta && {
    ...envelope.meta,
    page,
    per_page: perPage,
    total,
    total_pages: Math.ceil(total / perPage),
    ...(sorting ? { sort: params.sort ?? "created_at", order: params.order ?? "desc" } : {}),
  };
  return { ...envelope, data, ...(meta ? { meta } : {}) };
}

export function leanmoteBehaviour(burst: BurstLimit | false, now: () => number = Date.now): Behaviour {
  // Counted per credential, as the API counts per token.
  const hourly = rateWindows(HOUR_MS, true);
  const bursts = burst && { ...burst, windows: rateWindows(burst.perMs, true) };
  const keyOf = (authorization: string | undefined) => authorization ?? "anonymous";
  return {
    errorBody: envelopeErrorBody,
    admit: ({ request }) => {
      if (!bursts) return undefined;
      const window = bursts.windows.count(keyOf(headerValue(request.headers, "authorization")), now());
      if (window.count <= bursts.requests) return undefined;
      const wait = Math.max(1, Math.ceil((window.start + bursts.perMs - now()) / 1000));
      return { status: 429, message: "Rate limit exceeded", headers: { "retry-after": String(wait) } };
    },
    shape: shapeList,
    finish: (request, reply): MockReply => {
      const window = hourly.count(keyOf(headerValue(request.headers, "authorization")), now());
      return withRateLimitHeaders(reply, HOURLY, window, HOUR_MS);
    },
  };
}
