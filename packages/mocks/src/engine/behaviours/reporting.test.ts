// LeanKit Reporting's mock over HTTP: both ways of sending a token, the export formats (by
// path extension, `?format=`, CSV by default whatever Accept says), and the tokens the mock issues, which
// expire on a fake clock while any other token stays accepted.
import { deref, findOperation, type OpenAPIV3_1 } from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMock } from "../../index.js";
import { type RunningServer, serveEngine } from "../http-host.js";
import { OpenApiMock } from "../openapi-mock.js";
import { reportingBehaviour } from "./reporting.js";

const document = loadContract("reporting");

function media(operationId: string, status: number, type: string): OpenAPIV3_1.MediaTypeObject {
  const { operation } = findOperation(document, operationId)!;
  return deref<OpenAPIV3_1.ResponseObject>(document, operation.responses?.[String(status)])!.content![type]!;
}

/** An operation's first (or only) example of `type` for `status`. */
function example(operationId: string, status: number, type = "application/json"): unknown {
  const found = media(operationId, status, type);
  if (found.example !== undefined) return found.example;
  return deref<OpenAPIV3_1.ExampleObject>(document, Object.values(found.examples ?? {})[0])!.value;
}

const CSV = example("exportCards", 200, "text/csv") as string;
const TAB = example("exportCards", 200, "text/tab-separated-values") as string;
const ROWS = example("exportCards", 200, "application/json");
const INVALID_TOKEN = example("exportCards", 401);
const CREDENTIALS = (() => {
  const { operation } = findOperation(document, "createReportingToken")!;
  const body = deref<OpenAPIV3_1.RequestBodyObject>(document, operation.requestBody)!;
  return body.content["application/json"]!.example as Record<string, string>;
})();

interface Answer {
  status: number;
  type: string | null;
  text: string;
  json: () => unknown;
}

async function call(base: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type"), text, json: () => JSON.parse(text) };
}

describe("the Reporting mock", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock("reporting", 0);
  });
  afterAll(() => mock.stop());
  const get = (path: string, headers: Record<string, string> = {}) => call(mock.url, path, { headers });

  describe("credentials", () => {
    it("accepts a token as ?token= and as Bearer", async () => {
      for (const answer of [
        await get("/io/reporting/export/cards?token=any"),
        await get("/io/reporting/export/cards", { authorization: "Bearer any" }),
      ]) {
        expect(answer.status).toBe(200);
        expect(answer.text).toBe(CSV);
      }
    });

    it.each([
      ["no token", "/io/reporting/export/cards", {}],
      ["an empty ?token=", "/io/reporting/export/cards?token=", {}],
      ["Basic credentials", "/io/reporting/export/cards", { authorization: "Basic dXNlcjpwYXNz" }],
    ])("answers %s with 401 and the contract's body", async (_case, path, headers) => {
      const answer = await get(path, headers);
      expect(answer.status).toBe(401);
      expect(answer.json()).toEqual(INVALID_TOKEN);
      expect(INVALID_TOKEN).toEqual({ statusCode: 401, error: "Unauthorized", message: "Invalid token" });
    });

    it("needs no token to ask for one", async () => {
      const answer = await call(mock.url, "/io/reporting/auth", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(CREDENTIALS),
      });
      expect(answer.status).toBe(200);
      expect(answer.json()).toMatchObject({ token: expect.stringMatching(/^mock-/), expires: expect.any(String) });
    });
  });

  describe("formats", () => {
    it.each([
      ["cards.csv", "text/csv", CSV],
      ["cards.tab", "text/tab-separated-values", TAB],
      ["cards?format=csv", "text/csv", CSV],
      ["cards?format=tab", "text/tab-separated-values", TAB],
      ["cards", "text/csv", CSV],
    ])("answers %s as %s", async (path, type, body) => {
      const answer = await get(`/io/reporting/export/${path}`, { authorization: "Bearer any" });
      expect(answer.status).toBe(200);
      expect(answer.type).toBe(type);
      expect(answer.text).toBe(body);
    });

    it.each(["cards.json", "cards?format=json"])("answers %s as JSON rows", async (path) => {
      const answer = await get(`/io/reporting/export/${path}`, { authorization: "Bearer any" });
      expect(answer.status).toBe(200);
      expect(answer.type).toBe("application/json; charset=utf-8");
      expect(answer.json()).toEqual(ROWS);
    });

    it("answers CSV when no format is named, whatever Accept asks for, and ?format= over Accept", async () => {
      // LeanKit's Node client sends Accept: application/json on the exports it streams to CSV files.
      const accepted = await get("/io/reporting/export/cards", {
        authorization: "Bearer any",
        accept: "application/json",
      });
      expect(accepted.type).toBe("text/csv");
      expect(accepted.text).toBe(CSV);
      const named = await get("/io/reporting/export/cards?format=tab", {
        authorization: "Bearer any",
        accept: "application/json",
      });
      expect(named.type).toBe("text/tab-separated-values");
      expect(named.text).toBe(TAB);
    });

    it("refuses an unknown format with 400 naming the parameter and the value", async () => {
      const answer = await get("/io/reporting/export/cards?format=xml", { authorization: "Bearer any" });
      expect(answer.status).toBe(400);
      const body = answer.json() as { message: string };
      expect(body).toMatchObject({ statusCode: 400, error: "Bad Request" });
      expect(body.message).toContain("format");
      expect(body.message).toContain('"xml"');
    });
  });

  it("issues tokens that live tokenLifetimeMs", async () => {
    const lived = await startMock("reporting", 0, { tokenLifetimeMs: 300_000 });
    try {
      const before = Date.now();
      const answer = await call(lived.url, "/io/reporting/auth", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(CREDENTIALS),
      });
      const after = Date.now();
      const expires = Date.parse((answer.json() as { expires: string }).expires);
      expect(expires).toBeGreaterThanOrEqual(before + 300_000);
      expect(expires).toBeLessThanOrEqual(after + 300_000);
    } finally {
      await lived.stop();
    }
  });
});

