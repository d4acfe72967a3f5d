// Every failure mode × every client, against loopback servers that misbehave on purpose.
// Each call must end (no hang: a watchdog far beyond the configured timeouts reports one),
// reject with the client's own error class and the expected kind, with the cause attached,
// free the connection it held, and show no credential in any rendering of the error.
import type { ServerResponse } from "node:http";
import { inspect } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiError, ApiErrorKind } from "./core/api-error.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "./core/transport.js";
import { createLeanKitClient, LeanKitApiError, paginate as paginateLeanKit } from "./leankit/index.js";
import { createLeanmoteClient, LeanmoteApiError, paginate as paginateLeanmote, unwrap } from "./leanmote/index.js";
import { createLeantimeClient, LeantimeRpcError } from "./leantime/index.js";
import { createReportingClient, fetchRows, ReportingApiError, streamRows } from "./reporting/index.js";
import {
  type LoopbackServer,
  type RecordedRequest,
  SENDING,
  sending,
  sendJson,
  startLoopbackServer,
} from "./test-support/loopback-server.js";

// Far beyond every timeout configured below: reaching it means the call hung.
const WATCHDOG_MS = 45_000;
// For faults that must end in a timeout; small, so the suite stays quick.
const SHORT_TIMEOUT_MS = 200;
// For faults that must end in something else: never reached, even on a loaded machine
// (where inflating the 65 MiB gzip bomb has taken 7 s).
const LONG_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT = { timeout: 90_000 };

type Outcome = { state: "resolved"; value: unknown } | { state: "rejected"; error: unknown } | { state: "hung" };

