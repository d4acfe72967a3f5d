// The checker on its own: exchanges built from the contracts' examples, clean and drifted
// one way at a time, and a small contract for what the real ones do not declare.
import { deref, type OpenAPIV3_1, type OpenApiDocument } from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { describe, expect, it } from "vitest";
import { exampleOf } from "../contract.js";
import { checkExchange } from "./check-exchange.js";
import type { Exchange, ExchangeResponse } from "./exchange.js";
import { REDACTED, Redactor } from "./redact.js";

const leankit = loadContract("leankit");
const reporting = loadContract("reporting");
const leantime = loadContract("leantime");

/** The example of a response of a LeanKit or Reporting operation. */
function example(
  document: OpenApiDocument,
  path: string,
  method: "get" | "post",
  status: string,
  type = "application/json",
) {
  const response = deref<OpenAPIV3_1.ResponseObject>(document, document.paths![path]![method]!.responses![status]);
  return exampleOf(document, response?.content?.[type]);
}
const namedExample = (document: OpenApiDocument, name: string) =>
  deref<OpenAPIV3_1.ExampleObject>(document, document.components!.examples![name]!)!.value as string;

const RATE = { "X-RateLimit-Limit": "120", "X-RateLimit-Remaining": "119", "X-RateLimit-Reset": "1615558869" };
const JSON_TYPE = { "Content-Type": "application/json; charset=utf-8" };

function exchange(method: string, url: string, response: ExchangeResponse, requestHeaders = {}): Exchange {
  return { request: { method, url, headers: requestHeaders }, response };
}
const json = (body: unknown) => JSON.stringify(body);
const places = (violations: { place: string }[]) => violations.map((v) => v.place);

