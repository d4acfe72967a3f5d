// Proof that drift is caught: a loopback proxy in front of each mock changes one thing
// in one response at a time (see mutations.ts), and the checks the contract suites run
// on every response (live ones included) must fail. Prints caught / injected, lists what
// went uncaught and why, and writes reports/drift.json; the rate must be at least 90 %.
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLeanKitClient, LeanKitApiError } from "@leanapis/clients/leankit";
import { createLeanmoteClient, LeanmoteApiError } from "@leanapis/clients/leanmote";
import { createLeantimeClient, LeantimeRpcError } from "@leanapis/clients/leantime";
import { createReportingClient, ReportingApiError } from "@leanapis/clients/reporting";
import {
  type ContentDescriptorObject,
  type ContractDocument,
  deref,
  type OpenAPIV3_1,
} from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import type { Middleware } from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { formatViolation } from "../check/exchange.js";
import { Contract, ContractViolation } from "../contract.js";
import { RpcContract } from "../rpc-contract.js";
import { type Mutation, mutations, type RecordShape, type WireResponse } from "./mutations.js";

const mockUrls = inject("mockUrls");
const allMocked = Object.values(mockUrls).every((url) => url !== null);

/** The mutation the proxy applies to the next response; undefined passes it through. */
let current: { mutation: Mutation; shape: RecordShape } | undefined;
let applied = false;
let upstream = "";
let proxy: Server;
let proxyUrl = "";

