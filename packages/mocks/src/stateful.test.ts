// The stateful mode over HTTP: records seeded from the contracts' examples, created, read,
// listed, updated and deleted as the `x-resource` declarations say, every answer valid by
// the contract; reset by HTTP and by `server.reset()`; and the stateless mode unchanged.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  deref,
  type ExamplePairingObject,
  findOperation,
  type OpenAPIV3_1,
  openRpcMethods,
  resourceProblems,
  SchemaValidators,
} from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_IDS, type MockServer, startMock } from "./index.js";

const run = promisify(execFile);
const leankit = loadContract("leankit");
const leankitSchemas = new SchemaValidators(leankit);
const leantime = loadContract("leantime");
const leantimeSchemas = new SchemaValidators(leantime);

/** The example of an operation's answer: the named one, else its inline or first one. */
function example(operationId: string, status: number, name?: string): unknown {
  const { operation } = findOperation(leankit, operationId)!;
  const response = deref<OpenAPIV3_1.ResponseObject>(leankit, operation.responses?.[String(status)])!;
  const media = response.content!["application/json"]!;
  if (name === undefined && media.example !== undefined) return media.example;
  const node = name === undefined ? Object.values(media.examples ?? {})[0] : media.examples![name];
  return deref<OpenAPIV3_1.ExampleObject>(leankit, node)!.value;
}

/** A request body example of an operation, by name. */
function requestExample(operationId: string, name: string): Record<string, unknown> {
  const { operation } = findOperation(leankit, operationId)!;
  const media = deref<OpenAPIV3_1.RequestBodyObject>(leankit, operation.requestBody)!.content["application/json"]!;
  return structuredClone(deref<OpenAPIV3_1.ExampleObject>(leankit, media.examples![name])!.value);
}

type Card = { id: string; title: string; version: string; lane: { id: string }; [key: string]: unknown };
type Page<K extends string, T> = { pageMeta: { totalRecords: number; offset: number; limit: number } } & Record<K, T[]>;

const BEARER = { authorization: "Bearer any-token" };
const BASIC = { authorization: `Basic ${Buffer.from("user@example.com:secret").toString("base64")}` };
const CARD = (example("getCard", 200) as Card).id;