/** How `promise` ended, or "hung" if it had not after the watchdog's time. */
async function settle(promise: Promise<unknown>): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchdog = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ state: "hung" }), WATCHDOG_MS);
  });
  try {
    return await Promise.race([
      promise.then(
        (value): Outcome => ({ state: "resolved", value }),
        (error: unknown): Outcome => ({ state: "rejected", error }),
      ),
      watchdog,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every way an error can be shown or logged. */
function renderings(error: unknown): string[] {
  const e = error as Error & { cause?: unknown };
  const cause = e.cause as (Error & { stack?: string }) | undefined;
  return [
    e.message,
    String(e),
    JSON.stringify(e),
    inspect(e, { depth: 10 }),
    String(e.stack),
    inspect(cause, { depth: 10 }),
    String(cause?.stack),
    JSON.stringify(cause) ?? "",
  ];
}

function expectNoSecret(error: unknown, secrets: readonly string[]) {
  for (const rendering of renderings(error)) for (const secret of secrets) expect(rendering).not.toContain(secret);
}

/** A client under test, reduced to one representative call. */
interface Subject {
  name: string;
  ErrorClass: abstract new (...args: never[]) => ApiError;
  /** The credential the client is made with. */
  secret: string;
  /** Every value that must never show in an error (the credential in all its forms, issued tokens). */
  secrets: string[];
  /** A call with `secret` as the credential; making the client throws for an unusable one. */
  make: (baseUrl: string, secret: string, timeoutMs: number) => (signal?: AbortSignal) => Promise<unknown>;
  /** Answers requests that come before the call under test (the Reporting login); true when it did. */
  before?: (request: RecordedRequest, response: ServerResponse) => boolean;
  /** How a fault shows when not as its default kind ("resolves": not a failure for this client). */
  shows?: Partial<Record<FaultName, ApiErrorKind | "resolves">>;
  /** Takes an AbortSignal. */
  abortable: boolean;
}

const basic = (username: string, password: string) => Buffer.from(`${username}:${password}`).toString("base64");
const LEANKIT_TOKEN = "lk-secret-token-4f9a2c";
const LEANKIT_PASSWORD = "lk-secret-password-77e1";
const REPORTING_PASSWORD = "rp-secret-password-31aa";
const REPORTING_ISSUED = "rp-issued-token-8c2e90";
const LEANMOTE_TOKEN = "lm-secret-token-5d1b07";
const LEANTIME_KEY = "lt-secret-api-key-93e0f1";

const reportingLogin = (request: RecordedRequest, response: ServerResponse) => {
  if (request.url !== "/io/reporting/auth") return false;
  sendJson(response, 200, { token: REPORTING_ISSUED, expires: "2030-01-01T00:00:00Z" });
  return true;
};
// What a client that does not check the shape of an answer (openapi-fetch's typed calls) returns as it is.
const openApiShapes = { "JSON that is not an object": "resolves", "an empty 200": "resolves" } as const;
const csvShapes = {
  "not JSON": "rows",
  "JSON that is not an object": "rows",
  "an empty 200": "rows",
  "a 200 echoing the credentials": "rows",
} as const;

// Streamed rows are not held to maxResponseBytes: a body that never ends is one record that
// never ends, refused by its size; one that only declares a huge length stalls.
const streamShapes = {
  ...csvShapes,
  "a body that never ends": "rows",
  "a declared length beyond the limit": "timeout",
  "a gzip body that inflates beyond the limit": "rows",
} as const;

const reportingClient = (baseUrl: string, password: string, timeoutMs: number) =>
  createReportingClient({
    baseUrl,
    auth: { credentials: { email: "ada@example.com", password } },
    timeoutMs,
    retry: false,
  });

/** Reporting's rows in one format, read after a login the server answers first. */
function reportingSubject(format: "json" | "csv"): Subject {
  return {
    name: `Reporting (${format.toUpperCase()} rows)`,
    ErrorClass: ReportingApiError,
    secret: REPORTING_PASSWORD,
    secrets: [REPORTING_PASSWORD, REPORTING_ISSUED],
    make: (baseUrl, password, timeoutMs) => {
      const client = reportingClient(baseUrl, password, timeoutMs);
      return (signal) => fetchRows(client, "tags", { format, signal });
    },
    before: reportingLogin,
    ...(format === "csv" ? { shows: csvShapes } : {}),
    abortable: true,
  };
}

/** Reporting's CSV rows read as they stream in (`streamRows`). */
const reportingStreamSubject: Subject = {
  ...reportingSubject("csv"),
  name: "Reporting (CSV rows, streamed)",
  make: (baseUrl, password, timeoutMs) => {
    const client = reportingClient(baseUrl, password, timeoutMs);
    return async (signal) => {
      const rows = [];
      for await (const row of streamRows(client, "tags", { format: "csv", signal })) rows.push(row);
      return rows;
    };
  },
  shows: streamShapes,
};

const SUBJECTS: Subject[] = [
  {
    name: "LeanKit (Bearer)",
    ErrorClass: LeanKitApiError,
    secret: LEANKIT_TOKEN,
    secrets: [LEANKIT_TOKEN],
    make: (baseUrl, token, timeoutMs) => {
      const client = createLeanKitClient({ baseUrl, auth: { token }, timeoutMs, retry: false });
      return (signal) => client.GET("/io/board/{boardId}", { params: { path: { boardId: "1" } }, signal });
    },
    shows: openApiShapes,
    abortable: true,
  },
  {
    name: "LeanKit (Basic)",
    ErrorClass: LeanKitApiError,
    secret: LEANKIT_PASSWORD,
    secrets: [LEANKIT_PASSWORD, basic("ada@example.com", LEANKIT_PASSWORD)],
    make: (baseUrl, password, timeoutMs) => {
      const client = createLeanKitClient({
        baseUrl,
        auth: { username: "ada@example.com", password },
        timeoutMs,
        retry: false,
      });
      return (signal) => client.POST("/io/auth/token", { body: { description: "job" }, signal });
    },
    shows: openApiShapes,
    abortable: true,
  },
  reportingSubject("json"),
  reportingSubject("csv"),
  reportingStreamSubject,
  {
    name: "Leanmote",
    ErrorClass: LeanmoteApiError,
    secret: LEANMOTE_TOKEN,
    secrets: [LEANMOTE_TOKEN],
    make: (baseUrl, token, timeoutMs) => {
      const client = createLeanmoteClient({ baseUrl, auth: { token }, timeoutMs, retry: false });
      return (signal) => unwrap(client.GET("/v1/teams", { signal }));
    },
    abortable: true,
  },
  {
    name: "Leantime (POST)",
    ErrorClass: LeantimeRpcError,
    secret: LEANTIME_KEY,
    secrets: [LEANTIME_KEY],
    make: (baseUrl, apiKey, timeoutMs) => {
      const client = createLeantimeClient({ baseUrl, auth: { apiKey }, timeoutMs, retry: false });
      return () => client.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 11 });
    },
    abortable: false,
  },
  {
    name: "Leantime (GET)",
    ErrorClass: LeantimeRpcError,
    secret: LEANTIME_KEY,
    secrets: [LEANTIME_KEY],
    make: (baseUrl, apiKey, timeoutMs) => {
      const client = createLeantimeClient({ baseUrl, auth: { apiKey }, timeoutMs, retry: false, transport: "get" });
      return () => client.call("leantime.rpc.Tickets.Tickets.getTicket", { id: 11 });
    },
    abortable: false,
  },
];

/** What the misbehaving server does with the call under test. */
interface Fault {
  kind: ApiErrorKind;
  /** Holds the connection open: the client must close it when it gives up. */
  holds?: boolean;
  respond: (request: RecordedRequest, response: ServerResponse) => void;
}

const stall = () => undefined;
/** About 70 KB of gzip that inflates to 1 MiB more than the default limit (made in `beforeAll`). */
let gzipBomb = Buffer.alloc(0);
const FAULTS = {
  "no server listening": { kind: "network", respond: stall },
  "the connection reset before an answer": {
    kind: "network",
    respond: (_request, response) => response.socket?.destroy(),
  },
  "headers that never come": { kind: "timeout", holds: true, respond: stall },
  "a body that stalls after the headers": {
    kind: "timeout",
    holds: true,
    respond: (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write("[");
    },
  },
  "a body that trickles for ever": {
    kind: "timeout",
    holds: true,
    respond: (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write("[");
      // A byte at a time: a per-read idle timeout would never fire.
      const drip = setInterval(() => response.write(" "), 20);
      response.on("close", () => clearInterval(drip));
    },
  },
  "a body that never ends": {
    kind: "too-large",
    holds: true,
    respond: (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write("[");
      // As fast as the client reads: a client that keeps it all runs out of memory.
      const chunk = Buffer.alloc(1 << 16, " ");
      const flood = () => {
        while (!response.destroyed && response.write(chunk));
      };
      response.on("drain", flood);
      flood();
    },
  },
  "a declared length beyond the limit": {
    kind: "too-large",
    holds: true,
    respond: (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": String(2 ** 40) });
      response.write("[");
    },
  },
  "a gzip body that inflates beyond the limit": {
    kind: "too-large",
    respond: (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      response.end(gzipBomb);
    },
  },
  "a body cut short": {
    kind: "network",
    respond: (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      response.write("[", () => response.socket?.destroy());
    },
  },
  "not JSON": {
    kind: "invalid-response",
    respond: (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end("<html>Service page</html>");
    },
  },
  "JSON that is not an object": {
    kind: "invalid-response",
    respond: (_request, response) => sendJson(response, 200, "just text"),
  },
  "an empty 200": {
    kind: "invalid-response",
    respond: (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "0" });
      response.end();
    },
  },
  "a gateway's error page": {
    kind: "http",
    respond: (_request, response) => {
      response.writeHead(502, { "content-type": "text/html" });
      response.end("<html>Bad gateway</html>");
    },
  },
  "a 401 echoing the credentials": {
    kind: "http",
    respond: (request, response) =>
      sendJson(response, 401, { message: `refused ${JSON.stringify(request.headers)}`, echo: request }),
  },
  "a 200 echoing the credentials": {
    kind: "invalid-response",
    respond: (request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(`${request.headers.authorization},${request.headers["x-api-key"]},${request.body}`);
    },
  },
  "a redirect loop": {
    kind: "redirect",
    respond: (request, response) => {
      response.writeHead(302, { location: request.url });
      response.end();
    },
  },
} satisfies Record<string, Fault>;
type FaultName = keyof typeof FAULTS;

