// Leantime's JSON-RPC mock over HTTP: both endpoint spellings, the GET form, the API key or a
// bearer token, batches with notifications, the batch bound, ids that are no ids, and
// `Prefer: error=`; every expectation read from the OpenRPC document.
import {
  deref,
  type ExamplePairingObject,
  type MethodObject,
  type OpenRpcErrorObject,
  openRpcMethods,
} from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMock } from "./index.js";
import { MAX_BATCH } from "./jsonrpc-mock.js";

const document = loadContract("leantime");
const GET_TICKET = "leantime.rpc.Tickets.Tickets.getTicket";
const method = openRpcMethods(document).find((m) => m.name === GET_TICKET) as MethodObject & { "x-aliases": string[] };
const ticketExample = deref<ExamplePairingObject>(document, method.examples![0])!;
const TICKET_PARAMS = Object.fromEntries(
  ticketExample.params.map((param) => {
    const { name, value } = deref<{ name: string; value: unknown }>(document, param)!;
    return [name, value];
  }),
);
const TICKET = deref<{ value: unknown }>(document, ticketExample.result)!.value;
const security = (document as unknown as { "x-security": { name: string; "x-unauthorized": { body: unknown } } })[
  "x-security"
];
const errorOf = (name: string) => deref<OpenRpcErrorObject>(document, document.components!.errors![name])!;
/** The GET form the document's description shows: `?method=…&jsonrpc=2.0&id=1&params=<base64 JSON>`. */
const SEED_PARAMS = /params=([A-Za-z0-9+/=]+)/.exec(document.info.description!)![1]!;

const KEY = { [security.name]: "lt_1_secret" };
const JSON_KEY = { ...KEY, "content-type": "application/json" };

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock("leantime", 0);
});
afterAll(() => mock.stop());

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${mock.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}
const post = (body: unknown, headers: Record<string, string> = JSON_KEY, path = "/api/jsonrpc") =>
  call(path, { method: "POST", headers, body: JSON.stringify(body) });
const request = (id: unknown, extra: Record<string, unknown> = {}) => ({
  jsonrpc: "2.0",
  method: GET_TICKET,
  params: TICKET_PARAMS,
  ...(id === undefined ? {} : { id }),
  ...extra,
});

describe("the endpoint", () => {
  it.each(["/api/jsonrpc", "/api/jsonrpc/"])("answers a POST to %s with the example's result", async (path) => {
    const answer = await post(request(7), JSON_KEY, path);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(answer.json()).toEqual({ jsonrpc: "2.0", result: TICKET, id: 7 });
  });

  it("resolves the method's other names", async () => {
    for (const alias of method["x-aliases"]) {
      const answer = await post(request("a", { method: alias }));
      expect(answer.json()).toEqual({ jsonrpc: "2.0", result: TICKET, id: "a" });
    }
  });

  it("answers the document's GET form, the id staying the string it is in the query", async () => {
    expect(JSON.parse(Buffer.from(SEED_PARAMS, "base64").toString("utf8"))).toEqual(TICKET_PARAMS);
    const query = new URLSearchParams({ method: GET_TICKET, jsonrpc: "2.0", id: "1", params: SEED_PARAMS });
    const answer = await call(`/api/jsonrpc?${query}`, { headers: KEY });
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ jsonrpc: "2.0", result: TICKET, id: "1" });
  });

  it("answers a lone notification with an empty body", async () => {
    const answer = await post(request(undefined));
    expect(answer.status).toBe(200);
    expect(answer.text).toBe("");
  });

  it("answers other methods with 405 and Allow, other paths with 404", async () => {
    const put = await call("/api/jsonrpc", { method: "PUT", headers: JSON_KEY, body: "{}" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, POST");
    expect((await post(request(1), JSON_KEY, "/api/other")).status).toBe(404);
  });
});

describe("credentials", () => {
  it("accepts the document's API key header and a bearer token", async () => {
    for (const headers of [KEY, { authorization: "Bearer lt_1_secret" }]) {
      const answer = await post(request(1), { ...headers, "content-type": "application/json" });
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({ jsonrpc: "2.0", result: TICKET, id: 1 });
    }
  });

  it.each([
    ["no key", {}],
    ["an empty key", { [security.name]: "" }],
    ["Bearer without a token", { authorization: "Bearer" }],
    ["Basic credentials", { authorization: "Basic dXNlcjpwYXNz" }],
  ])("answers %s with HTTP 401 and the document's plain body", async (_case, headers) => {
    for (const answer of [
      await post(request(1), { ...headers, "content-type": "application/json" }),
      await call(`/api/jsonrpc?method=${GET_TICKET}&jsonrpc=2.0&id=1&params=${SEED_PARAMS}`, { headers }),
    ]) {
      expect(answer.status).toBe(401);
      expect(answer.json()).toEqual(security["x-unauthorized"].body);
      expect(answer.json()).toEqual({ error: "Unauthorized" });
    }
  });
});

