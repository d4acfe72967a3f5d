// The Leantime client against a loopback server that records exactly what it is sent.
import { afterEach, describe, expect, it } from "vitest";
import { sendJson, startLoopbackServer } from "../test-support/loopback-server.js";
import { createLeantimeClient, LeantimeRpcError } from "./index.js";

let server: Awaited<ReturnType<typeof startLoopbackServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ticket = { id: 11, headline: "Fix login" };

/** Answers each JSON-RPC request (or batch) with `answer(request)`. */
async function rpcServer(answer: (request: { method: string; id: number; params?: unknown }) => object) {
  server = await startLoopbackServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const payload =
      req.method === "GET"
        ? {
            ...Object.fromEntries(url.searchParams),
            id: Number(url.searchParams.get("id")),
            // As the server: the already-decoded value is URL-decoded once more before base64.
            params: JSON.parse(
              Buffer.from(decodeURIComponent(url.searchParams.get("params") ?? ""), "base64").toString() || "null",
            ),
          }
        : JSON.parse(req.body);
    const reply = (r: { method: string; id: number; params?: unknown }) => ({ jsonrpc: "2.0", id: r.id, ...answer(r) });
    sendJson(res, 200, Array.isArray(payload) ? payload.map(reply) : reply(payload));
  });
  return server;
}

