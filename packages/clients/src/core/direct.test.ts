// Sending without fetch must not be told apart from sending with it: the same request on the
// wire, the same answer (status, reason, headers, decoded body) or the same failure, and a
// fetch patched in over Node's own still sees every call.
import type { ServerResponse } from "node:http";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { createLeanKitClient } from "../leankit/index.js";
import { createLeanmoteClient } from "../leanmote/index.js";
import { createLeantimeClient } from "../leantime/index.js";
import { loopbackServerForTest, SENDING, type Sending, sending, sendJson } from "../test-support/loopback-server.js";

/** `run`'s outcome sent each way: [without fetch, through a patched fetch]. */
async function bothWays<T>(run: () => Promise<T>): Promise<T[]> {
  const outcomes: T[] = [];
  for (const how of SENDING) outcomes.push(await sending(how, run));
  return outcomes;
}

describe("a request sent without fetch", () => {
  it("carries what Node's fetch sends: method, URL, headers and body", async () => {
    const server = await loopbackServerForTest((request, response) => {
      if (request.url !== "/api/jsonrpc") return sendJson(response, 200, { id: "1" });
      sendJson(response, 200, { jsonrpc: "2.0", id: (JSON.parse(request.body) as { id: unknown }).id, result: {} });
    });
    const { url } = server;
    // Made anew each way: the Leantime client numbers its calls.
    const calls = async () => {
      const leankit = createLeanKitClient({ baseUrl: url, auth: { token: "t0ken-value" }, userAgent: "job/1.0" });
      const leanmote = createLeanmoteClient({ baseUrl: url, auth: { token: "t0ken-value" }, burst: false });
      const leantime = createLeantimeClient({ baseUrl: url, auth: { apiKey: "api-key-value" } });
      await leankit.GET("/io/board", { params: { query: { limit: 2, search: "Jörg & co" } } });
      await leankit.POST("/io/auth/token", { body: { description: "ci job" } });
      await leankit.DELETE("/io/card/{cardId}", { params: { path: { cardId: "9" } } });
      await leanmote.GET("/v1/teams", { headers: { "Accept-Language": "de", "x-trace": " abc\t" } });
      // Fetch sends a conditional request past caches, asks for a range unencoded, and sends
      // the URL's host whatever the caller says.
      await leanmote.GET("/v1/teams", { headers: { "If-None-Match": '"v1"', range: "bytes=0-9", host: "elsewhere" } });
      await leantime.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 11 });
    };
    const recorded = await bothWays(async () => {
      server.requests.length = 0;
      await calls();
      return server.requests.map(({ headers: { host: _, ...headers }, ...rest }) => ({ ...rest, headers }));
    });
    expect(recorded[0]).toHaveLength(6);
    expect(recorded[0]).toEqual(recorded[1]);
    expect(recorded[0]?.[0]?.headers).toMatchObject({
      "user-agent": "job/1.0",
      "accept-encoding": "gzip, deflate",
      "sec-fetch-mode": "cors",
    });
    expect(recorded[0]?.[4]?.headers).toMatchObject({ pragma: "no-cache", "accept-encoding": "identity" });
  });

  it("closes no connection for a redirect whose body has come, nor for a refusal retried", async () => {
    let calls = 0;
    const server = await loopbackServerForTest((request, response) => {
      calls++;
      if (request.url === "/io/board/1") return sendJson(response, 302, { moved: true }, { location: "/io/board/2" });
      if (calls % 3 === 2) return sendJson(response, 503, { busy: true }, { "retry-after": "0" });
      sendJson(response, 200, { id: "2" });
    });
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: "t0ken-value" } });
    const closed = await bothWays(async () => {
      await client.GET("/io/board/{boardId}", { params: { path: { boardId: "1" } } });
      return server.connections().closed;
    });
    expect(calls).toBe(6);
    expect(closed).toEqual([0, 0]);
  });

  it.each(["get", "head"] as const)(
    "does not read a refusal of a %s that is retried: its size does not stop the retry",
    async (method) => {
      let calls = 0;
      const server = await loopbackServerForTest((_request, response) =>
        ++calls % 2 === 1
          ? sendJson(response, 503, { page: "x".repeat(4096) }, { "retry-after": "0" })
          : sendJson(response, 200, { id: "1" }),
      );
      const client = createLeanKitClient({
        baseUrl: server.url,
        auth: { token: "t0ken-value" },
        maxResponseBytes: 1024,
      });
      // No contract has a HEAD; the client sends one like any other method.
      const request = client.request as (method: string, path: string) => Promise<{ response: Response }>;
      const statuses = await bothWays(async () => (await request(method, "/io/board/1")).response.status);
      expect(statuses).toEqual([200, 200]);
      expect(calls).toBe(4);
    },
  );

  it("stops reading a body whose coding has ended, as fetch does", async () => {
    const server = await loopbackServerForTest((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-encoding": "deflate" });
      response.write(deflateSync('{"id":"1"}'));
      // Bytes after the end of the deflate stream, for as long as the connection is open.
      const flood = setInterval(() => response.write(Buffer.alloc(1024)), 5);
      response.on("close", () => clearInterval(flood));
    });
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: "t0ken-value" } });
    const answers = await bothWays(async () => {
      const { closed } = server.connections();
      const { data } = await client.GET("/io/board/{boardId}", { params: { path: { boardId: "1" } } });
      // Its connection is let go of while the server would still send.
      await vi.waitFor(() => expect(server.connections().closed).toBeGreaterThan(closed), { timeout: 10_000 });
      return data;
    });
    expect(answers).toEqual([{ id: "1" }, { id: "1" }]);
  });

  it("is not taken once the global fetch is patched: the patch sees every call", async () => {
    const server = await loopbackServerForTest((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "10" });
      response.end('{"id":"1"}');
    });
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: "t0ken-value" } });
    const get = () => client.GET("/io/board/{boardId}", { params: { path: { boardId: "7" } } });
    await get(); // Node's fetch makes the global dispatcher on its first call
    const native = globalThis.fetch;
    const seen: string[] = [];
    globalThis.fetch = (input, init) => {
      seen.push(String(input));
      return native(input, init);
    };
    try {
      // A Response that fetch made is "basic" (this one, of a declared length, is fetch's own);
      // one made by a client is "default".
      expect((await get()).response.type).toBe("basic");
      expect(seen).toEqual([`${server.url}/io/board/7`]);
    } finally {
      globalThis.fetch = native;
    }
    expect((await get()).response.type).toBe("default");
    expect(seen).toHaveLength(1);
  });
});

