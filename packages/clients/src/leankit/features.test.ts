// Paging, retries, method override and the token flow, against a loopback server that
// records exactly what the client sends.
import { afterEach, describe, expect, it } from "vitest";
import { type RecordedRequest, sendJson, startLoopbackServer } from "../test-support/loopback-server.js";
import { createLeanKitClient, createLeanKitClientWithNewToken, LeanKitApiError, paginate } from "./index.js";

let server: Awaited<ReturnType<typeof startLoopbackServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const board = (n: number) => ({
  id: String(1000 + n),
  title: `Board ${n}`,
  boardRoleId: 4,
  isWelcome: false,
  boardRole: "boardAdministrator",
});

/** Serves `total` boards a page at a time, honouring limit and offset like LeanKit. */
function boardPages(total: number) {
  return (req: RecordedRequest, res: Parameters<Parameters<typeof startLoopbackServer>[0]>[1]) => {
    const query = new URL(req.url, "http://x").searchParams;
    const limit = Number(query.get("limit") ?? 200);
    const offset = Number(query.get("offset") ?? 0);
    const boards = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => board(offset + i));
    sendJson(res, 200, {
      pageMeta: {
        totalRecords: total,
        offset,
        limit,
        startRow: boards.length ? offset + 1 : 0,
        endRow: offset + boards.length,
      },
      boards,
    });
  };
}

describe("paginate", () => {
  it("walks every page with limit/offset and stops after the last one", async () => {
    server = await startLoopbackServer(boardPages(5));
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: "t" } });
    const titles: string[] = [];
    for await (const b of paginate(client, "/io/board", "boards", { query: { limit: 2, search: "Board" } }))
      titles.push(b.title);
    expect(titles).toEqual(["Board 0", "Board 1", "Board 2", "Board 3", "Board 4"]);
    expect(server.requests.map((r) => r.url)).toEqual([
      "/io/board?limit=2&search=Board&offset=0",
      "/io/board?limit=2&search=Board&offset=2",
      "/io/board?limit=2&search=Board&offset=4",
    ]);
  });

  it("makes one request for an exact last page and for an empty list", async () => {
    server = await startLoopbackServer(boardPages(4));
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: "t" } });
    let count = 0;
    for await (const _ of paginate(client, "/io/board", "boards", { query: { limit: 4 } })) count++;
    expect(count).toBe(4);
    expect(server.requests).toHaveLength(1);
    await server.close();
    server = await startLoopbackServer(boardPages(0));
    const empty = createLeanKitClient({ baseUrl: server.url, auth: { token: "t" } });
    for await (const _ of paginate(empty, "/io/board", "boards")) count++;
    expect(count).toBe(4);
    expect(server.requests).toHaveLength(1);
  });

  it("fetches lazily: breaking out early stops the requests", async () => {
    server = await startLoopbackServer(boardPages(10));
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: "t" } });
    for await (const b of paginate(client, "/io/board", "boards", { query: { limit: 3 } })) if (b.id === "1001") break;
    expect(server.requests).toHaveLength(1);
  });
});

describe("paginate safeguards", () => {
  const collect = async (iterable: AsyncIterable<{ id: string }>) => {
    const ids: string[] = [];
    try {
      for await (const item of iterable) ids.push(item.id);
      return { ids };
    } catch (error) {
      return { ids, error: error as LeanKitApiError };
    }
  };

  it("stops quietly at maxPages and at maxItems, without fetching further", async () => {
    server = await startLoopbackServer(boardPages(10));
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: "t" } });
    const byPages = await collect(paginate(client, "/io/board", "boards", { query: { limit: 2 }, maxPages: 2 }));
    expect(byPages).toEqual({ ids: ["1000", "1001", "1002", "1003"] });
    expect(server.requests).toHaveLength(2);
    const byItems = await collect(paginate(client, "/io/board", "boards", { query: { limit: 2 }, maxItems: 3 }));
    expect(byItems).toEqual({ ids: ["1000", "1001", "1002"] });
    expect(server.requests).toHaveLength(4);
  });

  it("rejects a page that repeats the one before it, even with the offset echoed", async () => {
    server = await startLoopbackServer((req, res) => {
      const offset = Number(new URL(req.url, "http://x").searchParams.get("offset"));
      sendJson(res, 200, {
        pageMeta: { totalRecords: 6, offset, limit: 2, startRow: offset + 1, endRow: offset + 2 },
        boards: [board(0), board(1)],
      });
    });
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: "t" } });
    const { ids, error } = await collect(paginate(client, "/io/board", "boards", { query: { limit: 2 } }));
    expect(ids).toEqual(["1000", "1001"]);
    expect(error).toBeInstanceOf(LeanKitApiError);
    expect(error).toMatchObject({ kind: "pagination", status: 200, operation: "GET /io/board" });
    expect(error!.message).toBe("LeanKit GET /io/board failed: the page at 2 repeats the page before it (HTTP 200)");
    expect(server.requests).toHaveLength(2);
  });

  it("rejects an answer that is not a page with the family's error", async () => {
    server = await startLoopbackServer((_req, res) => sendJson(res, 200, { boards: "none" }));
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: "t" } });
    const { error } = await collect(paginate(client, "/io/board", "boards"));
    expect(error).toBeInstanceOf(LeanKitApiError);
    expect(error).toMatchObject({ kind: "invalid-response" });
  });
});

