// LeanKit's mock over HTTP: the method override, both credential schemes, limit/offset paging,
// routing, validation and `Prefer`, each answer checked against the contract's own examples.
import { deref, findOperation, type OpenAPIV3_1 } from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMock } from "../../index.js";

const document = loadContract("leankit");

function responseOf(operationId: string, status: number): OpenAPIV3_1.ResponseObject {
  const { operation } = findOperation(document, operationId)!;
  return deref<OpenAPIV3_1.ResponseObject>(document, operation.responses?.[String(status)])!;
}

/** An operation's example for `status`: the named one, else the inline or first one. */
function example(operationId: string, status: number, name?: string): unknown {
  const media = responseOf(operationId, status).content!["application/json"]!;
  if (name === undefined && media.example !== undefined) return media.example;
  const node = name === undefined ? Object.values(media.examples ?? {})[0] : media.examples?.[name];
  return deref<OpenAPIV3_1.ExampleObject>(document, node)!.value;
}

/** The example of an operation's request body. */
function requestExample(operationId: string, name?: string): unknown {
  const { operation } = findOperation(document, operationId)!;
  const media = deref<OpenAPIV3_1.RequestBodyObject>(document, operation.requestBody)!.content["application/json"]!;
  if (name === undefined) return media.example;
  return deref<OpenAPIV3_1.ExampleObject>(document, media.examples?.[name])!.value;
}

const declaredStatuses = (operationId: string) =>
  Object.keys(findOperation(document, operationId)!.operation.responses ?? {}).join(", ");

const BEARER = { authorization: "Bearer any-token" };
const BASIC = { authorization: `Basic ${Buffer.from("user@example.com:p@ssw0rd").toString("base64")}` };
const JSON_BODY = { ...BEARER, "content-type": "application/json" };

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock("leankit", 0);
});
afterAll(() => mock.stop());