const JSON_BODY = Buffer.from('{"id":"1","title":"Jörg\'s card"}');

/** How the server answers: status, headers and the bytes of the body. */
interface Answer {
  status?: number;
  reason?: string;
  headers?: Record<string, string>;
  body: Buffer;
}

const ANSWERS: Record<string, Answer> = {
  "plain JSON": { body: JSON_BODY },
  gzip: { headers: { "content-encoding": "gzip" }, body: gzipSync(JSON_BODY) },
  "x-gzip, in capitals": { headers: { "content-encoding": "X-GZIP" }, body: gzipSync(JSON_BODY) },
  deflate: { headers: { "content-encoding": "deflate" }, body: deflateSync(JSON_BODY) },
  "raw deflate": { headers: { "content-encoding": "deflate" }, body: deflateRawSync(JSON_BODY) },
  br: { headers: { "content-encoding": "br" }, body: brotliCompressSync(JSON_BODY) },
  "gzip, then br": {
    headers: { "content-encoding": "gzip, br" },
    body: brotliCompressSync(gzipSync(JSON_BODY)),
  },
  "a coding fetch does not know": { headers: { "content-encoding": "zstd" }, body: JSON_BODY },
  "six codings": {
    headers: { "content-encoding": "gzip, gzip, gzip, gzip, gzip, gzip" },
    body: gzipSync(gzipSync(gzipSync(gzipSync(gzipSync(gzipSync(JSON_BODY)))))),
  },
  "gzip cut short": { headers: { "content-encoding": "gzip" }, body: gzipSync(JSON_BODY).subarray(0, -6) },
  "gzip with bytes after it": {
    headers: { "content-encoding": "gzip" },
    body: Buffer.concat([gzipSync(JSON_BODY), Buffer.from("trailing")]),
  },
  "an empty gzip body": { headers: { "content-encoding": "gzip" }, body: Buffer.alloc(0) },
  "not gzip at all": { headers: { "content-encoding": "gzip" }, body: JSON_BODY },
  "a reason beyond Latin-1": { reason: "Ça va ✓", body: JSON_BODY },
  "a status beyond 599": { status: 799, body: JSON_BODY },
  "a refusal": { status: 404, headers: { "x-request-id": "req-42" }, body: Buffer.from('{"message":"no"}') },
  "a 204 with a body": { status: 204, body: JSON_BODY },
  "six codings on a 204": {
    status: 204,
    headers: { "content-encoding": "gzip, gzip, gzip, gzip, gzip, gzip" },
    body: Buffer.alloc(0),
  },
  "a gzip refusal": { status: 500, headers: { "content-encoding": "gzip" }, body: gzipSync('{"message":"down"}') },
};

