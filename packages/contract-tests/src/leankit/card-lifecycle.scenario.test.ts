// A card's life, end to end: create → read back → rename by JSON Patch → find it in a list →
// comment → add a task → connect another card → delete → 404. Against a stateful mock started
// here (default), or the live LeanKit when its variables are set and LEANAPIS_LIVE_WRITES=1
// (skipped when only the variables are set). Every exchange is checked against the contract,
// and every card the scenario created is deleted in `finally`, even when a step fails or the
// answer that created it broke the contract.
import { randomUUID } from "node:crypto";
import { createLeanKitClient, LeanKitApiError, type LeanKitClient, type paths } from "@leanapis/clients/leankit";
import { loadContract } from "@leanapis/registry";
import { describe, expect, it } from "vitest";
import { Contract } from "../contract.js";
import { trackCoverage } from "../coverage.js";
import { createdRecords } from "../created-records.js";
import { rejection } from "../rejection.js";
import { scenarioTarget } from "../scenario-target.js";
import { liveLeanKit, liveWritesAllowed } from "../targets.js";

const contract = new Contract(loadContract("leankit"));
trackCoverage("leankit", contract);
const live = liveLeanKit();
const runs = !live || liveWritesAllowed();

const target = scenarioTarget("leankit", live, runs);

function client(fetch: (request: Request) => Promise<Response>): LeanKitClient {
  const c = createLeanKitClient({
    baseUrl: target.baseUrl(),
    auth: live?.auth ?? { token: "mock-token" },
    retry: { retries: 2, maxDelayMs: 2_000 },
    userAgent: "leanapis-contract-tests",
    fetch,
  });
  c.use(contract.middleware());
  return c;
}

const apiError = (call: Promise<unknown>) => rejection(call, LeanKitApiError);

type NewCard = NonNullable<paths["/io/card"]["post"]["requestBody"]>["content"]["application/json"];
/**
 * A new card's body. The generated type makes every member with a default (priority, index,
 * laneTitle, …) required; the API fills those in, and laneTitle means nothing for a board.
 */
const newCard = (body: {
  destination: { boardId: string } | { cardId: string; laneTitle: "todo" };
  title: string;
  description?: string;
}) => body as unknown as NewCard;

/** Deletes every card, newest first; a card already gone (404) is fine, any other failure is reported. */
async function deleteCards(api: LeanKitClient, cardIds: readonly string[]): Promise<void> {
  const failures: unknown[] = [];
  for (const cardId of [...cardIds].reverse()) {
    try {
      await api.DELETE("/io/card/{cardId}", { params: { path: { cardId } } });
    } catch (error) {
      if (!(error instanceof LeanKitApiError && error.status === 404)) failures.push(error);
    }
  }
  if (failures.length) throw new AggregateError(failures, "The scenario could not clean up after itself");
}

describe.runIf(runs)("LeanKit card lifecycle", () => {
  it("creates, reads, renames, lists, comments, adds a task, connects and deletes a card", async () => {
    // Every card (the card, its task, the other card), as the wire gave it.
    const cards = createdRecords(/\/io\/card$/);
    const api = client(cards.fetch);
    const name = `leanapis scenario ${randomUUID().slice(0, 8)}`;
    try {
      const { data: boards } = await api.GET("/io/board", { params: { query: { limit: 1 } } });
      const boardId = boards!.boards[0]!.id;

      // Create, with the whole card in the answer, and read it back.
      const created = await api.POST("/io/card", {
        params: { query: { returnFullRecord: true } },
        body: newCard({ destination: { boardId }, title: name, description: "<p>Made by the scenario suite</p>" }),
      });
      expect(created.response.status).toBe(201);
      const card = created.data as { id: string; title: string; version: string; board: { id: string } };
      expect(card).toMatchObject({ title: name, board: { id: boardId } });
      const { data: read } = await api.GET("/io/card/{cardId}", { params: { path: { cardId: card.id } } });
      // The live API adds what create leaves out (comments, …); what create returned must read back alike.
      if (live) expect(read).toMatchObject({ id: card.id, title: name, version: card.version, board: { id: boardId } });
      else expect(read).toEqual(card);

      // Rename by JSON Patch, guarded by the version just read.
      const renamed = `${name} (renamed)`;
      const { data: patched } = await api.PATCH("/io/card/{cardId}", {
        params: { path: { cardId: card.id } },
        body: [
          { op: "test", path: "/version", value: read!.version },
          { op: "replace", path: "/title", value: renamed },
        ],
      });
      expect(patched!.title).toBe(renamed);
      const { data: listed } = await api.GET("/io/card", { params: { query: { cards: card.id } } });
      expect(listed!.cards.map((c) => [c.id, c.title])).toEqual([[card.id, renamed]]);

      // A comment, then a task on its task board.
      const text = "<p>A comment from the scenario suite</p>";
      const comment = await api.POST("/io/card/{cardId}/comment", {
        params: { path: { cardId: card.id } },
        body: { text },
      });
      expect(comment.response.status).toBe(201);
      const { data: comments } = await api.GET("/io/card/{cardId}/comment", { params: { path: { cardId: card.id } } });
      expect(comments!.comments.map((c) => c.text)).toContain(text);
      const task = await api.POST("/io/card", {
        body: newCard({ destination: { cardId: card.id, laneTitle: "todo" }, title: `${name} task` }),
      });
      const taskId = (task.data as { id: string }).id;
      const { data: tasks } = await api.GET("/io/card/{cardId}/tasks", { params: { path: { cardId: card.id } } });
      expect(tasks!.cards.map((t) => t.id)).toContain(taskId);

      // Connect another card as its child.
      const other = await api.POST("/io/card", { body: newCard({ destination: { boardId }, title: `${name} child` }) });
      const otherId = (other.data as { id: string }).id;
      const connection = { cardIds: [card.id], connections: { children: [otherId] } };
      const connected = await api.POST("/io/card/connections", { body: connection });
      // Deleting the cards in clean-up removes the connection with them.
      expect(connected.response.status).toBe(201);
      const { data: children } = await api.GET("/io/card/{cardId}/connection/children", {
        params: { path: { cardId: card.id } },
      });
      expect(children!.cards.map((c) => c.id)).toContain(otherId);

      // Delete: the card is gone, in LeanKit's error format.
      const deleted = await api.DELETE("/io/card/{cardId}", { params: { path: { cardId: card.id } } });
      expect(deleted.response.status).toBe(204);
      const gone = await apiError(api.GET("/io/card/{cardId}", { params: { path: { cardId: card.id } } }));
      expect(gone.status).toBe(404);
      expect(gone.body).toMatchObject({ statusCode: 404 });
    } finally {
      await deleteCards(api, cards.ids);
    }
  });
});