/** A server that answers what comes before the call normally, and the call with `fault`. */
async function faultyServer(subject: Subject, fault: Fault) {
  let released: () => void = () => undefined;
  // Resolves once the connection that carried the faulty answer has closed.
  const closed = new Promise<void>((resolve) => {
    released = resolve;
  });
  let reached = false;
  const server = await startLoopbackServer((request, response) => {
    if (subject.before?.(request, response)) return;
    reached = true;
    // On a loaded machine the client may time out and close the connection before this
    // handler runs: the response is then closed already and emits no further "close".
    if (response.closed || !response.socket || response.socket.destroyed) released();
    else response.on("close", released);
    fault.respond(request, response);
  });
  // False when the client gave up before the faulty request reached the handler.
  return { server, closed, reached: () => reached };
}

// Made before any call, not while one waits: compressing 65 MiB blocks the process for a
// while, and on a loaded machine long enough to run out a call's time.
beforeAll(() => {
  gzipBomb = gzipSync(Buffer.alloc(DEFAULT_MAX_RESPONSE_BYTES + 2 ** 20, " "));
}, 120_000);

let refusedUrl = "";
beforeAll(async () => {
  // A port that was just listened on and is closed now: connecting to it is refused.
  const gone = await startLoopbackServer(() => undefined);
  refusedUrl = gone.url;
  await gone.close();
});

