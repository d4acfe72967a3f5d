// The Reporting client against a loopback server that records exactly what it is sent:
// the token flow, and rows from CSV, TAB and JSON.
import { afterEach, describe, expect, it } from "vitest";
import { sendJson, startLoopbackServer } from "../test-support/loopback-server.js";
import {
  createReportingClient,
  type ExportOptions,
  fetchRows,
  normalizeDateTime,
  REPORTING_EXPORTS,
  ReportingApiError,
  type ReportingSchema,
  streamRows,
} from "./index.js";

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

/** A cards export in CSV: every column of the contract, each row's cells as given (cardId numbered). */
function cardsCsv(rows: Record<string, string>[]): string {
  const columns = Object.keys(REPORTING_EXPORTS.cards.columns);
  const lines = rows.map((cells, i) =>
    columns.map((c) => (c === "cardId" ? String(i + 1) : (cells[c] ?? ""))).join(","),
  );
  return `${[columns.join(","), ...lines].join("\n")}\n`;
}

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
    const rows = (await rowsOf(
      "csv",
      cardsCsv([{ cardSize: "3", isCardBlocked: "true" }, { isCardBlocked: "False" }]),
      "cards",
    )) as ReportingSchema<"CardRow">[];
    expect(rows.map((r) => ({ cardId: r.cardId, cardSize: r.cardSize, isCardBlocked: r.isCardBlocked }))).toEqual([
      { cardId: "1", cardSize: 3, isCardBlocked: true },
      { cardId: "2", cardSize: null, isCardBlocked: false },
    ]);
  });

  it("takes JSON cells already of their column's type as they are, and converts or refuses the others", async () => {
    const card = (cells: Record<string, unknown>) =>
      Object.fromEntries(Object.keys(REPORTING_EXPORTS.cards.columns).map((c) => [c, cells[c] ?? null]));
    const typed = {
      cardId: "1",
      cardTitle: "",
      cardTypeId: 42,
      cardSize: 3,
      isCardBlocked: false,
      creationDate: "2019-04-15 19:05:14.9070000",
      plannedStartDate: "2019-12-31",
      commentsCount: "7",
    };
    const [row] = (await rowsOf("json", JSON.stringify([card(typed)]), "cards")) as ReportingSchema<"CardRow">[];
    expect(row).toMatchObject({
      cardId: "1",
      cardTitle: null,
      cardTypeId: "42",
      cardSize: 3,
      isCardBlocked: false,
      creationDate: "2019-04-15T19:05:14.907Z",
      plannedStartDate: "2019-12-31",
      commentsCount: 7,
      parentCardId: null,
    });
    for (const [column, value, problem] of [
      ["cardSize", 3.5, "3.5 is not an integer"],
      ["cardSize", 2 ** 60, "1152921504606847000 is not an integer"],
      ["isCardBlocked", 1, "1 is not a boolean"],
      ["cardTitle", true, "true is not a string"],
      ["plannedStartDate", "2019-02-30", '"2019-02-30" is not a date'],
    ] as const) {
      await server!.close();
      const error = (await rowsOf("json", JSON.stringify([card({ cardId: "1", [column]: value })]), "cards").catch(
        (e: unknown) => e,
      )) as ReportingApiError;
      expect(error).toMatchObject({ kind: "rows", row: 1, column });
      expect(error.message).toContain(problem);
    }
  });

  it("refuses a cell that is not of its column's type, naming the row and the column", async () => {
    const error = (await rowsOf("csv", cardsCsv([{}, { cardSize: "three" }]), "cards").catch(
      (e: unknown) => e,
    )) as ReportingApiError;
    expect(error).toBeInstanceOf(ReportingApiError);
    expect(error).toMatchObject({ kind: "rows", row: 2, column: "cardSize" });
    expect(error.message).toContain('row 2, column cardSize: "three" is not an integer');
  });

  it("normalizes date-times to ISO 8601 UTC", () => {
    for (const [value, normalized] of [
      ["2019-04-15T21:05:14+02:00", "2019-04-15T19:05:14.000Z"],
      ["2019-04-15T21:05:14+0200", "2019-04-15T19:05:14.000Z"],
      ["2019-04-15 19:05:14.9070000", "2019-04-15T19:05:14.907Z"],
      ["2019-04-15 19:05:14.5", "2019-04-15T19:05:14.500Z"],
      ["2019-04-15T19:05:14Z", "2019-04-15T19:05:14Z"],
      ["2019-04-15T19:05", "2019-04-15T19:05Z"],
      ["2016-12-31T23:59:60Z", "2016-12-31T23:59:60Z"],
    ]) {
      expect(normalizeDateTime(value!)).toBe(normalized);
    }
    for (const value of [
      "yesterday",
      "2019-04-15",
      "2019-04-15X19:05:14",
      "2019-04-15T19:5",
      "2019-04-15T19:05:1",
      "2019-04-15T19:05:14.",
      "2019-04-15T19:05:14Zz",
      "2019-04-15T24:00:00",
      "2019-04-15T19:60:00",
      "2019-13-01T00:00:00",
      "2019-04-31T00:00:00",
      "2019-04-15T19:05:14+99:99",
      "2019-04-15T19:05:14+2",
    ]) {
      expect(() => normalizeDateTime(value), value).toThrow(`"${value}" is not a date-time`);
    }
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

describe("strict rows", () => {
  /** The rows of the tags export served as `body` (bytes as given) with `contentType`. */
  async function tagsFrom(body: string | Buffer, options: ExportOptions = {}, contentType = "text/csv") {
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { "content-type": contentType });
      res.end(body);
    });
    const client = createReportingClient({ baseUrl: server.url, auth: { token: "t" } });
    return fetchRows(client, "tags", options).then(
      (rows) => ({ rows, error: undefined }),
      (error: unknown) => ({ rows: undefined, error: error as ReportingApiError }),
    );
  }

  it("asks for each format by its path and its media type", async () => {
    for (const [format, body, mediaType] of [
      ["csv", "boardId,cardId,tag\n1,2,x\n", "text/csv"],
      ["tab", "boardId\tcardId\ttag\n1\t2\tx\n", "text/tab-separated-values"],
      ["json", '[{"boardId":"1","cardId":"2","tag":"x"}]', "application/json"],
    ] as const) {
      await server?.close();
      const { rows } = await tagsFrom(body, { format }, mediaType);
      expect(rows).toEqual([{ boardId: "1", cardId: "2", tag: "x" }]);
      expect(server!.requests[0]).toMatchObject({ url: `/io/reporting/export/tags.${format}` });
      expect(server!.requests[0]!.headers.accept).toBe(mediaType);
    }
  });

  it("refuses an export delimited by something else, saying by what", async () => {
    const { error } = await tagsFrom("boardId;cardId;tag\n1;2;x\n");
    expect(error).toBeInstanceOf(ReportingApiError);
    expect(error).toMatchObject({ kind: "rows" });
    expect(error!.message).toContain('the export is delimited by ";", not ","');
  });

  it("names a missing column", async () => {
    const { error } = await tagsFrom("boardId,cardId\n1,2\n");
    expect(error).toMatchObject({ kind: "rows", missingColumns: ["tag"], unknownColumns: [] });
    expect(error!.message).toContain("the columns do not match the tags export: missing tag");
  });

  it("names a misspelt column as missing and unknown", async () => {
    const { error } = await tagsFrom("boardId,cardID,tag\n1,2,x\n");
    expect(error).toMatchObject({ kind: "rows", missingColumns: ["cardId"], unknownColumns: ["cardID"] });
    expect(error!.message).toContain('missing cardId; unknown "cardID"');
  });

  it("refuses the columns out of order", async () => {
    const { error } = await tagsFrom("cardId,boardId,tag\n2,1,x\n");
    expect(error).toMatchObject({ kind: "rows" });
    expect(error!.message).toContain("not in the tags export's order (boardId, cardId, tag)");
  });

  it("with lenient, takes extra columns (as they came) in any order, but still not a missing one", async () => {
    const { rows } = await tagsFrom("tag,cardId,boardId,colour\nx,2,1,red\n", { lenient: true });
    expect(rows).toEqual([{ tag: "x", cardId: "2", boardId: "1", colour: "red" }]);
    await server!.close();
    const { error } = await tagsFrom("boardId,colour\n1,red\n", { lenient: true });
    expect(error).toMatchObject({ kind: "rows", missingColumns: ["cardId", "tag"] });
  });

  it("reads the charset the response declares", async () => {
    const latin1 = Buffer.from("boardId,cardId,tag\n1,2,Jörg\n", "latin1");
    const { rows } = await tagsFrom(latin1, {}, "text/csv; charset=ISO-8859-1");
    expect(rows).toEqual([{ boardId: "1", cardId: "2", tag: "Jörg" }]);
    await server!.close();
    const json = Buffer.from(JSON.stringify([{ boardId: "1", cardId: "2", tag: "Jörg" }]), "latin1");
    const fromJson = await tagsFrom(json, { format: "json" }, "application/json; charset=iso-8859-1");
    expect(fromJson.rows).toEqual([{ boardId: "1", cardId: "2", tag: "Jörg" }]);
  });

  it("refuses bytes that are not valid in the charset rather than replacing them", async () => {
    const latin1 = Buffer.from("boardId,cardId,tag\n1,2,Jörg\n", "latin1");
    const { error } = await tagsFrom(latin1, {}, "text/csv");
    expect(error).toMatchObject({ kind: "invalid-response" });
    expect(error!.message).toContain("the export is not valid utf-8");
    await server!.close();
    const unknown = await tagsFrom("boardId,cardId,tag\n", {}, "text/csv; charset=x-unheard-of");
    expect(unknown.error!.message).toContain('the export\'s charset "x-unheard-of" is not supported');
  });

  it("names the row of a record with too few fields", async () => {
    const { error } = await tagsFrom("boardId,cardId,tag\n1,2,x\n3,4\n");
    expect(error).toMatchObject({ kind: "rows", row: 2 });
    expect(error!.cause).toMatchObject({ code: "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH" });
  });

  it("refuses an export without even a header", async () => {
    const { error } = await tagsFrom("");
    expect(error).toMatchObject({ kind: "rows" });
    expect(error!.message).toContain("the export is empty");
  });

  it("checks every JSON row's keys and values, naming the row", async () => {
    const missing = await tagsFrom(JSON.stringify([{ boardId: "1", cardId: "2", tag: "x" }, { boardId: "1" }]), {
      format: "json",
    });
    expect(missing.error).toMatchObject({ kind: "rows", row: 2, missingColumns: ["cardId", "tag"] });
    await server!.close();
    const typed = await tagsFrom(JSON.stringify([{ boardId: "1", cardId: { id: 2 }, tag: "x" }]), { format: "json" });
    expect(typed.error).toMatchObject({ kind: "rows", row: 1, column: "cardId" });
    await server!.close();
    const notArray = await tagsFrom(JSON.stringify({ rows: [] }), { format: "json" });
    expect(notArray.error).toMatchObject({ kind: "invalid-response" });
  });

  it("checks dates, date-times and numbers against the calendar and their patterns", async () => {
    expect(() => normalizeDateTime("2019-02-29T10:00:00Z")).toThrow("is not a date-time");
    expect(normalizeDateTime("2020-02-29T10:00:00Z")).toBe("2020-02-29T10:00:00Z");
    for (const [column, value, problem] of [
      ["plannedStartDate", "2019-12-32", '"2019-12-32" is not a date'],
      ["creationDate", "2019-12-03 25:00:00", '"2019-12-03 25:00:00" is not a date-time'],
      ["creationDate", "2019-12-03 10:00:00+99:99", '"2019-12-03 10:00:00+99:99" is not a date-time'],
      ["plannedStartDate", "2019-12-3", '"2019-12-3" is not a date'],
      ["cardSize", "3.5", '"3.5" is not an integer'],
      ["cardSize", " 3", '" 3" is not an integer'],
      ["isCardBlocked", "yes", '"yes" is not a boolean'],
    ] as const) {
      const error = await rowsOfCards(cardsCsv([{ [column]: value }]));
      expect(error).toMatchObject({ kind: "rows", row: 1, column });
      expect(error.message).toContain(problem);
    }
  });

  async function rowsOfCards(body: string): Promise<ReportingApiError> {
    await server?.close();
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.end(body);
    });
    const client = createReportingClient({ baseUrl: server.url, auth: { token: "t" } });
    return fetchRows(client, "cards").then(
      () => {
        throw new Error("expected the rows to be refused");
      },
      (error: unknown) => error as ReportingApiError,
    );
  }
});
