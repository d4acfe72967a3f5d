// How a call's own headers go over the client's, as openapi-fetch merges them: by name in any
// case, the later value winning, null removing one; the client's own are never changed.
import { afterEach, describe, expect, it } from "vitest";
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
