// How each mock matches request paths to its contract's templates, as the API's server does:
// LeanKit (its `x-path-matching`) takes literal segments in any case and a trailing slash,
// as real clients send them (LeanKitUtils' `/io/board/{id}/customField`, `/io/board/{id}/`),
// and keeps the case of parameter values; Reporting and Leanmote match strictly.
import { deref, findOperation, type OpenAPIV3_1 } from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { genericBehaviour } from "./engine/behaviours/generic.js";
import { OpenApiMock } from "./engine/openapi-mock.js";
import { type MockServer, startMock } from "./index.js";

const leankit = loadContract("leankit");
const BEARER = { authorization: "Bearer any-token" };

/** The first example of an operation's 200 response. */
function firstExample(operationId: string): unknown {
  const { operation } = findOperation(leankit, operationId)!;
  const response = deref<OpenAPIV3_1.ResponseObject>(leankit, operation.responses?.["200"])!;
  const media = response.content!["application/json"]!;
  return media.example ?? deref<OpenAPIV3_1.ExampleObject>(leankit, Object.values(media.examples ?? {})[0])!.value;
}

const servers: MockServer[] = [];
let leankitMock: MockServer;
let reportingMock: MockServer;
let leanmoteMock: MockServer;
beforeAll(async () => {
  [leankitMock, reportingMock, leanmoteMock] = await Promise.all([
    startMock("leankit", 0),
    startMock("reporting", 0),
    startMock("leanmote", 0, { burst: false }),
  ]);
  servers.push(leankitMock, reportingMock, leanmoteMock);
});
afterAll(() => Promise.all(servers.map((server) => server.stop())));

async function call(server: MockServer, path: string, init: { method?: string; body?: string } = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? BEARER : { ...BEARER, "content-type": "application/json" },
    body: init.body,
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

describe("LeanKit: literal segments in any case, a trailing slash tolerated", () => {
  it("answers LeanKitUtils' GET and PATCH /io/board/{id}/customField as the declared /customfield", async () => {
    const listed = await call(leankitMock, "/io/board/943188457/customField");
    expect(listed.status).toBe(200);
    expect(listed.json()).toEqual(firstExample("listCustomFields"));

    const patched = await call(leankitMock, "/io/board/943188457/customField", {
      method: "PATCH",
      body: JSON.stringify([{ op: "add", path: "/", value: { label: "Release", type: "text" } }]),
    });
    expect(patched.status).toBe(200);
    expect(patched.json()).toHaveProperty("customFields");
  });

  it("answers the forms with a trailing slash LeanKitUtils sends (/io/board/{id}/, /io/board/)", async () => {
    const board = await call(leankitMock, "/io/board/943188457/");
    expect(board.status).toBe(200);
    expect(board.json()).toEqual(firstExample("getBoard"));

    const boards = await call(leankitMock, "/io/board/");
    expect(boards.status).toBe(200);
    expect(boards.json()).toEqual(firstExample("listBoards"));
  });

  it("matches every literal segment in any case, literals still before templates", async () => {
    const access = await call(leankitMock, "/IO/Board/ACCESS", {
      method: "POST",
      body: JSON.stringify({ boardIds: ["943188457"], userIds: ["478440842"], boardRole: "boardUser" }),
    });
    // /io/board/access (204), not /io/board/{boardId}, which has no POST (405).
    expect(access.status).toBe(204);

    const user = await call(leankitMock, "/IO/USER/ME/");
    expect(user.status).toBe(200);
    expect(user.json()).toEqual(firstExample("getCurrentUser"));
  });

  it("keeps the case of parameter values: the refusal names the value as sent", async () => {
    const refused = await call(leankitMock, "/IO/BOARD/AbC/CUSTOMFIELD");
    expect(refused.status).toBe(422);
    const message = String(refused.json().message);
    expect(message).toContain("path parameter boardId");
    expect(message).toContain('"AbC"');
  });

  it("still refuses paths the contract does not have, and a doubled slash", async () => {
    expect((await call(leankitMock, "/io/board/943188457/customFields")).status).toBe(404);
    expect((await call(leankitMock, "/io/board//")).status).toBe(404);
  });
});

describe("Reporting and Leanmote match strictly (no evidence that their servers do otherwise)", () => {
  it("Reporting: a case-different or slash-ended path is 404", async () => {
    const token = "Bearer any-token";
    for (const path of ["/io/reporting/export/Cards", "/io/reporting/export/cards/"]) {
      const response = await fetch(`${reportingMock.url}${path}`, { headers: { authorization: token } });
      expect(response.status, path).toBe(404);
    }
    const exact = await fetch(`${reportingMock.url}/io/reporting/export/cards`, { headers: { authorization: token } });
    expect(exact.status).toBe(200);
  });

  it("Leanmote: a case-different or slash-ended path is 404", async () => {
    expect((await call(leanmoteMock, "/v1/Organizations")).status).toBe(404);
    expect((await call(leanmoteMock, "/v1/organizations/")).status).toBe(404);
    expect((await call(leanmoteMock, "/v1/organizations")).status).toBe(200);
  });
});

describe("x-path-matching itself", () => {
  it.each([
    [{ literals: "any" }, 'x-path-matching.literals is "any"; use one of case-sensitive, case-insensitive'],
    [{ trailingSlash: true }, "x-path-matching.trailingSlash is true; use one of strict, optional"],
    [{ caseSensitive: false }, "x-path-matching has unknown members: caseSensitive"],
    ["lenient", "x-path-matching must be an object with `literals` and `trailingSlash`"],
  ])("refuses %j, naming what is wrong", (declared, message) => {
    const document = { ...leankit, "x-path-matching": declared };
    expect(() => new OpenApiMock(document, genericBehaviour(document))).toThrow(message);
  });
});
