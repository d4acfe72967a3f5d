// How a call's own headers go over the client's, as openapi-fetch merges them: by name in any
// case, the later value winning, null removing one; the client's own are never changed.
import { afterEach, describe, expect, it } from "vitest";
import { createLeanKitClient } from "../leankit/index.js";
import { createLeanmoteClient } from "../leanmote/index.js";
import { type LoopbackServer, sendJson, startLoopbackServer } from "../test-support/loopback-server.js";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("a call's own headers", () => {
  it("go over the client's by name in any case, the later winning, and null removes one", async () => {
    server = await startLoopbackServer((_, res) => sendJson(res, 200, { success: true, data: [] }));
    const client = createLeanmoteClient({ baseUrl: server.url, auth: { token: "t" }, retry: false, burst: false });
    await client.GET("/v1/teams", { headers: { Accept: "application/json" } }); // the client's own value
    await client.GET("/v1/teams", { headers: { ACCEPT: "text/csv" } });
    await client.GET("/v1/teams", { headers: { "X-Trace": "a", "x-trace": "b" } });
    await client.GET("/v1/teams", { headers: { Authorization: null } });
    await client.GET("/v1/teams");
    const [same, other, twice, removed, plain] = server.requests.map((request) => request.headers);
    expect(same).toMatchObject({ accept: "application/json", authorization: "Bearer t" });
    expect(other).toMatchObject({ accept: "text/csv", authorization: "Bearer t" });
    expect(twice?.["x-trace"]).toBe("b");
    expect(removed?.authorization).toBeUndefined();
    expect(plain).toMatchObject({ accept: "application/json", authorization: "Bearer t" });
    expect(plain?.["x-trace"]).toBeUndefined();
  });
});

// Calls go straight to the transport while no middleware is registered, and through
// openapi-fetch once one is: both must put the same request on the wire.
type LooseCall = (path: string, init?: object) => Promise<unknown>;

describe("a call sent directly", () => {
  const CALLS: readonly { method: "GET" | "POST" | "PUT" | "DELETE"; path: string; init?: object }[] = [
    { method: "GET", path: "/items" },
    { method: "GET", path: "/items/{id}", init: { params: { path: { id: "a b/c?d#é" } } } },
    { method: "GET", path: "/items/{id}/{id}", init: { params: { path: { id: 7 } } } },
    { method: "GET", path: "/items/{id}", init: { params: {} } },
    { method: "GET", path: "/items/{.id}", init: { params: { path: { id: ["a", "b"] } } } },
    { method: "GET", path: "/items", init: { params: { query: { fields: ["id", "name"], q: "x&y", none: null } } } },
    { method: "GET", path: "/items", init: { params: { query: { filter: { a: 1 }, empty: [] } } } },
    {
      method: "GET",
      path: "/items",
      init: { params: { header: { "X-Trace": "t" } }, headers: { Accept: "text/csv" } },
    },
    { method: "POST", path: "/items", init: { body: { name: "Jörg", tags: [1, 2] } } },
    { method: "PUT", path: "/items/{id}", init: { params: { path: { id: 3 } }, body: { done: true } } },
    { method: "DELETE", path: "/items/{id}", init: { params: { path: { id: 3 } } } },
  ];

  it("puts on the wire what openapi-fetch would, for every kind of parameter, header and body", async () => {
    server = await startLoopbackServer((_, res) => sendJson(res, 200, { success: true, data: [] }));
    const make = () => [
      createLeanmoteClient({ baseUrl: `${server?.url}/base/`, auth: { token: "t" }, retry: false, burst: false }),
      createLeanKitClient({ baseUrl: `${server?.url}/base`, auth: { token: "t" }, retry: false, methodOverride: true }),
    ];
    const [direct, viaOpenapiFetch] = [make(), make()];
    for (const client of viaOpenapiFetch ?? []) client.use({ onRequest: () => undefined });
    for (const clients of [direct, viaOpenapiFetch])
      for (const client of clients ?? [])
        for (const { method, path, init } of CALLS) await (client[method] as LooseCall)(path, init);

    const sent = server.requests.map(({ method, url, headers, body }) => {
      const { host, connection, ...rest } = headers;
      return { method, url, headers: rest, body };
    });
    expect(sent).toHaveLength(4 * CALLS.length);
    expect(sent.slice(0, 2 * CALLS.length)).toEqual(sent.slice(2 * CALLS.length));
    // The cases above are what they say: encoded, styled, serialized and overridden.
    expect(sent.map((r) => `${r.method} ${r.url}`).slice(0, CALLS.length)).toEqual([
      "GET /base/items",
      "GET /base/items/a%20b%2Fc%3Fd%23%C3%A9",
      "GET /base/items/7/7",
      "GET /base/items/%7Bid%7D",
      "GET /base/items/.a,b",
      "GET /base/items?fields=id,name&q=x%26y",
      "GET /base/items?filter[a]=1",
      "GET /base/items",
      "POST /base/items",
      "PUT /base/items/3",
      "DELETE /base/items/3",
    ]);
    expect(sent[2 * CALLS.length - 2]).toMatchObject({ method: "POST", headers: { "x-http-method-override": "PUT" } });
  });

  it("fills braces in the base URL from the path parameters, as openapi-fetch does", async () => {
    server = await startLoopbackServer((_, res) => sendJson(res, 200, { success: true, data: [] }));
    const port = new URL(server.url).port;
    const make = () =>
      createLeanmoteClient({
        baseUrl: "http://127.0.0.1:{port}/base",
        auth: { token: "t" },
        retry: false,
        burst: false,
      });
    const [direct, viaOpenapiFetch] = [make(), make()];
    viaOpenapiFetch.use({ onRequest: () => undefined });
    for (const client of [direct, viaOpenapiFetch])
      await (client.GET as LooseCall)("/items/{id}", { params: { path: { port, id: "a b" }, query: { q: 1 } } });
    expect(server.requests.map((r) => r.url)).toEqual(["/base/items/a%20b?q=1", "/base/items/a%20b?q=1"]);
  });
});
