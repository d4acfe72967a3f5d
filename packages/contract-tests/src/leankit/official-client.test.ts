// LeanKit's own Node client (`leankit-client` on npm, pinned) against our mocks: every `/io`
// function it exposes is called the way its README documents, through a recording proxy,
// and must succeed. Each exchange is then checked against the contract as it was on the
// wire: the answer by the contract checker, the request by the mock (which refuses invalid
// parameters and JSON bodies) and, for multipart uploads the mock does not parse, by the
// request body's schema here. The functions come from the client itself, so a function
// added upstream fails the inventory test until it is driven here.
import { createRequire } from "node:module";
import { Writable } from "node:stream";
import { deref, type OpenAPIV3_1 } from "@leanapis/contract-helpers";
import { type MockServer, startMocks } from "@leanapis/mocks";
import { type ApiId, loadContract } from "@leanapis/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectExchange } from "../check/check-exchange.js";
import { formatViolation } from "../check/exchange.js";
import { Contract, exampleOf } from "../contract.js";
import { trackCoverage } from "../coverage.js";
import { type RecordedExchange, type RecordingProxy, startRecordingProxy } from "./recording-proxy.js";

interface OfficialResponse {
  status: number;
  data: unknown;
}
type OfficialFunction = ((...args: unknown[]) => Promise<OfficialResponse>) & Record<string, unknown>;
type OfficialClient = Record<string, unknown>;
type OfficialFactory = (options: {
  account: string;
  token?: string;
  email?: string;
  password?: string;
}) => OfficialClient;

const officialClient = createRequire(import.meta.url)("leankit-client") as OfficialFactory;

const contracts = {
  leankit: new Contract(loadContract("leankit")),
  reporting: new Contract(loadContract("reporting")),
};
trackCoverage("leankit", contracts.leankit);
trackCoverage("reporting", contracts.reporting);

/** Every function of the client by its dotted name (`card.attachment.create`), functions' own members included. */
function functionsOf(node: unknown, prefix = ""): Map<string, OfficialFunction> {
  const found = new Map<string, OfficialFunction>();
  if ((typeof node !== "object" && typeof node !== "function") || node === null) return found;
  for (const [key, value] of Object.entries(node)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "function") found.set(name, value as OfficialFunction);
    for (const [inner, fn] of functionsOf(value, name)) found.set(inner, fn);
  }
  return found;
}

/** The functions of `src/api.v1`, LeanKit's legacy API under `/kanban/api`, which no contract of ours covers. */
const isLegacy = (name: string) => name.startsWith("v1.");

/** The request example of an operation's JSON body, read from the contract. */
function requestExample(api: "leankit" | "reporting", method: string, path: string, name?: string): unknown {
  const { document } = contracts[api];
  const { operation } = contracts[api].operation(method, path);
  const body = deref<OpenAPIV3_1.RequestBodyObject>(document, operation.requestBody);
  const media = body?.content["application/json"];
  if (name === undefined) return structuredClone(exampleOf(document, media));
  return structuredClone(deref<OpenAPIV3_1.ExampleObject>(document, media?.examples?.[name])?.value);
}

/** A writable stream that keeps what is written to it, for the functions that stream a download. */
function sink(): Writable & { bytes(): Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return Object.assign(stream, { bytes: () => Buffer.concat(chunks) });
}

/** What a driven function is given: the client and the ids the account's own lists name. */
interface Drive {
  client: OfficialClient;
  call(name: string, ...args: unknown[]): Promise<OfficialResponse>;
}

const ids = {
  async board(d: Drive): Promise<string> {
    const { data } = await d.call("board.list");
    return (data as { boards: { id: string }[] }).boards[0]!.id;
  },
  async card(d: Drive): Promise<string> {
    const { data } = await d.call("card.list", { board: await ids.board(d) });
    return (data as { cards: { id: string }[] }).cards[0]!.id;
  },
};

/** How each `/io` function is called: its arguments as the client's README documents them. */
/** The id of the first SCIM user the client lists. */
async function firstScimUserId(d: Drive): Promise<string> {
  const { data } = await d.call("scim.user.list");
  return (data as { Resources: { id: string }[] }).Resources[0]!.id;
}