describe("checkExchange on an OpenAPI contract", () => {
  const board = example(leankit, "/io/board/{boardId}", "get", "200") as Record<string, unknown>;
  const getBoard = (response: Partial<ExchangeResponse>, method = "GET") =>
    checkExchange(
      "leankit",
      exchange(method, "https://myaccount.leankit.com/io/board/943188457", {
        status: 200,
        headers: { ...JSON_TYPE, ...RATE },
        body: json(board),
        ...response,
      }),
    );

  it("passes the contract's own example, headers and all, and the same answer to HEAD without its body", () => {
    expect(getBoard({})).toEqual([]);
    expect(getBoard({ body: null }, "HEAD")).toEqual([]);
  });

  it("names the operation, the place and the value of a body that drifted", () => {
    const drifted = { ...board, id: 943188457, title: undefined };
    expect(getBoard({ body: json(drifted) })).toEqual([
      { operation: "getBoard", place: "body /title", problem: "is required but missing" },
      { operation: "getBoard", place: "body /id", problem: "must be string", value: 943188457 },
    ]);
  });

  it("refuses an undeclared status, and finds `default` and ranges where they are declared", () => {
    expect(getBoard({ status: 299 })).toEqual([
      expect.objectContaining({ place: "status", value: 299, problem: expect.stringContaining("is not declared") }),
    ]);
    const things = thingsContract({ "2XX": { description: "Any success" }, default: { description: "Anything else" } });
    const answer = (status: number) => checkExchange(things, exchange("GET", "/v2/things/1", { status }));
    expect(answer(204)).toEqual([]);
    expect(answer(503)).toEqual([]);
  });

  it("checks the declared headers: names in any case, values by their schema, absent ones only when required", () => {
    const reset = {
      ...JSON_TYPE,
      "x-ratelimit-limit": "120",
      "x-ratelimit-remaining": "119",
      "x-ratelimit-reset": "soon",
    };
    expect(getBoard({ headers: reset })).toEqual([
      { operation: "getBoard", place: "header X-RateLimit-Reset", problem: "must be integer", value: "soon" },
    ]);
    // LeanKit's rate-limit headers are declared with `required: true`: absent is a violation.
    expect(places(getBoard({ headers: JSON_TYPE }))).toEqual([
      "header X-RateLimit-Limit",
      "header X-RateLimit-Remaining",
      "header X-RateLimit-Reset",
    ]);
    const things = thingsContract({
      "200": {
        description: "A thing",
        headers: { "X-Request-Id": { required: true, schema: { type: "string", pattern: "^[a-f0-9]+$" } } },
      },
    });
    const answer = (headers: Record<string, string>) =>
      checkExchange(things, exchange("GET", "/v2/things/1", { status: 200, headers }));
    expect(answer({})).toEqual([
      { operation: "getThing", place: "header X-Request-Id", problem: "is required but missing" },
    ]);
    expect(places(answer({ "x-request-id": "XYZ" }))).toEqual(["header X-Request-Id"]);
    expect(answer({ "x-request-id": "abc123" })).toEqual([]);
  });

  it("checks the content type: declared, a known charset, UTF-8 for JSON, and the contract's own charset", () => {
    const problemsWith = (type: string | undefined) =>
      getBoard({ headers: type === undefined ? RATE : { ...RATE, "content-type": type } }).map((v) => v.problem);
    expect(problemsWith("application/json")).toEqual([]);
    expect(problemsWith("application/json; charset=UTF-8")).toEqual([]);
    expect(problemsWith(undefined)).toEqual(["is missing; the contract declares application/json"]);
    expect(problemsWith("text/html; charset=utf-8")).toEqual([
      "text/html is not declared for this status (declared: application/json)",
    ]);
    expect(problemsWith("application/json; charset=klingon")).toEqual([
      "names charset klingon, which is no known encoding",
    ]);
    expect(problemsWith("application/json; charset=iso-8859-1")).toEqual([
      "names a charset other than UTF-8, which JSON must be in (RFC 8259)",
    ]);
    const things = thingsContract({ "200": { description: "Text", content: { "text/plain; charset=utf-16le": {} } } });
    const text = (type: string) =>
      checkExchange(
        things,
        exchange("GET", "/v2/things/1", { status: 200, headers: { "content-type": type }, body: "hi" }),
      );
    expect(text("text/plain; charset=utf-16le")).toEqual([]);
    expect(text("text/plain; charset=utf-8")).toEqual([
      expect.objectContaining({
        place: "header Content-Type",
        problem: "names charset utf-8; the contract declares utf-16le",
      }),
    ]);
  });

  it("reads bytes in their charset and refuses invalid ones, and JSON that does not parse", () => {
    const bytes = new TextEncoder().encode(json(board));
    expect(getBoard({ body: bytes })).toEqual([]);
    const broken = new Uint8Array([...bytes.slice(0, 20), 0xff, ...bytes.slice(20)]);
    expect(getBoard({ body: broken })).toEqual([
      { operation: "getBoard", place: "body", problem: "is not valid utf-8" },
    ]);
    expect(getBoard({ body: "{" })).toEqual([expect.objectContaining({ place: "body", value: "{" })]);
    expect(getBoard({ body: "" })).toEqual([
      expect.objectContaining({ place: "body", problem: expect.stringContaining("is empty") }),
    ]);
  });

  it("refuses a body on 204, on HEAD and where none is declared", () => {
    const revoke = (body: string, status = 204) =>
      checkExchange("leankit", exchange("DELETE", "/io/auth/token/101", { status, headers: RATE, body }));
    expect(revoke("")).toEqual([]);
    expect(revoke("{}")).toEqual([
      { operation: "revokeToken", place: "body", problem: "must be empty with status 204", value: "{}" },
    ]);
    expect(getBoard({}, "HEAD")).toEqual([
      expect.objectContaining({ place: "body", problem: "must be empty: this is the answer to HEAD" }),
    ]);
    const addSubteams = checkExchange(
      "leankit",
      exchange("POST", "/io/team/1/subteam", { status: 201, headers: RATE, body: "ok" }),
    );
    expect(addSubteams).toEqual([
      { operation: "addSubteams", place: "body", problem: "was sent where none is declared", value: "ok" },
    ]);
  });

  it("matches requests by method and path template, stripping the servers' base path, and reports the rest", () => {
    const things = thingsContract({ "200": { description: "A thing" } });
    const at = (method: string, url: string) => checkExchange(things, exchange(method, url, { status: 200 }));
    expect(at("GET", "https://api.example.com/v2/things/42?x=1")).toEqual([]);
    expect(at("GET", "/things/42")).toEqual([]);
    expect(at("DELETE", "/v2/things/42")).toEqual([
      {
        operation: "DELETE /v2/things/42",
        place: "request",
        problem: "matches no operation: /things/{id} declares GET, not DELETE",
      },
    ]);
    expect(at("GET", "/v2/nothing")).toEqual([
      {
        operation: "GET /v2/nothing",
        place: "request",
        problem: "matches no operation: no path of the contract fits it",
      },
    ]);
    // The literal path wins over the template that would also match it.
    const access = checkExchange("leankit", exchange("POST", "/io/board/access", { status: 204, headers: RATE }));
    expect(access).toEqual([]);
  });

  it("redacts credentials from every violation: body members, echoed headers, query tokens", () => {
    const created = example(leankit, "/io/auth/token", "post", "201") as Record<string, unknown>;
    const bearer = "secret-bearer-credential-1234";
    const drifted = { ...created, token: 42, description: `made with Bearer ${bearer}`, createdOn: 5 };
    const violations = checkExchange(
      "leankit",
      exchange(
        "POST",
        "/io/auth/token",
        { status: 201, headers: JSON_TYPE, body: json(drifted) },
        { Authorization: `Bearer ${bearer}` },
      ),
    );
    expect(violations).toContainEqual({
      operation: "createToken",
      place: "body /token",
      problem: "must be string",
      value: REDACTED,
    });
    const everything = JSON.stringify(
      checkExchange(
        "leankit",
        exchange(
          "POST",
          "/io/auth/token",
          {
            status: 201,
            headers: JSON_TYPE,
            body: json({ ...drifted, id: { echoed: bearer } }),
          },
          { Authorization: `Bearer ${bearer}` },
        ),
      ),
    );
    expect(everything).toContain("body /id");
    expect(everything).not.toContain(bearer);
    const token = "query-token-abcdef";
    const login = checkExchange(
      "reporting",
      exchange(`POST`, `/io/reporting/auth?token=${token}`, {
        status: 200,
        headers: JSON_TYPE,
        body: json({ token, expires: 5, note: token }),
      }),
    );
    expect(JSON.stringify(login)).not.toContain(token);
    expect(places(login)).toEqual(["body /expires"]);
  });
});

