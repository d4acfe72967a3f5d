// One representative call per API: what the client sends, what the mock answers (the
// contract's example, which the bare baseline server answers too), and the client call.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createLeanKitClient } from "@leanapis/clients/leankit";
import { createLeanmoteClient, unwrap } from "@leanapis/clients/leanmote";
import { createLeantimeClient } from "@leanapis/clients/leantime";
import { createReportingClient, fetchRows } from "@leanapis/clients/reporting";

const require = createRequire(import.meta.url);
const load = (specifier) => JSON.parse(readFileSync(require.resolve(specifier), "utf8"));
const deref = (doc, node) => (node?.$ref ? node.$ref.slice(2).split("/").reduce((n, k) => n[k], doc) : node);

/** The JSON example of an OpenAPI operation's 200 response. */
function openApiExample(doc, path, method = "get") {
  const media = deref(doc, doc.paths[path][method].responses["200"]).content["application/json"];
  return media.example ?? deref(doc, Object.values(media.examples)[0]).value;
}

const leantime = load("@leanapis/spec-leantime/openrpc.json");
const getTicket = leantime.methods.find((m) => m.name === "leantime.rpc.Tickets.Tickets.getTicket");
const ticketParams = Object.fromEntries(getTicket.examples[0].params.map((p) => [p.name, p.value]));

export const TARGETS = [
  {
    api: "leankit",
    label: "LeanKit getBoard",
    method: "GET",
    path: "/io/board/943188457",
    headers: { authorization: "Bearer bench-token" },
    body: openApiExample(load("@leanapis/spec-leankit/openapi.json"), "/io/board/{boardId}"),
    client: (baseUrl) => {
      const c = createLeanKitClient({ baseUrl, auth: { token: "bench-token" }, retry: false });
      return () => c.GET("/io/board/{boardId}", { params: { path: { boardId: "943188457" } } });
    },
  },
  {
    api: "reporting",
    label: "Reporting lanes (JSON rows)",
    method: "GET",
    path: "/io/reporting/export/lanes.json",
    headers: { authorization: "Bearer bench-token", accept: "application/json" },
    body: openApiExample(load("@leanapis/spec-reporting/openapi.json"), "/io/reporting/export/lanes.json"),
    client: (baseUrl) => {
      const c = createReportingClient({ baseUrl, auth: { token: "bench-token" }, retry: false });
      return () => fetchRows(c, "lanes", { format: "json" });
    },
  },
  {
    api: "leanmote",
    label: "Leanmote listTeams",
    method: "GET",
    path: "/v1/teams",
    headers: { authorization: "Bearer bench-token" },
    body: openApiExample(load("@leanapis/spec-leanmote/openapi.json"), "/v1/teams"),
    client: (baseUrl) => {
      const c = createLeanmoteClient({ baseUrl, auth: { token: "bench-token" }, retry: false, burst: false });
      return () => unwrap(c.GET("/v1/teams"));
    },
  },
  {
    api: "leantime",
    label: "Leantime getTicket",
    method: "POST",
    path: "/api/jsonrpc",
    headers: { "x-api-key": "bench-key", "content-type": "application/json" },
    requestBody: JSON.stringify({ jsonrpc: "2.0", id: 1, method: getTicket.name, params: ticketParams }),
    body: { jsonrpc: "2.0", result: getTicket.examples[0].result.value, id: 1 },
    client: (baseUrl) => {
      const c = createLeantimeClient({ baseUrl, auth: { apiKey: "bench-key" }, retry: false });
      return () => c.call("leantime.rpc.Tickets.Tickets.getTicket", ticketParams);
    },
  },
];

/** The same call with nothing but fetch: the client's baseline. */
export function rawCall(target, baseUrl) {
  const url = `${baseUrl}${target.path}`;
  const init = { method: target.method, headers: target.headers, body: target.requestBody };
  return async () => (await fetch(url, init)).json();
}
