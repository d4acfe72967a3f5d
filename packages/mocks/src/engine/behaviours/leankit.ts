// LeanKit's server beyond its contract: `{statusCode, error, message}` errors, PUT/PATCH/DELETE
// sent as POST with `X-HTTP-Method-Override`, and list pages cut by `limit`/`offset` with a
// `pageMeta` that says where the page sits.
import { STATUS_CODES } from "node:http";
import { headerValue } from "../exchange.js";
import type { Behaviour, Exchange } from "../openapi-mock.js";

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

export const leankitBehaviour: Behaviour = {
  errorBody: statusCodeErrorBody,
  routeMethod: (request) => {
    const override = headerValue(request.headers, "x-http-method-override")?.toUpperCase();
    return request.method === "POST" && override && OVERRIDABLE.has(override) ? override : request.method;
  },
  shape: slicePage,
};
