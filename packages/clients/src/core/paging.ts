import { requestIdOf } from "./api-error.js";
import { type ErrorFamily, familyError, operationOf } from "./create-client.js";

/** Limits on how much of a paged list to read; both stop the walk quietly, as asked. */
export interface PageLimits {
  /** Fetch at most this many pages. Default: no limit. */
  maxPages?: number;
  /** Yield at most this many items (and fetch no page beyond them). Default: no limit. */
  maxItems?: number;
}

/** One page as a walk sees it: its items, and what it says about where it is. */
export interface Page<Item> {
  items: Item[];
  /** Where the server says the page starts (an offset, a page number), if it says. */
  position: number | undefined;
  /** Whether the server says there are no more pages after this one. */
  last: boolean;
}

/**
 * Walks a paged list that cannot run away: it stops at an empty page and at the last one,
 * stops quietly at `maxPages`/`maxItems`, and fails with a `pagination` error when the
 * server answers another page than the one asked for, or the same page again (a server
 * that ignores the paging parameters would otherwise be read for ever).
 */
export async function* walkPages<Item>(
  family: ErrorFamily,
  limits: PageLimits,
  /** The first request's position (offset or page number). */
  start: number,
  fetchPage: (position: number) => Promise<{ page: Page<Item>; response: Response }>,
  /** The position of the page after `page`, which was fetched at `position`. */
  next: (position: number, page: Page<Item>) => number,
): AsyncGenerator<Item, void, undefined> {
  const maxPages = limits.maxPages ?? Number.POSITIVE_INFINITY;
  let itemsLeft = limits.maxItems ?? Number.POSITIVE_INFINITY;
  let previous: string | undefined;
  let position = start;
  for (let pages = 0; pages < maxPages && itemsLeft > 0; pages++) {
    const { page, response } = await fetchPage(position);
    if (page.items.length === 0) return;
    const fail = (detail: string) => {
      const { method, path } = operationOf(response);
      const details = { status: response.status, body: null, method, path, requestId: requestIdOf(response) };
      return familyError(family, details, detail, { kind: "pagination" });
    };
    if (page.position !== undefined && page.position !== position)
      throw fail(`asked for the page at ${position}, the server answered the one at ${page.position}`);
    const fingerprint = JSON.stringify(page.items);
    if (fingerprint === previous) throw fail(`the page at ${position} repeats the page before it`);
    previous = fingerprint;
    const items = page.items.length > itemsLeft ? page.items.slice(0, itemsLeft) : page.items;
    itemsLeft -= items.length;
    yield* items;
    if (page.last) return;
    position = next(position, page);
  }
}

/** The family's error for an answer that is not a page of the list. */
export function notAPage(family: ErrorFamily, response: Response | undefined, detail: string): Error {
  const { method, path } = operationOf(response);
  const details = { status: response?.status ?? 0, body: null, method, path, requestId: requestIdOf(response) };
  return familyError(family, details, detail, { kind: "invalid-response" });
}
