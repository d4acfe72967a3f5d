// The crawlers on small contracts, with a fake API: which calls they make, with which ids,
// what they leave alone (writes) and what they report as not reached.
import type { OpenApiDocument, OpenRpcDocument } from "@leanapis/contract-helpers";
import { describe, expect, it } from "vitest";
import { ContractViolation } from "../check/contract-violation.js";
import { Contract } from "../contract.js";
import { RpcContract } from "../rpc-contract.js";
import { crawlOpenApi } from "./crawl-openapi.js";
import { crawlOpenRpc } from "./crawl-openrpc.js";
import { IdPool, listedRecords } from "./ids.js";

const ok = { "200": { description: "ok" } };
const get = (operationId: string, parameters: string[] = []) => ({
  get: {
    operationId,
    parameters: parameters.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
    responses: ok,
  },
});

const boards = {
  openapi: "3.1.0",
  info: { title: "Boards", version: "1" },
  paths: {
    "/boards": { ...get("listBoards"), post: { operationId: "createBoard", responses: ok } },
    "/boards/{boardId}": get("getBoard", ["boardId"]),
    "/boards/{boardId}/cards": get("listCards", ["boardId"]),
    "/boards/{boardId}/cards/{cardId}": get("getCard", ["boardId", "cardId"]),
    "/users/{userId}": get("getUser", ["userId"]),
    "/orphans/{orphanId}": get("getOrphan", ["orphanId"]),
    "/lanes/{kind}": {
      get: {
        operationId: "getLane",
        parameters: [{ name: "kind", in: "path", required: true, schema: { enum: ["todo", "done"] } }],
        responses: ok,
      },
    },
  },
} as unknown as OpenApiDocument;

/** The fake API's answers by path; a card list per board, so ids must stay with their board. */
const answers: Record<string, unknown> = {
  "/boards": { boards: [{ id: "b1", userId: "u1" }, { id: "b2" }] },
  "/boards/b1/cards": { cards: [{ id: "c1" }] },
  "/boards/b2/cards": { cards: [{ id: "c2" }] },
};

describe("crawlOpenApi", () => {
  it("lists collections first, takes each record's id with its own parent, and never writes", async () => {
    const sent: string[] = [];
    const report = await crawlOpenApi(
      "boards",
      new Contract(boards),
      async (entry, { path }) => {
        const url = entry.path.replace(/\{(\w+)\}/g, (_, name: string) => String(path[name]));
        sent.push(`${entry.method.toUpperCase()} ${url}`);
        return { status: 200, body: answers[url] ?? {} };
      },
      () => undefined,
    );
    expect(sent).toEqual([
      "GET /boards",
      "GET /boards/b1",
      "GET /boards/b2",
      "GET /boards/b1/cards",
      "GET /boards/b2/cards",
      "GET /users/u1",
      "GET /lanes/todo",
      "GET /boards/b1/cards/c1",
      "GET /boards/b2/cards/c2",
    ]);
    expect(report.notReached).toEqual([{ operation: "getOrphan", missing: "orphanId" }]);
    expect(report.calls.every(({ status }) => status === 200)).toBe(true);
  });

  it("keeps the violations and the calls without an answer, and goes on", async () => {
    const violation = { operation: "listBoards", place: "body /boards/0/id", problem: "must be string" };
    const report = await crawlOpenApi(
      "boards",
      new Contract(boards),
      async (entry) => {
        if (entry.path === "/boards") throw new ContractViolation("listBoards → 200", [violation]);
        throw new Error("connection refused");
      },
      () => undefined,
    );
    expect(report.violations).toEqual([violation]);
    expect(report.failures).toEqual([{ operation: "getLane", problem: "connection refused" }]);
    // Nothing was listed, so nothing that needs an id was called.
    expect(report.calls.map(({ operation }) => operation)).toEqual(["listBoards", "getLane"]);
  });

  it("counts a declared error status as an answer", async () => {
    const refused = Object.assign(new Error("401"), { status: 401 });
    const report = await crawlOpenApi(
      "boards",
      new Contract(boards),
      async () => {
        throw refused;
      },
      (error) => (error === refused ? 401 : undefined),
    );
    expect(report.calls).toContainEqual({ operation: "listBoards", status: 401 });
    expect(report.failures).toEqual([]);
  });
});

