// Redirects as the clients follow them by hand: 301, 302, 303, 307 and 308, to the same
// origin and to another one (two loopback servers on different ports are two origins).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLeanKitClient, LeanKitApiError } from "../leankit/index.js";
import { createLeantimeClient, LeantimeRpcError } from "../leantime/index.js";
import { createReportingClient, fetchRows, ReportingApiError } from "../reporting/index.js";
import {
  type LoopbackServer,
  type RecordedRequest,
  SENDING,
  sending,
  sendJson,
  startLoopbackServer,
} from "../test-support/loopback-server.js";

const TOKEN = "redirect-test-token";
const API_KEY = "redirect-test-api-key";
const PASSWORD = "redirect-test-password";
const credentials = { email: "ada@example.com", password: PASSWORD };

let home: LoopbackServer;
let away: LoopbackServer;
/** Where `home` sends a request to /moved/<status>/<here|away>/…: the rest of the path, on either server. */
function movedTarget(request: RecordedRequest): { status: number; location: string } | undefined {
  const match = /^\/moved\/(\d+)\/(here|away)(\/.*)$/.exec(request.url);
  if (!match) return undefined;
  const [, status, where, rest] = match;
  return { status: Number(status), location: `${where === "here" ? home.url : away.url}${rest}` };
}

/** What both servers answer once a request has arrived where it was sent. */
function answer(request: RecordedRequest, response: Parameters<Parameters<typeof startLoopbackServer>[0]>[1]) {
  if (request.url === "/api/jsonrpc")
    return sendJson(response, 200, { jsonrpc: "2.0", id: 1, result: { method: request.method } });
  if (request.url === "/io/reporting/auth") return sendJson(response, 200, { token: "issued-after-redirect" });
  if (request.url.startsWith("/io/reporting/export/"))
    return sendJson(response, 200, [{ boardId: "1", cardId: "2", tag: "t" }]);
  sendJson(response, 200, { id: "1", token: "t", description: "d", createdOn: "2020-01-14T22:28:10.798Z" });
}

beforeAll(async () => {
  home = await startLoopbackServer((request, response) => {
    const moved = movedTarget(request);
    if (moved) {
      response.writeHead(moved.status, { location: moved.location });
      return response.end();
    }
    if (request.url.startsWith("/loop/")) {
      response.writeHead(302, { location: request.url });
      return response.end();
    }
    if (request.url.startsWith("/no-location/")) {
      response.writeHead(302);
      return response.end();
    }
    if (request.url.startsWith("/to-ftp/")) {
      response.writeHead(301, { location: "ftp://127.0.0.1/file" });
      return response.end();
    }
    answer(request, response);
  });
  away = await startLoopbackServer(answer);
});
afterAll(async () => {
  await home.close();
  await away.close();
});
beforeEach(() => {
  home.requests.length = 0;
  away.requests.length = 0;
});

const STATUSES = [301, 302, 303, 307, 308] as const;
const ORIGINS = ["here", "away"] as const;
/** The request that arrived after the redirect. */
const arrived = (where: "here" | "away") => (where === "here" ? home : away).requests.at(-1)!;

const CASES = STATUSES.flatMap((status) => SENDING.map((how) => ({ status, how })));

