import { type AddressInfo, createServer } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createLeanKitClient, LeanKitApiError } from "../leankit/index.js";
import { createReportingClient, fetchRows, streamRows } from "../reporting/index.js";
import {
  type LoopbackServer,
  SENDING,
  sending,
  sendJson,
  startLoopbackServer,
} from "../test-support/loopback-server.js";
import { DEFAULT_TIMEOUT_MS, timeoutOf } from "./deadline.js";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Runs `use` against a server that answers every connection with `answer`, byte for byte, and closes it. */
async function withRawServer(answer: Buffer, use: (baseUrl: string) => Promise<void>): Promise<void> {
  const raw = createServer((socket) => socket.once("data", () => socket.end(answer)));
  await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
  try {
    await use(`http://127.0.0.1:${(raw.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => raw.close(resolve));
  }
}

describe("timeoutMs", () => {
  it("defaults to 30 s; false, Infinity and values a timer cannot hold mean no limit", () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
    expect(timeoutOf(undefined)).toBe(30_000);
    expect(timeoutOf(1_500)).toBe(1_500);
    expect(timeoutOf(false)).toBe(false);
    expect(timeoutOf(Number.POSITIVE_INFINITY)).toBe(false);
    expect(timeoutOf(2 ** 40)).toBe(false);
  });

  it("cuts off a stalled body without touching the calls that share its deadline", { timeout: 60_000 }, async () => {
    server = await startLoopbackServer((request, res) => {
      if (request.url.endsWith("/stall")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.write("{");
      } else sendJson(res, 200, { id: request.url });
    });
    // Long enough for the answered call to finish on a loaded machine.
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: "token-value" }, timeoutMs: 3_000 });
    const get = (id: string) => client.GET("/io/card/{cardId}", { params: { path: { cardId: id } } });
    // Started together, so they share one deadline.
    const [stalled, answered] = await Promise.allSettled([get("stall"), get("1")]);
    expect(stalled.status === "rejected" && stalled.reason).toBeInstanceOf(LeanKitApiError);
    expect(stalled.status === "rejected" && stalled.reason).toMatchObject({ kind: "timeout", status: 200 });
    expect(answered).toMatchObject({ status: "fulfilled", value: { data: { id: "/io/card/1" } } });
    // After the timeout, a new call has a deadline of its own.
    await expect(get("2")).resolves.toMatchObject({ data: { id: "/io/card/2" } });
  });
});

describe("retries", () => {
  it("stop waiting when the caller aborts, with the family's error", async () => {
    const controller = new AbortController();
    server = await startLoopbackServer((_req, res) => {
      sendJson(res, 503, { message: "busy" }, { "retry-after": "20" });
      controller.abort(new Error("shutting down"));
    });
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: "token-value" } });
    const error = await client.GET("/io/user/me", { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeanKitApiError);
    expect(error).toMatchObject({ kind: "aborted", cause: { message: "shutting down" } });
    expect(server.requests).toHaveLength(1);
  });

  it("send a POST body again, as it was, after a 503", async () => {
    let calls = 0;
    server = await startLoopbackServer((_req, res) =>
      ++calls === 1 ? sendJson(res, 503, { message: "busy" }, { "retry-after": "0" }) : sendJson(res, 201, {}),
    );
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: "token-value" } });
    await client.POST("/io/auth/token", { body: { description: "twice" } });
    expect(server.requests.map((r) => r.body)).toEqual(['{"description":"twice"}', '{"description":"twice"}']);
  });
});

describe("maxResponseBytes", () => {
  // A JSON array of `count` objects, sent with or without its length.
  const items = (count: number) => JSON.stringify(Array.from({ length: count }, (_, i) => ({ id: String(i) })));
  const serve = async () => {
    server = await startLoopbackServer((request, res) => {
      const [, declared, count] = /\/io\/card\/(sized|chunked)-(\d+)/.exec(request.url) ?? [];
      const body = items(Number(count));
      res.writeHead(200, {
        "content-type": "application/json",
        ...(declared === "sized" ? { "content-length": String(Buffer.byteLength(body)) } : {}),
      });
      res.end(body);
    });
    return server.url;
  };
  const get = (baseUrl: string, cardId: string, maxResponseBytes?: number | false) =>
    createLeanKitClient({ baseUrl, auth: { token: "token-value" }, maxResponseBytes }).GET("/io/card/{cardId}", {
      params: { path: { cardId } },
    });

  it("refuses a body one byte over, declared or counted, with a too-large error; one of the limit reads", async () => {
    const baseUrl = await serve();
    // 100 items: 1,191 bytes.
    for (const way of ["sized", "chunked"]) {
      const error = await get(baseUrl, `${way}-100`, 1_190).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LeanKitApiError);
      expect(error).toMatchObject({ kind: "too-large", status: 200, operation: "GET /io/card/{cardId}" });
      expect((error as Error).message).toContain("more than maxResponseBytes (1190 bytes)");
      expect((await get(baseUrl, `${way}-100`, 1_191)).data).toHaveLength(100);
    }
    expect(((await get(baseUrl, "sized-100", 1_000).catch((e: unknown) => e)) as Error).message).toContain(
      "declares 1191 bytes,",
    );
    await expect(get(baseUrl, "chunked-100", false)).resolves.toMatchObject({ response: { status: 200 } });
  });

  it("keeps a counted answer's URL and reason phrase, even one beyond Latin-1", async () => {
    // Written by hand: Node's own server will not send a reason phrase beyond Latin-1.
    const answer =
      "HTTP/1.1 200 Très bien ✓\r\ncontent-type: application/json\r\n" +
      "transfer-encoding: chunked\r\nconnection: close\r\n\r\n2\r\n[]\r\n0\r\n\r\n";
    await withRawServer(Buffer.from(answer), async (baseUrl) => {
      const { data, response } = await get(baseUrl, "1");
      expect(data).toEqual([]);
      expect(response.url).toBe(`${baseUrl}/io/card/1`);
      expect(response.statusText).toBe("Très bien ✓");
    });
  });

  it("is a number of bytes or false: anything else is refused when the client is made", () => {
    for (const wrong of [Number.NaN, -1])
      expect(() =>
        createLeanKitClient({ baseUrl: "http://127.0.0.1:9", auth: { token: "t" }, maxResponseBytes: wrong }),
      ).toThrow(RangeError);
  });

  it("leaves 2xx rows read as a stream alone; rows read whole and error bodies are held to it", async () => {
    const csv = `boardId,cardId,tag\n${Array.from({ length: 200 }, (_, i) => `1,${i},tag${i}`).join("\n")}\n`;
    let status = 200;
    server = await startLoopbackServer((_request, res) => {
      res.writeHead(status, { "content-type": "text/csv" });
      res.end(csv);
    });
    const client = createReportingClient({
      baseUrl: server.url,
      auth: { token: "token-value" },
      maxResponseBytes: 500,
    });
    const streamed = [];
    for await (const row of streamRows(client, "tags", { format: "csv" })) streamed.push(row);
    expect(streamed).toHaveLength(200);
    await expect(fetchRows(client, "tags", { format: "csv" })).rejects.toMatchObject({ kind: "too-large" });
    // A refusal's body is read whole, however the rows would have been read.
    status = 500;
    const refused = streamRows(client, "tags", { format: "csv" }).next();
    await expect(refused).rejects.toMatchObject({ kind: "too-large", status: 500 });
  });
});

describe.each(SENDING)("a body that breaks off, sent %s", (how) => {
  const gzipped = gzipSync('{"id":"1"}');
  const corrupt = Buffer.concat([gzipped.subarray(0, 10), Buffer.from("not deflate"), gzipped.subarray(21)]);
  const answer = (headers: string[], body: Buffer) =>
    Buffer.concat([
      Buffer.from(["HTTP/1.1 200 OK", "content-type: application/json", ...headers, "", ""].join("\r\n")),
      body,
    ]);
  const encoded = (encoding: string, body: Buffer) =>
    answer([`content-encoding: ${encoding}`, `content-length: ${body.length}`], body);

  it.each([
    ["gzip that is not", encoded("gzip", corrupt), "invalid-response", "Content-Encoding says (Z_DATA_ERROR)"],
    ["gzip sent as br", encoded("br", gzipped), "invalid-response", "Content-Encoding says (ERR__ERROR"],
    [
      "a chunk size that is not one",
      answer(["transfer-encoding: chunked"], Buffer.from("zz\r\n{}\r\n0\r\n\r\n")),
      "network",
      "not valid HTTP/1.1 (HPE_INVALID_CHUNK_SIZE)",
    ],
  ] as const)("%s: the family's error says why, the runtime's is its cause", async (_name, bytes, kind, detail) => {
    await withRawServer(bytes, async (baseUrl) => {
      const client = createLeanKitClient({ baseUrl, auth: { token: "token-value" }, retry: false });
      const error = await sending(how, () =>
        client.GET("/io/card/{cardId}", { params: { path: { cardId: "1" } } }).catch((e: unknown) => e),
      );
      expect(error).toBeInstanceOf(LeanKitApiError);
      expect(error).toMatchObject({ kind, status: 200 });
      expect((error as Error).cause).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(detail);
    });
  });
});