describe("retries", () => {
  it("repeats a POST after 503, waiting as Retry-After says", async () => {
    let calls = 0;
    server = await startLoopbackServer((_req, res) =>
      ++calls < 3
        ? sendJson(res, 503, { statusCode: 503, error: "Service Unavailable", message: "busy" }, { "retry-after": "0" })
        : sendJson(res, 201, { id: "1", token: "abc", description: "d", createdOn: "2020-01-14T22:28:10.798Z" }),
    );
    const client = createLeanKitClient({ baseUrl: server.url, auth: { username: "u", password: "p" } });
    const { data } = await client.POST("/io/auth/token", { body: { description: "d" } });
    expect(data?.token).toBe("abc");
    expect(server.requests.map((r) => `${r.method} ${r.body}`)).toEqual(Array(3).fill('POST {"description":"d"}'));
  });

  it("waits for X-RateLimit-Reset when a 429 has no Retry-After", async () => {
    let calls = 0;
    server = await startLoopbackServer((_req, res) =>
      ++calls === 1
        ? sendJson(
            res,
            429,
            { statusCode: 429, error: "Too Many Requests", message: "x" },
            { "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000)) },
          )
        : sendJson(res, 200, { tokens: [] }),
    );
    const client = createLeanKitClient({ baseUrl: server.url, auth: { username: "u", password: "p" } });
    const started = Date.now();
    await client.GET("/io/auth/token");
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_500); // the reset is at most a second away
  });

  it("gives up at once when the server asks for a longer wait than allowed", async () => {
    server = await startLoopbackServer((_req, res) =>
      sendJson(res, 429, { statusCode: 429, error: "Too Many Requests", message: "x" }, { "retry-after": "120" }),
    );
    const client = createLeanKitClient({
      baseUrl: server.url,
      auth: { token: "t" },
      retry: { retries: 5, maxDelayMs: 1_000 },
    });
    const error = await client.GET("/io/user/me").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeanKitApiError);
    expect((error as LeanKitApiError).status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });

  it("bounds the total time: no retry starts past maxElapsedMs", async () => {
    server = await startLoopbackServer((_req, res) =>
      sendJson(res, 503, { statusCode: 503, error: "x", message: "x" }, { "retry-after": "1" }),
    );
    const client = createLeanKitClient({
      baseUrl: server.url,
      auth: { token: "t" },
      retry: { retries: 5, maxElapsedMs: 1_500 },
    });
    await expect(client.GET("/io/user/me")).rejects.toBeInstanceOf(LeanKitApiError);
    expect(server.requests).toHaveLength(2); // the second wait would end past 1.5 s
  });

  it("bounds the attempts", async () => {
    server = await startLoopbackServer((_req, res) =>
      sendJson(res, 503, { statusCode: 503, error: "x", message: "x" }, { "retry-after": "0" }),
    );
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: "t" }, retry: { retries: 3 } });
    await expect(client.GET("/io/user/me")).rejects.toBeInstanceOf(LeanKitApiError);
    expect(server.requests).toHaveLength(4);
  });
});