describe("checkExchange on CSV and TAB exports", () => {
  const csv = namedExample(reporting, "lanes-csv");
  const tab = csv.replaceAll(",", "\t");
  const exportLanes = (body: string, url = "/io/reporting/export/lanes.csv", type = "text/csv") =>
    checkExchange("reporting", exchange("GET", url, { status: 200, headers: { "content-type": type }, body }));
  const [header, ...rows] = csv.trimEnd().split("\n");
  const columns = header!.split(",");
  const withCell = (row: number, column: string, value: string) =>
    [
      header,
      ...rows.map((line, i) => (i + 1 === row ? line.split(",").with(columns.indexOf(column), value).join(",") : line)),
    ].join("\n");

  it("passes the examples, as CSV and as TAB, by extension and by format parameter", () => {
    expect(exportLanes(csv)).toEqual([]);
    expect(exportLanes(tab, "/io/reporting/export/lanes.tab", "text/tab-separated-values")).toEqual([]);
    expect(exportLanes(tab, "/io/reporting/export/lanes?format=tab", "text/tab-separated-values")).toEqual([]);
    expect(exportLanes(csv, "/io/reporting/export/lanes", "text/csv; charset=utf-8")).toEqual([]);
  });

  it("converts cells by their column's type before validating: integers, booleans, empty as null", () => {
    expect(exportLanes(withCell(2, "wipLimit", "unlimited"))).toEqual([
      { operation: "exportLanesCsv", place: "row 2 column wipLimit", problem: "must be integer", value: "unlimited" },
    ]);
    expect(exportLanes(withCell(1, "isCompletedLane", "yes"))).toEqual([
      { operation: "exportLanesCsv", place: "row 1 column isCompletedLane", problem: "must be boolean", value: "yes" },
    ]);
    // lanePolicy allows null, wipLimit does not.
    expect(exportLanes(withCell(1, "lanePolicy", ""))).toEqual([]);
    expect(places(exportLanes(withCell(1, "wipLimit", "")))).toEqual(["row 1 column wipLimit"]);
    // A date-time column takes ISO 8601 or LeanKit's own form: a cell that is neither fails both.
    const dates = places(exportLanes(withCell(1, "creationDate", "yesterday")));
    expect([...new Set(dates)]).toEqual(["row 1 column creationDate"]);
  });

  it("holds the header row to the row schema's columns and their order", () => {
    const swap = (line: string) => {
      const cells = line.split(",");
      return cells.with(0, cells[1]!).with(1, cells[0]!).join(",");
    };
    expect(exportLanes([header!, ...rows].map(swap).join("\n"))).toEqual([
      expect.objectContaining({ place: "header row", problem: expect.stringContaining("out of LaneRow's order") }),
    ]);
    const renamed = columns.map((c) => (c === "laneTitle" ? "title" : c)).join(",");
    expect(places(exportLanes([renamed, ...rows].join("\n")))).toEqual([
      "header row column title",
      "header row column laneTitle",
    ]);
    expect(exportLanes(tab, "/io/reporting/export/lanes.csv")).toEqual([
      expect.objectContaining({ place: "header row", problem: 'is delimited by tabs, not ","' }),
    ]);
  });

  it("reports rows of the wrong length and text that is not CSV", () => {
    expect(places(exportLanes(`${csv.trimEnd()},extra\n`))).toEqual(["row 2"]);
    expect(exportLanes(`${header}\n"unclosed,1\n`)).toEqual([
      expect.objectContaining({ place: "body", problem: expect.stringContaining("is not valid CSV") }),
    ]);
  });
});

