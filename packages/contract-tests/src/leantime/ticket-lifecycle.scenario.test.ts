// A ticket's life over JSON-RPC: addTicket → getTicket → updateTicket with values → getTicket
// shows them → a comment → a timesheet entry → delete → getTicket answers what the server
// answers for a missing ticket (`false`, as the document says). Against a stateful mock
// started here (default), or the live Leantime when LEANTIME_BASE_URL and LEANTIME_API_KEY are
// set and LEANAPIS_LIVE_WRITES=1. Every answer is checked against the OpenRPC document;
// whatever the scenario created is deleted in `finally`, even when a step fails.
import { randomUUID } from "node:crypto";
import { createLeantimeClient, type LeantimeMethodName } from "@leanapis/clients/leantime";
import { loadContract } from "@leanapis/registry";
import { describe, expect, it } from "vitest";
import { trackCoverage } from "../coverage.js";
import { RpcContract } from "../rpc-contract.js";
import { scenarioTarget } from "../scenario-target.js";
import { liveLeantime, liveWritesAllowed } from "../targets.js";

const contract = new RpcContract(loadContract("leantime"));
trackCoverage("leantime", contract);
const live = liveLeantime();
const runs = !live || liveWritesAllowed();

const target = scenarioTarget("leantime", live, runs);

interface Ticket {
  id: number;
  headline?: string | null;
  description?: string | null;
}
interface Entry {
  id: number;
  ticketId?: number | null;
}

/** Runs every clean-up step, newest first, and reports the ones that failed. */
async function cleanUp(steps: (() => Promise<unknown>)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps.reverse()) await step().catch((error: unknown) => failures.push(error));
  if (failures.length) throw new AggregateError(failures, "The scenario could not clean up after itself");
}

describe.runIf(runs)("Leantime ticket lifecycle", () => {
  it("adds, reads, updates, comments on, books time on and deletes a ticket", async () => {
    const api = createLeantimeClient({
      baseUrl: target.baseUrl(),
      auth: { apiKey: live?.apiKey ?? "mock-api-key" },
      retry: false,
      fetch: contract.fetch(),
    });
    const call = <T>(method: string, params: object) =>
      api.call(`leantime.rpc.${method}` as LeantimeMethodName, params as never) as Promise<T>;
    const cleanup: (() => Promise<unknown>)[] = [];
    const headline = `leanapis scenario ${randomUUID().slice(0, 8)}`;
    try {
      const projects = await call<{ id: number }[]>("Projects.Projects.getAll", {});
      const projectId = projects[0]!.id;

      const id = await call<unknown>("Tickets.Tickets.addTicket", {
        values: { headline, projectId, type: "task", description: "<p>Made by the scenario suite</p>" },
      });
      // Anything but an id (a notification, false) means the server refused: say what it answered.
      expect(typeof id, `addTicket answered ${JSON.stringify(id)}`).toBe("number");
      const ticketId = id as number;
      let deleted = false;
      cleanup.push(async () => {
        if (!deleted) await call("Tickets.Tickets.delete", { id: ticketId });
      });
      expect(await call<Ticket>("Tickets.Tickets.getTicket", { id: ticketId })).toMatchObject({
        id: ticketId,
        headline,
      });

      // updateTicket replaces the editable fields: send every one the scenario cares about.
      const values = { headline: `${headline} (updated)`, description: "<p>Updated by the scenario suite</p>" };
      expect(
        await call<unknown>("Tickets.Tickets.updateTicket", {
          values: { id: ticketId, projectId, type: "task", ...values },
        }),
      ).toBe(true);
      expect(await call<Ticket>("Tickets.Tickets.getTicket", { id: ticketId })).toMatchObject(values);

      const text = `<p>${headline}: a comment</p>`;
      await call("Comments.Comments.addComment", { values: { text, father: 0 }, module: "ticket", entityId: ticketId });
      const comments = await call<{ id: number; text?: string | null }[] | false>("Comments.Comments.getComments", {
        module: "ticket",
        entityId: ticketId,
      });
      const mine = (comments || []).filter((comment) => comment.text === text);
      expect(mine).toHaveLength(1);
      for (const comment of mine)
        cleanup.push(() => call("Comments.Comments.deleteComment", { commentId: comment.id }));

      const day = new Date().toISOString().slice(0, 10);
      await call("Timesheets.Timesheets.addTime", {
        values: {
          ticket: ticketId,
          date: `${day} 00:00:00`,
          kind: "GENERAL_BILLABLE",
          hours: 0.5,
          description: headline,
        },
      });
      const booked = await call<Entry[] | false>("Timesheets.Timesheets.getAll", {
        dateFrom: `${day} 00:00:00`,
        dateTo: `${day} 23:59:59`,
        ticketFilter: String(ticketId),
      });
      const entries = (booked || []).filter((entry) => entry.ticketId === ticketId);
      expect(entries).toHaveLength(1);
      for (const entry of entries) cleanup.push(() => call("Timesheets.Timesheets.deleteTime", { id: entry.id }));

      expect(await call<unknown>("Tickets.Tickets.delete", { id: ticketId })).toBe(true);
      deleted = true;
      expect(await call<unknown>("Tickets.Tickets.getTicket", { id: ticketId })).toBe(false);
    } finally {
      await cleanUp(cleanup);
    }
  });
});
