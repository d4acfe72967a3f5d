// The requests whose real answers the drifts rewrite: successes, paged lists, exports in
// each format, declared errors (429, 401, a JSON-RPC error), a 204 and a JSON-RPC batch.
// `Prefer: code=` asks the mock for the declared response without changing its state.
import type { Target } from "./harness.js";

// Long enough for the redactor to hide it, unlike a one-letter token that would blank every "t".
const TOKEN = "drift-harness-token";
const BEARER = { Authorization: `Bearer ${TOKEN}` };
const JSON_BODY = { "Content-Type": "application/json" };
const RPC_KEY = { "x-api-key": TOKEN, ...JSON_BODY };
const TICKET = "leantime.rpc.Tickets.Tickets.getTicket";
const PROJECT = "leantime.rpc.Projects.Projects.getProject";
const call = (id: number, method: string, params: object) => ({ jsonrpc: "2.0", id, method, params });

export const TARGETS: readonly Target[] = [
  {
    id: "leankit listBoards",
    api: "leankit",
    operation: "listBoards",
    request: { method: "GET", url: "/io/board", headers: BEARER },
  },
  {
    id: "leankit getCard",
    api: "leankit",
    operation: "getCard",
    request: { method: "GET", url: "/io/card/943206946", headers: BEARER },
  },
  {
    id: "leankit listBoards 429",
    api: "leankit",
    operation: "listBoards",
    request: { method: "GET", url: "/io/board", headers: { ...BEARER, Prefer: "code=429" } },
  },
  {
    id: "leankit listBoards 401",
    api: "leankit",
    operation: "listBoards",
    request: { method: "GET", url: "/io/board", headers: { Prefer: "code=401" } },
  },
  {
    id: "leankit updateBoard 204",
    api: "leankit",
    operation: "updateBoard",
    request: {
      method: "PATCH",
      url: "/io/board/943188457",
      headers: { ...BEARER, ...JSON_BODY, Prefer: "code=204" },
      body: JSON.stringify({ title: "Example board" }),
    },
  },
  {
    id: "reporting exportLanesCsv",
    api: "reporting",
    operation: "exportLanesCsv",
    request: { method: "GET", url: "/io/reporting/export/lanes.csv", headers: BEARER },
  },
  {
    id: "reporting exportLanes as CSV",
    api: "reporting",
    operation: "exportLanes",
    request: { method: "GET", url: "/io/reporting/export/lanes", headers: { ...BEARER, Accept: "text/csv" } },
  },
  {
    id: "reporting exportCardsCsv",
    api: "reporting",
    operation: "exportCardsCsv",
    request: { method: "GET", url: "/io/reporting/export/cards.csv", headers: BEARER },
  },
  {
    id: "reporting exportCardsTab",
    api: "reporting",
    operation: "exportCardsTab",
    request: { method: "GET", url: "/io/reporting/export/cards.tab", headers: BEARER },
  },
  {
    id: "reporting exportCardsJson",
    api: "reporting",
    operation: "exportCardsJson",
    request: { method: "GET", url: "/io/reporting/export/cards.json", headers: BEARER },
  },
  {
    id: "reporting exportCardsCsv 429",
    api: "reporting",
    operation: "exportCardsCsv",
    request: { method: "GET", url: "/io/reporting/export/cards.csv", headers: { ...BEARER, Prefer: "code=429" } },
  },
  {
    id: "leanmote listTeams",
    api: "leanmote",
    operation: "listTeams",
    request: { method: "GET", url: "/v1/teams", headers: BEARER },
  },
  {
    id: "leanmote getUser",
    api: "leanmote",
    operation: "getUser",
    request: { method: "GET", url: "/v1/users/usr_42", headers: BEARER },
  },
  {
    id: "leanmote listTasks",
    api: "leanmote",
    operation: "listTasks",
    request: { method: "GET", url: "/v1/tasks", headers: BEARER },
  },
  {
    id: "leanmote listTeams 429",
    api: "leanmote",
    operation: "listTeams",
    request: { method: "GET", url: "/v1/teams", headers: { ...BEARER, Prefer: "code=429" } },
  },
  {
    id: "leantime getTicket",
    api: "leantime",
    operation: TICKET,
    request: {
      method: "POST",
      url: "/api/jsonrpc",
      headers: RPC_KEY,
      body: JSON.stringify(call(1, TICKET, { id: 11 })),
    },
  },
  {
    id: "leantime getTicket InvalidParams",
    api: "leantime",
    operation: TICKET,
    request: {
      method: "POST",
      url: "/api/jsonrpc",
      headers: { ...RPC_KEY, Prefer: "error=InvalidParams" },
      body: JSON.stringify(call(2, TICKET, { id: 11 })),
    },
  },
  {
    id: "leantime batch",
    api: "leantime",
    operation: TICKET,
    request: {
      method: "POST",
      url: "/api/jsonrpc",
      headers: RPC_KEY,
      body: JSON.stringify([call(1, TICKET, { id: 11 }), call(2, PROJECT, { id: 3 })]),
    },
  },
  {
    id: "leantime unauthorized",
    api: "leantime",
    operation: TICKET,
    request: {
      method: "POST",
      url: "/api/jsonrpc",
      headers: JSON_BODY,
      body: JSON.stringify(call(3, TICKET, { id: 11 })),
    },
  },
];

export const PROJECT_METHOD = PROJECT;

export function targetById(id: string): Target {
  const target = TARGETS.find((candidate) => candidate.id === id);
  if (!target) throw new Error(`No drift target ${id}`);
  return target;
}
