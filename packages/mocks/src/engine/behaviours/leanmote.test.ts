// Leanmote's mock over HTTP: rate-limit headers on every answer, the error envelope and its
// codes, page/per_page, sort/order, fields and bracket date filters reshaping the contract's
// list examples, and the burst limit on a fake clock.
import { deref, findOperation, type OpenAPIV3_1 } from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMock } from "../../index.js";
import { type RunningServer, serveEngine } from "../http-host.js";
import { OpenApiMock } from "../openapi-mock.js";
import { leanmoteBehaviour } from "./leanmote.js";

const document = loadContract("leanmote");

/** An operation's example for `status`: the named one, else the inline or first one. */
function example(operationId: string, status: number, name?: string): unknown {
  const { operation } = findOperation(document, operationId)!;
  const response = deref<OpenAPIV3_1.ResponseObject>(document, operation.responses?.[String(status)])!;
  const media = response.content!["application/json"]!;
  if (name === undefined && media.example !== undefined) return media.example;
  const node = name === undefined ? Object.values(media.examples ?? {})[0] : media.examples?.[name];
  return deref<OpenAPIV3_1.ExampleObject>(document, node)!.value;
}

type Row = Record<string, unknown>;
interface List {
  status: string;
  data: Row[];
  meta: Row;
}

/** GET /v1/apps: two records, without created_at. */
const APPS = example("listApps", 200) as List;
/** GET /v1/teams: one record, created 2026-02-01T08:00:00Z. */
const TEAMS = example("listTeams", 200) as List;

const BEARER = { authorization: "Bearer token-one" };

interface Answer {
  status: number;
  headers: Headers;
  json: () => unknown;
}