describe("LeanKit, stateful", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock("leankit", 0, { stateful: true });
  });
  afterAll(() => mock.stop());
  beforeEach(() => mock.reset());

  /** Calls an operation and checks its answer against what the contract declares for it and the status. */
  async function call<T = unknown>(
    operationId: string,
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${mock.url}${path}`, {
      method: init.method ?? "GET",
      headers: { ...BEARER, "content-type": "application/json", ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    const body = text === "" ? undefined : (JSON.parse(text) as T);
    const { path: template, method, operation } = findOperation(leankit, operationId)!;
    expect(Object.keys(operation.responses ?? {})).toContain(String(response.status));
    if (body !== undefined) {
      const schema = [
        "paths",
        template,
        method,
        "responses",
        String(response.status),
        "content",
        "application/json",
        "schema",
      ];
      expect(leankitSchemas.problems(schema, body)).toEqual([]);
    }
    return { status: response.status, body: body as T };
  }

  const createCard = async (body: Record<string, unknown>, full = false) =>
    call<Card>("createCard", `/io/card${full ? "?returnFullRecord=true" : ""}`, { method: "POST", body });
  const getCard = (id: string) => call<Card>("getCard", `/io/card/${id}`);

  it("seeds the records from the examples: the example card, the listed boards", async () => {
    expect((await getCard(CARD)).body).toMatchObject(example("getCard", 200) as object);
    const boards = await call<Page<"boards", { id: string }>>("listBoards", "/io/board");
    const listed = example("listBoards", 200) as Page<"boards", { id: string }>;
    expect(boards.body.boards.map((b) => b.id)).toEqual(listed.boards.map((b) => b.id));
    expect(boards.body.pageMeta.totalRecords).toBe(listed.boards.length);
  });

  it("creates a card that reads back as create returned it and shows up in the lists", async () => {
    const minimal = requestExample("createCard", "minimal");
    const created = await createCard(minimal);
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(["id"]);
    const card = await getCard(created.body.id);
    expect(card.body).toMatchObject({ id: created.body.id, title: minimal.title, lane: { id: "943188475" } });

    const full = await createCard({ ...minimal, title: "Quarterly CSV export", size: 3, tags: ["export"] }, true);
    expect(full.body).toMatchObject({ title: "Quarterly CSV export", size: 3, tags: ["export"] });
    expect((await getCard(full.body.id)).body).toEqual(full.body);
    expect(full.body.id).not.toBe(created.body.id);

    const listed = await call<Page<"cards", Card>>("listCards", `/io/card?cards=${created.body.id},${full.body.id}`);
    expect(listed.body.cards.map((c) => c.title)).toEqual([minimal.title, "Quarterly CSV export"]);
    expect(listed.body.pageMeta).toMatchObject({ totalRecords: 2, offset: 0, limit: 200 });
    const searched = await call<Page<"cards", Card>>("listCards", "/io/card?search=quarterly");
    expect(searched.body.cards.map((c) => c.id)).toEqual([full.body.id]);
  });

  it("pages and filters lists over the current data", async () => {
    const all = await call<Page<"cards", Card>>("listCards", "/io/card?board=943188457");
    const total = all.body.pageMeta.totalRecords;
    await createCard(requestExample("createCard", "minimal"));
    const after = await call<Page<"cards", Card>>("listCards", `/io/card?board=943188457&limit=1&offset=${total}`);
    expect(after.body.pageMeta).toMatchObject({ totalRecords: total + 1, offset: total, limit: 1 });
    expect(after.body.cards).toHaveLength(1);
    const none = await call<Page<"cards", Card>>("listCards", "/io/card?board=1");
    expect(none.body).toMatchObject({ cards: [], pageMeta: { totalRecords: 0 } });
  });

  it("applies a JSON Patch: fields, the lane and the block kept elsewhere in the card, and the version", async () => {
    const { body: before } = await getCard(CARD);
    const patched = await call<Card>("updateCard", `/io/card/${CARD}`, {
      method: "PATCH",
      body: [
        { op: "test", path: "/version", value: before.version },
        { op: "replace", path: "/title", value: "Card Three (revised)" },
        { op: "replace", path: "/isBlocked", value: false },
        { op: "replace", path: "/blockReason", value: "Vendor signed off" },
        { op: "replace", path: "/laneId", value: "943188472" },
        { op: "add", path: "/tags/-", value: "reporting" },
        { op: "remove", path: "/tags", value: "tagone" },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      title: "Card Three (revised)",
      blockedStatus: { isBlocked: false, reason: "Vendor signed off" },
      lane: { id: "943188472" },
      tags: ["tagtwo", "reporting"],
      version: String(Number(before.version) + 1),
    });
    expect((await getCard(CARD)).body).toEqual(patched.body);

    // Sent again, the test on the old version fails: 428, and nothing changes.
    const stale = await call("updateCard", `/io/card/${CARD}`, {
      method: "PATCH",
      body: [
        { op: "test", path: "/version", value: before.version },
        { op: "replace", path: "/title", value: "Lost update" },
      ],
    });
    expect(stale.status).toBe(428);
    expect(stale.body).toMatchObject({ statusCode: 428 });
    const invalid = await call("updateCard", `/io/card/${CARD}`, {
      method: "PATCH",
      body: [{ op: "replace", path: "/size", value: "large" }],
    });
    expect(invalid.status).toBe(422);
    expect((await getCard(CARD)).body).toEqual(patched.body);
  });

  it("runs a PATCH sent as POST with X-HTTP-Method-Override", async () => {
    const patched = await call<Card>("updateCard", `/io/card/${CARD}`, {
      method: "POST",
      headers: { "x-http-method-override": "PATCH" },
      body: [{ op: "replace", path: "/title", value: "Overridden" }],
    });
    expect(patched.body.title).toBe("Overridden");
  });

  it("answers 404 in LeanKit's format once a card is deleted, for the card and what hangs on it", async () => {
    const { body: created } = await createCard(requestExample("createCard", "minimal"));
    expect((await call("deleteCard", `/io/card/${created.id}`, { method: "DELETE" })).status).toBe(204);
    const gone = await getCard(created.id);
    expect(gone).toEqual({ status: 404, body: example("getCard", 404) });
    expect((await call("listComments", `/io/card/${created.id}/comment`)).status).toBe(404);
    expect(
      (
        await call("updateCard", `/io/card/${created.id}`, {
          method: "PATCH",
          body: [{ op: "replace", path: "/title", value: "x" }],
        })
      ).status,
    ).toBe(404);
    expect((await call("deleteCard", `/io/card/${created.id}`, { method: "DELETE" })).status).toBe(404);
    const listed = await call<Page<"cards", Card>>("listCards", `/io/card?cards=${created.id}`);
    expect(listed.body.cards).toEqual([]);
  });

  it("keeps comments on their card: add, list, edit, delete", async () => {
    const { body: card } = await createCard(requestExample("createCard", "minimal"));
    const comment = await call<{ id: string; text: string }>("createComment", `/io/card/${card.id}/comment`, {
      method: "POST",
      body: { text: "<p>First!</p>" },
    });
    expect(comment).toMatchObject({ status: 201, body: { text: "<p>First!</p>" } });
    const comments = `/io/card/${card.id}/comment`;
    const listed = await call<Page<"comments", { id: string; text: string }>>("listComments", comments);
    expect(listed.body.comments).toEqual([
      expect.objectContaining({ id: comment.body.id, text: "<p>First!</p>", cardId: card.id }),
    ]);
    // The example card's own comment stays where it was.
    const others = await call<Page<"comments", { id: string }>>("listComments", `/io/card/${CARD}/comment`);
    expect(others.body.comments.map((c) => c.id)).not.toContain(comment.body.id);
    const edited = await call("updateComment", `${comments}/${comment.body.id}`, {
      method: "PUT",
      body: { text: "Edited" },
    });
    expect(edited.body).toMatchObject({ id: comment.body.id, text: "Edited" });
    expect(
      (
        await call("updateComment", `/io/card/${CARD}/comment/${comment.body.id}`, {
          method: "PUT",
          body: { text: "x" },
        })
      ).status,
    ).toBe(404);
    expect((await call("deleteComment", `${comments}/${comment.body.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await call<Page<"comments", unknown>>("listComments", comments)).body.comments).toEqual([]);
  });

  it("puts tasks on their card's task board, made either way", async () => {
    const { body: card } = await createCard(requestExample("createCard", "minimal"));
    const task = await call<Card>("createCardTask", `/io/card/${card.id}/tasks`, {
      method: "POST",
      body: { title: "Check the translations", laneType: "ready", typeId: "943188465" },
    });
    expect(task.status).toBe(201);
    const asCard = await createCard({
      destination: { cardId: card.id, laneTitle: "doing" },
      title: "Review the export",
    });
    const tasks = await call<Page<"cards", Card>>("listCardTasks", `/io/card/${card.id}/tasks`);
    expect(tasks.body.cards.map((t) => t.id)).toEqual([task.body.id, asCard.body.id]);
    expect(tasks.body.cards.map((t) => t.title)).toEqual(["Check the translations", "Review the export"]);
    expect((await getCard(task.body.id)).body.containingCardId).toBe(card.id);
  });

  it("connects and disconnects cards: children and parents list each other", async () => {
    const { body: parent } = await createCard(requestExample("createCard", "minimal"));
    const { body: child } = await createCard({ ...requestExample("createCard", "minimal"), title: "Child" });
    const change = { cardIds: [parent.id], connections: { children: [child.id] } };
    expect((await call("createConnections", "/io/card/connections", { method: "POST", body: change })).status).toBe(
      201,
    );
    const children = await call<Page<"cards", Card>>("listChildCards", `/io/card/${parent.id}/connection/children`);
    expect(children.body.cards.map((c) => c.id)).toEqual([child.id]);
    const parents = await call<Page<"cards", Card>>("listParentCards", `/io/card/${child.id}/connection/parents`);
    expect(parents.body.cards.map((c) => c.id)).toEqual([parent.id]);
    expect((await getCard(child.id)).body.parentCards).toEqual([{ cardId: parent.id, boardId: "943188457" }]);
    expect((await call("deleteConnections", "/io/card/connections", { method: "DELETE", body: change })).status).toBe(
      204,
    );
    expect(
      (await call<Page<"cards", Card>>("listChildCards", `/io/card/${parent.id}/connection/children`)).body.cards,
    ).toEqual([]);
    const unknown = { cardIds: ["1"], connections: { children: [child.id] } };
    expect((await call("createConnections", "/io/card/connections", { method: "POST", body: unknown })).status).toBe(
      422,
    );
  });

  it("lists a created token without its secret, and no more once revoked", async () => {
    const created = await call<{ id: string; token: string; description: string }>("createToken", "/io/auth/token", {
      method: "POST",
      headers: BASIC,
      body: { description: "CI export" },
    });
    expect(created).toMatchObject({ status: 201, body: { description: "CI export" } });
    const listed = await call<{ tokens: { id: string }[] }>("listTokens", "/io/auth/token", { headers: BASIC });
    expect(listed.body.tokens.find((t) => t.id === created.body.id)).toEqual({
      id: created.body.id,
      description: "CI export",
      createdOn: expect.any(String),
    });
    expect(
      (await call("revokeToken", `/io/auth/token/${created.body.id}`, { method: "DELETE", headers: BASIC })).status,
    ).toBe(204);
    const after = await call<{ tokens: { id: string }[] }>("listTokens", "/io/auth/token", { headers: BASIC });
    expect(after.body.tokens.map((t) => t.id)).not.toContain(created.body.id);
    expect(
      (await call("revokeToken", `/io/auth/token/${created.body.id}`, { method: "DELETE", headers: BASIC })).status,
    ).toBe(404);
  });

  it("answers Prefer verbatim, changing nothing", async () => {
    const before = (await call<Page<"cards", Card>>("listCards", "/io/card")).body.pageMeta.totalRecords;
    const preferred = await call("createCard", "/io/card", {
      method: "POST",
      headers: { prefer: "example=fullRecord" },
      body: requestExample("createCard", "minimal"),
    });
    expect(preferred.body).toEqual(example("createCard", 201, "fullRecord"));
    expect((await call("getCard", "/io/card/1", { headers: { prefer: "code=200" } })).body).toEqual(
      example("getCard", 200),
    );
    expect((await call<Page<"cards", Card>>("listCards", "/io/card")).body.pageMeta.totalRecords).toBe(before);
  });

  it("goes back to the seed on POST /__mock/reset and on reset(), ids counting from there again", async () => {
    const first = (await createCard(requestExample("createCard", "minimal"))).body.id;
    await call("deleteCard", `/io/card/${CARD}`, { method: "DELETE" });
    const reset = await fetch(`${mock.url}/__mock/reset`, { method: "POST" });
    expect(reset.status).toBe(204);
    expect((await getCard(first)).status).toBe(404);
    expect((await getCard(CARD)).status).toBe(200);
    expect((await createCard(requestExample("createCard", "minimal"))).body.id).toBe(first);
    mock.reset();
    expect((await getCard(first)).status).toBe(404);
  });
});

