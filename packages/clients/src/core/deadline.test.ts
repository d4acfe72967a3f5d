// How an attempt that runs out of time is stopped: a request sent through undici (without
// fetch, or by Node's fetch) on the wire, by the dispatcher it goes through; one sent by any
// fetch also by the signal it is given; and one whose fetch heeds neither by rejecting at the
// deadline.
import type { ServerResponse } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createLeanmoteClient, LeanmoteApiError } from "../leanmote/index.js";
import { loopbackServerForTest, SENDING, sending, sendJson } from "../test-support/loopback-server.js";

// For the calls that must time out: long enough for the request to reach the server first on
// a loaded machine; the watchdog is far beyond it.
const TIMEOUT_MS = 1_000;
// For the calls that must be answered: never reached, even on a loaded machine.
const LONG_TIMEOUT_MS = 10_000;
const WATCHDOG_MS = 15_000;
const TEST_TIMEOUT = { timeout: 40_000 };

/** Resolves once `response`'s connection has closed. */
function closedConnection(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (!response.socket || response.socket.destroyed) resolve();
    else response.socket.once("close", () => resolve());
  });
}

/**
 * A server whose `/v1/teams` answers and whose `/v1/users` sends its headers and stalls;
 * `arrived` resolves once a stalled request has come, `closed` once its connection has closed.
 */
async function stallingServer() {
  let closed: Promise<void> | undefined;
  let arrive: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  const server = await loopbackServerForTest((request, res) => {
    if (request.url.startsWith("/v1/teams")) return sendJson(res, 200, { success: true, data: [] });
    res.writeHead(200, { "content-type": "application/json" });
    res.write("{");
    closed = closedConnection(res);
    arrive();
  });
  return {
    url: server.url,
    arrived,
    stalled: () => closed ?? Promise.reject(new Error("no request reached the server")),
  };
}

/** `promise`, or a failure of the test ("the call hung") if it is still pending after the watchdog. */
function beforeWatchdog<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the call hung")), WATCHDOG_MS);
  });
  return Promise.race([promise, watchdog]).finally(() => clearTimeout(timer));
}

/** `promise`'s rejection; fails the test if it resolves or is still pending after the watchdog. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await beforeWatchdog(promise);
  } catch (error) {
    if (error instanceof Error && error.message === "the call hung") throw error;
    return error;
  }
  throw new Error("the call resolved");
}

/**
 * Two clients of `url` sharing `options` (a `fetch` among them): `answered`, whose calls have
 * all the time they need, and `timed`, whose calls time out after TIMEOUT_MS.
 */
function clients(url: string, options: { fetch?: (request: Request) => Promise<Response> } = {}) {
  const make = (timeoutMs: number) =>
    createLeanmoteClient({ baseUrl: url, auth: { token: "t" }, timeoutMs, ...options });
  return { answered: make(LONG_TIMEOUT_MS), timed: make(TIMEOUT_MS) };
}

/** What these tests use of undici's Dispatcher interface (the global dispatcher, a handler). */
interface UndiciHandler {
  onError(error: Error): void;
  onComplete(trailers: unknown): void;
}
interface UndiciDispatcher {
  dispatch(options: object, handler: UndiciHandler): boolean;
}

/** Every `init` a fetch was called with, and the fetch that records them. */
function recordingFetch(send: (url: string, init: RequestInit) => Promise<Response>) {
  const inits: (RequestInit & { dispatcher?: unknown })[] = [];
  const fetch = (url: string, init: RequestInit) => {
    inits.push(init);
    return send(url, init);
  };
  return { inits, fetch };
}