const LEANKIT_DRIVERS: Record<string, (d: Drive) => Promise<OfficialResponse>> = {
  "account.get": (d) => d.call("account.get"),
  "account.me": (d) => d.call("account.me"),
  "auth.token.list": (d) => d.call("auth.token.list"),
  "auth.token.create": (d) => d.call("auth.token.create", "Nightly export job"),
  "auth.token.revoke": async (d) => {
    const { data } = await d.call("auth.token.create", "Revoked at once");
    return d.call("auth.token.revoke", (data as { id: string }).id);
  },
  "board.list": (d) => d.call("board.list", { limit: 10 }),
  "board.get": async (d) => d.call("board.get", await ids.board(d)),
  "board.customFields.list": async (d) => d.call("board.customFields.list", await ids.board(d)),
  "board.customFields.update": async (d) =>
    d.call(
      "board.customFields.update",
      await ids.board(d),
      requestExample("leankit", "patch", "/io/board/{boardId}/customfield"),
    ),
  "board.create": (d) => d.call("board.create", requestExample("leankit", "post", "/io/board")),
  "board.roles.modify": async (d) =>
    d.call("board.roles.modify", await ids.board(d), requestExample("leankit", "patch", "/io/board/{boardId}/roles")),
  "card.list": async (d) => d.call("card.list", { board: await ids.board(d), limit: 5 }),
  "card.get": async (d) => d.call("card.get", await ids.card(d)),
  "card.create": (d) => d.call("card.create", requestExample("leankit", "post", "/io/card")),
  "card.update": async (d) =>
    d.call("card.update", await ids.card(d), {
      op: "replace",
      path: "/title",
      value: "Renamed by the official client",
    }),
  "card.destroy": async (d) => {
    const { data } = await d.call("card.create", requestExample("leankit", "post", "/io/card"));
    return d.call("card.destroy", (data as { id: string }).id);
  },
  "card.attachment.list": async (d) => d.call("card.attachment.list", await ids.card(d)),
  "card.attachment.create": async (d) =>
    d.call("card.attachment.create", await ids.card(d), {
      name: "release-notes.txt",
      description: "Release notes",
      file: Buffer.from("Release 4.2: lanes can now be collapsed.\n"),
    }),
  "card.attachment.download": async (d) => {
    const cardId = await ids.card(d);
    const { data } = await d.call("card.attachment.list", cardId);
    const attachmentId = (data as { attachments: { id: string }[] }).attachments[0]!.id;
    const stream = sink();
    const answer = await d.call("card.attachment.download", cardId, attachmentId, stream);
    expect(stream.bytes().length).toBeGreaterThan(0);
    return answer;
  },
  "card.attachment.destroy": async (d) => {
    const cardId = await ids.card(d);
    const { data } = await d.call("card.attachment.list", cardId);
    return d.call("card.attachment.destroy", cardId, (data as { attachments: { id: string }[] }).attachments[0]!.id);
  },
  "card.comment.list": async (d) => d.call("card.comment.list", await ids.card(d)),
  "card.comment.create": async (d) => d.call("card.comment.create", await ids.card(d), "Looks good to me"),
  "card.comment.update": async (d) => {
    const cardId = await ids.card(d);
    const { data } = await d.call("card.comment.create", cardId, "First draft");
    return d.call("card.comment.update", cardId, (data as { id: string }).id, "Second draft");
  },
  "card.comment.destroy": async (d) => {
    const cardId = await ids.card(d);
    const { data } = await d.call("card.comment.create", cardId, "Short-lived");
    return d.call("card.comment.destroy", cardId, (data as { id: string }).id);
  },
  // Without `laneType`, as here, the client adds `laneTitle: "todo"` and always the path's card id.
  "task.create": async (d) => {
    const { laneType: _, ...task } = requestExample(
      "leankit",
      "post",
      "/io/card/{cardId}/tasks",
      "minimal",
    ) as object & {
      laneType: string;
    };
    return d.call("task.create", await ids.card(d), task);
  },
  "task.list": async (d) => d.call("task.list", await ids.card(d)),
  "task.get": async (d) => {
    const cardId = await ids.card(d);
    const { data } = await d.call("task.list", cardId);
    return d.call("task.get", cardId, (data as { cards: { id: string }[] }).cards[0]!.id);
  },
  "template.list": (d) => d.call("template.list"),
  "template.create": (d) => d.call("template.create", requestExample("leankit", "post", "/io/template")),
  "template.destroy": async (d) => {
    const { data } = await d.call("template.create", requestExample("leankit", "post", "/io/template"));
    return d.call("template.destroy", (data as { id: string }).id);
  },
  "user.list": (d) => d.call("user.list", { limit: 10 }),
  "user.me": (d) => d.call("user.me"),
  "user.get": async (d) => {
    const { data } = await d.call("user.me");
    return d.call("user.get", (data as { id: string }).id);
  },
  "user.boards.recent": (d) => d.call("user.boards.recent"),
  "scim.user.list": (d) => d.call("scim.user.list", { count: 10 }),
  "scim.user.create": (d) => d.call("scim.user.create", requestExample("leankit", "post", "/io/scim/v1/users")),
  "scim.user.update": async (d) =>
    d.call("scim.user.update", {
      id: await firstScimUserId(d),
      ...(requestExample("leankit", "patch", "/io/scim/v1/users/{userId}") as object),
    }),
  "scim.user.replace": async (d) =>
    d.call("scim.user.replace", {
      id: await firstScimUserId(d),
      ...(requestExample("leankit", "put", "/io/scim/v1/users/{userId}") as object),
    }),
  "scim.user.destroy": async (d) => d.call("scim.user.destroy", await firstScimUserId(d)),
};