describe("tokens on a fake clock", () => {
  const LIFETIME_MS = 60_000;
  let clock = Date.UTC(2026, 0, 15, 9, 0, 0);
  let server: RunningServer;
  beforeAll(async () => {
    const engine = new OpenApiMock(
      document,
      reportingBehaviour(LIFETIME_MS, () => clock),
    );
    server = await serveEngine(
      { handle: (request) => engine.handle(request), failure: (status, message) => engine.failure(status, message) },
      0,
    );
  });
  afterAll(() => server.stop());

  async function issue(): Promise<{ token: string; expires: string }> {
    const answer = await call(server.url, "/io/reporting/auth", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(CREDENTIALS),
    });
    expect(answer.status).toBe(200);
    return answer.json() as { token: string; expires: string };
  }
  const exportWith = (token: string) =>
    call(server.url, "/io/reporting/export/cards.json", { headers: { authorization: `Bearer ${token}` } });

  it("answers 401 Invalid token once an issued token's lifetime is over, and keeps refusing it", async () => {
    const issuedAt = clock;
    const { token, expires } = await issue();
    expect(expires).toBe(new Date(issuedAt + LIFETIME_MS).toISOString());
    expect((await exportWith(token)).status).toBe(200);

    clock = issuedAt + LIFETIME_MS - 1;
    expect((await exportWith(token)).status).toBe(200);
    expect((await call(server.url, `/io/reporting/export/cards?token=${token}`)).status).toBe(200);

    clock = issuedAt + LIFETIME_MS;
    for (const answer of [
      await exportWith(token),
      await exportWith(token),
      await call(server.url, `/io/reporting/export/cards?token=${token}`),
    ]) {
      expect(answer.status).toBe(401);
      expect(answer.json()).toEqual({ statusCode: 401, error: "Unauthorized", message: "Invalid token" });
    }
    // The token is checked before the parameters, as the server does: not a 400 for the format.
    const invalid = await call(server.url, `/io/reporting/export/cards?format=xml&token=${token}`);
    expect(invalid.status).toBe(401);

    const fresh = await issue();
    expect(fresh.token).not.toBe(token);
    expect((await exportWith(fresh.token)).status).toBe(200);
  });

  it("accepts a token it never issued, whatever the time", async () => {
    expect((await exportWith("issued-elsewhere")).status).toBe(200);
    clock += 10 * LIFETIME_MS;
    const answer = await exportWith("issued-elsewhere");
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual(ROWS);
  });
});
