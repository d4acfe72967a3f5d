import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendJson, startLoopbackServer } from "../test-support/loopback-server.js";
import { createLeanKitClient, LeanKitApiError } from "./index.js";

const TOKEN = "s3cr3t-token-value";
const board = { id: "943188457", title: "Example board", version: "118", lanes: [], cardTypes: [] };

let server: Awaited<ReturnType<typeof startLoopbackServer>>;
let attempts = 0;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    if (req.url === "/io/board/943188457") return sendJson(res, 200, board);
    if (req.url === "/io/board/404") {
      return sendJson(
        res,
        404,
        { statusCode: 404, error: "Not Found", message: "Board not found" },
        { "x-request-id": "req-42" },
      );
    }
    if (req.url === "/io/card/1") {
      res.writeHead(502, { "content-type": "text/html" });
      return res.end("<html>Bad gateway</html>");
    }
    if (req.url?.startsWith("/io/board?")) {
      attempts++;
      if (attempts === 1) {
        return sendJson(
          res,
          429,
          { statusCode: 429, error: "Too Many Requests", message: "slow down" },
          { "retry-after": "0" },
        );
      }
      return sendJson(res, 200, {
        pageMeta: { totalRecords: 0, offset: 0, limit: 5, startRow: 0, endRow: 0 },
        boards: [],
      });
    }
    if (req.url === "/io/auth/token")
      return sendJson(res, 502, { statusCode: 502, error: "Bad Gateway", message: "upstream" });
    sendJson(res, 500, { statusCode: 500, error: "Internal Server Error", message: "unexpected" });
  });
});
afterAll(() => server.close());

describe("createLeanKitClient", () => {
  it("sends the Bearer token, Accept and User-Agent, and returns the typed body", async () => {
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: TOKEN }, userAgent: "leanapis-test/1" });
    const { data, response } = await client.GET("/io/board/{boardId}", { params: { path: { boardId: "943188457" } } });
    expect(response.status).toBe(200);
    expect(data?.title).toBe("Example board");
    const sent = server.requests.at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.headers.accept).toBe("application/json");
    expect(sent.headers["user-agent"]).toBe("leanapis-test/1");
  });

  it("sends Basic credentials as base64 of username:password (UTF-8)", async () => {
    const client = createLeanKitClient({
      baseUrl: server.url,
      auth: { username: "zoë@example.com", password: "p:ss" },
    });
    await client.GET("/io/board/{boardId}", { params: { path: { boardId: "943188457" } } });
    const header = server.requests.at(-1)!.headers.authorization!;
    expect(header.startsWith("Basic ")).toBe(true);
    expect(Buffer.from(header.slice(6), "base64").toString("utf8")).toBe("zoë@example.com:p:ss");
  });

  it("derives https://{host}.leankit.com from host", async () => {
    const urls: string[] = [];
    const client = createLeanKitClient({
      host: "myaccount",
      auth: { token: TOKEN },
      fetch: async (request) => {
        urls.push(request.url);
        return Response.json(board);
      },
    });
    await client.GET("/io/board/{boardId}", { params: { path: { boardId: "943188457" } } });
    expect(urls).toEqual(["https://myaccount.leankit.com/io/board/943188457"]);
  });

  it("throws LeanKitApiError with status, body, operation and request id, never the token", async () => {
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: TOKEN } });
    const error = await client
      .GET("/io/board/{boardId}", { params: { path: { boardId: "404" } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeanKitApiError);
    const apiError = error as LeanKitApiError;
    expect(apiError.status).toBe(404);
    expect(apiError.body).toEqual({ statusCode: 404, error: "Not Found", message: "Board not found" });
    expect(apiError.operation).toBe("GET /io/board/{boardId}");
    expect(apiError.requestId).toBe("req-42");
    expect(apiError.message).toBe(
      "LeanKit GET /io/board/{boardId} failed with 404: Board not found (request id req-42)",
    );
    for (const rendering of [
      apiError.message,
      apiError.stack ?? "",
      inspect(apiError, { depth: 5 }),
      JSON.stringify(apiError),
    ]) {
      expect(rendering).not.toContain(TOKEN);
    }
  });

  it("keeps a non-JSON error body as text", async () => {
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: TOKEN }, retry: false });
    const error = (await client
      .GET("/io/card/{cardId}", { params: { path: { cardId: "1" } } })
      .catch((e: unknown) => e)) as LeanKitApiError;
    expect(error.status).toBe(502);
    expect(error.body).toBe("<html>Bad gateway</html>");
  });

  it("retries a 429 after Retry-After and returns the later success", async () => {
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: TOKEN } });
    const before = server.requests.length;
    const { data } = await client.GET("/io/board", { params: { query: { limit: 5 } } });
    expect(data?.boards).toEqual([]);
    expect(server.requests.length - before).toBe(2);
  });

  it("does not repeat a non-idempotent request after a 502", async () => {
    const client = createLeanKitClient({ baseUrl: server.url, auth: { username: "u", password: "p" } });
    const before = server.requests.length;
    const error = (await client
      .POST("/io/auth/token", { body: { description: "job" } })
      .catch((e: unknown) => e)) as LeanKitApiError;
    expect(error.status).toBe(502);
    expect(server.requests.length - before).toBe(1);
    expect(JSON.parse(server.requests.at(-1)!.body)).toEqual({ description: "job" });
  });

  it("aborts an attempt that exceeds timeoutMs, with a LeanKitApiError of kind timeout", async () => {
    const client = createLeanKitClient({
      baseUrl: "http://127.0.0.1:9",
      auth: { token: TOKEN },
      timeoutMs: 50,
      fetch: (request) =>
        new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason))),
    });
    const error = await client.GET("/io/user/me").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeanKitApiError);
    expect(error).toMatchObject({ kind: "timeout", status: 0, cause: { name: "TimeoutError" } });
    expect((error as Error).message).toBe("LeanKit GET /io/user/me failed: no complete response within 50 ms");
  });
});
