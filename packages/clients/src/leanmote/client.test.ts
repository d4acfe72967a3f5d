// The Leanmote client against a loopback server that records exactly what it is sent.
import { afterEach, describe, expect, it } from "vitest";
import { sendJson, startLoopbackServer } from "../test-support/loopback-server.js";
import {
  bracketFilter,
  createLeanmoteClient,
  LeanmoteApiError,
  type LeanmoteSchema,
  limitBursts,
  paginate,
  selectFields,
  unwrap,
} from "./index.js";

let server: Awaited<ReturnType<typeof startLoopbackServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const team = (id: number) => ({ id, name: `Team ${id}`, organization_id: 1 });

/** Serves `total` teams, `per_page` at a time, in the envelope. */
async function teamsServer(total: number) {
  server = await startLoopbackServer((req, res) => {
    const query = new URL(req.url, "http://x").searchParams;
    const page = Number(query.get("page") ?? 1);
    const perPage = Number(query.get("per_page") ?? 50);
    const data = Array.from({ length: Math.max(0, Math.min(perPage, total - (page - 1) * perPage)) }, (_, i) =>
      team((page - 1) * perPage + i + 1),
    );
    sendJson(res, 200, {
      status: "success",
      data,
      meta: {
        page,
        per_page: perPage,
        total,
        total_pages: Math.ceil(total / perPage),
        sort: "created_at",
        order: "desc",
      },
    });
  });
  return server;
}