const param = (name: string, required = true) => ({ name, required, schema: { type: ["integer", "string"] } });
const method = (name: string, params: object[], extra: object = {}) => ({
  name,
  params,
  result: { name: "result", schema: {} },
  ...extra,
});
const tracker: OpenRpcDocument = {
  openrpc: "1.3.2",
  info: { title: "Tracker", version: "1" },
  methods: [
    method("app.Projects.getAll", []),
    method("app.Tickets.getAll", [param("projectId")]),
    method("app.Tickets.getTicket", [param("id")]),
    method("app.Comments.getComments", [
      { name: "module", required: true, schema: { type: "string" } },
      param("entityId"),
    ]),
    method("app.Tickets.addTicket", [param("values")]),
    method("app.Wiki.getArticle", [param("id")]),
  ],
} as OpenRpcDocument;

describe("crawlOpenRpc", () => {
  it("goes from projects to tickets to their comments, and leaves writes alone", async () => {
    const sent: [string, Record<string, unknown>][] = [];
    const results: Record<string, unknown> = {
      "app.Projects.getAll": [{ id: 3, name: "Launch" }],
      "app.Tickets.getAll": [{ id: 11, projectId: 3 }],
      "app.Tickets.getTicket": { id: 11, projectId: 3 },
    };
    const report = await crawlOpenRpc(
      "tracker",
      new RpcContract(tracker),
      async (name, params) => {
        sent.push([name, params]);
        return results[name] ?? [];
      },
      () => undefined,
    );
    expect(sent).toEqual([
      ["app.Projects.getAll", {}],
      ["app.Tickets.getAll", { projectId: 3 }],
      ["app.Tickets.getTicket", { id: 11 }],
      ["app.Comments.getComments", { module: "project", entityId: 3 }],
      ["app.Comments.getComments", { module: "ticket", entityId: 11 }],
    ]);
    expect(report.notReached).toEqual([{ operation: "app.Wiki.getArticle", missing: "id" }]);
  });

  it("counts a JSON-RPC error as an answer, by its code", async () => {
    const invalid = Object.assign(new Error("Invalid params"), { code: -32602 });
    const report = await crawlOpenRpc(
      "tracker",
      new RpcContract(tracker),
      async () => {
        throw invalid;
      },
      (error) => (error === invalid ? -32602 : undefined),
    );
    expect(report.calls).toEqual([{ operation: "app.Projects.getAll", status: -32602 }]);
    expect(report.failures).toEqual([]);
  });
});

describe("IdPool", () => {
  it("takes ids by kind from members named for them and from the records of named lists", () => {
    const pool = new IdPool();
    pool.harvest({ boards: [{ id: 1, board_id: 9, lane: { id: "l1" } }], cardTypeId: "t1", milestoneid: 4 }, undefined);
    expect(pool.ids("board")).toEqual([1, 9]);
    expect(pool.ids("lane")).toEqual(["l1"]);
    expect(pool.ids("cardtype")).toEqual(["t1"]);
    expect(pool.ids("milestone")).toEqual([4]);
  });

  it("finds a list's records wherever the answer keeps them", () => {
    expect(listedRecords({ meta: { total: 1 }, data: [{ id: 1 }] })).toEqual([{ id: 1 }]);
    expect(listedRecords({ Resources: [{ id: "u" }], schemas: ["x"] })).toEqual([{ id: "u" }]);
    expect(listedRecords([{ id: 2 }])).toEqual([{ id: 2 }]);
    expect(listedRecords({ count: 0 })).toEqual([]);
  });
});