async function call(base: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${base}${path}`, { headers: BEARER, ...init });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: () => JSON.parse(text) };
}

const errorOf = (answer: Answer) =>
  (answer.json() as { status: string; error: { code: string; message: string } }).error;

describe("the Leanmote mock", () => {
  let mock: MockServer;
  beforeAll(async () => {
    // The burst limit has its own tests on a fake clock below.
    mock = await startMock("leanmote", 0, { burst: false });
  });
  afterAll(() => mock.stop());
  const get = (path: string, headers: Record<string, string> = BEARER) => call(mock.url, path, { headers });

  describe("rate-limit headers", () => {
    it.each([
      ["a 200", "/v1/apps", BEARER, 200],
      ["a 401", "/v1/apps", {}, 401],
      ["a 404", "/v1/no-such-thing", BEARER, 404],
      ["a 400", "/v1/apps?per_page=101", BEARER, 400],
      ["a 405", "/v1/apps", BEARER, 405],
    ])("come on %s", async (_case, path, headers, status) => {
      const answer = await call(mock.url, path, { headers, method: status === 405 ? "DELETE" : "GET" });
      expect(answer.status).toBe(status);
      expect(answer.headers.get("x-ratelimit-limit")).toBe("1000");
      expect(Number(answer.headers.get("x-ratelimit-remaining"))).toBeGreaterThanOrEqual(0);
      expect(Number(answer.headers.get("x-ratelimit-remaining"))).toBeLessThan(1000);
      expect(Number(answer.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.UTC(2020, 0, 1) / 1000);
    });
  });

  describe("errors", () => {
    it("refuses per_page over 100 with a VALIDATION_ERROR naming per_page and the value", async () => {
      const answer = await get("/v1/apps?per_page=101");
      expect(answer.status).toBe(400);
      expect(answer.json()).toMatchObject({ status: "error", error: { code: "VALIDATION_ERROR" } });
      expect(errorOf(answer).message).toContain("per_page");
      expect(errorOf(answer).message).toContain("101");
    });

    it("refuses an order that is neither asc nor desc, naming it", async () => {
      const answer = await get("/v1/apps?order=sideways");
      expect(answer.status).toBe(400);
      expect(errorOf(answer).code).toBe("VALIDATION_ERROR");
      expect(errorOf(answer).message).toContain("order");
      expect(errorOf(answer).message).toContain('"sideways"');
    });

    it("refuses a date filter that is no date, naming it", async () => {
      const answer = await get("/v1/teams?created_at[gte]=yesterday");
      expect(answer.status).toBe(400);
      expect(errorOf(answer).message).toContain("created_at[gte]");
    });

    it.each([
      ["no credential", {}],
      ["a token without Bearer", { authorization: "token-one" }],
      ["Basic credentials", { authorization: "Basic dXNlcjpwYXNz" }],
    ])("answers %s with 401 UNAUTHORIZED, the contract's own wording", async (_case, headers) => {
      const answer = await get("/v1/apps", headers);
      expect(answer.status).toBe(401);
      expect(answer.json()).toEqual(example("listApps", 401));
      expect(errorOf(answer).code).toBe("UNAUTHORIZED");
    });

    it("answers an unknown path with 404 NOT_FOUND naming it", async () => {
      const answer = await get("/v1/no-such-thing");
      expect(answer.status).toBe(404);
      expect(answer.json()).toEqual({
        status: "error",
        error: { code: "NOT_FOUND", message: "No operation at /v1/no-such-thing" },
      });
    });

    it("answers a method the path lacks with 405 and Allow, in the envelope", async () => {
      const answer = await call(mock.url, "/v1/apps", { method: "DELETE" });
      expect(answer.status).toBe(405);
      expect(answer.headers.get("allow")).toBe("GET");
      expect(answer.json()).toMatchObject({ status: "error", error: { message: expect.stringContaining("DELETE") } });
    });

    it.each([
      [403, "FORBIDDEN"],
      [404, "NOT_FOUND"],
      [429, "RATE_LIMITED"],
      [500, "SERVER_ERROR"],
    ])("answers Prefer: code=%i with the declared example, code %s", async (status, code) => {
      const answer = await get("/v1/teams/team_77", { ...BEARER, prefer: `code=${status}` });
      expect(answer.status).toBe(status);
      expect(answer.json()).toEqual(example("getTeam", status));
      expect(errorOf(answer).code).toBe(code);
    });

    it("answers Prefer: code=404, example=team with that example", async () => {
      const answer = await get("/v1/teams/team_77", { ...BEARER, prefer: "code=404, example=team" });
      expect(answer.json()).toEqual(example("getTeam", 404, "team"));
    });
  });

  describe("paging", () => {
    it("answers the example as it is when the request asks for nothing", async () => {
      expect((await get("/v1/apps")).json()).toEqual(APPS);
    });

    it("cuts page and per_page, with a meta that says so", async () => {
      expect(APPS.data.length).toBe(2);
      const second = await get("/v1/apps?page=2&per_page=1");
      expect(second.status).toBe(200);
      expect(second.json()).toEqual({
        ...APPS,
        data: [APPS.data[1]],
        meta: { ...APPS.meta, page: 2, per_page: 1, total: 2, total_pages: 2 },
      });

      const first = await get("/v1/apps?per_page=1");
      expect(first.json()).toMatchObject({ data: [APPS.data[0]], meta: { page: 1, per_page: 1, total_pages: 2 } });
    });

    it("answers an empty page past the end, with the real totals", async () => {
      const answer = await get("/v1/apps?page=3&per_page=1");
      expect(answer.json()).toMatchObject({ data: [], meta: { page: 3, per_page: 1, total: 2, total_pages: 2 } });
    });

    it("keeps the default per_page (50) when only page is sent", async () => {
      const answer = await get("/v1/apps?page=1");
      expect(answer.json()).toMatchObject({ data: APPS.data, meta: { page: 1, per_page: 50, total: 2 } });
    });
  });

  describe("sort and order", () => {
    const names = (answer: Answer) => (answer.json() as List).data.map((row) => row.name);
    const byName = APPS.data.map((row) => row.name as string).sort();

    it("sorts by the field named, in the order asked, and says so in meta", async () => {
      const ascending = await get("/v1/apps?sort=name&order=asc");
      expect(names(ascending)).toEqual(byName);
      expect((ascending.json() as List).meta).toMatchObject({ sort: "name", order: "asc" });

      const descending = await get("/v1/apps?sort=name&order=desc");
      expect(names(descending)).toEqual([...byName].reverse());
    });

    it("sorts descending when no order is named", async () => {
      const answer = await get("/v1/apps?sort=name");
      expect(names(answer)).toEqual([...byName].reverse());
      expect((answer.json() as List).meta).toMatchObject({ sort: "name", order: "desc" });
    });

    it("sorts before it pages", async () => {
      const answer = await get("/v1/apps?sort=name&order=desc&per_page=1");
      expect(names(answer)).toEqual([byName.at(-1)]);
    });
  });

  describe("fields", () => {
    it("trims every record of a list to the fields named", async () => {
      const answer = await get("/v1/apps?fields=id,name");
      expect((answer.json() as List).data).toEqual(APPS.data.map(({ id, name }) => ({ id, name })));
      expect((answer.json() as List).meta).toEqual(APPS.meta);
    });

    it("follows dot paths into nested objects", async () => {
      const [filter] = (example("listDashboardCustomFilters", 200) as { data: { id: string; criteria: Row }[] }).data;
      const answer = await get("/v1/dashboard-views/custom-filters?fields=id,criteria.team_ids");
      expect((answer.json() as List).data).toEqual([
        { id: filter!.id, criteria: { team_ids: filter!.criteria.team_ids } },
      ]);
    });

    it("selects nothing through a dot path into a scalar, and nothing of a field the record lacks", async () => {
      const answer = await get("/v1/apps?fields=id,name.first,no_such_field");
      expect((answer.json() as List).data).toEqual(APPS.data.map(({ id }) => ({ id })));
    });

    it("trims a single record too", async () => {
      const team = (example("getTeam", 200) as { data: Row }).data;
      const answer = await get("/v1/teams/team_77?fields=id,name");
      expect((answer.json() as { data: Row }).data).toEqual({ id: team.id, name: team.name });
    });
  });

  describe("bracket date filters", () => {
    const count = async (query: string) => {
      const answer = await get(`/v1/teams?${query}`);
      expect(answer.status).toBe(200);
      const body = answer.json() as List;
      expect(body.meta.total).toBe(body.data.length);
      return body.data.length;
    };

    it("compares created_at with each operator", async () => {
      expect(TEAMS.data).toHaveLength(1);
      expect(TEAMS.data[0]!.created_at).toBe("2026-02-01T08:00:00Z");
      expect(await count("created_at[gte]=2026-01-01")).toBe(1);
      expect(await count("created_at[gte]=2026-03-01")).toBe(0);
      expect(await count("created_at[gt]=2026-02-01T07:59:59Z")).toBe(1);
      expect(await count("created_at[gt]=2026-02-01T08:00:00Z")).toBe(0);
      expect(await count("created_at[gte]=2026-02-01T08:00:00Z")).toBe(1);
      expect(await count("created_at[lt]=2026-02-01T08:00:00Z")).toBe(0);
      expect(await count("created_at[lte]=2026-02-01T08:00:00Z")).toBe(1);
      expect(await count("created_at[eq]=2026-02-01T08:00:00Z")).toBe(1);
      expect(await count("created_at[eq]=2026-02-01T09:00:00%2B01:00")).toBe(1);
    });

    it("reads a date as its whole day", async () => {
      expect(await count("created_at[eq]=2026-02-01")).toBe(1);
      expect(await count("created_at[eq]=2026-02-02")).toBe(0);
      expect(await count("created_at[lte]=2026-02-01")).toBe(1);
      expect(await count("created_at[lt]=2026-02-01")).toBe(0);
      expect(await count("created_at[gt]=2026-01-31")).toBe(1);
      expect(await count("created_at[gt]=2026-02-01")).toBe(0);
    });

    it("reads a date-time without a zone as UTC", async () => {
      expect(await count("created_at[lt]=2026-02-01T08:00")).toBe(0);
      expect(await count("created_at[lte]=2026-02-01T08:00")).toBe(1);
    });

    it("combines two operators into a range", async () => {
      expect(await count("created_at[gte]=2026-01-01&created_at[lte]=2026-12-31")).toBe(1);
      expect(await count("created_at[gte]=2026-02-02&created_at[lte]=2026-12-31")).toBe(0);
    });

    it("keeps records the example shows without the field", async () => {
      const answer = await get("/v1/apps?created_at[gte]=2030-01-01");
      expect((answer.json() as List).data).toEqual(APPS.data);
    });
  });
});

describe("the burst limit on a fake clock", () => {
  const MINUTE_MS = 60_000;
  const HOUR_MS = 3_600_000;
  const START = Date.UTC(2026, 2, 3, 10, 0, 0);
  let clock = START;
  let server: RunningServer;
  beforeAll(async () => {
    const engine = new OpenApiMock(
      document,
      leanmoteBehaviour({ requests: 2, perMs: MINUTE_MS }, () => clock),
    );
    server = await serveEngine(
      { handle: (request) => engine.handle(request), failure: (status, message) => engine.failure(status, message) },
      0,
    );
  });
  afterAll(() => server.stop());
  const get = (token: string) => call(server.url, "/v1/apps", { headers: { authorization: `Bearer ${token}` } });

  it("counts every answer against the hour and reports when the hour resets", async () => {
    const first = await get("hourly");
    const second = await get("hourly");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("999");
    expect(second.headers.get("x-ratelimit-remaining")).toBe("998");
    expect(second.headers.get("x-ratelimit-reset")).toBe(String((START + HOUR_MS) / 1000));
  });

  it("answers a SCIM operation past the burst in SCIM's own error format", async () => {
    const scim = () => call(server.url, "/scim/v2/Users", { headers: { authorization: "Bearer scim-token" } });
    expect((await scim()).status).toBe(200);
    expect((await scim()).status).toBe(200);
    const limited = await scim();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    expect(limited.headers.get("retry-after")).not.toBeNull();
    expect(limited.json()).toMatchObject({ status: "429", detail: "Rate limit exceeded" });
  });

  it("answers 429 RATE_LIMITED with Retry-After past the burst, and admits again after the window", async () => {
    clock = START + 10 * MINUTE_MS;
    expect((await get("bursty")).status).toBe(200);
    expect((await get("bursty")).status).toBe(200);

    const limited = await get("bursty");
    expect(limited.status).toBe(429);
    expect(limited.json()).toEqual({
      status: "error",
      error: { code: "RATE_LIMITED", message: "Rate limit exceeded" },
    });
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(limited.headers.get("x-ratelimit-limit")).toBe("1000");

    clock += 45_500;
    const later = await get("bursty");
    expect(later.status).toBe(429);
    expect(later.headers.get("retry-after")).toBe("15");

    // Another credential has its own window.
    expect((await get("calm")).status).toBe(200);

    clock = START + 11 * MINUTE_MS;
    const admitted = await get("bursty");
    expect(admitted.status).toBe(200);
    expect(admitted.json()).toEqual(APPS);
  });
});