/** The Reporting functions, served by the Reporting mock: a token first, then the export. */
const reportingExport = (name: string) => async (d: Drive) => {
  const { data } = await d.call("reporting.auth.token");
  const token = (data as { token: string }).token;
  // As JSON (the client adds `format=json` when given no stream) and streamed as CSV with
  // `quotedString: false`, as the client's README shows.
  const json = await d.call(name, { token });
  expect(Array.isArray(json.data)).toBe(true);
  const stream = sink();
  const csv = await d.call(name, { token, stream, config: { quotedString: false } });
  expect(stream.bytes().toString("utf8").split("\n")[0]).toMatch(/^\w+(,\w+)*\r?$/);
  return csv;
};

const REPORTING_DRIVERS: Record<string, (d: Drive) => Promise<OfficialResponse>> = {
  "reporting.auth.token": (d) => d.call("reporting.auth.token"),
  "reporting.export.cards": reportingExport("reporting.export.cards"),
  "reporting.export.cardpositions": reportingExport("reporting.export.cardpositions"),
  "reporting.export.userassignments": reportingExport("reporting.export.userassignments"),
  "reporting.export.userassignments.history": reportingExport("reporting.export.userassignments.history"),
  "reporting.export.lanes": reportingExport("reporting.export.lanes"),
  "reporting.export.tags": reportingExport("reporting.export.tags"),
};

/** A multipart body's fields as the schema sees them: text parts as strings, file parts as their bytes in latin1. */
async function multipartFields(exchange: RecordedExchange): Promise<Record<string, string>> {
  const type = String(exchange.request.headers["content-type"]);
  const form = await new Response(new Uint8Array(exchange.request.body), {
    headers: { "content-type": type },
  }).formData();
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries())
    fields[name] = typeof value === "string" ? value : Buffer.from(await value.arrayBuffer()).toString("latin1");
  return fields;
}

/** What is wrong with one exchange by the contract: the answer, and a multipart request's body. */
async function problemsOf(api: "leankit" | "reporting", exchange: RecordedExchange): Promise<string[]> {
  const contract = contracts[api];
  const inspection = inspectExchange(contract.document, exchange);
  const problems = inspection.violations.map(formatViolation);
  for (const { operation, status } of inspection.exercised) contract.onExercise?.(operation, status);
  if (inspection.route) {
    const [method, path] = inspection.route.split(" ") as [string, string];
    const type = String(exchange.request.headers["content-type"] ?? "");
    if (type.startsWith("multipart/form-data")) {
      const place = ["paths", path, method.toLowerCase(), "requestBody", "content", "multipart/form-data", "schema"];
      const fields = await multipartFields(exchange);
      problems.push(...contract.validators.problems(place, fields).map((p) => `request body: ${p}`));
    }
  }
  return problems;
}