function answer(response: ServerResponse, { status = 200, reason, headers = {}, body }: Answer): void {
  // Written by hand: Node's writer would refuse a reason beyond Latin-1.
  response.socket?.write(
    [
      `HTTP/1.1 ${status} ${reason ?? "Whatever"}`,
      "content-type: application/json",
      `content-length: ${body.length}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      "",
      "",
    ].join("\r\n"),
  );
  response.socket?.end(body);
}

/** What a call ended with, as the caller sees it. */
async function outcome(how: Sending, baseUrl: string, maxResponseBytes?: number): Promise<unknown> {
  const client = createLeanKitClient({ baseUrl, auth: { token: "t0ken-value" }, retry: false, maxResponseBytes });
  // What middleware sees of the response, and of a copy of it.
  let seen: Record<string, unknown> = {};
  client.use({
    onResponse: ({ response }) => {
      const { status, statusText, ok, url } = response.clone();
      seen = { status, statusText, ok, url };
    },
  });
  return sending(how, async () => {
    try {
      const { data, response } = await client.GET("/io/card/{cardId}", { params: { path: { cardId: "1" } } });
      const { status, statusText, ok, url, headers } = response;
      return { data, status, statusText, ok, url, headers: [...headers], seen };
    } catch (error) {
      const { name, kind, status, message, requestId, body } = error as Record<string, unknown>;
      // Read whole, a body that fails does so before middleware sees its response.
      return { name, kind, status, message, requestId, body };
    }
  });
}

describe.each(Object.entries(ANSWERS))("an answer with %s", (_name, sent) => {
  it("reads the same sent without fetch as through fetch", async () => {
    const server = await loopbackServerForTest((_request, response) => answer(response, sent));
    const url = server.url;
    const [direct, viaFetch] = [await outcome(SENDING[0], url), await outcome(SENDING[1], url)];
    expect(direct).toEqual(viaFetch);
  });
});

describe("an answer read both ways", () => {
  it("answers the URL as fetch writes it: scheme and host in lower case", async () => {
    const server = await loopbackServerForTest((_request, response) =>
      answer(response, ANSWERS["plain JSON"] as Answer),
    );
    const url = server.url.replace("http://127.0.0.1", "HTTP://LOCALHOST");
    const [direct, viaFetch] = [await outcome(SENDING[0], url), await outcome(SENDING[1], url)];
    expect(direct).toEqual(viaFetch);
    expect(direct).toMatchObject({ url: `${server.url.replace("127.0.0.1", "localhost")}/io/card/1` });
  });

  // The limit counts the body as decoded, not as it came: gzip's frame makes a small body larger.
  it.each([
    ["under the limit decoded, over it encoded", 40, "resolves"],
    ["over the limit decoded", 20, "too-large"],
  ])("holds a gzip body %s to maxResponseBytes as fetch does", async (_name, limit, expected) => {
    const body = gzipSync(JSON_BODY);
    expect(body.length).toBeGreaterThan(40);
    expect(JSON_BODY.length).toBeLessThan(40);
    const server = await loopbackServerForTest((_request, response) =>
      answer(response, { headers: { "content-encoding": "gzip" }, body }),
    );
    const [direct, viaFetch] = [
      await outcome(SENDING[0], server.url, limit),
      await outcome(SENDING[1], server.url, limit),
    ];
    expect(direct).toEqual(viaFetch);
    expect(direct).toMatchObject(expected === "resolves" ? { status: 200 } : { kind: "too-large" });
  });
});
