import { familyOf, operationOf } from "../core/create-client.js";
import { notAPage, type PageLimits, walkPages } from "../core/paging.js";
import type { paths } from "../generated/leanmote.js";
import { type LeanmoteClient, type LeanmoteSchema, leanmoteFamily } from "./client.js";

type Meta = LeanmoteSchema<"Meta">;
type JsonOk<Operation> = Operation extends { responses: { 200: { content: { "application/json": infer Body } } } }
  ? Body
  : never;
type GetOf<P extends keyof paths> = paths[P] extends { get: infer Operation } ? Operation : never;
type QueryOf<P extends keyof paths> = GetOf<P> extends { parameters: { query?: infer Query } } ? Query : never;
type PathParamsOf<P extends keyof paths> = GetOf<P> extends { parameters: { path?: infer Path } } ? Path : never;

/** The GET operations whose envelope holds a list in `data` and takes `page`. */
export type PagedPath = {
  [P in keyof paths]: JsonOk<GetOf<P>> extends { data: readonly unknown[] }
    ? QueryOf<P> extends { page?: number }
      ? P
      : never
    : never;
}[keyof paths];
type ItemOf<P extends PagedPath> = JsonOk<GetOf<P>> extends { data: readonly (infer Item)[] } ? Item : never;

/** What a call answered, out of its envelope. */
export interface Unwrapped<Data> {
  data: Data;
  meta: Meta | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Awaits a call and returns the envelope's `data` and `meta`: `const { data } = await unwrap(client.GET(…))`.
 * An answer without an envelope (an empty body, JSON that is not an object with `data`)
 * rejects with a `LeanmoteApiError` of kind "invalid-response".
 */
export async function unwrap<Data>(call: Promise<{ data?: { data: Data; meta?: Meta } }>): Promise<Unwrapped<Data>> {
  const result = (await call) as { data?: unknown; response?: Response };
  const envelope = result.data;
  if (!isRecord(envelope) || !("data" in envelope)) {
    throw notAPage(
      operationOf(result.response).family ?? leanmoteFamily(),
      result.response,
      "the answer is not an envelope with data",
    );
  }
  return { data: envelope.data as Data, meta: envelope.meta as Meta | undefined };
}

export interface PaginateOptions<P extends PagedPath> extends PageLimits {
  path?: PathParamsOf<P>;
  /** Filters, sorting, field selection; `per_page` sets the page size (at most 100). */
  query?: QueryOf<P>;
}

/**
 * Every record of a paged list, a page at a time as the loop asks for more, driven by
 * `meta.total_pages`: `for await (const team of paginate(client, "/v1/teams")) …`.
 * It stops at an empty page or the last page, and quietly at `maxPages`/`maxItems`. A page
 * other than the one asked for (a server that ignores `page`) or the same page twice
 * rejects with a `LeanmoteApiError` of kind "pagination"; an answer that is not a page,
 * with kind "invalid-response".
 */
export function paginate<P extends PagedPath>(
  client: LeanmoteClient,
  path: P,
  options: PaginateOptions<P> = {},
): AsyncGenerator<ItemOf<P>, void, undefined> {
  const query = { ...(options.query as Record<string, unknown> | undefined) };
  // The generic path defeats openapi-fetch's per-path overloads; the types above keep callers exact.
  const get = client.GET as unknown as (path: string, init: object) => Promise<{ data: unknown; response: Response }>;
  const family = familyOf(client, leanmoteFamily);
  return walkPages(
    family,
    options,
    Number(query.page ?? 1),
    async (page) => {
      const { data: envelope, response } = await get(path, {
        params: { path: options.path, query: { ...query, page } },
      });
      if (!isRecord(envelope) || !Array.isArray(envelope.data))
        throw notAPage(family, response, "the answer is not an envelope with a list in data");
      const meta = isRecord(envelope.meta) ? envelope.meta : undefined;
      const totalPages = typeof meta?.total_pages === "number" ? meta.total_pages : undefined;
      return {
        page: {
          items: envelope.data as ItemOf<P>[],
          position: typeof meta?.page === "number" ? meta.page : undefined,
          // Without total_pages there is no telling that more pages exist.
          last: totalPages === undefined || page >= totalPages,
        },
        response,
      };
    },
    (page) => page + 1,
  );
}