describe("checkExchange on JSON-RPC", () => {
  const getTicket = "leantime.rpc.Tickets.Tickets.getTicket";
  type Exampled = { name: string; examples: { result: { value: unknown } }[] };
  const methods = leantime.methods.map((m) => deref<Exampled>(leantime, m as unknown as Exampled)!);
  const ticket = methods.find((m) => m.name === getTicket)!.examples[0]!.result.value as Record<string, unknown>;
  const call = (
    request: unknown,
    answer: unknown,
    status = 200,
    method = "POST",
    url = "https://lt.example.com/api/jsonrpc",
  ) =>
    checkExchange("leantime", {
      request: {
        method,
        url,
        headers: { "x-api-key": "lt_someuser_somesecret123" },
        body: typeof request === "string" ? request : json(request),
      },
      response: {
        status,
        headers: JSON_TYPE,
        body: answer === undefined ? "" : typeof answer === "string" ? answer : json(answer),
      },
    });
  const request = (id: unknown = 1, name = getTicket) => ({ jsonrpc: "2.0", id, method: name, params: { id: 11 } });
  const error = (code: number, id: unknown = 1) => ({ jsonrpc: "2.0", error: { code, message: "m", data: null }, id });

  it("passes results, declared errors, aliases, the GET form, notifications and the declared 401", () => {
    expect(call(request(), { jsonrpc: "2.0", result: ticket, id: 1 })).toEqual([]);
    expect(call(request(7, "leantime.rpc.tickets.getTicket"), { jsonrpc: "2.0", result: false, id: 7 })).toEqual([]);
    expect(call(request(), error(-32001))).toEqual([]);
    expect(call(request(), error(-32602))).toEqual([]);
    const get = `https://lt.example.com/api/jsonrpc?method=${getTicket}&jsonrpc=2.0&id=5&params=eyJpZCI6MTF9`;
    expect(call(undefined, { jsonrpc: "2.0", result: ticket, id: "5" }, 200, "GET", get)).toEqual([]);
    expect(call({ jsonrpc: "2.0", method: getTicket, params: { id: 11 } }, undefined)).toEqual([]);
    expect(call(request(), { error: "Unauthorized" }, 401)).toEqual([]);
    expect(call("{oops", error(-32700, 0))).toEqual([]);
  });

  it("checks the envelope: version, the id echoed, exactly one of result and error", () => {
    expect(call(request(), { jsonrpc: "1.0", result: false, id: 2 })).toEqual([
      { operation: getTicket, place: "envelope jsonrpc", problem: 'must be "2.0"', value: "1.0" },
      { operation: getTicket, place: "envelope id", problem: "does not echo the request's id 1", value: 2 },
    ]);
    expect(places(call(request(), { jsonrpc: "2.0", result: false, error: error(-32602).error, id: 1 }))).toEqual([
      "envelope",
    ]);
    expect(places(call(request(), { jsonrpc: "2.0", id: 1 }))).toEqual(["envelope"]);
  });

  it("checks results against the method's schema and errors against what it declares", () => {
    expect(call(request(), { jsonrpc: "2.0", result: { ...ticket, projectId: "three" }, id: 1 })).toEqual([
      { operation: getTicket, place: "result /projectId", problem: "must be integer or null", value: "three" },
    ]);
    expect(call(request(), { jsonrpc: "2.0", result: "text", id: 1 })).toEqual([
      { operation: getTicket, place: "result", problem: "must be boolean or object", value: "text" },
    ]);
    expect(call(request(), error(-32005))).toEqual([
      expect.objectContaining({
        place: "error code",
        value: -32005,
        problem: expect.stringContaining("is not an error it declares"),
      }),
    ]);
    expect(call(request(), { jsonrpc: "2.0", error: { code: 1.5, message: 7 }, id: 1 }).map((v) => v.place)).toEqual([
      "error code",
      "error message",
      "error data",
      "error code",
    ]);
    expect(places(call(request(1, "no.such.method"), { jsonrpc: "2.0", result: 1, id: 1 }))).toEqual(["result"]);
  });

  it("matches a batch's answers by id, a notification's slot null or left out", () => {
    const batch = [request(1), { jsonrpc: "2.0", method: getTicket, params: { id: 11 } }, request("b")];
    const answers = [{ jsonrpc: "2.0", result: false, id: "b" }, null, { jsonrpc: "2.0", result: ticket, id: 1 }];
    expect(call(batch, answers)).toEqual([]);
    expect(call(batch, [answers[2], answers[0]])).toEqual([]);
    expect(call(batch, [answers[2], null, { ...answers[0], id: "c" }])).toEqual([
      { operation: getTicket, place: "batch[2]", problem: 'has no answer with its id "b"' },
      {
        operation: getTicket,
        place: "answer[2]",
        problem: "answers no call of the batch (its id matches none)",
        value: "c",
      },
    ]);
    expect(
      call(batch, [answers[2], answers[0], { jsonrpc: "2.0", result: false, id: 9 }, null]).map((v) => v.place),
    ).toEqual(["answer[2]", "answer[3]"]);
  });

  it("holds HTTP failures to the refusals the document declares", () => {
    expect(call(request(), { error: "Nope" }, 401)).toEqual([
      expect.objectContaining({
        place: "body",
        value: { error: "Nope" },
        problem: expect.stringContaining("x-unauthorized"),
      }),
    ]);
    expect(call(request(), "oops", 502)).toEqual([expect.objectContaining({ place: "status", value: 502 })]);
    expect(call(request(), undefined)).toEqual([
      { operation: getTicket, place: "body", problem: "is empty, but the request has calls to answer" },
    ]);
  });
});

