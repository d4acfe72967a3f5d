// One representative call per API: what the client sends, what the mock answers (the
// contract's example, which the bare baseline server answers too), and the client call.
import { createLeanKitClient } from "@leanapis/clients/leankit";
import { createLeanmoteClient, unwrap } from "@leanapis/clients/leanmote";
import { createLeantimeClient, type LeantimeMethodName, type ParamsOf } from "@leanapis/clients/leantime";
import { createReportingClient, fetchRows, normalizeDateTime, REPORTING_EXPORTS } from "@leanapis/clients/reporting";
import {
  deref,
  type ExamplePairingObject,
  findOperation,
  type OpenAPIV3_1,
  openRpcMethods,
} from "@leanapis/contract-helpers";
import { APIS, type Api, type ApiId, loadContract } from "@leanapis/registry";

export interface Target {
  api: ApiId;
  label: string;
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  /** Sent as the request body: a target with one is a JSON-RPC call, answered with its id. */
  requestBody?: string;
  /** The response: the contract's example, which the mock and the bare server both answer. */
  body: unknown;
  /** Its media type; JSON unless said otherwise. */
  contentType?: string;
  /** A call through the API's client against `baseUrl`, ready to repeat. */
  client: (baseUrl: string) => () => Promise<unknown>;
  /** Whether what the client call gave is what the server answered (`body`, as raw fetch parses it). */
  sameAnswer: (answer: unknown, body: unknown) => boolean;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

type OpenApiId = Extract<Api, { kind: "openapi" }>["id"];

/** An example as OpenAPI and OpenRPC both write it; OpenRPC names each one. */
interface Example {
  value?: unknown;
}
interface NamedExample extends Example {
  name: string;
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Not in the contract: ${what}.`);
  return value;
}

/** The example of an OpenAPI operation's 200 response in one media type (JSON by default). */
function openApiExample(api: OpenApiId, operationId: string, mediaType = "application/json"): unknown {
  const document = loadContract(api);
  const { operation } = found(findOperation(document, operationId), `${api} operation ${operationId}`);
  const response = deref<OpenAPIV3_1.ResponseObject>(document, operation.responses?.["200"]);
  const media = found(response?.content?.[mediaType], `${api} ${operationId}: a ${mediaType} 200 response`);
  const first = Object.values(media.examples ?? {})[0];
  return media.example ?? found(deref<Example>(document, first), `${api} ${operationId}: an example`).value;
}

const GET_TICKET = "leantime.rpc.Tickets.Tickets.getTicket" satisfies LeantimeMethodName;
const leantime = loadContract("leantime");
const getTicket = found(
  openRpcMethods(leantime).find((m) => m.name === GET_TICKET),
  `leantime method ${GET_TICKET}`,
);
const ticketExample = found(
  deref<ExamplePairingObject>(leantime, getTicket.examples?.[0]),
  `${GET_TICKET}: an example`,
);
// The contract's own example pairing: its params are the method's params by name.
const ticketParams = Object.fromEntries(
  ticketExample.params.map((p) => {
    const param = found(deref<NamedExample>(leantime, p), `${GET_TICKET}: an example param`);
    return [param.name, param.value];
  }),
) as unknown as ParamsOf<typeof GET_TICKET>;
const ticketResult = found(deref<Example>(leantime, ticketExample.result), `${GET_TICKET}: an example result`);

type Row = Record<string, unknown>;
const LANE_COLUMNS: Record<string, string> = REPORTING_EXPORTS.lanes.columns;

/**
 * Whether `rows` are the lanes `body` sent, converted: the same columns, every cell the
 * same (an empty one null) but date-times, which come as ISO 8601 UTC. The example has
 * date-times to convert, so rows that skipped the conversion are not the same.
 */
function sameRows(rows: Row[], body: Row[]): boolean {
  let converted = 0;
  const sameCells = (row: Row, sent: Row) =>
    sameJson(Object.keys(row), Object.keys(sent)) &&
    Object.entries(row).every(([column, value]) => {
      const raw = sent[column];
      if (LANE_COLUMNS[column] !== "date-time" || typeof raw !== "string") return value === (raw === "" ? null : raw);
      converted++;
      return value === normalizeDateTime(raw) && value !== raw;
    });
  return rows.length === body.length && rows.every((row, i) => sameCells(row, body[i] as Row)) && converted > 0;
}

/** Reporting's target: an export read as typed rows. */
const reportingRows: Omit<Target, "api"> = {
  label: "Reporting lanes (JSON rows)",
  method: "GET",
  path: "/io/reporting/export/lanes.json",
  headers: { authorization: "Bearer bench-token", accept: "application/json" },
  body: openApiExample("reporting", "exportLanesJson"),
  client: (baseUrl) => {
    const c = createReportingClient({ baseUrl, auth: { token: "bench-token" }, retry: false });
    return () => fetchRows(c, "lanes", { format: "json" });
  },
  sameAnswer: (answer, body) => sameRows(answer as Row[], body as Row[]),
};

/** Each benchmarked API's target, by API id (an API without one is left out of the client and mock tables). */
const BY_API: { readonly [Id in ApiId]?: Omit<Target, "api"> } = {
  leankit: {
    label: "LeanKit getBoard",
    method: "GET",
    path: "/io/board/943188457",
    headers: { authorization: "Bearer bench-token" },
    body: openApiExample("leankit", "getBoard"),
    client: (baseUrl) => {
      const c = createLeanKitClient({ baseUrl, auth: { token: "bench-token" }, retry: false });
      return () => c.GET("/io/board/{boardId}", { params: { path: { boardId: "943188457" } } });
    },
    sameAnswer: (answer, body) => sameJson((answer as { data: unknown }).data, body),
  },
  reporting: reportingRows,
  leanmote: {
    label: "Leanmote listTeams",
    method: "GET",
    path: "/v1/teams",
    headers: { authorization: "Bearer bench-token" },
    body: openApiExample("leanmote", "listTeams"),
    client: (baseUrl) => {
      const c = createLeanmoteClient({ baseUrl, auth: { token: "bench-token" }, retry: false, burst: false });
      return () => unwrap(c.GET("/v1/teams"));
    },
    sameAnswer: (answer, body) => {
      const [got, sent] = [answer as { data: unknown; meta: unknown }, body as { data: unknown; meta: unknown }];
      return sameJson(got.data, sent.data) && sameJson(got.meta, sent.meta);
    },
  },
  leantime: {
    label: "Leantime getTicket",
    method: "POST",
    path: "/api/jsonrpc",
    headers: { "x-api-key": "bench-key", "content-type": "application/json" },
    requestBody: JSON.stringify({ jsonrpc: "2.0", id: 1, method: getTicket.name, params: ticketParams }),
    body: { jsonrpc: "2.0", result: ticketResult.value, id: 1 },
    client: (baseUrl) => {
      const c = createLeantimeClient({ baseUrl, auth: { apiKey: "bench-key" }, retry: false });
      return () => c.call(GET_TICKET, ticketParams);
    },
    sameAnswer: (answer, body) => sameJson(answer, (body as { result: unknown }).result),
  },
};

/** The targets, in the registry's order. */
export const TARGETS: readonly Target[] = APIS.flatMap(({ id }) => {
  const target = BY_API[id];
  return target ? [{ api: id, ...target }] : [];
});

/**
 * The Reporting target's request as a plain client call, the body parsed as raw fetch parses
 * it: beside the rows, it shows how much of their cost is the client and how much the rows
 * (every cell checked and converted by its column's type).
 */
export const REPORTING_GET: Target = {
  api: "reporting",
  ...reportingRows,
  label: "Reporting lanes.json (client.GET)",
  client: (baseUrl) => {
    const c = createReportingClient({ baseUrl, auth: { token: "bench-token" }, retry: false });
    return async () => (await c.GET("/io/reporting/export/lanes.json")).data;
  },
  sameAnswer: sameJson,
};

/** The CSV export of the Reporting target: the mocks serve CSV as well as JSON. */
export const REPORTING_CSV: Target = {
  api: "reporting",
  label: "Reporting lanes (CSV)",
  method: "GET",
  path: "/io/reporting/export/lanes.csv",
  headers: { authorization: "Bearer bench-token", accept: "text/csv" },
  body: openApiExample("reporting", "exportLanesCsv", "text/csv"),
  contentType: "text/csv",
  client: () => () => Promise.reject(new Error("the CSV target measures the mocks only")),
  sameAnswer: () => false,
};

/** The bytes a target's server answers. */
export function responseBytes(target: Target): string {
  return typeof target.body === "string" && target.contentType !== undefined
    ? target.body
    : JSON.stringify(target.body);
}

/** The same call with nothing but fetch: the client's baseline. */
export function rawCall(target: Target, baseUrl: string): () => Promise<unknown> {
  const url = `${baseUrl}${target.path}`;
  const init: RequestInit = { method: target.method, headers: target.headers, body: target.requestBody };
  return async () => (await fetch(url, init)).json();
}

/** `rawCall` written out again: a second call site of the same code, for the A/A control. */
export function rawCallAgain(target: Target, baseUrl: string): () => Promise<unknown> {
  const init: RequestInit = { method: target.method, headers: target.headers, body: target.requestBody };
  const url = `${baseUrl}${target.path}`;
  return async () => (await fetch(url, init)).json();
}