describe.each(SUBJECTS.flatMap((subject) => SENDING.map((how) => ({ ...subject, how }))))(
  "$name, sent $how",
  (subject) => {
    it.each(Object.keys(FAULTS) as FaultName[])("%s", TEST_TIMEOUT, async (name) => {
      const fault: Fault = FAULTS[name];
      const shown = subject.shows?.[name] ?? fault.kind;
      const { server, closed, reached } = await faultyServer(subject, fault);
      try {
        const baseUrl = name === "no server listening" ? refusedUrl : server.url;
        const timeoutMs = shown === "timeout" ? SHORT_TIMEOUT_MS : LONG_TIMEOUT_MS;
        const outcome = await sending(subject.how, () => settle(subject.make(baseUrl, subject.secret, timeoutMs)()));
        expect(outcome.state).not.toBe("hung");
        if (shown === "resolves") {
          expect(outcome.state).toBe("resolved");
          return;
        }
        expect(outcome.state).toBe("rejected");
        const error = (outcome as { error: ApiError }).error;
        expect(error).toBeInstanceOf(subject.ErrorClass);
        expect(error.name).toBe(subject.ErrorClass.name);
        expect(error.kind).toBe(shown);
        if (shown === "timeout") expect(error.message).toContain(`no complete response within ${SHORT_TIMEOUT_MS} ms`);
        // What went wrong underneath is kept, for every failure that came from below.
        if (["timeout", "network"].includes(shown) || (name === "not JSON" && shown === "invalid-response"))
          expect(error.cause).toBeDefined();
        expectNoSecret(error, subject.secrets);
        if (fault.holds) {
          const release = await settle(closed);
          // A request that never reached the server left no connection open there.
          if (release.state === "hung") expect(reached(), "the connection was never released").toBe(false);
          else expect(release).toEqual({ state: "resolved", value: undefined });
        }
      } finally {
        await server.close();
      }
    });
  },
);

