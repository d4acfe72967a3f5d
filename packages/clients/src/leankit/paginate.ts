import { familyOf } from "../core/create-client.js";
import { notAPage, type PageLimits, walkPages } from "../core/paging.js";
import type { paths } from "../generated/leankit.js";
import { type LeanKitClient, leanKitFamily } from "./client.js";

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

export interface PaginateOptions<P extends PagedPath> extends PageLimits {
  /** Path parameters of the list, e.g. `{ boardId }`. */
  path?: PathParamsOf<P>;
  /** Filters of the list; `limit` sets the page size, `offset` where to start. */
  query?: QueryOf<P>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const numberOrUndefined = (value: unknown) => (typeof value === "number" ? value : undefined);

/**
 * Every item of a limit/offset list, fetched a page at a time as the loop asks for more:
 * `for await (const board of paginate(client, "/io/board", "boards")) …`.
 * It stops at an empty page or once `pageMeta.totalRecords` items have been read, and
 * quietly at `maxPages`/`maxItems`. A page other than the one asked for (a server that
 * ignores `offset`) or the same page twice rejects with a `LeanKitApiError` of kind
 * "pagination"; an answer that is not a page, with kind "invalid-response".
 */
export function paginate<P extends PagedPath, K extends ItemsKey<P>>(
  client: LeanKitClient,
  path: P,
  items: K,
  options: PaginateOptions<P> = {},
): AsyncGenerator<ItemOf<P, K>, void, undefined> {
  const query = { ...(options.query as Record<string, unknown> | undefined) };
  // The generic path defeats openapi-fetch's per-path overloads; the types above keep callers exact.
  const get = client.GET as unknown as (path: string, init: object) => Promise<{ data: unknown; response: Response }>;
  const family = familyOf(client, () => leanKitFamily(undefined));
  return walkPages(
    family,
    options,
    Number(query.offset ?? 0),
    async (offset) => {
      const { data, response } = await get(path, { params: { path: options.path, query: { ...query, offset } } });
      const list = isRecord(data) ? data[items as string] : undefined;
      const meta = isRecord(data) ? data.pageMeta : undefined;
      if (!Array.isArray(list) || !isRecord(meta))
        throw notAPage(family, response, `the answer is not a page with pageMeta and "${String(items)}"`);
      const totalRecords = numberOrUndefined(meta.totalRecords);
      const last = totalRecords !== undefined && offset + list.length >= totalRecords;
      return { page: { items: list as ItemOf<P, K>[], position: numberOrUndefined(meta.offset), last }, response };
    },
    (offset, page) => offset + page.items.length,
  );
}
