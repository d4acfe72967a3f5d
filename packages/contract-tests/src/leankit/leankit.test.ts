// The LeanKit contract suite: every operation through the generated client, against the
// mock (default) or the live API (LEANKIT_BASE_URL + credentials). Every response, success
// or error, is checked against the contract by the client middleware.
import { type BasicAuth, createLeanKitClient, LeanKitApiError, type LeanKitClient } from "@leanapis/clients/leankit";
import { deref, type OpenAPIV3_1 } from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { describe, expect, inject, it } from "vitest";
import { Contract, exampleOf as mediaExample } from "../contract.js";
import { trackCoverage } from "../coverage.js";
import { rejection } from "../rejection.js";
import { liveLeanKit } from "../targets.js";

const contract = new Contract(loadContract("leankit"));
trackCoverage("leankit", contract);
const mockUrl = inject("mockUrls").leankit;
const live = liveLeanKit();
const isMock = mockUrl !== null;

/** The example a mock answers with, read from the contract (never hard-coded here). */
function exampleOf(path: string, method: string, status: string): unknown {
  const { operation } = contract.operation(method, path);
  const response = deref<OpenAPIV3_1.ResponseObject>(contract.document, operation.responses?.[status]);
  return mediaExample(contract.document, response?.content?.["application/json"]);
}

function client(options: { auth?: BasicAuth | { token: string }; retries?: number } = {}): LeanKitClient {
  const c = createLeanKitClient({
    baseUrl: mockUrl ?? live!.baseUrl,
    auth: options.auth ?? live?.auth ?? { token: "mock-token" },
    retry: { retries: options.retries ?? 2, maxDelayMs: 2_000 },
    userAgent: "leanapis-contract-tests",
  });
  c.use(contract.middleware());
  return c;
}

const basicAuth: BasicAuth | undefined = isMock ? { username: "mock-user", password: "mock-password" } : live?.basic;

const apiError = (call: Promise<unknown>) => rejection(call, LeanKitApiError);

describe("users", () => {
  it("getCurrentUser returns the authenticated user", async () => {
    const { data, response } = await client().GET("/io/user/me");
    expect(response.status).toBe(200);
    expect(data!.id).toMatch(/^\d+$/);
    expect(data!.fullName).toContain(data!.firstName);
    if (isMock) expect(data).toEqual(exampleOf("/io/user/me", "get", "200"));
  });
});

describe("boards", () => {
  it("listBoards returns a consistent page with the documented default limit", async () => {
    const { data, response } = await client().GET("/io/board");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-ratelimit-limit")).toMatch(/^\d+$/);
    const { pageMeta, boards } = data!;
    expect(pageMeta.limit).toBe(200);
    expect(pageMeta.offset).toBe(0);
    expect(boards.length).toBeLessThanOrEqual(pageMeta.limit);
    expect(pageMeta.totalRecords).toBeGreaterThanOrEqual(boards.length);
    if (boards.length > 0) expect(pageMeta.endRow - pageMeta.startRow + 1).toBe(boards.length);
    if (isMock) expect(data).toEqual(exampleOf("/io/board", "get", "200"));
  });

  it("getBoard returns the listed board with a layout whose lanes and types hang together", async () => {
    const { data: list } = await client().GET("/io/board");
    const boardId = list!.boards[0]!.id;
    const { data: board, response } = await client().GET("/io/board/{boardId}", { params: { path: { boardId } } });
    expect(response.status).toBe(200);
    expect(board!.id).toBe(boardId);
    expect(board!.title).toBe(list!.boards[0]!.title);
    const laneIds = new Set(board!.lanes.map((lane) => lane.id));
    for (const lane of board!.lanes)
      if (lane.parentLaneId !== null && lane.parentLaneId !== undefined) expect(laneIds).toContain(lane.parentLaneId);
    const typeIds = board!.cardTypes.map((type) => type.id);
    expect(typeIds).toContain(board!.defaultCardTypeId);
  });

  it("listCardTypes gives the types the board itself lists", async () => {
    const { data: list } = await client().GET("/io/board");
    const boardId = list!.boards[0]!.id;
    const { data: board } = await client().GET("/io/board/{boardId}", { params: { path: { boardId } } });
    const { data: types } = await client().GET("/io/board/{boardId}/cardType", { params: { path: { boardId } } });
    expect(types!.cardTypes.map((t) => t.id).sort()).toEqual(board!.cardTypes.map((t) => t.id).sort());
  });

  it("listCards by board gives cards of that board only, within the page size", async () => {
    const { data: list } = await client().GET("/io/board");
    const boardId = list!.boards[0]!.id;
    const { data } = await client().GET("/io/card", { params: { query: { board: boardId, limit: 25 } } });
    expect(data!.cards.length).toBeLessThanOrEqual(25);
    for (const card of data!.cards) expect(card.board?.id ?? boardId).toBe(boardId);
  });

  it("answers an unknown board with 404 and the error body", async () => {
    const headers = isMock ? { Prefer: "code=404" } : undefined;
    const error = await apiError(client().GET("/io/board/{boardId}", { params: { path: { boardId: "1" } }, headers }));
    expect(error.status).toBe(404);
    expect(error.operation).toBe("GET /io/board/{boardId}");
    expect(error.body).toMatchObject({ statusCode: 404 });
  });
});