describe.each(SUBJECTS)("$name", (subject) => {
  const unusable = {
    empty: "",
    "a line break (header injection)": `${subject.secret}\r\nX-Injected: yes`,
    "a NUL": `${subject.secret}\u0000`,
    "a tab": `\t${subject.secret}`,
    DEL: `${subject.secret}\u007f`,
  };
  it.each(Object.entries(unusable))("credentials with %s are refused when the client is made", (_, secret) => {
    let thrown: unknown;
    try {
      subject.make("http://127.0.0.1:9", secret, LONG_TIMEOUT_MS);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(subject.ErrorClass);
    expect(thrown).toMatchObject({ kind: "credentials", status: 0 });
    expect((thrown as Error).message).toMatch(
      /client not created: auth\.[\w.]+ (is empty|contains a control character)/,
    );
    expectNoSecret(thrown, [...subject.secrets, "X-Injected"]);
  });
});

const abortable = SUBJECTS.filter((subject) => subject.abortable);
describe.each(abortable.flatMap((subject) => SENDING.map((how) => ({ ...subject, how }))))(
  "$name, sent $how",
  (subject) => {
    it("the caller aborting while the server stalls", TEST_TIMEOUT, async () => {
      const controller = new AbortController();
      const { server, closed } = await faultyServer(subject, {
        kind: "aborted",
        respond: () => controller.abort(new Error("the user gave up")),
      });
      try {
        const call = subject.make(server.url, subject.secret, LONG_TIMEOUT_MS);
        const outcome = await sending(subject.how, () => settle(call(controller.signal)));
        expect(outcome.state).toBe("rejected");
        const error = (outcome as { error: ApiError }).error;
        expect(error).toBeInstanceOf(subject.ErrorClass);
        expect(error).toMatchObject({ kind: "aborted", cause: { message: "the user gave up" } });
        expectNoSecret(error, subject.secrets);
        expect(await settle(closed)).toEqual({ state: "resolved", value: undefined });
      } finally {
        await server.close();
      }
    });
  },
);

describe("the Reporting login", () => {
  it("echoed back in a refusal: the password stays out of the error", TEST_TIMEOUT, async () => {
    const server = await startLoopbackServer((request, response) =>
      sendJson(response, 401, { message: `bad login ${request.body}`, received: JSON.parse(request.body) }),
    );
    try {
      const client = createReportingClient({
        baseUrl: server.url,
        auth: { credentials: { email: "ada@example.com", password: REPORTING_PASSWORD } },
      });
      const outcome = await settle(fetchRows(client, "tags"));
      const error = (outcome as { error: ApiError }).error;
      expect(error).toBeInstanceOf(ReportingApiError);
      expect(error).toMatchObject({ kind: "http", status: 401, operation: "POST /io/reporting/auth" });
      expect(JSON.stringify(error.body)).toContain("[redacted]");
      expectNoSecret(error, [REPORTING_PASSWORD]);
    } finally {
      await server.close();
    }
  });
});

describe("nothing runs away", () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer((request, response) => {
      // Ignores limit/offset and page: the same first page, whatever is asked.
      if (request.url.startsWith("/io/board"))
        return sendJson(response, 200, {
          pageMeta: { totalRecords: 5, offset: 0, limit: 2, startRow: 1, endRow: 2 },
          boards: [{ id: "1" }, { id: "2" }],
        });
      if (request.url.startsWith("/v1/teams"))
        return sendJson(response, 200, {
          status: "success",
          data: [{ id: 1 }, { id: 2 }],
          meta: { page: 1, per_page: 2, total: 5, total_pages: 3 },
        });
      if (request.url === "/api/jsonrpc") {
        const calls = JSON.parse(request.body) as { id: number }[];
        // The first call's slot is null; the second is answered.
        return sendJson(response, 200, [null, { jsonrpc: "2.0", id: calls[1]!.id, result: { id: 2 } }]);
      }
      sendJson(response, 429, { message: "later" }, { "retry-after": "3600" });
    });
  });
  afterAll(() => server.close());

  it("LeanKit paginate rejects a server that ignores offset, after two requests", TEST_TIMEOUT, async () => {
    server.requests.length = 0;
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: LEANKIT_TOKEN } });
    const seen: string[] = [];
    const outcome = await settle(
      (async () => {
        for await (const board of paginateLeanKit(client, "/io/board", "boards", { query: { limit: 2 } }))
          seen.push(board.id);
      })(),
    );
    const error = (outcome as { error: ApiError }).error;
    expect(error).toBeInstanceOf(LeanKitApiError);
    expect(error).toMatchObject({ kind: "pagination", operation: "GET /io/board" });
    expect(seen).toEqual(["1", "2"]);
    expect(server.requests).toHaveLength(2);
  });

  it("Leanmote paginate rejects a server that ignores page, after two requests", TEST_TIMEOUT, async () => {
    server.requests.length = 0;
    const client = createLeanmoteClient({ baseUrl: server.url, auth: { token: LEANMOTE_TOKEN } });
    const seen: unknown[] = [];
    const outcome = await settle(
      (async () => {
        for await (const team of paginateLeanmote(client, "/v1/teams", { query: { per_page: 2 } })) seen.push(team.id);
      })(),
    );
    const error = (outcome as { error: ApiError }).error;
    expect(error).toBeInstanceOf(LeanmoteApiError);
    expect(error).toMatchObject({ kind: "pagination", operation: "GET /v1/teams" });
    expect(seen).toEqual([1, 2]);
    expect(server.requests).toHaveLength(2);
  });

  it("a Leantime batch answer with a null slot fails that call only, with LeantimeRpcError", TEST_TIMEOUT, async () => {
    const client = createLeantimeClient({ baseUrl: server.url, auth: { apiKey: LEANTIME_KEY } });
    const outcome = await settle(
      client.batch([
        { method: "leantime.rpc.Tickets.Tickets.getTicket", params: { id: 1 } },
        { method: "leantime.rpc.Tickets.Tickets.getTicket", params: { id: 2 } },
      ]),
    );
    expect(outcome.state).toBe("resolved");
    const [first, second] = (outcome as { value: { ok: boolean; error?: unknown; result?: unknown }[] }).value;
    expect(first!.ok).toBe(false);
    expect(first!.error).toBeInstanceOf(LeantimeRpcError);
    expect(first!.error).toMatchObject({ kind: "invalid-response" });
    expect(second).toEqual({ ok: true, result: { id: 2 } });
  });

  it("a Retry-After beyond maxDelayMs is not waited for", TEST_TIMEOUT, async () => {
    const client = createLeanKitClient({ baseUrl: server.url, auth: { token: LEANKIT_TOKEN }, retry: { retries: 5 } });
    const outcome = await settle(client.GET("/io/user/me"));
    expect((outcome as { error: ApiError }).error).toMatchObject({ kind: "http", status: 429 });
  });
});