describe("createLeanmoteClient", () => {
  it("sends the token as Bearer and unwraps the envelope into data and meta", async () => {
    const srv = await teamsServer(3);
    const client = createLeanmoteClient({ baseUrl: srv.url, auth: { token: "lm_token" } });
    const { data, meta } = await unwrap(client.GET("/v1/teams"));
    expect(data.map((t) => t.id)).toEqual([1, 2, 3]);
    expect(meta).toMatchObject({ page: 1, total: 3, total_pages: 1 });
    expect(srv.requests[0]!.headers.authorization).toBe("Bearer lm_token");
  });

  it("walks every page, with filters and field selection on the wire in Leanmote's form", async () => {
    const srv = await teamsServer(5);
    const client = createLeanmoteClient({ baseUrl: srv.url, auth: { token: "t" } });
    const ids: unknown[] = [];
    const query = {
      per_page: 2,
      ...bracketFilter("created_at", { gte: "2024-01-01", lt: "2024-02-01" }),
      ...selectFields<LeanmoteSchema<"Team">>("id", "name"),
    };
    for await (const t of paginate(client, "/v1/teams", { query })) ids.push(t.id);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    const sent = srv.requests.map((r) => Object.fromEntries(new URL(r.url, "http://x").searchParams));
    expect(sent).toEqual(
      [1, 2, 3].map((page) => ({
        per_page: "2",
        "created_at[gte]": "2024-01-01",
        "created_at[lt]": "2024-02-01",
        fields: "id,name",
        page: String(page),
      })),
    );
  });

  it("stops at an empty first page", async () => {
    const srv = await teamsServer(0);
    const client = createLeanmoteClient({ baseUrl: srv.url, auth: { token: "t" } });
    for await (const _ of paginate(client, "/v1/teams")) throw new Error("no teams expected");
    expect(srv.requests).toHaveLength(1);
  });

  it("stops quietly at maxPages and at maxItems", async () => {
    const srv = await teamsServer(9);
    const client = createLeanmoteClient({ baseUrl: srv.url, auth: { token: "t" } });
    const ids: unknown[] = [];
    for await (const t of paginate(client, "/v1/teams", { query: { per_page: 2 }, maxPages: 2 })) ids.push(t.id);
    expect(ids).toEqual([1, 2, 3, 4]);
    ids.length = 0;
    for await (const t of paginate(client, "/v1/teams", { query: { per_page: 2 }, maxItems: 3 })) ids.push(t.id);
    expect(ids).toEqual([1, 2, 3]);
    expect(srv.requests).toHaveLength(4);
  });

  it("rejects a page other than the one asked for", async () => {
    server = await startLoopbackServer((_req, res) =>
      sendJson(res, 200, {
        status: "success",
        data: [team(1)],
        meta: { page: 1, per_page: 1, total: 3, total_pages: 3, sort: "created_at", order: "desc" },
      }),
    );
    const client = createLeanmoteClient({ baseUrl: server.url, auth: { token: "t" } });
    const ids: unknown[] = [];
    const error = await (async () => {
      for await (const t of paginate(client, "/v1/teams")) ids.push(t.id);
    })().catch((e: unknown) => e);
    expect(ids).toEqual([1]);
    expect(error).toBeInstanceOf(LeanmoteApiError);
    expect(error).toMatchObject({ kind: "pagination", operation: "GET /v1/teams" });
    expect((error as Error).message).toContain("asked for the page at 2, the server answered the one at 1");
  });

  it("unwrap rejects an answer without an envelope with LeanmoteApiError", async () => {
    server = await startLoopbackServer((_req, res) => sendJson(res, 200, ["not", "an", "envelope"]));
    const client = createLeanmoteClient({ baseUrl: server.url, auth: { token: "t" } });
    await expect(unwrap(client.GET("/v1/teams"))).rejects.toMatchObject({
      name: "LeanmoteApiError",
      kind: "invalid-response",
      operation: "GET /v1/teams",
    });
  });

  it("throws LeanmoteApiError carrying the envelope's code", async () => {
    server = await startLoopbackServer((_req, res) =>
      sendJson(
        res,
        404,
        { status: "error", error: { code: "NOT_FOUND", message: "Team not found" } },
        { "x-request-id": "lm-7" },
      ),
    );
    const client = createLeanmoteClient({ baseUrl: server.url, auth: { token: "secret-token" } });
    const error = (await client
      .GET("/v1/teams/{team_id}", { params: { path: { team_id: "9" } } })
      .catch((e: unknown) => e)) as LeanmoteApiError;
    expect(error).toBeInstanceOf(LeanmoteApiError);
    expect(error).toMatchObject({
      status: 404,
      code: "NOT_FOUND",
      requestId: "lm-7",
      operation: "GET /v1/teams/{team_id}",
    });
    expect(error.message).toBe("Leanmote GET /v1/teams/{team_id} failed with 404: Team not found (request id lm-7)");
    expect(JSON.stringify(error) + String(error.stack)).not.toContain("secret-token");
  });

  it("retries a 429 once the rate-limit window resets", async () => {
    let calls = 0;
    server = await startLoopbackServer((_req, res) =>
      ++calls === 1
        ? sendJson(
            res,
            429,
            { status: "error", error: { code: "RATE_LIMITED", message: "Too many requests" } },
            {
              "x-ratelimit-limit": "1000",
              "x-ratelimit-remaining": "0",
              "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000)),
            },
          )
        : sendJson(res, 200, {
            status: "success",
            data: [],
            meta: { page: 1, per_page: 50, total: 0, total_pages: 0, sort: "created_at", order: "desc" },
          }),
    );
    const client = createLeanmoteClient({ baseUrl: server.url, auth: { token: "t" } });
    await expect(unwrap(client.GET("/v1/teams"))).resolves.toMatchObject({ data: [] });
    expect(server.requests).toHaveLength(2);
  });

  it("sends SCIM bodies as application/scim+json when asked", async () => {
    server = await startLoopbackServer((req, res) => {
      res.writeHead(201, { "content-type": "application/scim+json" });
      res.end(req.body);
    });
    const client = createLeanmoteClient({ baseUrl: server.url, auth: { token: "t" } });
    const user = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "ada@example.com", active: true };
    await client.POST("/scim/v2/Users", {
      body: user as never,
      headers: { "Content-Type": "application/scim+json" },
      parseAs: "text",
    });
    expect(server.requests[0]!.headers["content-type"]).toBe("application/scim+json");
    expect(JSON.parse(server.requests[0]!.body)).toEqual(user);
  });
});

describe("limitBursts", () => {
  it("holds the request that would exceed the burst until the oldest leaves the window", async () => {
    const sentAt: number[] = [];
    const started = Date.now();
    const limited = limitBursts(
      async () => {
        sentAt.push(Date.now() - started);
        return new Response("ok");
      },
      {
        requests: 3,
        perMs: 200,
      },
    );
    await Promise.all(Array.from({ length: 5 }, () => limited(new Request("http://127.0.0.1/"))));
    // The first three go at once; the other two only once the window has moved on.
    expect(Math.max(...sentAt.slice(0, 3))).toBeLessThan(Math.min(...sentAt.slice(3)));
    expect(sentAt.slice(3).every((t) => t >= 195)).toBe(true);
  });
});