describe("createLeantimeClient", () => {
  it("POSTs a JSON-RPC 2.0 request with x-api-key and params by name, and returns the result", async () => {
    const srv = await rpcServer(() => ({ result: ticket, extra: "older servers add members" }));
    const client = createLeantimeClient({ baseUrl: `${srv.url}/`, auth: { apiKey: "lt_key_1" } });
    await expect(client.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 11 })).resolves.toEqual(ticket);
    const [sent] = srv.requests;
    expect(sent).toMatchObject({ method: "POST", url: "/api/jsonrpc" });
    expect(sent!.headers["x-api-key"]).toBe("lt_key_1");
    expect(sent!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent!.body)).toEqual({
      jsonrpc: "2.0",
      method: "leantime.rpc.Tickets.Tickets.getTicket",
      id: 1,
      params: { id: 11 },
    });
  });

  it("sends the GET form: params as base64 JSON, URL-encoded twice (the server decodes twice)", async () => {
    const srv = await rpcServer(() => ({ result: ticket }));
    const client = createLeantimeClient({ baseUrl: srv.url, auth: { apiKey: "k" }, transport: "get" });
    await expect(client.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 9 })).resolves.toEqual(ticket);
    const url = new URL(srv.requests[0]!.url, "http://x");
    expect(srv.requests[0]!.method).toBe("GET");
    expect(url.searchParams.get("jsonrpc")).toBe("2.0");
    expect(url.searchParams.get("method")).toBe("leantime.rpc.Tickets.Tickets.getTicket");
    expect(decodeURIComponent(url.searchParams.get("params")!)).toBe(Buffer.from('{"id":9}').toString("base64"));
    expect(srv.requests[0]!.url).toContain("params=eyJpZCI6OX0%253D");
  });

  it("calls through the typed method tree and through aliases", async () => {
    const srv = await rpcServer((r) => ({ result: { ...ticket, id: (r.params as { id: number }).id } }));
    const client = createLeantimeClient({ baseUrl: srv.url, auth: { apiKey: "k" } });
    await expect(client.methods.Tickets.Tickets.getTicket({ id: 3 })).resolves.toEqual({ ...ticket, id: 3 });
    await client.call("leantime.rpc.tickets.getTicket", { id: 4 });
    expect(srv.requests.map((r) => JSON.parse(r.body).method)).toEqual([
      "leantime.rpc.Tickets.Tickets.getTicket",
      "leantime.rpc.tickets.getTicket",
    ]);
    expect((client.methods as unknown as { then?: unknown }).then).toBeUndefined();
  });

  it("generates a new id for every call", async () => {
    const srv = await rpcServer(() => ({ result: ticket }));
    const client = createLeantimeClient({ baseUrl: srv.url, auth: { apiKey: "k" } });
    await client.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 1 });
    await client.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 1 });
    expect(srv.requests.map((r) => JSON.parse(r.body).id)).toEqual([1, 2]);
  });

  it("throws LeantimeRpcError with code, message and data, never the API key", async () => {
    const srv = await rpcServer(() => ({
      error: { code: -32602, message: "Invalid params", data: { missing: "id" } },
    }));
    const client = createLeantimeClient({ baseUrl: srv.url, auth: { apiKey: "lt_secret_key" } });
    const error = (await client
      .call("leantime.rpc.Tickets.Tickets.getTicket", { id: 1 })
      .catch((e: unknown) => e)) as LeantimeRpcError;
    expect(error).toBeInstanceOf(LeantimeRpcError);
    expect(error).toMatchObject({ code: -32602, data: { missing: "id" }, status: 200, requestId: "1" });
    expect(error.operation).toBe("POST leantime.rpc.Tickets.Tickets.getTicket");
    expect(error.message).toBe(
      "Leantime POST leantime.rpc.Tickets.Tickets.getTicket failed with 200: Invalid params (-32602) (request id 1)",
    );
    expect(JSON.stringify(error) + String(error.stack)).not.toContain("lt_secret_key");
  });

  it("turns an HTTP failure without a JSON-RPC body into LeantimeRpcError too", async () => {
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(401, { "content-type": "text/html" });
      res.end("<h1>Unauthorized</h1>");
    });
    const client = createLeantimeClient({ baseUrl: server.url, auth: { apiKey: "k" } });
    const error = (await client
      .call("leantime.rpc.Tickets.Tickets.getTicket", { id: 1 })
      .catch((e: unknown) => e)) as LeantimeRpcError;
    expect(error).toMatchObject({ status: 401, body: "<h1>Unauthorized</h1>", code: undefined });
  });

  it("sends a batch and returns each outcome in order, successes and errors", async () => {
    const srv = await rpcServer((r) =>
      (r.params as { id: number }).id === 2
        ? { error: { code: -32603, message: "Internal error" } }
        : { result: { ...ticket, id: (r.params as { id: number }).id } },
    );
    const client = createLeantimeClient({ baseUrl: srv.url, auth: { apiKey: "k" } });
    const outcomes = await client.batch([
      { method: "leantime.rpc.Tickets.Tickets.getTicket", params: { id: 1 } },
      { method: "leantime.rpc.Tickets.Tickets.getTicket", params: { id: 2 } },
    ]);
    expect(srv.requests).toHaveLength(1);
    expect(JSON.parse(srv.requests[0]!.body)).toHaveLength(2);
    expect(outcomes[0]).toEqual({ ok: true, result: { ...ticket, id: 1 } });
    expect(outcomes[1]!.ok).toBe(false);
    expect(!outcomes[1]!.ok && outcomes[1]!.error.code).toBe(-32603);
  });

  it("rejects a batch answer that is neither a list nor an error with LeantimeRpcError", async () => {
    server = await startLoopbackServer((_req, res) => sendJson(res, 200, { jsonrpc: "2.0", result: "all fine" }));
    const client = createLeantimeClient({ baseUrl: server.url, auth: { apiKey: "k" } });
    const error = await client
      .batch([{ method: "leantime.rpc.Tickets.Tickets.getTicket", params: { id: 1 } }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeantimeRpcError);
    expect(error).toMatchObject({ kind: "invalid-response", operation: "POST batch" });
  });

  it("rejects an answer with neither result nor error, and one with a malformed error", async () => {
    let answer: object = { jsonrpc: "2.0", id: 1 };
    server = await startLoopbackServer((_req, res) => sendJson(res, 200, answer));
    const client = createLeantimeClient({ baseUrl: server.url, auth: { apiKey: "k" } });
    const call = () => client.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 1 }).catch((e: unknown) => e);
    expect(await call()).toMatchObject({ name: "LeantimeRpcError", kind: "invalid-response" });
    answer = { jsonrpc: "2.0", id: 2, error: "Unauthorized" };
    expect(await call()).toMatchObject({ name: "LeantimeRpcError", kind: "invalid-response" });
  });

  it("rejects a result for another request's id or for none; an error keeps the server's word whatever its id", async () => {
    let answer: object = {};
    server = await startLoopbackServer((_req, res) => sendJson(res, 200, answer));
    const client = createLeantimeClient({ baseUrl: server.url, auth: { apiKey: "k" } });
    const call = () => client.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 1 }).catch((e: unknown) => e);
    answer = { jsonrpc: "2.0", id: 7, result: ticket };
    const error = await call(); // id 1
    expect(error).toBeInstanceOf(LeantimeRpcError);
    expect(error).toMatchObject({ kind: "invalid-response", requestId: "1" });
    expect((error as Error).message).toContain("the answer is for request id 7, not 1");
    // The id as a string is this call's.
    answer = { jsonrpc: "2.0", id: "2", result: ticket };
    expect(await call()).toEqual(ticket);
    // A result without an id, or with a null one, answers no call in particular.
    for (const id of [undefined, null]) {
      answer = { jsonrpc: "2.0", id, result: ticket };
      const missing = await call();
      expect(missing).toMatchObject({ name: "LeantimeRpcError", kind: "invalid-response" });
      expect((missing as Error).message).toMatch(/the answer has a result but no id \(this call's is \d+\)/);
    }
    // Leantime answers a request it could not read with id 0.
    answer = { jsonrpc: "2.0", id: 0, error: { code: -32600, message: "Invalid Request" } };
    expect(await call()).toMatchObject({ kind: "rpc", code: -32600 });
  });

  it("sends a notification without an id", async () => {
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const client = createLeantimeClient({ baseUrl: server.url, auth: { apiKey: "k" } });
    await client.notify("leantime.rpc.Tickets.Tickets.getTicket", { id: 1 });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      jsonrpc: "2.0",
      method: "leantime.rpc.Tickets.Tickets.getTicket",
      params: { id: 1 },
    });
  });

  it("sends a personal access token as Authorization: Bearer, and no x-api-key", async () => {
    const srv = await rpcServer(() => ({ result: ticket }));
    const client = createLeantimeClient({ baseUrl: srv.url, auth: { token: "pat-123" } });
    await expect(client.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 11 })).resolves.toEqual(ticket);
    expect(srv.requests[0]!.headers.authorization).toBe("Bearer pat-123");
    expect(srv.requests[0]!.headers["x-api-key"]).toBeUndefined();
    expect(() => createLeantimeClient({ baseUrl: srv.url, auth: { token: "" } })).toThrow(
      /client not created: auth\.token is empty/,
    );
  });

  it("sends GET params whose base64 holds a '+' so that the server's second URL-decoding keeps it", async () => {
    const srv = await rpcServer((r) => ({ result: r.params }));
    const client = createLeantimeClient({ baseUrl: srv.url, auth: { apiKey: "k" }, transport: "get" });
    // {"id":"x~"} is eyJpZCI6Inh+In0= in base64.
    await expect(client.call("leantime.rpc.Tickets.Tickets.getTicket", { id: "x~" })).resolves.toEqual({ id: "x~" });
    expect(srv.requests[0]!.url).toContain("params=eyJpZCI6Inh%252BIn0%253D");
  });

  it("retries a 429 of the per-minute limit after the Retry-After it sends", async () => {
    let calls = 0;
    server = await startLoopbackServer((_req, res) => {
      calls += 1;
      if (calls === 1) {
        res.writeHead(429, {
          "content-type": "application/json",
          "retry-after": "0",
          "x-ratelimit-retry-after": "0",
          "x-ratelimit-remaining": "0",
          "x-ratelimit-limit": "100",
        });
        res.end(JSON.stringify({ error: "Too many requests per minute." }));
        return;
      }
      sendJson(res, 200, { jsonrpc: "2.0", id: 1, result: ticket });
    });
    const client = createLeantimeClient({ baseUrl: server.url, auth: { apiKey: "k" } });
    await expect(client.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 11 })).resolves.toEqual(ticket);
    expect(calls).toBe(2);
    const once = createLeantimeClient({ baseUrl: server.url, auth: { apiKey: "k" }, retry: false });
    calls = 0;
    const error = await once.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 11 }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "LeantimeRpcError",
      status: 429,
      body: '{"error":"Too many requests per minute."}',
    });
  });

  it("times out a call that takes too long", async () => {
    const client = createLeantimeClient({
      baseUrl: "http://127.0.0.1:9",
      auth: { apiKey: "k" },
      timeoutMs: 50,
      fetch: (request) =>
        new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason))),
    });
    const error = await client.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeantimeRpcError);
    expect(error).toMatchObject({ kind: "timeout", cause: { name: "TimeoutError" } });
  });
});