beforeAll(async () => {
  proxy = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => k !== "host" && k !== "content-length"),
    ) as Record<string, string>;
    const answer = await fetch(`${upstream}${req.url}`, {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const text = await answer.text();
    let wire: WireResponse = {
      status: answer.status,
      contentType: answer.headers.get("content-type") ?? "",
      body: text ? JSON.parse(text) : null,
    };
    const changed = current?.mutation.apply(wire, current.shape);
    if (changed) [wire, applied] = [changed, true];
    res
      .writeHead(wire.status, { "content-type": wire.contentType })
      .end(wire.body === null ? "" : JSON.stringify(wire.body));
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

type Json = { [key: string]: unknown };

/** Required fields and property types of the record a success response carries. */
function shapeOf(document: ContractDocument, schema: unknown, enveloped: boolean): RecordShape {
  const resolve = (node: unknown): Json => {
    const n = deref<Json>(document, node as Json)!;
    if (!n.allOf) return n;
    const parts = (n.allOf as unknown[]).map(resolve);
    return {
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
      required: parts.flatMap((p) => (p.required as string[]) ?? []),
    };
  };
  const top = resolve(schema);
  let record = top;
  if (enveloped) record = resolve((top.properties as Json).data);
  if (record.type === "array") record = resolve(record.items);
  const topProperties = (top.properties ?? {}) as Json;
  const topRequired = (top.required ?? []) as string[];
  const pagingKey = ["pageMeta", "meta"].find((key) => key in topProperties && topRequired.includes(key));
  return {
    required: (record.required as string[]) ?? [],
    properties: Object.fromEntries(
      Object.entries((record.properties ?? {}) as Json).map(([k, v]) => [
        k,
        resolve(v) as RecordShape["properties"][string],
      ]),
    ),
    pagingKey,
  };
}

interface Target {
  api: keyof typeof mockUrls;
  name: string;
  enveloped: boolean;
  shape: RecordShape;
  /** Calls the operation through its client and the suite's checks; `error` asks the mock for an error. */
  call: (error: boolean) => Promise<unknown>;
  errorClass: abstract new (...args: never[]) => Error;
}

function openApiTarget(
  api: "leankit" | "reporting" | "leanmote",
  method: string,
  path: string,
  init: object,
  client: (baseUrl: string) => { use: (m: Middleware) => void; request: unknown },
  errorClass: Target["errorClass"],
): Target {
  const contract = new Contract(loadContract(api));
  const { operation } = contract.operation(method, path);
  const responses = operation.responses ?? {};
  const success = Object.keys(responses).find((s) => s.startsWith("2"))!;
  const errorStatus = Object.keys(responses).find((s) => s.startsWith("4"))!;
  const declared = deref<OpenAPIV3_1.ResponseObject>(contract.document, responses[success])!;
  const schema = Object.values(declared.content!)[0]!.schema;
  const enveloped = api === "leanmote";
  return {
    api,
    name: `${operation.operationId} (${method} ${path})`,
    enveloped,
    shape: shapeOf(contract.document, schema, enveloped),
    errorClass,
    call: (error) => {
      const c = client(proxyUrl);
      c.use(contract.middleware());
      const request = c.request as (method: string, path: string, init: object) => Promise<unknown>;
      return request(method, path, { ...init, headers: error ? { Prefer: `code=${errorStatus}` } : {} });
    },
  };
}

function targets(): Target[] {
  const ticket = new RpcContract(loadContract("leantime"));
  const getTicket = ticket.method("leantime.rpc.Tickets.Tickets.getTicket")!;
  const ticketResult = deref<ContentDescriptorObject>(ticket.document, getTicket.result)!;
  return [
    openApiTarget(
      "leankit",
      "GET",
      "/io/board",
      {},
      (baseUrl) => createLeanKitClient({ baseUrl, auth: { token: "t" }, retry: false }),
      LeanKitApiError,
    ),
    openApiTarget(
      "leankit",
      "GET",
      "/io/board/{boardId}",
      { params: { path: { boardId: "943188457" } } },
      (baseUrl) => createLeanKitClient({ baseUrl, auth: { token: "t" }, retry: false }),
      LeanKitApiError,
    ),
    openApiTarget(
      "leankit",
      "GET",
      "/io/card/{cardId}",
      { params: { path: { cardId: "943206946" } } },
      (baseUrl) => createLeanKitClient({ baseUrl, auth: { token: "t" }, retry: false }),
      LeanKitApiError,
    ),
    openApiTarget(
      "reporting",
      "GET",
      "/io/reporting/export/cards.json",
      {},
      (baseUrl) => createReportingClient({ baseUrl, auth: { token: "t" }, retry: false }),
      ReportingApiError,
    ),
    openApiTarget(
      "leanmote",
      "GET",
      "/v1/teams",
      {},
      (baseUrl) => createLeanmoteClient({ baseUrl, auth: { token: "t" }, retry: false, burst: false }),
      LeanmoteApiError,
    ),
    openApiTarget(
      "leanmote",
      "GET",
      "/v1/users/{user_id}",
      { params: { path: { user_id: "usr_1" } } },
      (baseUrl) => createLeanmoteClient({ baseUrl, auth: { token: "t" }, retry: false, burst: false }),
      LeanmoteApiError,
    ),
    {
      api: "leantime",
      name: "leantime.rpc.Tickets.Tickets.getTicket",
      enveloped: true,
      shape: shapeOf(ticket.document, ticketResult.schema, false),
      errorClass: LeantimeRpcError,
      call: (error) =>
        createLeantimeClient({
          baseUrl: proxyUrl,
          auth: { apiKey: "k" },
          retry: false,
          fetch: ticket.fetch(
            error
              ? (request) => {
                  request.headers.set("Prefer", "error=InvalidParams");
                  return fetch(request);
                }
              : fetch,
          ),
        }).call("leantime.rpc.Tickets.Tickets.getTicket", { id: 11 }),
    },
  ];
}

describe.runIf(allMocked)("drift is caught", () => {
  it("catches at least 90 % of the injected drifts, and says why any went uncaught", async () => {
    const results: { target: string; mutation: string; caught: boolean; how: string }[] = [];
    for (const target of targets()) {
      upstream = mockUrls[target.api]!;
      // Without a drift, the checks pass: a catch below is the drift's doing.
      for (const error of [false, true]) {
        current = undefined;
        const clean = await target.call(error).then(
          () => undefined,
          (e: unknown) => e,
        );
        if (error ? !(clean instanceof target.errorClass) : clean !== undefined)
          throw clean ?? new Error(`${target.name}: no error without drift`);
      }
      for (const mutation of mutations(target.enveloped)) {
        current = { mutation, shape: target.shape };
        applied = false;
        const outcome = await target.call(mutation.on === "error").then(
          () => undefined,
          (e: unknown) => e,
        );
        current = undefined;
        if (!applied) continue; // the drift does not apply to this response (no enum field, not paged, …)
        const caught = mutation.on === "error" ? outcome instanceof ContractViolation : outcome !== undefined;
        // The heading, and the first violation: what the checks saw.
        const first = outcome instanceof ContractViolation ? outcome.violations[0] : undefined;
        const how =
          outcome instanceof Error
            ? `${outcome.name}: ${outcome.message.split("\n")[0]}${first ? ` (${formatViolation(first)})` : ""}`
            : target.shape.required.length === 0
              ? "the checks passed: no field of this record is required and unknown fields are allowed, so a renamed field looks like an omitted one plus an extra one"
              : "the checks passed";
        results.push({ target: target.name, mutation: mutation.name, caught, how });
      }
    }
    const caught = results.filter((r) => r.caught).length;
    const rate = caught / results.length;
    console.log(`drift catch rate: ${caught}/${results.length} (${(rate * 100).toFixed(1)} %)`);
    for (const miss of results.filter((r) => !r.caught))
      console.log(`  uncaught: ${miss.mutation} in ${miss.target}: ${miss.how}`);
    mkdirSync(new URL("../../reports/", import.meta.url), { recursive: true });
    writeFileSync(
      new URL("../../reports/drift.json", import.meta.url),
      `${JSON.stringify({ caught, injected: results.length, rate, results }, null, 2)}\n`,
    );
    expect(results.length).toBeGreaterThanOrEqual(40);
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });
});