describe("method override", () => {
  it("sends DELETE as POST with X-HTTP-Method-Override and an empty body", async () => {
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const client = createLeanKitClient({
      baseUrl: server.url,
      auth: { username: "u", password: "p" },
      methodOverride: true,
    });
    const { response } = await client.DELETE("/io/auth/token/{tokenId}", { params: { path: { tokenId: "42" } } });
    expect(response.status).toBe(204);
    const [sent] = server.requests;
    expect(sent).toMatchObject({ method: "POST", url: "/io/auth/token/42", body: "" });
    expect(sent!.headers["x-http-method-override"]).toBe("DELETE");
    // A POST's length is said even when empty; there is no body to give a type.
    expect(sent!.headers["content-length"]).toBe("0");
    expect(sent!.headers["content-type"]).toBeUndefined();
  });

  it("reports errors under the real method", async () => {
    server = await startLoopbackServer((_req, res) =>
      sendJson(res, 404, { statusCode: 404, error: "Not Found", message: "no token" }),
    );
    const client = createLeanKitClient({
      baseUrl: server.url,
      auth: { username: "u", password: "p" },
      methodOverride: true,
    });
    const error = (await client
      .DELETE("/io/auth/token/{tokenId}", { params: { path: { tokenId: "42" } } })
      .catch((e: unknown) => e)) as LeanKitApiError;
    expect(error.method).toBe("DELETE");
    expect(error.path).toBe("/io/auth/token/{tokenId}");
  });

  it("leaves GET and POST alone", async () => {
    server = await startLoopbackServer((_req, res) => sendJson(res, 200, { tokens: [] }));
    const client = createLeanKitClient({
      baseUrl: server.url,
      auth: { username: "u", password: "p" },
      methodOverride: true,
    });
    await client.GET("/io/auth/token");
    expect(server.requests[0]!.method).toBe("GET");
    expect(server.requests[0]!.headers["x-http-method-override"]).toBeUndefined();
  });
});

describe("middleware of the caller's", () => {
  it("sees each request as sent (method override included) and every failure stays a LeanKitApiError", async () => {
    server = await startLoopbackServer((req, res) => {
      if (req.url === "/io/auth/token/stall") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.write("{");
      }
      sendJson(res, 404, { statusCode: 404, error: "Not Found", message: "no token" });
    });
    const client = createLeanKitClient({
      baseUrl: server.url,
      auth: { token: "middleware-token" },
      methodOverride: true,
      // Long enough for the calls that are answered to finish on a loaded machine.
      timeoutMs: 2_000,
    });
    const seen: string[] = [];
    const recorder = {
      onRequest: ({ request }: { request: Request }) => {
        seen.push(
          `${request.method} ${request.headers.get("x-http-method-override")} ${request.headers.get("authorization")}`,
        );
        return undefined;
      },
    };
    client.use(recorder);
    const refused = await client
      .DELETE("/io/auth/token/{tokenId}", { params: { path: { tokenId: "42" } } })
      .catch((e: unknown) => e);
    expect(seen).toEqual(["POST DELETE Bearer middleware-token"]);
    expect(refused).toBeInstanceOf(LeanKitApiError);
    expect(refused).toMatchObject({ kind: "http", status: 404, method: "DELETE" });
    const stalled = await client
      .DELETE("/io/auth/token/{tokenId}", { params: { path: { tokenId: "stall" } } })
      .catch((e: unknown) => e);
    expect(stalled).toMatchObject({ name: "LeanKitApiError", kind: "timeout" });
    client.eject(recorder);
    await client.DELETE("/io/auth/token/{tokenId}", { params: { path: { tokenId: "42" } } }).catch(() => undefined);
    expect(seen).toHaveLength(2);
    expect(server.requests.at(-1)).toMatchObject({ method: "POST" });
    expect(server.requests.at(-1)!.headers["x-http-method-override"]).toBe("DELETE");
  });

  it("pass their own errors through as they are", async () => {
    server = await startLoopbackServer((_req, res) => sendJson(res, 200, { id: "1" }));
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: "t" } });
    class Veto extends Error {}
    client.use({
      onResponse: () => {
        throw new Veto("not this one");
      },
    });
    await expect(client.GET("/io/user/me")).rejects.toBeInstanceOf(Veto);
  });
});

describe("createLeanKitClientWithNewToken", () => {
  it("creates a token with Basic, then authenticates with Bearer", async () => {
    server = await startLoopbackServer((req, res) =>
      req.url === "/io/auth/token"
        ? sendJson(res, 201, {
            id: "77",
            token: "fresh-token",
            description: "ci",
            createdOn: "2020-01-14T22:28:10.798Z",
          })
        : sendJson(res, 200, { id: "25012" }),
    );
    const { client, token } = await createLeanKitClientWithNewToken({
      baseUrl: server.url,
      credentials: { username: "ada@example.com", password: "pw" },
      description: "ci",
    });
    expect(token.id).toBe("77");
    await client.GET("/io/user/me");
    const [create, me] = server.requests;
    expect(create).toMatchObject({ method: "POST", url: "/io/auth/token", body: '{"description":"ci"}' });
    expect(create!.headers.authorization).toBe(`Basic ${Buffer.from("ada@example.com:pw").toString("base64")}`);
    expect(me!.headers.authorization).toBe("Bearer fresh-token");
  });
});
