// The Reporting client against a loopback server that records exactly what it is sent:
// the token flow, and rows from CSV, TAB and JSON.
import { afterEach, describe, expect, it } from "vitest";
import { sendJson, startLoopbackServer } from "../test-support/loopback-server.js";
import { createReportingClient, fetchRows, normalizeDateTime, ReportingApiError, streamRows } from "./index.js";

let server: Awaited<ReturnType<typeof startLoopbackServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const credentials = { email: "ada@example.com", password: "pa55-word", accountName: "myaccount" };
const invalidToken = { statusCode: 401, error: "Unauthorized", message: "Invalid token" };
const loginFailed = { statusCode: 401, error: "Unauthorized", message: "Login failed: email or password is incorrect" };

/** A reporting server whose tokens are `token-1`, `token-2`, …; `valid` decides which still work. */
async function reportingServer(
  valid: (token: string) => boolean,
  exportBody = "boardId,cardId,tag\n943188457,943206946,tagone\n",
) {
  let issued = 0;
  server = await startLoopbackServer((req, res) => {
    if (req.url === "/io/reporting/auth") {
      const body = JSON.parse(req.body) as typeof credentials;
      if (body.password !== credentials.password) return sendJson(res, 401, loginFailed);
      return sendJson(res, 200, { token: `token-${++issued}`, expires: "2030-01-01T00:00:00Z" });
    }
    const token = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
    if (!valid(token)) return sendJson(res, 401, invalidToken);
    res.writeHead(200, { "content-type": "text/csv" });
    res.end(exportBody);
  });
  return server;
}

describe("createReportingClient", () => {
  it("logs in once and sends the token as Bearer on every export", async () => {
    const srv = await reportingServer(() => true);
    const client = createReportingClient({ baseUrl: srv.url, auth: { credentials } });
    await fetchRows(client, "tags");
    await fetchRows(client, "tags");
    expect(srv.requests.map((r) => `${r.method} ${r.url} ${r.headers.authorization ?? "-"}`)).toEqual([
      "POST /io/reporting/auth -",
      "GET /io/reporting/export/tags.csv Bearer token-1",
      "GET /io/reporting/export/tags.csv Bearer token-1",
    ]);
    expect(JSON.parse(srv.requests[0]!.body)).toEqual(credentials);
  });

  it("logs in again once when the token has expired, and repeats the request", async () => {
    const srv = await reportingServer((token) => token !== "token-1");
    const client = createReportingClient({ baseUrl: srv.url, auth: { credentials } });
    const rows = await fetchRows(client, "tags");
    expect(rows).toEqual([{ boardId: "943188457", cardId: "943206946", tag: "tagone" }]);
    expect(srv.requests.map((r) => `${r.url} ${r.headers.authorization ?? "-"}`)).toEqual([
      "/io/reporting/auth -",
      "/io/reporting/export/tags.csv Bearer token-1",
      "/io/reporting/auth -",
      "/io/reporting/export/tags.csv Bearer token-2",
    ]);
  });

  it("gives up after one renewal when the new token is refused too", async () => {
    const srv = await reportingServer(() => false);
    const client = createReportingClient({ baseUrl: srv.url, auth: { credentials } });
    const error = (await fetchRows(client, "tags").catch((e: unknown) => e)) as ReportingApiError;
    expect(error).toBeInstanceOf(ReportingApiError);
    expect(error.body).toEqual(invalidToken);
    expect(srv.requests.filter((r) => r.url === "/io/reporting/auth")).toHaveLength(2);
  });

  it("reports bad credentials with the documented 401 body, without the password", async () => {
    const srv = await reportingServer(() => true);
    const client = createReportingClient({
      baseUrl: srv.url,
      auth: { credentials: { ...credentials, password: "wrong-secret" } },
    });
    const error = (await fetchRows(client, "tags").catch((e: unknown) => e)) as ReportingApiError;
    expect(error).toMatchObject({ status: 401, body: loginFailed, operation: "POST /io/reporting/auth" });
    expect(error.message).toContain("Login failed: email or password is incorrect");
    expect(JSON.stringify(error) + String(error.stack)).not.toContain("wrong-secret");
  });

  it("sends a token it is given as Bearer without logging in", async () => {
    const srv = await reportingServer((token) => token === "held");
    await fetchRows(createReportingClient({ baseUrl: srv.url, auth: { token: "held" } }), "tags", {
      query: { boardId: "943188457" },
    });
    expect(srv.requests.map((r) => r.url)).toEqual(["/io/reporting/export/tags.csv?boardId=943188457"]);
  });
});