async function call(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const response = await fetch(`${mock.url}${path}`, {
    method: init.method ?? "GET",
    headers: init.headers ?? BEARER,
    body: init.body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}

const allowOf = (headers: Headers) => new Set((headers.get("allow") ?? "").split(/,\s*/));

describe("X-HTTP-Method-Override", () => {
  it("runs DELETE for a POST that says so (POST /io/card/1234), and a plain POST there is 405", async () => {
    const deleted = await call("/io/card/1234", {
      method: "POST",
      headers: { ...BEARER, "x-http-method-override": "DELETE" },
    });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");

    const lowerCase = await call("/io/card/1234", {
      method: "POST",
      headers: { ...BEARER, "x-http-method-override": "delete" },
    });
    expect(lowerCase.status).toBe(204);

    const plain = await call("/io/card/1234", { method: "POST" });
    expect(plain.status).toBe(405);
    expect(allowOf(plain.headers)).toEqual(new Set(["GET", "DELETE", "PATCH"]));
  });

  it("runs PATCH, validating the body as the PATCH operation does", async () => {
    const patched = await call("/io/card/1234", {
      method: "POST",
      headers: { ...JSON_BODY, "x-http-method-override": "PATCH" },
      body: JSON.stringify(requestExample("updateCard", "unblock")),
    });
    expect(patched.status).toBe(200);
    expect(patched.json()).toEqual(example("updateCard", 200));

    const notAPatch = await call("/io/card/1234", {
      method: "POST",
      headers: { ...JSON_BODY, "x-http-method-override": "PATCH" },
      body: JSON.stringify({ isBlocked: false }),
    });
    expect(notAPatch.status).toBe(422);
    expect(notAPatch.json()).toMatchObject({ statusCode: 422, error: "Unprocessable Entity" });
    expect((notAPatch.json() as { message: string }).message).toContain("body");
  });

  it("runs PUT (updateComment), where a plain POST is 405", async () => {
    const put = await call("/io/card/1234/comment/5678", {
      method: "POST",
      headers: { ...JSON_BODY, "x-http-method-override": "PUT" },
      body: JSON.stringify(requestExample("updateComment")),
    });
    expect(put.status).toBe(200);
    expect(put.json()).toEqual(example("updateComment", 200));

    const plain = await call("/io/card/1234/comment/5678", {
      method: "POST",
      headers: JSON_BODY,
      body: JSON.stringify(requestExample("updateComment")),
    });
    expect(plain.status).toBe(405);
    expect(allowOf(plain.headers)).toEqual(new Set(["PUT", "DELETE"]));
  });

  it("ignores the header on a GET", async () => {
    const response = await call("/io/card/1234", { headers: { ...BEARER, "x-http-method-override": "DELETE" } });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual(example("getCard", 200));
  });
});

describe("credentials", () => {
  const unauthorized = example("getCurrentUser", 401);
  const challenge = deref<OpenAPIV3_1.HeaderObject>(
    document,
    responseOf("getCurrentUser", 401).headers!["WWW-Authenticate"],
  )!.example as string;

  it("accepts Basic and Bearer where the document allows either", async () => {
    for (const headers of [BASIC, BEARER]) {
      const response = await call("/io/user/me", { headers });
      expect(response.status).toBe(200);
      expect(response.json()).toEqual(example("getCurrentUser", 200));
    }
  });

  it("takes Basic and Bearer on the token operations (LeanKit's Node client sends either), and nothing else", async () => {
    expect((await call("/io/auth/token", { headers: BASIC })).status).toBe(200);
    expect((await call("/io/auth/token", { headers: BEARER })).status).toBe(200);
    const none = await call("/io/auth/token", { headers: {} });
    expect(none.status).toBe(401);
    expect(none.json()).toEqual(unauthorized);
  });

  it.each([
    ["no credential", {}],
    ["Basic without user:password", { authorization: `Basic ${Buffer.from("no-colon").toString("base64")}` }],
    ["Basic with nothing after it", { authorization: "Basic" }],
    ["Bearer with no token", { authorization: "Bearer" }],
    ["a scheme the contract has not", { authorization: "Token abc" }],
  ])("answers %s with 401, the contract's body and WWW-Authenticate", async (_case, headers) => {
    const response = await call("/io/user/me", { headers });
    expect(response.status).toBe(401);
    expect(response.json()).toEqual(unauthorized);
    expect(unauthorized).toMatchObject({ statusCode: 401, error: "Unauthorized" });
    expect(response.headers.get("www-authenticate")).toBe(challenge);
  });
});

describe("limit/offset paging", () => {
  const listed = example("listBoards", 200) as {
    boards: unknown[];
    pageMeta: { totalRecords: number; limit: number };
  };

  it("answers the example as it is when neither is sent", async () => {
    const response = await call("/io/board");
    expect(response.status).toBe(200);
    expect(response.text).toBe(JSON.stringify(listed));
  });

  it("cuts the page and says where it sits", async () => {
    expect(listed.boards.length).toBeGreaterThanOrEqual(2);
    const second = await call("/io/board?limit=1&offset=1");
    expect(second.status).toBe(200);
    expect(second.json()).toEqual({
      ...listed,
      boards: [listed.boards[1]],
      pageMeta: { totalRecords: listed.boards.length, offset: 1, limit: 1, startRow: 2, endRow: 2 },
    });

    const first = await call("/io/board?limit=1");
    expect(first.json()).toMatchObject({
      boards: [listed.boards[0]],
      pageMeta: { totalRecords: listed.boards.length, offset: 0, limit: 1, startRow: 1, endRow: 1 },
    });
  });

  it("keeps the example's limit when only offset is sent", async () => {
    const response = await call("/io/board?offset=1");
    expect(response.json()).toMatchObject({
      boards: listed.boards.slice(1),
      pageMeta: { offset: 1, limit: listed.pageMeta.limit, startRow: 2, endRow: listed.boards.length },
    });
  });

  it("answers an empty page past the end", async () => {
    const response = await call("/io/board?limit=10&offset=5");
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({
      boards: [],
      pageMeta: { totalRecords: listed.boards.length, offset: 5, limit: 10, startRow: 0, endRow: 0 },
    });
  });

  it("refuses a limit that is not a positive integer, naming it and the value", async () => {
    for (const [query, shown] of [
      ["limit=abc", '"abc"'],
      ["limit=0", "0"],
    ] as const) {
      const response = await call(`/io/board?${query}`);
      expect(response.status).toBe(422);
      const body = response.json() as { statusCode: number; error: string; message: string };
      expect(body).toMatchObject({ statusCode: 422, error: "Unprocessable Entity" });
      expect(body.message).toContain("limit");
      expect(body.message).toContain(shown);
    }
  });
});

describe("routing", () => {
  it("prefers a literal path to a template (/io/user/me, /io/user/{userId})", async () => {
    const me = await call("/io/user/me");
    const user = await call("/io/user/478440842");
    expect(me.json()).toEqual(example("getCurrentUser", 200));
    expect(user.json()).toEqual(example("getUser", 200));
    expect(me.json()).not.toEqual(user.json());
  });

  it("routes DELETE /io/card/connections to its own operation, not to deleteCard", async () => {
    const connections = await call("/io/card/connections", { method: "DELETE" });
    expect(connections.status).toBe(422);
    expect((connections.json() as { message: string }).message).toContain("the request body is required");
    expect((await call("/io/card/945197148", { method: "DELETE" })).status).toBe(204);
  });

  it("answers an unknown path with 404 in LeanKit's format", async () => {
    const response = await call("/io/no-such-thing");
    expect(response.status).toBe(404);
    expect(response.json()).toEqual({
      statusCode: 404,
      error: "Not Found",
      message: "No operation at /io/no-such-thing",
    });
  });

  it("answers a method the path lacks with 405, Allow and LeanKit's format", async () => {
    const response = await call("/io/user/me", { method: "PUT", headers: JSON_BODY, body: "{}" });
    expect(response.status).toBe(405);
    expect(allowOf(response.headers)).toEqual(new Set(["GET", "PATCH"]));
    const body = response.json() as { statusCode: number; error: string; message: string };
    expect(body).toMatchObject({ statusCode: 405, error: "Method Not Allowed" });
    expect(body.message).toContain("PUT");
  });
});

describe("validation", () => {
  it("refuses a path parameter off its pattern with 422 naming it and the value", async () => {
    const response = await call("/io/user/abc");
    expect(response.status).toBe(422);
    const body = response.json() as { message: string };
    expect(body).toMatchObject({ statusCode: 422, error: "Unprocessable Entity" });
    expect(body.message).toContain("userId");
    expect(body.message).toContain('"abc"');
  });

  it("refuses a body that is not JSON with 400 in LeanKit's format", async () => {
    const response = await call("/io/card", { method: "POST", headers: JSON_BODY, body: '{"title": ' });
    expect(response.status).toBe(400);
    const body = response.json() as { message: string };
    expect(body).toMatchObject({ statusCode: 400, error: "Bad Request" });
    expect(body.message).toMatch(/not valid JSON/);
  });

  it("refuses a Content-Type the operation does not take with 415", async () => {
    const response = await call("/io/card", {
      method: "POST",
      headers: { ...BEARER, "content-type": "text/plain" },
      body: "title=x",
    });
    expect(response.status).toBe(415);
    const body = response.json() as { message: string };
    expect(body).toMatchObject({ statusCode: 415, error: "Unsupported Media Type" });
    expect(body.message).toContain("text/plain");
    expect(body.message).toContain("application/json");
  });
});

describe("Prefer", () => {
  it("code=404 answers the declared 404 example verbatim", async () => {
    const response = await call("/io/card/1234", { headers: { ...BEARER, prefer: "code=404" } });
    expect(response.status).toBe(404);
    expect(response.text).toBe(JSON.stringify(example("getCard", 404)));
  });

  it("example=<name> answers that example verbatim, even where paging would reshape it", async () => {
    const byId = await call("/io/card", { headers: { ...BEARER, prefer: "example=byId" } });
    expect(byId.status).toBe(200);
    expect(byId.text).toBe(JSON.stringify(example("listCards", 200, "byId")));

    const paged = await call("/io/card?limit=1&offset=1", { headers: { ...BEARER, prefer: "example=boardCards" } });
    expect(paged.text).toBe(JSON.stringify(example("listCards", 200, "boardCards")));
  });

  it("code= and example= together choose the example of that status", async () => {
    const response = await call("/io/card/1234", { headers: { ...BEARER, prefer: "code=200, example=blockedCard" } });
    expect(response.status).toBe(200);
    expect(response.text).toBe(JSON.stringify(example("getCard", 200, "blockedCard")));
  });

  it("an undeclared code is 400 naming the declared ones", async () => {
    const response = await call("/io/card/1234", { headers: { ...BEARER, prefer: "code=418" } });
    expect(response.status).toBe(400);
    const body = response.json() as { message: string };
    expect(body).toMatchObject({ statusCode: 400, error: "Bad Request" });
    expect(body.message).toContain("code=418");
    expect(body.message).toContain(`(${declaredStatuses("getCard")})`);
  });

  it("an unknown example name is 400 naming the examples there are", async () => {
    const response = await call("/io/card", { headers: { ...BEARER, prefer: "example=nope" } });
    expect(response.status).toBe(400);
    expect((response.json() as { message: string }).message).toContain("(boardCards, byId)");
  });
});

describe("what every answer carries", () => {
  it("answers HEAD like GET, with its headers and no body", async () => {
    const head = await call("/io/board", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toMatch(/^application\/json/);
    expect(head.headers.get("x-ratelimit-limit")).not.toBeNull();
    expect(head.text).toBe("");
  });

  it("keeps the headers the contract declares on a refusal (rate limits on a 422)", async () => {
    const refused = await call("/io/board?limit=abc");
    expect(refused.status).toBe(422);
    expect(refused.headers.get("x-ratelimit-limit")).not.toBeNull();
  });
});
