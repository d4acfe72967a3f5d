// A call whose service method throws, replayed against the mock as different Leantime releases
// (LEANTIME_VERSION, as the registry's Leantime entry says): from 3.9.0 the exception keeps its
// own code and message and a notification gets no answer (Jsonrpc.php and
// JsonRpcErrorResponse::fromException at v3.9.8); before, every exception is -32000 "Server
// error" with its message in `data`, answered to a notification too (Jsonrpc.php at v3.8.0,
// `returnServerError($e, $id)`).
import type { OpenRpcDocument } from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { afterEach, describe, expect, it } from "vitest";
import { type MockServer, startMock } from "./index.js";
import { startJsonRpcMock } from "./jsonrpc-mock.js";

const document = loadContract("leantime");
const releases = (
  document as unknown as { "x-leantime-releases": { version: string; mapsServiceExceptions: boolean }[] }
)["x-leantime-releases"];
const KEY = { "x-api-key": "lt_1_secret", "content-type": "application/json" };
/**
 * A recorded call, made to throw with `Prefer: error=NotFound` (the mock's way to make a service
 * throw its NotFoundException, as 3.9's patchTicket does for a ticket the site does not have).
 */
const THROWING = { jsonrpc: "2.0", method: "leantime.rpc.Tickets.Tickets.getTicket", params: { id: 999999 }, id: 7 };
const NOT_FOUND = "The requested resource could not be found.";

let mock: MockServer | undefined;
afterEach(async () => {
  delete process.env.LEANTIME_VERSION;
  await mock?.stop();
  mock = undefined;
});

/** Replays `body` with the service's exception (`Prefer: error=`) against the mock as `version`. */
async function replay(version: string, body: unknown, error = "NotFound") {
  await mock?.stop();
  process.env.LEANTIME_VERSION = version;
  mock = await startMock("leantime", 0);
  const response = await fetch(`${mock.url}/api/jsonrpc`, {
    method: "POST",
    headers: { ...KEY, prefer: `error=${error}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe("a service method that throws", () => {
  it("the releases read from the source: 3.9.0 on map exceptions, 3.7.x and 3.8.0 do not", () => {
    const unmapped = releases.filter((r) => !r.mapsServiceExceptions).map((r) => r.version);
    expect(unmapped).toEqual(["3.7.0", "3.7.1", "3.7.2", "3.7.3", "3.8.0"]);
  });

  it("3.9.8 answers the exception's own code and message, data null", async () => {
    const answer = await replay("3.9.8", THROWING);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      jsonrpc: "2.0",
      error: { code: -32002, message: NOT_FOUND, data: null },
      id: 7,
    });
  });

  it.each(["3.8.0", "3.7.3"])(
    "%s answers -32000 Server error with the exception's message in data",
    async (version) => {
      const answer = await replay(version, THROWING);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toEqual({
        jsonrpc: "2.0",
        error: { code: -32000, message: "Server error", data: NOT_FOUND },
        id: 7,
      });
    },
  );

  it("the same for every service exception: 3.8.0 words Forbidden as a server error, 3.9.8 as -32001", async () => {
    const forbidden = "You are not allowed to perform this action.";
    expect(JSON.parse((await replay("3.8.0", THROWING, "Forbidden")).text).error).toEqual({
      code: -32000,
      message: "Server error",
      data: forbidden,
    });
    expect(JSON.parse((await replay("3.9.8", THROWING, "Forbidden")).text).error).toEqual({
      code: -32001,
      message: forbidden,
      data: null,
    });
  });

  it("a notification: 3.9.8 sends nothing, 3.8.0 answers with id null", async () => {
    const { id: _id, ...notification } = THROWING;
    const silent = await replay("3.9.8", notification);
    expect(silent).toEqual({ status: 200, text: "" });

    const answered = await replay("3.8.0", notification);
    expect(JSON.parse(answered.text)).toEqual({
      jsonrpc: "2.0",
      error: { code: -32000, message: "Server error", data: NOT_FOUND },
      id: null,
    });
  });

  it("in a batch, 3.8.0 fills a throwing notification's slot with its error, 3.9.8 with null", async () => {
    const { id: _id, ...notification } = THROWING;
    const old = JSON.parse((await replay("3.8.0", [THROWING, notification])).text) as { error: unknown; id: unknown }[];
    expect(old.map((answer) => answer.id)).toEqual([7, null]);
    expect(old[1]!.error).toEqual({ code: -32000, message: "Server error", data: NOT_FOUND });

    const current = JSON.parse((await replay("3.9.8", [THROWING, notification])).text) as unknown[];
    expect(current).toEqual([{ jsonrpc: "2.0", error: { code: -32002, message: NOT_FOUND, data: null }, id: 7 }, null]);
  });

  it("the controller's own errors are the same in every release (they are no exception of the service)", async () => {
    for (const version of ["3.8.0", "3.9.8"]) {
      const answer = await replay(version, THROWING, "InvalidParams");
      expect(JSON.parse(answer.text).error, version).toEqual({ code: -32602, message: "Invalid params", data: null });
    }
  });

  it("a stateful record the method throws NotFound for is worded the same way, per release", async () => {
    // The document with getTicket throwing NotFound for a missing ticket, instead of answering false.
    const throwing = structuredClone(document) as OpenRpcDocument;
    const getTicket = throwing.methods.find((m) => "name" in m && m.name === THROWING.method) as unknown as {
      "x-resource": { missing: unknown };
    };
    getTicket["x-resource"].missing = { error: "NotFound" };
    const answers: Record<string, unknown> = {};
    for (const version of ["3.8.0", "3.9.8"]) {
      const server = await startJsonRpcMock(throwing, 0, undefined, { stateful: true, version });
      try {
        const response = await fetch(`${server.url}/api/jsonrpc`, {
          method: "POST",
          headers: KEY,
          body: JSON.stringify(THROWING),
        });
        answers[version] = ((await response.json()) as { error: unknown }).error;
      } finally {
        await server.stop();
      }
    }
    expect(answers).toEqual({
      "3.8.0": { code: -32000, message: "Server error", data: NOT_FOUND },
      "3.9.8": { code: -32002, message: NOT_FOUND, data: null },
    });
  });

  it("refuses to start when x-leantime-exceptions names an error components.errors does not have", async () => {
    const broken = structuredClone(document) as OpenRpcDocument & { "x-leantime-exceptions": { errors: string[] } };
    broken["x-leantime-exceptions"].errors.push("NoSuchError");
    await expect(startJsonRpcMock(broken, 0)).rejects.toThrow(
      "x-leantime-exceptions names NoSuchError, which is not in components.errors.",
    );
  });
});
