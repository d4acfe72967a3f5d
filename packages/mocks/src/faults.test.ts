// What a broken, slow or hostile client can do to a mock, for every API, over raw TCP where
// fetch cannot express the fault: each case checks the answer (in the API's own error format,
// or a closed connection), then that the same mock still answers a normal request. The slow
// cases run against small configured limits and assert outcomes, never durations. The last
// part runs the CLI: a signal, a port that is taken, and a fault inside the process each
// leave no port bound.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { STATUS_CODES } from "node:http";
import { connect, createServer, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import {
  deref,
  isOpenRpc,
  type OpenAPIV3_1,
  type OpenApiDocument,
  type OpenRpcDocument,
  type OpenRpcErrorObject,
  openApiOperations,
  openRpcMethods,
} from "@leanapis/contract-helpers";
import { API_IDS, type ApiId, apiById, loadContract } from "@leanapis/registry";
import { freePort, portIsFree } from "@leanapis/tooling/ports";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { behaviourFor } from "./engine/behaviours/index.js";
import { type Engine, type HostLimits, type RunningServer, serveEngine } from "./engine/http-host.js";
import { OpenApiMock } from "./engine/openapi-mock.js";
import { JsonRpcMock, jsonRpcEngine, MAX_BATCH } from "./jsonrpc-mock.js";

const HOST = "127.0.0.1";
/** Small enough for the slow-client cases to end soon, large enough for a loaded machine's normal requests. */
const LIMITS: HostLimits = { bodyLimit: 256 * 1024, requestTimeoutMs: 2_000, headersTimeoutMs: 1_000 };
const DEPTH = 10_000;

// ---------------------------------------------------------------------------------------------
// A raw HTTP/1.1 client: every socket it opens is destroyed after each test.

interface Answer {
  /** Undefined when the connection closed before a status line arrived. */
  status: number | undefined;
  headers: Record<string, string>;
  body: string;
  /** Whether the server closed the connection (rather than the whole answer arriving first). */
  closed: boolean;
}

const sockets = new Set<Socket>();
afterEach(() => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
});

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, HOST);
    sockets.add(socket);
    // A reset is an outcome like any other: it shows up as `closed`.
    socket.on("error", () => undefined);
    socket.once("connect", () => resolve(socket));
    socket.once("close", () => reject(new Error(`The connection to port ${port} closed before it opened`)));
  });
}

function parseAnswer(received: Buffer, closed: boolean): Answer & { complete: boolean } {
  const end = received.indexOf("\r\n\r\n");
  if (end === -1) return { status: undefined, headers: {}, body: received.toString(), closed, complete: false };
  const [statusLine = "", ...lines] = received.subarray(0, end).toString("latin1").split("\r\n");
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(":")).trim().toLowerCase(),
      line.slice(line.indexOf(":") + 1).trim(),
    ]),
  );
  const body = received.subarray(end + 4);
  const length = headers["content-length"] === undefined ? undefined : Number(headers["content-length"]);
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]) || undefined,
    headers,
    body: body.subarray(0, length).toString(),
    closed,
    complete: length !== undefined && body.length >= length,
  };
}

/** Reads one answer from `socket`: until it is whole (by its Content-Length), or until the connection closes. */
function readAnswer(socket: Socket, { untilClose = false } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    const finish = (closed: boolean) => {
      socket.off("data", onData);
      socket.off("close", onClose);
      const { complete: _, ...answer } = parseAnswer(received, closed);
      resolve(answer);
    };
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!untilClose && parseAnswer(received, false).complete) finish(false);
    };
    const onClose = () => finish(true);
    socket.on("data", onData);
    socket.on("close", onClose);
    if (socket.destroyed) finish(true);
  });
}

/** Sends `chunks` on a new connection and reads the answer. */
async function exchange(port: number, ...chunks: (string | Buffer)[]): Promise<Answer> {
  const socket = await openSocket(port);
  const answer = readAnswer(socket);
  for (const chunk of chunks) socket.write(chunk);
  const result = await answer;
  socket.destroy();
  return result;
}