let mocks: { servers: MockServer[]; stop: () => Promise<void> };
const proxies: Partial<Record<ApiId, RecordingProxy>> = {};

beforeAll(async () => {
  mocks = await startMocks({ apis: ["leankit", "reporting"], ports: { leankit: 0, reporting: 0 }, stateful: true });
  for (const server of mocks.servers) proxies[server.api] = await startRecordingProxy(server.url);
});

afterAll(async () => {
  await Promise.all(Object.values(proxies).map((proxy) => proxy.stop()));
  await mocks?.stop();
});

/** A client of the given credentials against the proxy in front of `api`'s mock. */
function drive(api: "leankit" | "reporting", credentials: { token: string } | { email: string; password: string }) {
  const client = officialClient({ account: proxies[api]!.url, ...credentials });
  const functions = functionsOf(client);
  const d: Drive = {
    client,
    call: (name, ...args) => {
      const fn = functions.get(name);
      if (!fn) throw new Error(`leankit-client has no function ${name}`);
      return fn(...args);
    },
  };
  return d;
}

const inventory = functionsOf(officialClient({ account: "http://127.0.0.1:1", token: "inventory" }));
const drivers = { ...LEANKIT_DRIVERS, ...REPORTING_DRIVERS };

describe("leankit-client (LeanKit's official Node client) against the mocks", () => {
  it("drives every function the client exposes, save the legacy v1 API's", () => {
    const exposed = [...inventory.keys()].filter((name) => !isLegacy(name)).sort();
    expect(Object.keys(drivers).sort()).toEqual(exposed);
    expect([...inventory.keys()].filter(isLegacy).length).toBeGreaterThan(0);
  });

  const credentials = [
    { auth: "a token (Bearer)", credentials: { token: "mock-token" } },
    { auth: "e-mail and password (Basic)", credentials: { email: "user@leankit.com", password: "p@ssw0rd" } },
  ];
  describe.each(credentials)("with $auth", ({ credentials }) => {
    it.each(Object.keys(LEANKIT_DRIVERS))("%s succeeds and every exchange keeps the contract", async (name) => {
      await expectSuccess("leankit", drive("leankit", credentials), name, LEANKIT_DRIVERS[name]!);
    });
  });

  it.each(Object.keys(REPORTING_DRIVERS))("%s succeeds and every exchange keeps the contract", async (name) => {
    const credentials = { email: "user@leankit.com", password: "p@ssw0rd" };
    await expectSuccess("reporting", drive("reporting", credentials), name, REPORTING_DRIVERS[name]!);
  });
});

async function expectSuccess(
  api: "leankit" | "reporting",
  d: Drive,
  name: string,
  driver: (d: Drive) => Promise<OfficialResponse>,
): Promise<void> {
  const proxy = proxies[api]!;
  proxy.take();
  let outcome: OfficialResponse | Error;
  try {
    outcome = await driver(d);
  } catch (error) {
    outcome = error as Error;
  }
  const exchanges = proxy.take();
  const report: string[] = [];
  let violations = 0;
  for (const exchange of exchanges) {
    const problems = await problemsOf(api, exchange);
    violations += problems.length;
    report.push(`${exchange.request.method} ${exchange.request.url} → ${exchange.response.status}`);
    report.push(...problems.map((problem) => `    ${problem}`));
  }
  if (outcome instanceof Error) report.push(`rejected: ${outcome.message}`);
  const said = `${name}:\n  ${report.join("\n  ")}`;
  expect(outcome, said).not.toBeInstanceOf(Error);
  expect(violations, said).toBe(0);
  const { status } = outcome as OfficialResponse;
  expect(status).toBeGreaterThanOrEqual(200);
  expect(status).toBeLessThan(300);
  expect(exchanges.length).toBeGreaterThan(0);
  for (const exchange of exchanges) {
    expect(exchange.request.url.startsWith("/io/"), said).toBe(true);
    expect(exchange.response.status, said).toBeLessThan(300);
  }
}