describe("rows", () => {
  async function rowsOf(format: "csv" | "tab" | "json", body: string, name: "comments" | "cards" = "comments") {
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(body);
    });
    return fetchRows(createReportingClient({ baseUrl: server.url, auth: { token: "t" } }), name, { format });
  }

  it("parses CSV with a BOM, quoted delimiters, quotes and newlines, converting dates", async () => {
    const csv =
      "\uFEFFcardId,commentText,commentDate,commentPostedByUserId\r\n" +
      '943206946,"Shipped, finally: ""v2"" is live\nsee notes",2019-04-15 19:05:14.9070000,478440842\r\n' +
      "943206947,,2019-12-04T20:37:23Z,\r\n";
    expect(await rowsOf("csv", csv)).toEqual([
      {
        cardId: "943206946",
        commentText: 'Shipped, finally: "v2" is live\nsee notes',
        commentDate: "2019-04-15T19:05:14.907Z",
        commentPostedByUserId: "478440842",
      },
      { cardId: "943206947", commentText: null, commentDate: "2019-12-04T20:37:23Z", commentPostedByUserId: null },
    ]);
  });

  it("gives the same rows from TAB and JSON", async () => {
    const expected = [
      {
        cardId: "943206946",
        commentText: "Tabs\tinside",
        commentDate: "2019-04-15T19:05:14.907Z",
        commentPostedByUserId: "478440842",
      },
    ];
    expect(
      await rowsOf(
        "tab",
        'cardId\tcommentText\tcommentDate\tcommentPostedByUserId\n943206946\t"Tabs\tinside"\t2019-04-15 19:05:14.907\t478440842\n',
      ),
    ).toEqual(expected);
    await server!.close();
    expect(await rowsOf("json", JSON.stringify([{ ...expected[0], commentDate: "2019-04-15T19:05:14.907Z" }]))).toEqual(
      expected,
    );
  });

  it("converts integers and booleans by the column types", async () => {
    expect(await rowsOf("csv", "cardId,cardSize,isCardBlocked\n943206946,3,true\n943206947,,False\n", "cards")).toEqual(
      [
        { cardId: "943206946", cardSize: 3, isCardBlocked: true },
        { cardId: "943206947", cardSize: null, isCardBlocked: false },
      ],
    );
  });

  it("refuses a cell that is not of its column's type, naming the column", async () => {
    await expect(rowsOf("csv", "cardId,cardSize\n943206946,three\n", "cards")).rejects.toThrow(
      'column cardSize: "three" is not a number',
    );
  });

  it("normalizes date-times to ISO 8601 UTC", () => {
    expect(normalizeDateTime("2019-04-15T21:05:14+02:00")).toBe("2019-04-15T19:05:14.000Z");
    expect(() => normalizeDateTime("yesterday")).toThrow('"yesterday" is not a date-time');
  });

  it("streams: rows arrive while the body is still being sent", async () => {
    let finish: () => void = () => undefined;
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      // The parser may hold a chunk's last line until it sees what follows it.
      res.write("boardId,cardId,tag\n943188457,943206946,first\n943188457,943206946,second\n");
      finish = () => res.end("943188457,943206946,last\n");
    });
    const rows = streamRows(createReportingClient({ baseUrl: server.url, auth: { token: "t" } }), "tags");
    await expect(rows.next()).resolves.toMatchObject({ value: { tag: "first" } });
    finish();
    const rest = [];
    for await (const row of rows) rest.push(row.tag);
    expect(rest).toEqual(["second", "last"]);
  });
});
