// What a scenario created, read off the wire before any check: clean-up must remove a record
// even when the answer that created it breaks the contract (the client then rejects, and the
// scenario never sees the id), or a live API keeps a card or a token nobody knows about.

/** A `fetch` for a client that notes the `id` of every 2xx JSON answer to a POST on a path `creates` matches. */
export function createdRecords(
  creates: RegExp,
  send: (request: Request) => Promise<Response> = globalThis.fetch,
): { fetch: (request: Request) => Promise<Response>; ids: string[] } {
  const ids: string[] = [];
  return {
    ids,
    fetch: async (request) => {
      const response = await send(request);
      if (request.method === "POST" && response.ok && creates.test(new URL(request.url).pathname)) {
        const answer = (await response
          .clone()
          .json()
          .catch(() => undefined)) as { id?: unknown } | undefined;
        const id = answer?.id;
        if ((typeof id === "string" && id !== "") || typeof id === "number") ids.push(String(id));
      }
      return response;
    },
  };
}
