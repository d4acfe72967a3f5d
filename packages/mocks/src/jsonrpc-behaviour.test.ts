// Leantime's JSON-RPC mock over HTTP: both endpoint spellings, the GET form, the API key or a
// bearer token, batches with notifications, the batch bound, ids that are no ids, and
// `Prefer: error=`; every expectation read from the OpenRPC document.
import {
  type ContentDescriptorObject,
  deref,
  type ExamplePairingObject,
  type MethodObject,
  type OpenRpcErrorObject,
  openRpcMethods,
} from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMock } from "./index.js";
import { JsonRpcMock, type JsonRpcMockOptions, MAX_BATCH, startJsonRpcMock } from "./jsonrpc-mock.js";

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

// ---- Releases: the mock behaves as the release LEANTIME_VERSION (or `version`) names. ----

type Releases = { version: string; wrapsScalarResults: boolean; bearerTokens: boolean; failedAuthLimit: boolean }[];
type Dated = MethodObject & { "x-leantime-since": string; "x-leantime-until"?: string };
const releases = (document as unknown as { "x-leantime-releases": Releases })["x-leantime-releases"];
const versions = releases.map((r) => r.version);
const dated = openRpcMethods(document) as Dated[];
const exampleOf = (m: MethodObject) => {
  const example = deref<ExamplePairingObject>(document, m.examples![0])!;
  const params = Object.fromEntries(
    example.params.map((p) => {
      const { name, value } = deref<{ name: string; value: unknown }>(document, p)!;
      return [name, value];
    }),
  );
  return { params, result: deref<{ value: unknown }>(document, example.result)!.value };
};
const first = (version: (r: Releases[number]) => boolean) => releases.find(version)!.version;
const releaseBefore = (version: string) => versions[versions.indexOf(version) - 1]!;

