import type { paths } from "../generated/leankit.js";
import type { LeanKitClient } from "./client.js";

type JsonOk<Operation> = Operation extends { responses: { 200: { content: { "application/json": infer Body } } } }
  ? Body
  : never;
type GetOf<P extends keyof paths> = paths[P] extends { get: infer Operation } ? Operation : never;

/** The list operations that page with limit/offset and answer with `pageMeta`. */
export type PagedPath = {
  [P in keyof paths]: JsonOk<GetOf<P>> extends { pageMeta: unknown } ? P : never;
}[keyof paths];

type PageBody<P extends PagedPath> = JsonOk<GetOf<P>>;
/** The array-valued fields of a page, e.g. `"boards"` for `/io/board`. */
export type ItemsKey<P extends PagedPath> = {
  [K in keyof PageBody<P>]: PageBody<P>[K] extends readonly unknown[] ? K : never;
}[keyof PageBody<P>];
type ItemOf<P extends PagedPath, K extends ItemsKey<P>> = PageBody<P>[K] extends readonly (infer Item)[] ? Item : never;
type QueryOf<P extends PagedPath> = GetOf<P> extends { parameters: { query?: infer Query } } ? Query : never;
type PathParamsOf<P extends PagedPath> = GetOf<P> extends { parameters: { path?: infer Path } } ? Path : never;

export interface PaginateOptions<P extends PagedPath> {
  /** Path parameters of the list, e.g. `{ boardId }`. */
  path?: PathParamsOf<P>;
  /** Filters of the list; `limit` sets the page size, `offset` where to start. */
  query?: QueryOf<P>;
}

interface PageMeta {
  totalRecords: number;
  offset: number;
}

/**
 * Every item of a limit/offset list, fetched a page at a time as the loop asks for more:
 * `for await (const board of paginate(client, "/io/board", "boards")) …`.
 * It stops after the page that reaches `pageMeta.totalRecords`, or at an empty page.
 */
export async function* paginate<P extends PagedPath, K extends ItemsKey<P>>(
  client: LeanKitClient,
  path: P,
  items: K,
  options: PaginateOptions<P> = {},
): AsyncGenerator<ItemOf<P, K>, void, undefined> {
  const query = { ...(options.query as Record<string, unknown> | undefined) };
  let offset = Number(query.offset ?? 0);
  for (;;) {
    // The generic path defeats openapi-fetch's per-path overloads; the types above keep callers exact.
    const get = client.GET as unknown as (path: string, init: object) => Promise<{ data: Record<string, unknown> }>;
    const { data } = await get(path, { params: { path: options.path, query: { ...query, offset } } });
    const page = data[items as string] as ItemOf<P, K>[];
    const meta = data.pageMeta as PageMeta;
    yield* page;
    offset = meta.offset + page.length;
    if (page.length === 0 || offset >= meta.totalRecords) return;
  }
}