describe("Leantime, stateful", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock("leantime", 0, { stateful: true });
  });
  afterAll(() => mock.stop());
  beforeEach(() => mock.reset());

  const methods = openRpcMethods(leantime);
  /** Calls a method and checks its result against the method's result schema; the JSON-RPC answer. */
  async function rpc(name: string, params: object, headers: Record<string, string> = {}) {
    const response = await fetch(`${mock.url}/api/jsonrpc`, {
      method: "POST",
      headers: { "x-api-key": "lt_1_secret", "content-type": "application/json", ...headers },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: `leantime.rpc.${name}`, params }),
    });
    const answer = (await response.json()) as { result?: unknown; error?: { code: number } };
    const index = methods.findIndex((m) => m.name === `leantime.rpc.${name}`);
    if ("result" in answer)
      expect(leantimeSchemas.problems(["methods", index, "result", "schema"], answer.result)).toEqual([]);
    return answer;
  }
  const result = async (name: string, params: object) => (await rpc(name, params)).result;
  const exampleResult = (name: string) => {
    const method = methods.find((m) => m.name === `leantime.rpc.${name}`)!;
    return deref<{ value: unknown }>(leantime, deref<ExamplePairingObject>(leantime, method.examples![0])!.result)!
      .value;
  };
  const seedTicket = exampleResult("Tickets.Tickets.getTicket") as { id: number; projectId: number };

  it("keeps a ticket from addTicket to delete, and answers false for it after, as the server does", async () => {
    const id = (await result("Tickets.Tickets.addTicket", {
      values: { headline: "Write the changelog", projectId: seedTicket.projectId, priority: 2, editorId: 1 },
    })) as number;
    expect(id).toBe(seedTicket.id + 1);
    expect(await result("Tickets.Tickets.getTicket", { id })).toEqual({
      id,
      headline: "Write the changelog",
      projectId: seedTicket.projectId,
      // Cast as the server's columns are: priority and editorId are VARCHAR.
      priority: "2",
      editorId: "1",
    });
    expect(
      await result("Tickets.Tickets.updateTicket", { values: { id, headline: "Write the changelog (v2)", status: 4 } }),
    ).toBe(true);
    expect(await result("Tickets.Tickets.getTicket", { id: String(id) })).toMatchObject({
      headline: "Write the changelog (v2)",
      status: 4,
    });
    const inProject = (await result("Tickets.Tickets.getAll", {
      searchCriteria: { currentProject: seedTicket.projectId },
    })) as { id: number }[];
    expect(inProject.map((t) => t.id)).toEqual([seedTicket.id, id]);
    expect(
      await result("Tickets.Tickets.getAll", { searchCriteria: { currentProject: seedTicket.projectId }, limit: 1 }),
    ).toHaveLength(1);
    expect(await result("Tickets.Tickets.getAll", { searchCriteria: { term: "changelog" } })).toEqual([
      expect.objectContaining({ id }),
    ]);
    expect(await result("Tickets.Tickets.delete", { id })).toBe(true);
    expect(await result("Tickets.Tickets.getTicket", { id })).toBe(false);
    expect(await result("Tickets.Tickets.delete", { id })).toBe(false);
  });

  it("keeps comments on their entity and time on its ticket, filtered by dates", async () => {
    const id = (await result("Tickets.Tickets.addTicket", { values: { headline: "Docs", projectId: 3 } })) as number;
    expect(
      await result("Comments.Comments.addComment", {
        values: { text: "<p>On it</p>" },
        module: "ticket",
        entityId: id,
      }),
    ).toBe(true);
    const comments = (await result("Comments.Comments.getComments", { module: "ticket", entityId: id })) as {
      id: number;
      text: string;
    }[];
    expect(comments).toEqual([expect.objectContaining({ text: "<p>On it</p>", moduleId: id })]);
    expect(await result("Comments.Comments.getComments", { module: "project", entityId: id })).toEqual([]);
    expect(
      await result("Comments.Comments.editComment", { values: { text: "<p>Done</p>" }, id: comments[0]!.id }),
    ).toBe(true);
    expect(await result("Comments.Comments.getComments", { module: "ticket", entityId: id })).toEqual([
      expect.objectContaining({ text: "<p>Done</p>" }),
    ]);

    const values = {
      ticket: id,
      date: "2024-06-03 00:00:00",
      kind: "GENERAL_BILLABLE",
      hours: 1.5,
      description: "Drafted",
    };
    expect(await result("Timesheets.Timesheets.addTime", { values })).toBeNull();
    const june = { dateFrom: "2024-06-01 00:00:00", dateTo: "2024-06-30 23:59:59" };
    const entries = (await result("Timesheets.Timesheets.getAll", { ...june, ticketFilter: String(id) })) as {
      id: number;
    }[];
    expect(entries).toEqual([expect.objectContaining({ ticketId: id, workDate: values.date, hours: 1.5 })]);
    expect(await result("Timesheets.Timesheets.getAll", { ...june, ticketFilter: "-1", projectId: -1 })).toHaveLength(
      1,
    );
    expect(
      await result("Timesheets.Timesheets.getAll", { dateFrom: "2024-07-01 00:00:00", dateTo: "2024-07-31 00:00:00" }),
    ).toEqual([]);
    expect(await result("Timesheets.Timesheets.getTimesheet", { id: entries[0]!.id })).toMatchObject({
      description: "Drafted",
    });
    expect(await result("Timesheets.Timesheets.deleteTime", { id: entries[0]!.id })).toBe(true);
    expect(await result("Timesheets.Timesheets.getTimesheet", { id: entries[0]!.id })).toBe(false);
    expect(await result("Comments.Comments.deleteComment", { commentId: comments[0]!.id })).toBe(true);
    expect(await result("Comments.Comments.getComments", { module: "ticket", entityId: id })).toEqual([]);
  });

  it("keeps projects: add, get, patch, list, delete", async () => {
    const id = (await result("Projects.Projects.addProject", { values: { name: "Intranet", clientId: 2 } })) as number;
    expect(await result("Projects.Projects.patch", { id, params: { name: "Intranet 2" } })).toBe(true);
    expect(await result("Projects.Projects.getProject", { id })).toMatchObject({ id, name: "Intranet 2", clientId: 2 });
    expect(((await result("Projects.Projects.getAll", {})) as { id: number }[]).map((p) => p.id)).toContain(id);
    expect(await result("Projects.Projects.deleteProject", { id })).toBe(true);
    expect(await result("Projects.Projects.getProject", { id })).toBe(false);
  });

  it("changes nothing for a call answered with a preferred error, and resets by HTTP and reset()", async () => {
    const refused = await rpc(
      "Tickets.Tickets.addTicket",
      { values: { headline: "No" } },
      { prefer: "error=Forbidden" },
    );
    expect(refused.error?.code).toBe(-32001);
    expect(await result("Tickets.Tickets.getTicket", { id: seedTicket.id + 1 })).toBe(false);
    const id = await result("Tickets.Tickets.addTicket", { values: { headline: "Yes" } });
    expect((await fetch(`${mock.url}/__mock/reset`, { method: "POST" })).status).toBe(204);
    expect(await result("Tickets.Tickets.getTicket", { id })).toBe(false);
    expect(await result("Tickets.Tickets.getTicket", { id: seedTicket.id })).toEqual(seedTicket);
    await result("Tickets.Tickets.delete", { id: seedTicket.id });
    mock.reset();
    expect(await result("Tickets.Tickets.getTicket", { id: seedTicket.id })).toEqual(seedTicket);
  });
});