describe.each(CASES)("a $status redirect, sent $how", ({ status, how }) => {
  it.each(ORIGINS)("of a GET (%s): followed; credentials kept only on the same origin", (where) =>
    sending(how, async () => {
      const client = createLeanKitClient({ baseUrl: `${home.url}/moved/${status}/${where}`, auth: { token: TOKEN } });
      const { data } = await client.GET("/io/user/me");
      expect(data).toBeDefined();
      const request = arrived(where);
      expect(request.method).toBe("GET");
      expect(request.headers.authorization).toBe(where === "here" ? `Bearer ${TOKEN}` : undefined);
      expect(request.headers.cookie).toBeUndefined();
    }),
  );

  it.each(ORIGINS)("of a POST (%s): 303, 301 and 302 go on as a GET without a body; 307 and 308 resend it", (where) =>
    sending(how, async () => {
      const client = createLeanKitClient({ baseUrl: `${home.url}/moved/${status}/${where}`, auth: { token: TOKEN } });
      await client.POST("/io/auth/token", { body: { description: "job" }, headers: { Cookie: "session=abc" } });
      const request = arrived(where);
      const keepsBody = status === 307 || status === 308;
      expect(request.method).toBe(keepsBody ? "POST" : "GET");
      expect(request.body).toBe(keepsBody ? '{"description":"job"}' : "");
      expect(request.headers["content-type"]).toBe(keepsBody ? "application/json" : undefined);
      expect(request.headers.authorization).toBe(where === "here" ? `Bearer ${TOKEN}` : undefined);
      expect(request.headers.cookie).toBe(where === "here" ? "session=abc" : undefined);
    }),
  );

  it.each(ORIGINS)("of a Leantime call (%s): x-api-key only on the same origin", (where) =>
    sending(how, async () => {
      const client = createLeantimeClient({
        baseUrl: `${home.url}/moved/${status}/${where}`,
        auth: { apiKey: API_KEY },
      });
      await client.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 1 });
      const request = arrived(where);
      expect(request.headers["x-api-key"]).toBe(where === "here" ? API_KEY : undefined);
    }),
  );

  it.each(ORIGINS)("of the Reporting login (%s): the password never reaches another origin", (where) =>
    sending(how, async () => {
      const client = createReportingClient({
        baseUrl: `${home.url}/moved/${status}/${where}`,
        auth: { credentials },
        retry: false,
      });
      const outcome = await fetchRows(client, "tags", { format: "json" }).then(
        (rows) => rows,
        (error: unknown) => error,
      );
      const keepsBody = status === 307 || status === 308;
      if (where === "away" && keepsBody) {
        // Following would post the credentials elsewhere: refused before anything is sent there.
        expect(outcome).toBeInstanceOf(ReportingApiError);
        expect(outcome).toMatchObject({ kind: "redirect", status, operation: "POST /io/reporting/auth" });
        expect((outcome as Error).message).toContain("the request body holds credentials");
        expect(away.requests).toHaveLength(0);
      } else {
        expect(outcome).toEqual([{ boardId: "1", cardId: "2", tag: "t" }]);
      }
      for (const request of away.requests) expect(request.body).not.toContain(PASSWORD);
    }),
  );
});

describe("redirect limits", () => {
  it("stops after maxRedirects hops with the family's error", async () => {
    const client = createLeanKitClient({ baseUrl: `${home.url}/loop`, auth: { token: TOKEN }, maxRedirects: 3 });
    const error = await client.GET("/io/user/me").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeanKitApiError);
    expect(error).toMatchObject({ kind: "redirect", status: 302 });
    expect((error as Error).message).toContain("still redirected after 3 redirects");
    expect(home.requests).toHaveLength(4);
  });

  it("follows 5 hops by default", async () => {
    const client = createLeanKitClient({ baseUrl: `${home.url}/loop`, auth: { token: TOKEN } });
    await expect(client.GET("/io/user/me")).rejects.toMatchObject({ kind: "redirect" });
    expect(home.requests).toHaveLength(6);
  });

  it("refuses every redirect with maxRedirects: 0", async () => {
    const client = createLeantimeClient({
      baseUrl: `${home.url}/moved/307/here`,
      auth: { apiKey: API_KEY },
      maxRedirects: 0,
    });
    const error = await client.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeantimeRpcError);
    expect(error).toMatchObject({ kind: "redirect", status: 307 });
    expect(home.requests).toHaveLength(1);
  });

  it("refuses a redirect to a scheme other than HTTP(S)", async () => {
    const client = createLeanKitClient({ baseUrl: `${home.url}/to-ftp`, auth: { token: TOKEN } });
    await expect(client.GET("/io/user/me")).rejects.toMatchObject({ kind: "redirect", status: 301 });
  });

  it("returns a 3xx without a Location as the answer it is", async () => {
    const client = createLeanKitClient({ baseUrl: `${home.url}/no-location`, auth: { token: TOKEN } });
    await expect(client.GET("/io/user/me")).rejects.toMatchObject({ kind: "http", status: 302 });
  });
});
