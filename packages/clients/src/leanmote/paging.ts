import type { paths } from "../generated/leanmote.js";
import type { LeanmoteClient, LeanmoteSchema } from "./client.js";

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

/** Awaits a call and returns the envelope's `data` and `meta`: `const { data } = await unwrap(client.GET(…))`. */
export async function unwrap<Data>(call: Promise<{ data?: { data: Data; meta?: Meta } }>): Promise<Unwrapped<Data>> {
  const { data: envelope } = await call;
  return { data: envelope!.data, meta: envelope!.meta };
}

export interface PaginateOptions<P extends PagedPath> {
  path?: PathParamsOf<P>;
  /** Filters, sorting, field selection; `per_page` sets the page size (at most 100). */
  query?: QueryOf<P>;
}

/**
 * Every record of a paged list, a page at a time as the loop asks for more, driven by
 * `meta.total_pages`: `for await (const team of paginate(client, "/v1/teams")) …`.
 */
export async function* paginate<P extends PagedPath>(
  client: LeanmoteClient,
  path: P,
  options: PaginateOptions<P> = {},
): AsyncGenerator<ItemOf<P>, void, undefined> {
  const query = { ...(options.query as Record<string, unknown> | undefined) };
  // The generic path defeats openapi-fetch's per-path overloads; the types above keep callers exact.
  const get = client.GET as unknown as (
    path: string,
    init: object,
  ) => Promise<{ data: { data: ItemOf<P>[]; meta?: Meta } }>;
  for (let page = Number(query.page ?? 1); ; page++) {
    const { data: envelope } = await get(path, { params: { path: options.path, query: { ...query, page } } });
    yield* envelope.data;
    const totalPages = envelope.meta?.total_pages ?? page;
    if (envelope.data.length === 0 || page >= totalPages) return;
  }
}