describe("the stateless mode", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock("leankit", 0);
  });
  afterAll(() => mock.stop());

  it("still answers every read with the example, whatever was written, and has no reset", async () => {
    const headers = { ...BEARER, "content-type": "application/json" };
    const created = await fetch(`${mock.url}/io/card`, {
      method: "POST",
      headers,
      body: JSON.stringify(requestExample("createCard", "minimal")),
    });
    expect(await created.json()).toEqual(example("createCard", 201));
    const read = await fetch(`${mock.url}/io/card/945261794`, { headers });
    expect(await read.json()).toEqual(example("getCard", 200));
    expect((await fetch(`${mock.url}/__mock/reset`, { method: "POST" })).status).toBe(404);
    expect(() => mock.reset()).not.toThrow();
  });
});

describe("the contracts the stateful mode follows", () => {
  it.each(API_IDS)("%s declares its resources consistently (the x-resource rules)", (api) => {
    expect(resourceProblems(loadContract(api))).toEqual([]);
  });
});

describe("the CLI", () => {
  it("refuses --stateful with Prism, which cannot keep records", async () => {
    const result = await run(process.execPath, ["dist/cli.js", "--stateful", "--engine", "prism", "leankit"]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(result).toMatchObject({ code: 2 });
    expect((result as { stderr: string }).stderr).toContain("--stateful runs on the leanapis engine only");
    await expect(startMock("leankit", 0, { stateful: true, engine: "prism" })).rejects.toThrow(/our engine only/);
  });
});