async function asRelease<T>(
  options: JsonRpcMockOptions,
  use: (send: (body: unknown, headers?: Record<string, string>) => ReturnType<typeof call>) => Promise<T>,
) {
  const server = await startJsonRpcMock(document, 0, undefined, options);
  try {
    return await use(async (body, headers = JSON_KEY) => {
      const response = await fetch(`${server.url}/api/jsonrpc`, {
        method: "POST",
        headers,
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
    });
  } finally {
    await server.stop();
  }
}
const rpc = (method: string, params: unknown, id: unknown = 1) => ({ jsonrpc: "2.0", method, params, id });

describe("releases", () => {
  it("behaves as the document's release by default, and refuses a release the document does not list", async () => {
    expect(versions.at(-1)).toBe(document.info.version);
    expect(new JsonRpcMock(document).release?.version).toBe(document.info.version);
    expect(() => new JsonRpcMock(document, undefined, { version: "2.1.0" })).toThrow(
      /Leantime 2\.1\.0 is not a release the contract describes; pick one of 3\.7\.0, /,
    );
  });

  it("takes the release from LEANTIME_VERSION when started through startMock", async () => {
    const patch = dated.find((m) => m["x-leantime-until"] !== undefined)!;
    process.env.LEANTIME_VERSION = releaseBefore(patch["x-leantime-until"]!);
    const old = await startMock("leantime", 0);
    try {
      const answer = await fetch(`${old.url}/api/jsonrpc`, {
        method: "POST",
        headers: JSON_KEY,
        body: JSON.stringify(rpc(patch.name, exampleOf(patch).params)),
      });
      expect(((await answer.json()) as { result?: unknown }).result).toBeDefined();
    } finally {
      delete process.env.LEANTIME_VERSION;
      await old.stop();
    }
  });

  it("answers a method gated behind @api with -32601 from the gating release on, and runs it before", async () => {
    const gated = dated.filter(
      (m) => (m as Dated & { "x-leantime-until-reason"?: string })["x-leantime-until-reason"] === "not tagged @api",
    );
    expect(gated.map((m) => m.name)).toContain("leantime.rpc.Tickets.Tickets.patch");
    for (const m of gated) {
      const { params, result } = exampleOf(m);
      const until = m["x-leantime-until"]!;
      await asRelease({ version: releaseBefore(until) }, async (send) => {
        expect((await send(rpc(m.name, params))).json()).toMatchObject({ id: 1 });
        expect((await send(rpc(m.name, params))).json()).not.toHaveProperty("error");
      });
      for (const version of [until, document.info.version]) {
        await asRelease({ version }, async (send) => {
          const { code, message } = errorOf("MethodNotFound");
          const name = m.name.split(".").at(-1);
          expect((await send(rpc(m.name, params))).json()).toEqual({
            jsonrpc: "2.0",
            error: { code, message, data: `Method is not available via API: ${name}` },
            id: 1,
          });
        });
      }
      expect(result).toBeDefined();
    }
  });

  it("answers a method added in a later release with -32601 'Method doesn't exist' before it", async () => {
    const added = dated.filter((m) => m["x-leantime-since"] !== versions[0]);
    expect(added.length).toBeGreaterThan(0);
    for (const m of added.slice(0, 20)) {
      const { params } = exampleOf(m);
      await asRelease({ version: releaseBefore(m["x-leantime-since"]) }, async (send) => {
        const answer = (await send(rpc(m.name, params))).json() as { error?: { code: number; data: string } };
        expect(answer.error).toEqual({
          code: errorOf("MethodNotFound").code,
          message: errorOf("MethodNotFound").message,
          data: `Method doesn't exist: ${m.name.split(".").at(-1)}`,
        });
      });
      await asRelease({ version: m["x-leantime-since"] }, async (send) => {
        expect((await send(rpc(m.name, params))).json()).not.toHaveProperty("error");
      });
    }
  });

  it("wraps a scalar result in a list up to the last release that does, and sends it bare after", async () => {
    const wrapping = releases.filter((r) => r.wrapsScalarResults).map((r) => r.version);
    expect(wrapping).toEqual(["3.7.0", "3.7.1", "3.7.2", "3.7.3"]);
    const addTicket = dated.find((m) => m.name === "leantime.rpc.Tickets.Tickets.addTicket")!;
    const { params, result } = exampleOf(addTicket);
    expect(typeof result).toBe("number");
    await asRelease({ version: wrapping.at(-1)! }, async (send) => {
      expect((await send(rpc(addTicket.name, params))).json()).toEqual({ jsonrpc: "2.0", result: [result], id: 1 });
      // A boolean is wrapped too; a record (an object) and null are not.
      const ticket = (await send(rpc(GET_TICKET, TICKET_PARAMS))).json();
      expect(ticket).toEqual({ jsonrpc: "2.0", result: TICKET, id: 1 });
    });
    await asRelease({ version: first((r) => !r.wrapsScalarResults) }, async (send) => {
      expect((await send(rpc(addTicket.name, params))).json()).toEqual({ jsonrpc: "2.0", result, id: 1 });
    });
  });

  it("takes a Bearer token from the release that does, and answers 401 to it before", async () => {
    const since = first((r) => r.bearerTokens);
    const bearer = { authorization: "Bearer pat-123", "content-type": "application/json" };
    await asRelease({ version: releaseBefore(since) }, async (send) => {
      const answer = await send(rpc(GET_TICKET, TICKET_PARAMS), bearer);
      expect([answer.status, answer.json()]).toEqual([401, { error: "Unauthorized" }]);
    });
    await asRelease({ version: since }, async (send) => {
      expect((await send(rpc(GET_TICKET, TICKET_PARAMS), bearer)).status).toBe(200);
    });
  });

  it("answers 429 after 20 failed authentications a minute from the release that counts them, even to a good key", async () => {
    const since = first((r) => r.failedAuthLimit);
    const wrong = { [security.name]: "", "content-type": "application/json" };
    let clock = 0;
    await asRelease({ version: since, now: () => clock }, async (send) => {
      for (let i = 0; i < 20; i++) expect((await send(rpc(GET_TICKET, TICKET_PARAMS), wrong)).status).toBe(401);
      const refused = await send(rpc(GET_TICKET, TICKET_PARAMS));
      expect([refused.status, refused.json()]).toEqual([
        429,
        { error: "Too many failed authentication attempts. Try again later." },
      ]);
      clock = 60_000;
      expect((await send(rpc(GET_TICKET, TICKET_PARAMS))).status).toBe(200);
    });
    await asRelease({ version: releaseBefore(since) }, async (send) => {
      for (let i = 0; i < 25; i++) expect((await send(rpc(GET_TICKET, TICKET_PARAMS), wrong)).status).toBe(401);
      expect((await send(rpc(GET_TICKET, TICKET_PARAMS))).status).toBe(200);
    });
  });
});

// ---- The server's binding rules and name resolution. ----

type Param = { name: string; required?: boolean; schema: Record<string, unknown> };
const paramsOfMethod = (m: MethodObject) =>
  m.params.map((p) => deref<ContentDescriptorObject>(document, p)! as unknown as Param);
const paramOf = (php: string, required?: boolean) => {
  for (const m of dated) {
    if (m["x-leantime-until"]) continue;
    const params = paramsOfMethod(m);
    const hit = params.find(
      (p) => p.schema["x-leantime-php-type"] === php && (required === undefined || p.required === required),
    );
    // Only methods whose other params are optional, so the call binds the one param alone.
    if (hit && params.every((p) => p === hit || !p.required)) return { method: m.name, param: hit.name };
  }
  throw new Error(`no method with a lone ${php} param`);
};
const invalid = (data: string) => ({ jsonrpc: "2.0", error: { ...errorOf("InvalidParams"), data }, id: 1 });

describe("binding params as the server does", () => {
  const cast = (name: string) => `Could not cast parameter: ${name}. See server logs for more details.`;

  it.each([
    ["int", ["12", " 7 ", "-3", 4], ["abc", "1.5", "012", true, [], {}]],
    ["bool", [true, false, 0, 1, "yes", "OFF", "", " true "], ["maybe", 2, [], {}]],
    ["array", [{ a: 1 }, [1, 2], []], ["text", 5, true]],
    ["string", ["text", 5, 1.5, true], [[], { a: 1 }]],
  ])("PHP %s: binds what the server casts, refuses the rest with -32602", async (php, good, bad) => {
    const { method, param } = paramOf(php);
    await asRelease({}, async (send) => {
      for (const value of good)
        expect((await send(rpc(method, { [param]: value }))).json(), JSON.stringify(value)).not.toHaveProperty("error");
      for (const value of bad)
        expect((await send(rpc(method, { [param]: value }))).json(), JSON.stringify(value)).toEqual(
          invalid(cast(param)),
        );
    });
  });

  it("refuses an explicit null for a typed param, and takes any value for an untyped one", async () => {
    const int = paramOf("int", true);
    const nullable = paramOf("?int");
    await asRelease({}, async (send) => {
      expect((await send(rpc(int.method, { [int.param]: null }))).json()).toEqual(
        invalid(`Parameter ${int.param} can't be null`),
      );
      expect((await send(rpc(nullable.method, { [nullable.param]: null }))).json()).toEqual(
        invalid(cast(nullable.param)),
      );
      for (const id of [11, "11", true, null, { id: 11 }, [11]])
        expect((await send(rpc(GET_TICKET, { id }))).json()).not.toHaveProperty("error");
    });
  });

  it("refuses every value for a union-typed param, which the server cannot bind", async () => {
    const m = dated.find((candidate) => paramsOfMethod(candidate).some((p) => p.schema["x-leantime-unbindable"]))!;
    const union = paramsOfMethod(m).find((p) => p.schema["x-leantime-unbindable"])!;
    const { params } = exampleOf(m);
    await asRelease({}, async (send) => {
      expect((await send(rpc(m.name, params))).json()).not.toHaveProperty("error");
      for (const value of ["2026-05-04", 5, null])
        expect((await send(rpc(m.name, { ...params, [union.name]: value }))).json()).toMatchObject({
          error: { code: errorOf("InvalidParams").code },
        });
    });
  });

  it("takes params sent as a JSON string, and counts a string that does not decode as none", async () => {
    await asRelease({}, async (send) => {
      expect((await send(rpc(GET_TICKET, JSON.stringify(TICKET_PARAMS)))).json()).toEqual({
        jsonrpc: "2.0",
        result: TICKET,
        id: 1,
      });
      expect((await send(rpc(GET_TICKET, "{not json"))).json()).toEqual(invalid("Required Parameter Missing: id"));
    });
  });
});

describe("method names as the server resolves them", () => {
  it.each([
    "leantime.rpc.tickets.getticket",
    "leantime.rpc.Tickets.GETTICKET",
    "leantime.rpc.tickets.tickets.get_ticket",
    "leantime.rpc.tickets.Tickets.get-ticket",
  ])("resolves %s to getTicket", async (name) => {
    await asRelease({}, async (send) => {
      expect((await send(rpc(name, TICKET_PARAMS))).json()).toEqual({ jsonrpc: "2.0", result: TICKET, id: 1 });
    });
  });

  it.each([
    ["leantime.rpc.goalCanvas.getAllGoals", "MethodNotFound", "Service doesn't exist: GoalCanvas"],
    ["leantime.rpc.Tickets.Tickets.noSuchMethod", "MethodNotFound", "Method doesn't exist: noSuchMethod"],
    ["leantime.tickets.getTicket", "InvalidParams", 'Method string doesn\'t start with "leantime.rpc."'],
    ["Leantime.rpc.tickets.getTicket", "InvalidParams", 'Method string doesn\'t start with "leantime.rpc."'],
    ["leantime.rpc.getTicket", "InvalidParams", expect.stringMatching(/^Method is case sensitive and must follow/)],
    [
      "leantime.rpc.a.b.c.getTicket",
      "InvalidParams",
      expect.stringMatching(/^Method is case sensitive and must follow/),
    ],
  ])("answers %s with %s", async (name, error, data) => {
    await asRelease({}, async (send) => {
      expect((await send(rpc(name, {}))).json()).toEqual({ jsonrpc: "2.0", error: { ...errorOf(error), data }, id: 1 });
    });
  });

  it("resolves the method before it checks the protocol version, as the server does", async () => {
    await asRelease({}, async (send) => {
      const unknown = (await send({ jsonrpc: "1.0", method: "leantime.rpc.Tickets.Tickets.nope", id: 1 })).json();
      expect(unknown).toMatchObject({ error: { code: errorOf("MethodNotFound").code } });
      const known = (await send({ jsonrpc: "1.0", method: GET_TICKET, params: TICKET_PARAMS, id: 1 })).json();
      expect(known).toMatchObject({ error: { code: errorOf("InvalidRequest").code } });
    });
  });
});

// ---- Transport: the pitfalls the document describes. ----

describe("transport", () => {
  const get = (query: string, headers: Record<string, string> = KEY) => call(`/api/jsonrpc/?${query}`, { headers });

  it("fails a GET without params (HTTP 500) and answers one without a method with -32600", async () => {
    expect((await get(`method=${GET_TICKET}&jsonrpc=2.0&id=1`)).status).toBe(500);
    const noMethod = await get("jsonrpc=2.0&id=1&params=e30%3D");
    expect(noMethod.json()).toEqual({
      jsonrpc: "2.0",
      error: { ...errorOf("InvalidRequest"), data: "Method name required" },
      id: 0,
    });
  });

  it("loses a base64 '+' sent once-encoded (the server URL-decodes again), and keeps it sent as %252B", async () => {
    // {"id":"x~"} encodes to eyJpZCI6Inh+In0= (getTicket's $id is untyped, so any id binds).
    const base64 = Buffer.from(JSON.stringify({ id: "x~" })).toString("base64");
    expect(base64).toContain("+");
    const once = await get(`method=${GET_TICKET}&jsonrpc=2.0&id=1&params=${encodeURIComponent(base64)}`);
    expect(once.json()).toEqual({ ...invalid("Required Parameter Missing: id"), id: "1" });
    const twice = await get(
      `method=${GET_TICKET}&jsonrpc=2.0&id=1&params=${encodeURIComponent(encodeURIComponent(base64))}`,
    );
    expect(twice.json()).toMatchObject({ jsonrpc: "2.0", id: "1", result: expect.anything() });
  });

  it("answers an empty POST body with -32601, as the server does", async () => {
    const answer = await call("/api/jsonrpc", { method: "POST", headers: JSON_KEY, body: "" });
    expect(answer.json()).toEqual({
      jsonrpc: "2.0",
      error: { ...errorOf("MethodNotFound"), data: "Could not get any parameters from body" },
      id: 0,
    });
  });

  it("answers 429 with the server's X-RateLimit-* and Retry-After over the per-minute limit", async () => {
    let clock = 1_000;
    await asRelease({ rateLimit: { perMinute: 3 }, now: () => clock }, async (send) => {
      for (let i = 0; i < 3; i++) expect((await send(rpc(GET_TICKET, TICKET_PARAMS))).status).toBe(200);
      clock += 15_000;
      const refused = await send(rpc(GET_TICKET, TICKET_PARAMS));
      expect(refused.status).toBe(429);
      expect(refused.json()).toEqual({ error: "Too many requests per minute." });
      expect(Object.fromEntries([...refused.headers].filter(([k]) => /retry-after|ratelimit/.test(k)))).toEqual({
        "retry-after": "45",
        "x-ratelimit-retry-after": "45",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-limit": "3",
      });
      clock += 45_000;
      expect((await send(rpc(GET_TICKET, TICKET_PARAMS))).status).toBe(200);
    });
  });
});