/** A small contract for what the real ones do not declare: ranges, `default`, a server base path. */
function thingsContract(responses: object): OpenApiDocument {
  return {
    openapi: "3.1.0",
    info: { title: "Things", version: "1.0.0" },
    servers: [{ url: "https://api.example.com/v2" }],
    paths: { "/things/{id}": { get: { operationId: "getThing", responses } } },
  } as OpenApiDocument;
}

describe("Redactor", () => {
  const redactor = new Redactor(["known-secret-value"]);

  it("hides known secrets, bearer and basic credentials, JWTs, Leantime keys and credential query parameters", () => {
    expect(redactor.text("echo known-secret-value")).toBe(`echo ${REDACTED}`);
    expect(redactor.text("Authorization: Bearer abc.def-123")).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactor.text("Basic dXNlcjpwYXNz")).toBe(`Basic ${REDACTED}`);
    expect(redactor.text("got eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEifQ.c2ln here")).toBe(`got ${REDACTED} here`);
    expect(redactor.text("key lt_user1_s3cr3t")).toBe(`key ${REDACTED}`);
    expect(redactor.url("https://user:pw@x.example/a?token=t0k&limit=5")).toBe(
      `https://${REDACTED}@x.example/a?token=${REDACTED}&limit=5`,
    );
  });

  it("hides credential members whole, keeps what only names them, and leaves challenges alone", () => {
    expect(
      redactor.value({ token: "t", password: 1, passwordClean: "p", tokens: [{ id: "1" }], tokenId: "2" }),
    ).toEqual({
      token: REDACTED,
      password: REDACTED,
      passwordClean: REDACTED,
      tokens: [{ id: "1" }],
      tokenId: "2",
    });
    expect(redactor.value("x", ["body", "/token"])).toBe(REDACTED);
    expect(redactor.text('Basic realm="LeanKit"')).toBe('Basic realm="LeanKit"');
  });
});