describe("batches", () => {
  it("answers in order, a notification keeping a null slot", async () => {
    const answer = await post([request(1), request(undefined), request("three")]);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual([
      { jsonrpc: "2.0", result: TICKET, id: 1 },
      null,
      { jsonrpc: "2.0", result: TICKET, id: "three" },
    ]);
  });

  it(`answers a batch of MAX_BATCH (${MAX_BATCH}) calls`, async () => {
    const answer = await post(Array.from({ length: MAX_BATCH }, (_, i) => request(i)));
    const replies = answer.json() as { id: number }[];
    expect(replies).toHaveLength(MAX_BATCH);
    expect(replies.at(-1)).toEqual({ jsonrpc: "2.0", result: TICKET, id: MAX_BATCH - 1 });
  });

  it("refuses a batch over MAX_BATCH with one InvalidRequest error", async () => {
    const answer = await post(Array.from({ length: MAX_BATCH + 1 }, (_, i) => request(i)));
    expect(answer.status).toBe(200);
    const { code, message } = errorOf("InvalidRequest");
    expect(answer.json()).toEqual({
      jsonrpc: "2.0",
      error: { code, message, data: `A batch holds at most ${MAX_BATCH} calls` },
      id: null,
    });
  });
});

describe("ids", () => {
  it.each([
    ["an object", { n: 1 }],
    ["an array", [1]],
    ["a boolean", true],
  ])("refuses %s as id with InvalidRequest and a null id", async (_case, id) => {
    const answer = await post(request(id));
    expect(answer.status).toBe(200);
    const { code, message } = errorOf("InvalidRequest");
    expect(answer.json()).toEqual({
      jsonrpc: "2.0",
      error: { code, message, data: "The id must be a string, a number or null" },
      id: null,
    });
  });

  it("refuses such an id inside a batch in its own slot only", async () => {
    const answer = await post([request({ n: 1 }), request(2)]);
    const [refused, answered] = answer.json() as [{ error: { code: number }; id: unknown }, unknown];
    expect(refused.error.code).toBe(errorOf("InvalidRequest").code);
    expect(refused.id).toBeNull();
    expect(answered).toEqual({ jsonrpc: "2.0", result: TICKET, id: 2 });
  });
});

describe("Prefer: error=", () => {
  it("answers every call of the request with the named error of the document", async () => {
    const { code, message } = errorOf("Forbidden");
    const single = await post(request(5), { ...JSON_KEY, prefer: "error=Forbidden" });
    expect(single.status).toBe(200);
    expect(single.json()).toEqual({ jsonrpc: "2.0", error: { code, message, data: null }, id: 5 });

    const batch = await post([request(1), request(undefined), request(2)], { ...JSON_KEY, prefer: "error=Forbidden" });
    expect(batch.json()).toEqual([
      { jsonrpc: "2.0", error: { code, message, data: null }, id: 1 },
      null,
      { jsonrpc: "2.0", error: { code, message, data: null }, id: 2 },
    ]);
  });

  it("applies to the GET form too", async () => {
    const query = new URLSearchParams({ method: GET_TICKET, jsonrpc: "2.0", id: "9", params: SEED_PARAMS });
    const answer = await call(`/api/jsonrpc?${query}`, { headers: { ...KEY, prefer: "error=NotFound" } });
    const { code, message } = errorOf("NotFound");
    expect(answer.json()).toEqual({ jsonrpc: "2.0", error: { code, message, data: null }, id: "9" });
  });

  it("refuses a name the document does not have, naming it", async () => {
    const answer = await post(request(5), { ...JSON_KEY, prefer: "error=Teapot" });
    const { code, message } = errorOf("InvalidRequest");
    expect(answer.json()).toEqual({
      jsonrpc: "2.0",
      error: { code, message, data: "Prefer: error=Teapot names no error of the document" },
      id: 5,
    });
  });

  it("still answers invalid params as such", async () => {
    const answer = await post(request(5, { params: {} }), { ...JSON_KEY, prefer: "error=Forbidden" });
    const { code, message } = errorOf("InvalidParams");
    expect(answer.json()).toEqual({
      jsonrpc: "2.0",
      error: { code, message, data: "Required Parameter Missing: id" },
      id: 5,
    });
  });
});