describe("the deadline", () => {
  it("stops a stalled body through Node's fetch, patched in, on the wire and by its signal", TEST_TIMEOUT, async () => {
    const { url, stalled } = await stallingServer();
    const native = globalThis.fetch;
    const { inits, fetch } = recordingFetch((target, init) => native(target, init));
    globalThis.fetch = fetch as typeof globalThis.fetch;
    try {
      const { timed } = clients(url);
      const error = await rejection(timed.GET("/v1/users"));
      expect(error).toBeInstanceOf(LeanmoteApiError);
      expect(error).toMatchObject({ kind: "timeout", status: 200 });
      expect(inits[0]?.dispatcher).toBeDefined();
      expect(inits[0]?.signal?.aborted).toBe(true);
      await expect(stalled()).resolves.toBeUndefined();
    } finally {
      globalThis.fetch = native;
    }
  });

  it(
    "hands Node's fetch, patched in, a signal that follows the caller's: an abort stops the call",
    TEST_TIMEOUT,
    async () => {
      const { url, arrived, stalled } = await stallingServer();
      const native = globalThis.fetch;
      const { inits, fetch } = recordingFetch((target, init) => native(target, init));
      globalThis.fetch = fetch as typeof globalThis.fetch;
      try {
        const client = createLeanmoteClient({ baseUrl: url, auth: { token: "t" }, timeoutMs: WATCHDOG_MS * 2 });
        const controller = new AbortController();
        const call = client.GET("/v1/users", { signal: controller.signal });
        await arrived;
        controller.abort(new Error("enough"));
        expect(await rejection(call)).toMatchObject({ kind: "aborted", cause: { message: "enough" } });
        expect(inits[0]?.signal?.reason).toMatchObject({ message: "enough" });
        await expect(stalled()).resolves.toBeUndefined();
      } finally {
        globalThis.fetch = native;
      }
    },
  );

  it("aborts the signal of a fetch that takes no dispatcher", TEST_TIMEOUT, async () => {
    const { url, stalled } = await stallingServer();
    // Sends each request anew, without the dispatcher it was given.
    const { inits, fetch } = recordingFetch((target, { method, headers, signal }) =>
      globalThis.fetch(target, { method, headers, signal }),
    );
    const { answered, timed } = clients(url, { fetch: (request) => fetch(request.url, request) });
    await expect(answered.GET("/v1/teams")).resolves.toMatchObject({ response: { status: 200 } });
    const error = await rejection(timed.GET("/v1/users"));
    expect(error).toMatchObject({ kind: "timeout", status: 200 });
    expect(inits[1]?.signal?.aborted).toBe(true);
    await expect(stalled()).resolves.toBeUndefined();
  });

  it("aborts a request whose deadline passed before undici could send it", TEST_TIMEOUT, async () => {
    const server = await loopbackServerForTest((_, res) => sendJson(res, 200, { success: true, data: [] }));
    const { answered, timed } = clients(server.url);
    await expect(answered.GET("/v1/teams")).resolves.toMatchObject({ response: { status: 200 } });
    // A global dispatcher that holds a request back until its call has timed out, as a slow
    // connect would; then undici sends it, and tells the handler how that ended.
    const slot = Symbol.for("undici.globalDispatcher.1");
    const global = globalThis as unknown as Record<symbol, UndiciDispatcher>;
    const real = global[slot]!;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ended = new Promise<string>((resolve) => {
      global[slot] = Object.assign(Object.create(real) as UndiciDispatcher, {
        dispatch(options: object, handler: UndiciHandler) {
          void released.then(() =>
            real.dispatch(
              options,
              Object.assign(Object.create(handler) as UndiciHandler, {
                onError(error: Error) {
                  resolve(`error: ${error.name}`);
                  handler.onError(error);
                },
                onComplete(trailers: unknown) {
                  resolve("complete");
                  handler.onComplete(trailers);
                },
              }),
            ),
          );
          return true;
        },
      });
    });
    try {
      const error = await rejection(timed.GET("/v1/users"));
      expect(error).toMatchObject({ kind: "timeout", status: 0 });
      release();
      expect(await beforeWatchdog(ended)).toBe("error: TimeoutError");
    } finally {
      global[slot] = real;
    }
    expect(server.requests.map((request) => request.url)).toEqual(["/v1/teams"]);
  });

  it("rejects at the deadline a call whose fetch heeds neither signal nor dispatcher", TEST_TIMEOUT, async () => {
    const client = createLeanmoteClient({
      baseUrl: "http://127.0.0.1:9",
      auth: { token: "t" },
      timeoutMs: TIMEOUT_MS,
      fetch: () => new Promise<Response>(() => undefined),
    });
    const error = await rejection(client.GET("/v1/teams"));
    expect(error).toBeInstanceOf(LeanmoteApiError);
    expect(error).toMatchObject({ kind: "timeout", status: 0 });
  });
});

describe.each(SENDING)("sent %s", (how) => {
  it(
    "a body still being read when the exchange on the wire has ended is stopped at the deadline",
    TEST_TIMEOUT,
    async () => {
      // Valid gzip and then bytes that are not: Node 20's fetch errors the first body, and then
      // never finishes reading the next one on the same connection, though all of it came.
      const body = Buffer.concat([gzipSync('{"id":"1"}'), Buffer.from("junk")]);
      const head = `HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-length: ${body.length}\r\n\r\n`;
      const raw = createServer((socket) =>
        socket.on("data", () => socket.write(Buffer.concat([Buffer.from(head), body]))),
      );
      await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
      try {
        const { timed } = clients(`http://127.0.0.1:${(raw.address() as AddressInfo).port}`);
        const kinds = await sending(how, async () => [
          ((await rejection(timed.GET("/v1/teams"))) as { kind: string }).kind,
          ((await rejection(timed.GET("/v1/teams"))) as { kind: string }).kind,
        ]);
        expect(kinds[0]).toBe("invalid-response");
        expect(["invalid-response", "timeout"]).toContain(kinds[1]);
      } finally {
        raw.close();
      }
    },
  );
});