/** A request's bytes; Content-Length is added for a body unless the headers frame it. */
function httpRequest(method: string, target: string, headers: Record<string, string> = {}, body?: string): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`, `host: ${HOST}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  const payload = Buffer.from(body ?? "");
  if (body !== undefined && !("content-length" in headers) && !("transfer-encoding" in headers))
    lines.push(`content-length: ${payload.length}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), payload]);
}

const portOf = (server: RunningServer) => Number(new URL(server.url).port);
const jsonOf = (answer: Answer): unknown => JSON.parse(answer.body);

// ---------------------------------------------------------------------------------------------
// Each API's mock, a normal request it answers, where a JSON body goes, and its error format.

/** Each API's refusal body for `status`, as its server words refusals at the HTTP level. */
const ERROR_FORMATS = {
  leankit: (status: number) => ({ statusCode: status, error: STATUS_CODES[status], message: expect.any(String) }),
  reporting: (status: number) => ({ statusCode: status, error: STATUS_CODES[status], message: expect.any(String) }),
  leanmote: (_status: number) => ({
    status: "error",
    error: { code: expect.any(String), message: expect.any(String) },
  }),
  leantime: (_status: number) => ({ error: expect.any(String) }),
} satisfies Record<ApiId, (status: number) => unknown>;

/** The headers Leanmote's documentation says every response carries, refusals included. */
const RATE_LIMIT_HEADERS = ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"];

function expectRefusal(api: ApiId, answer: Answer, status: number): void {
  expect(answer.status, answer.body).toBe(status);
  expect(answer.headers["content-type"]).toMatch(/json/);
  expect(jsonOf(answer)).toEqual(ERROR_FORMATS[api](status));
  // Refusals the host makes before an operation runs (413, 408, 431, a malformed request) too.
  if (api === "leanmote") {
    for (const name of RATE_LIMIT_HEADERS) expect(answer.headers[name], `${status}: ${name}`).toMatch(/^\d+$/);
  }
}

/** A 4xx in the API's format, or (for what HTTP cannot answer) the connection closed without a word. */
function expectClientErrorOrClose(api: ApiId, answer: Answer): void {
  if (answer.status === undefined) {
    expect(answer.closed).toBe(true);
    expect(answer.body).toBe("");
    return;
  }
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  expectRefusal(api, answer, answer.status);
}

interface Target {
  method: string;
  path: string;
  headers: Record<string, string>;
}

interface Fixture {
  api: ApiId;
  openRpc: OpenRpcDocument | undefined;
  engine: Engine;
  /** A request the mock answers with a success, and the check of that answer. */
  normal: Buffer;
  expectNormal: (answer: Answer) => void;
  /** Where a JSON body is read, with the credentials it needs. */
  json: Target;
}

const BEARER = "Bearer mock-token";
/** Whether a bearer token meets one of the requirements (or none are required). */
function bearerSuffices(document: OpenApiDocument, requirements: OpenAPIV3_1.SecurityRequirementObject[]): boolean {
  const schemes = document.components?.securitySchemes ?? {};
  return (
    requirements.length === 0 ||
    requirements.some((requirement) =>
      Object.keys(requirement).every((name) => {
        const scheme = deref<OpenAPIV3_1.SecuritySchemeObject>(document, schemes[name]);
        return scheme?.type === "http" && scheme.scheme.toLowerCase() === "bearer";
      }),
    )
  );
}

function openApiFixture(api: ApiId, document: OpenApiDocument): Fixture {
  const mock = new OpenApiMock(document, behaviourFor(api, document, { burst: false }));
  const plain = openApiOperations(document).filter(
    ({ path, operation }) =>
      !path.includes("{") && bearerSuffices(document, operation.security ?? document.security ?? []),
  );
  const get = plain.find(
    ({ method, parameters }) => method === "get" && parameters.every((parameter) => !parameter.required),
  );
  const post = plain.find(
    ({ method, operation }) =>
      method === "post" &&
      deref<OpenAPIV3_1.RequestBodyObject>(document, operation.requestBody)?.content?.["application/json"],
  );
  if (!get || !post) throw new Error(`${api}: no plain GET and JSON POST operation to exercise`);
  return {
    api,
    openRpc: undefined,
    engine: {
      handle: (request) => mock.handle(request),
      failure: (status, message, request) => mock.failure(status, message, request),
    },
    normal: httpRequest("GET", get.path, { authorization: BEARER }),
    expectNormal: (answer) => {
      expect(answer.status, answer.body).toBeGreaterThanOrEqual(200);
      expect(answer.status, answer.body).toBeLessThan(300);
    },
    json: { method: "POST", path: post.path, headers: { authorization: BEARER, "content-type": "application/json" } },
  };
}

function openRpcFixture(api: ApiId, document: OpenRpcDocument): Fixture {
  const mock = new JsonRpcMock(document);
  const method = openRpcMethods(document).find((candidate) =>
    candidate.params.every((param) => !deref<{ required?: boolean }>(document, param)?.required),
  );
  if (!method) throw new Error(`${api}: no method without required params to call`);
  const headers = { authorization: BEARER, "content-type": "application/json" };
  return {
    api,
    openRpc: document,
    engine: jsonRpcEngine(mock),
    normal: httpRequest(
      "POST",
      mock.path,
      headers,
      JSON.stringify({ jsonrpc: "2.0", method: method.name, params: {}, id: 1 }),
    ),
    expectNormal: (answer) => {
      expect(answer.status, answer.body).toBe(200);
      // The method picked may return null (a PHP void): a result member is what makes it a success.
      expect(jsonOf(answer)).toMatchObject({ jsonrpc: "2.0", id: 1 });
      expect(jsonOf(answer)).toHaveProperty("result");
    },
    json: { method: "POST", path: mock.path, headers },
  };
}

function fixtureFor(api: ApiId): Fixture {
  const document = loadContract(api);
  return isOpenRpc(document) ? openRpcFixture(api, document) : openApiFixture(api, document as OpenApiDocument);
}

/** Test hooks on top of the API's engine: paths where the engine (or even its refusals) fail. */
function withFaults(engine: Engine): Engine {
  return {
    handle: (request) => {
      if (request.path === "/__engine-fault") throw new Error("injected engine fault");
      if (request.path === "/__refusal-fault") throw new Error("injected refusal fault");
      if (request.path === "/__bad-header") return { status: 200, headers: { "x-bad": "a\r\nb" }, body: "ok" };
      return engine.handle(request);
    },
    failure: (status, message, request) => {
      if (message.includes("injected refusal fault")) throw new Error("the refusal failed too");
      return engine.failure(status, message, request);
    },
  };
}

/** The JSON-RPC error object the document declares under `name`. */
function rpcError(document: OpenRpcDocument, name: string): OpenRpcErrorObject {
  return deref<OpenRpcErrorObject>(document, document.components?.errors?.[name])!;
}

// ---------------------------------------------------------------------------------------------

describe.each(API_IDS)("the %s mock under faults", (api) => {
  const fixture = fixtureFor(api);
  let server: RunningServer;
  let port: number;
  beforeAll(async () => {
    server = await serveEngine(withFaults(fixture.engine), 0, LIMITS);
    port = portOf(server);
  });
  afterAll(() => server.stop());

  /** The same mock answers a normal request on a new connection. */
  const expectServing = async () => fixture.expectNormal(await exchange(port, fixture.normal));
  const jsonRequest = (body: string, headers: Record<string, string> = {}) =>
    httpRequest(fixture.json.method, fixture.json.path, { ...fixture.json.headers, ...headers }, body);

  it("answers a normal request", expectServing);

  it.each([
    ["GET", "//x:y/"],
    ["GET", "http://evil/"],
    ["GET", "*"],
    ["OPTIONS", "*"],
    ["GET", "/%zz"],
    ["GET", `${fixture.json.path}/%zz?q=%zz`],
    ["CONNECT", "evil:443"],
  ])("refuses the request-target of %s %s in its format (or closes), and keeps serving", async (method, target) => {
    expectClientErrorOrClose(api, await exchange(port, `${method} ${target} HTTP/1.1\r\nhost: ${HOST}\r\n\r\n`));
    await expectServing();
  });

  it("answers a request line HTTP cannot parse with 400 in its format, and keeps serving", async () => {
    expectRefusal(api, await exchange(port, "BREW /pot HTCPCP/1.0\r\n\r\n"), 400);
    expectRefusal(api, await exchange(port, "\u0000\u0001garbage\r\n\r\n"), 400);
    await expectServing();
  });

  it("answers headers over Node's size limit with 431 in its format, and keeps serving", async () => {
    expectRefusal(
      api,
      await exchange(port, httpRequest("GET", fixture.json.path, { "x-large": "x".repeat(20_000) })),
      431,
    );
    await expectServing();
  });

  it("survives clients that disconnect halfway through a POST body", async () => {
    const half = '{"name":"'.padEnd(5_000, "x");
    // One half-closes: the server sees the body end early and closes its side.
    const ending = await openSocket(port);
    const answer = readAnswer(ending, { untilClose: true });
    ending.end(jsonRequest(half, { "content-length": "10000" }));
    const closed = await answer;
    expect(closed.closed).toBe(true);
    if (closed.status !== undefined) expectClientErrorOrClose(api, closed);
    // The other vanishes outright.
    const vanishing = await openSocket(port);
    await new Promise<void>((resolve) =>
      vanishing.write(jsonRequest(half, { "content-length": "10000" }), () => resolve()),
    );
    vanishing.destroy();
    await expectServing();
  });

  it("answers an oversize body with 413 in its format, whether declared or streamed", async () => {
    const declared = await exchange(
      port,
      httpRequest(fixture.json.method, fixture.json.path, {
        ...fixture.json.headers,
        "content-length": String(LIMITS.bodyLimit + 1),
      }),
    );
    expectRefusal(api, declared, 413);
    const size = (LIMITS.bodyLimit + 1).toString(16);
    const streamed = await exchange(
      port,
      httpRequest(fixture.json.method, fixture.json.path, { ...fixture.json.headers, "transfer-encoding": "chunked" }),
      `${size}\r\n${"x".repeat(LIMITS.bodyLimit + 1)}\r\n0\r\n\r\n`,
    );
    expectRefusal(api, streamed, 413);
    await expectServing();
  });

  it("answers malformed JSON as the API does", async () => {
    const answer = await exchange(port, jsonRequest('{"name": "unfinished'));
    if (fixture.openRpc) {
      // The server answers a body it cannot parse with a ParseError, on HTTP 200, id 0.
      expect(answer.status).toBe(200);
      const { code, message } = rpcError(fixture.openRpc, "ParseError");
      expect(jsonOf(answer)).toEqual({ jsonrpc: "2.0", error: { code, message, data: expect.any(String) }, id: 0 });
    } else {
      expectRefusal(api, answer, 400);
    }
    await expectServing();
  });

  it(`answers a JSON body nested ${DEPTH} deep in its format, and keeps serving`, async () => {
    const nested = `${'{"a":'.repeat(DEPTH)}1${"}".repeat(DEPTH)}`;
    const answer = await exchange(port, jsonRequest(nested));
    if (fixture.openRpc) {
      // A request object without a method: a JSON-RPC error answer, on HTTP 200.
      expect(answer.status).toBe(200);
      expect(jsonOf(answer)).toMatchObject({ jsonrpc: "2.0", error: { code: expect.any(Number) } });
    } else if (answer.status! >= 400) {
      // A refusal in the API's format, naming the violation: never a fault of the mock.
      expect(answer.status).toBeLessThan(500);
      expectRefusal(api, answer, answer.status!);
    } else {
      // A body the operation's schema accepts, however deep.
      fixture.expectNormal(answer);
    }
    await expectServing();
  });

  if (api === "leanmote") {
    it("counts a refusal the host makes against the credential that sent it, as every answer is", async () => {
      const credential = { authorization: "Bearer host-refusal-counter" };
      const remaining = (answer: Answer) => Number(answer.headers["x-ratelimit-remaining"]);
      const oversize = await exchange(
        port,
        httpRequest(fixture.json.method, fixture.json.path, {
          ...fixture.json.headers,
          ...credential,
          "content-length": String(LIMITS.bodyLimit + 1),
        }),
      );
      expectRefusal(api, oversize, 413);
      const next = await exchange(port, httpRequest("GET", "/v1/no-such-path", credential));
      expectRefusal(api, next, 404);
      expect(remaining(next)).toBe(remaining(oversize) - 1);
    });
  }

  if (fixture.openRpc) {
    const document = fixture.openRpc;
    const call = JSON.parse(fixture.normal.subarray(fixture.normal.indexOf("\r\n\r\n") + 4).toString()) as object;

    it(`answers a JSON-RPC id nested ${DEPTH} deep with an Invalid Request error`, async () => {
      const id = `${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}`;
      const body = `${JSON.stringify(call).slice(0, -1)},"id":${id}}`;
      const answer = await exchange(port, jsonRequest(body));
      expect(answer.status).toBe(200);
      const { code, message } = rpcError(document, "InvalidRequest");
      expect(jsonOf(answer)).toEqual({ jsonrpc: "2.0", error: { code, message, data: expect.any(String) }, id: null });
      await expectServing();
    });

    it.each([
      ["calls", MAX_BATCH + 1, (i: number) => ({ ...call, id: i })],
      ["empty objects", 50 * MAX_BATCH, () => ({})],
    ])(`answers a batch of more than ${MAX_BATCH} %s (%i) with one Invalid Request error`, async (_, size, item) => {
      const batch = Array.from({ length: size }, (_, i) => item(i));
      const answer = await exchange(port, jsonRequest(JSON.stringify(batch)));
      expect(answer.status).toBe(200);
      const { code, message } = rpcError(document, "InvalidRequest");
      expect(jsonOf(answer)).toEqual({ jsonrpc: "2.0", error: { code, message, data: expect.any(String) }, id: null });
      await expectServing();
    });
  }

  it("closes a connection whose headers never end (408 in its format), serving others meanwhile", async () => {
    const slow = await openSocket(port);
    const answer = readAnswer(slow, { untilClose: true });
    slow.write(`GET ${fixture.json.path} HTTP/1.1\r\nhost: ${HOST}\r\nx-slow: `);
    await expectServing();
    const closed = await answer;
    expect(closed.closed).toBe(true);
    if (closed.status !== undefined) expectRefusal(api, closed, 408);
    await expectServing();
  });

  it("closes a connection whose body stalls after the headers (408 in its format), serving others meanwhile", async () => {
    const slow = await openSocket(port);
    const answer = readAnswer(slow, { untilClose: true });
    slow.write(jsonRequest('{"name":', { "content-length": "100" }));
    await expectServing();
    const closed = await answer;
    expect(closed.closed).toBe(true);
    if (closed.status !== undefined) expectRefusal(api, closed, 408);
    await expectServing();
  });

  it("answers a normal request while many connections are half-open, and closes them in time", async () => {
    const idle = await Promise.all(Array.from({ length: 120 }, () => openSocket(port)));
    const closes = idle.map((socket) => readAnswer(socket, { untilClose: true }));
    idle.forEach((socket, i) => {
      if (i % 3 === 1) socket.write(`GET / HTTP/1.1\r\nhost: ${HOST}\r\n`);
      if (i % 3 === 2) socket.write(jsonRequest("{", { "content-length": "50" }));
    });
    await expectServing();
    for (const closed of await Promise.all(closes)) expect(closed.closed).toBe(true);
    await expectServing();
  });

  it("answers a fault inside the engine with 500 in its format, and keeps serving", async () => {
    expectRefusal(api, await exchange(port, httpRequest("GET", "/__engine-fault")), 500);
    await expectServing();
  });

  it("answers even when wording the refusal fails, and keeps serving", async () => {
    const answer = await exchange(port, httpRequest("GET", "/__refusal-fault"));
    expect(answer.status).toBe(500);
    expect(answer.body).toContain("injected refusal fault");
    await expectServing();
  });

  it("drops a header Node would refuse rather than failing the answer", async () => {
    const answer = await exchange(port, httpRequest("GET", "/__bad-header"));
    expect(answer.status).toBe(200);
    expect(answer.headers["x-bad"]).toBeUndefined();
    expect(answer.body).toBe("ok");
  });
});

// ---------------------------------------------------------------------------------------------
// The CLI as a process: a signal, a taken port and a fault inside it each leave no port bound.

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const LEANKIT = apiById("leankit");
const REPORTING = apiById("reporting");
const LEANTIME = apiById("leantime");

interface CliRun {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stdout holds `text`; rejects if the process exits first. */
  printed: (text: string) => Promise<void>;
}

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Runs the CLI; `preload` is ESM source loaded before it (to inject a fault). */
function runCli(args: string[], env: Record<string, string>, preload?: string): CliRun {
  const flags = preload ? ["--import", `data:text/javascript,${encodeURIComponent(preload)}`] : [];
  const child = spawn(process.execPath, [...flags, CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  const waiting: { text: string; resolve: () => void }[] = [];
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const wait of waiting.filter((w) => stdout.includes(w.text))) wait.resolve();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => ({ stdout, stderr }),
    exited,
    printed: (text) =>
      new Promise<void>((resolve, reject) => {
        if (stdout.includes(text)) return resolve();
        waiting.push({ text, resolve });
        void exited.then(() => reject(new Error(`The CLI exited before printing ${text}:\n${stdout}\n${stderr}`)));
      }),
  };
}

/** The ids of a process's children. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map(Number);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

/** Makes a request to /__crash, on any of the process's HTTP servers, fail later in that server's context. */
const crashOnRequest = (fault: string) => `
import http from "node:http";
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, request, ...rest) {
  if (event === "request" && request.url === "/__crash") setTimeout(() => { ${fault} });
  return emit.call(this, event, request, ...rest);
};`;

describe("the mocks CLI", () => {
  it("stops on SIGTERM and leaves its port free", async () => {
    const port = await freePort();
    const run = runCli(["--api", "leankit"], { [LEANKIT.mock.portEnv]: String(port) });
    await run.printed(`http://${HOST}:${port}`);
    run.child.kill("SIGTERM");
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(await portIsFree(port)).toBe(true);
  });

  describe("with its port taken", () => {
    let blocker: ReturnType<typeof createServer>;
    let port: number;
    beforeAll(async () => {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, HOST, resolve));
      port = (blocker.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

    it("exits 1 with a message naming the port and the variable that moves it", async () => {
      const run = runCli(["--api", "leankit"], { [LEANKIT.mock.portEnv]: String(port) });
      expect((await run.exited).code).toBe(1);
      const { stderr } = run.output();
      expect(stderr).toContain(`Port ${port} on ${HOST}`);
      expect(stderr).toContain(`${LEANKIT.mock.portEnv}=<port>`);
    });
  });

  it("names the mock an uncaught exception came from, stops every mock and exits 1", async () => {
    const leankit = await freePort();
    const leantime = await freePort([leankit]);
    const run = runCli(
      ["--api", "leankit,leantime"],
      { [LEANKIT.mock.portEnv]: String(leankit), [LEANTIME.mock.portEnv]: String(leantime) },
      crashOnRequest('throw new Error("injected fault")'),
    );
    await run.printed(`http://${HOST}:${leankit}`);
    await run.printed(`http://${HOST}:${leantime}`);
    await exchange(leantime, httpRequest("GET", "/__crash"));
    expect((await run.exited).code).toBe(1);
    expect(run.output().stderr).toContain(
      `The ${LEANTIME.title} mock failed with an uncaught exception: Error: injected fault`,
    );
    expect(await portIsFree(leankit)).toBe(true);
    expect(await portIsFree(leantime)).toBe(true);
  });

  it("does the same on an unhandled rejection", async () => {
    const port = await freePort();
    const run = runCli(
      ["--api", "leankit"],
      { [LEANKIT.mock.portEnv]: String(port) },
      crashOnRequest('Promise.reject(new Error("injected rejection"))'),
    );
    await run.printed(`http://${HOST}:${port}`);
    await exchange(port, httpRequest("GET", "/__crash"));
    expect((await run.exited).code).toBe(1);
    expect(run.output().stderr).toContain(
      `The ${LEANKIT.title} mock failed with an unhandled rejection: Error: injected rejection`,
    );
    expect(await portIsFree(port)).toBe(true);
  });

  // Prism takes a while to start on a loaded machine.
  it("stops its Prism children too when it fails", { timeout: 120_000 }, async () => {
    const port = await freePort();
    const run = runCli(
      ["--api", "leankit", "--engine", "prism"],
      { [LEANKIT.mock.portEnv]: String(port) },
      'process.on("SIGUSR2", () => { throw new Error("injected fault"); });',
    );
    await run.printed(`http://${HOST}:${port}`);
    run.child.kill("SIGUSR2");
    expect((await run.exited).code).toBe(1);
    expect(run.output().stderr).toContain("The mocks process failed with an uncaught exception: Error: injected fault");
    // Prism listened on the mock's port itself: free means the child is gone.
    expect(await portIsFree(port)).toBe(true);
  });

  it("names the mock whose Prism child exits after start, stops every mock and frees every port", {
    timeout: 120_000,
  }, async () => {
    const reporting = await freePort();
    const leantime = await freePort([reporting]);
    // Reporting's Prism sits behind the front that maps ?format=, on a port of its own.
    const run = runCli(["--api", "reporting,leantime", "--engine", "prism"], {
      [REPORTING.mock.portEnv]: String(reporting),
      [LEANTIME.mock.portEnv]: String(leantime),
    });
    await run.printed(`http://${HOST}:${reporting}`);
    await run.printed(`http://${HOST}:${leantime}`);
    const prism = childrenOf(run.child.pid!);
    expect(prism).toHaveLength(1);
    process.kill(prism[0]!, "SIGKILL");
    expect((await run.exited).code).toBe(1);
    expect(run.output().stderr).toContain(
      `The ${REPORTING.title} mock stopped: Prism (pid ${prism[0]}) exited on its own (signal SIGKILL)`,
    );
    expect(await portIsFree(reporting)).toBe(true);
    expect(await portIsFree(leantime)).toBe(true);
  });
});