describe("cards", () => {
  const cardId = isMock ? "943206946" : live?.cardId;

  it.runIf(cardId)("getCard returns a card whose lane and type belong to its board", async () => {
    const { data: card, response } = await client().GET("/io/card/{cardId}", { params: { path: { cardId: cardId! } } });
    expect(response.status).toBe(200);
    expect(card!.id).toBe(cardId);
    const { data: board } = await client().GET("/io/board/{boardId}", {
      params: { path: { boardId: card!.board.id } },
    });
    expect(board!.lanes.map((lane) => lane.id)).toContain(card!.lane.id);
    expect(board!.cardTypes.map((type) => type.id)).toContain(card!.type.id);
    if (isMock) expect(card).toEqual(exampleOf("/io/card/{cardId}", "get", "200"));
  });

  it.runIf(live?.cardId)("getCard leaves comments out with excludeComments=true", async () => {
    const { data } = await client().GET("/io/card/{cardId}", {
      params: { path: { cardId: live!.cardId! }, query: { excludeComments: true } },
    });
    expect(data).not.toHaveProperty("comments");
  });
});

describe("auth tokens", () => {
  it.runIf(basicAuth)("listTokens lists tokens without their secrets", async () => {
    const { data, response } = await client({ auth: basicAuth }).GET("/io/auth/token");
    expect(response.status).toBe(200);
    // Names only: a failure must not print a secret.
    for (const token of data!.tokens) expect(Object.keys(token)).not.toContain("token");
  });

  // Live, the token lifecycle scenario creates and revokes a token (with clean-up in `finally`).
  it.runIf(isMock)("createToken returns the secret once; revokeToken removes it", async () => {
    const api = client({ auth: basicAuth });
    const { data: created, response } = await api.POST("/io/auth/token", {
      body: { description: "leanapis contract test" },
    });
    expect(response.status).toBe(201);
    expect(created!.token.length).toBeGreaterThan(0);
    const expected = (exampleOf("/io/auth/token", "post", "201") as { description: string }).description;
    expect(created!.description).toBe(expected);
    const revoked = await api.DELETE("/io/auth/token/{tokenId}", { params: { path: { tokenId: created!.id } } });
    expect(revoked.response.status).toBe(204);
  });
});

describe("errors", () => {
  it("answers a request without credentials with 401 and the error body", async () => {
    // The client refuses empty credentials, so it gets a placeholder and the header is taken off the wire.
    const bare = createLeanKitClient({ baseUrl: mockUrl ?? live!.baseUrl, auth: { token: "placeholder" } });
    bare.use(contract.middleware());
    bare.use({
      onRequest: ({ request }) => {
        request.headers.delete("Authorization");
        return request;
      },
    });
    const error = await apiError(bare.GET("/io/user/me"));
    expect(error.status).toBe(401);
    expect(error.body).toMatchObject({ statusCode: 401, error: "Unauthorized" });
  });

  it("answers a parameter of the wrong type with 422 and the error body", async () => {
    const error = await apiError(
      client().GET("/io/board", { params: { query: { limit: "many" as unknown as number } } }),
    );
    expect(error.status).toBe(422);
    expect(error.body).toMatchObject({ statusCode: 422, error: "Unprocessable Entity" });
    expect((error.body as { message: string }).message).toContain("limit");
  });

  it.runIf(isMock)("retries a 429 as configured, then throws it with the error body", async () => {
    let attempts = 0;
    const api = createLeanKitClient({
      baseUrl: mockUrl!,
      auth: { token: "mock-token" },
      retry: { retries: 1, maxDelayMs: 2_000 },
      fetch: (request) => {
        attempts++;
        return fetch(request);
      },
    });
    api.use(contract.middleware());
    const error = await apiError(api.GET("/io/user/me", { headers: { Prefer: "code=429" } }));
    expect(error.status).toBe(429);
    expect(error.body).toMatchObject({ statusCode: 429, error: "Too Many Requests" });
    expect(attempts).toBe(2);
  });
});
