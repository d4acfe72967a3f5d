// The Leantime contract suite: every method through the generated client against the
// JSON-RPC mock (or the live API with LEANTIME_BASE_URL and LEANTIME_API_KEY), with every
// answer checked against the OpenRPC document; POST and GET agree; batches; every error kind.
import { createLeantimeClient, type LeantimeMethodName, LeantimeRpcError } from "@leanapis/clients/leantime";
import { deref, type ExamplePairingObject, isReference, refSegments } from "@leanapis/contract-helpers";
import { loadContract } from "@leanapis/registry";
import { describe, expect, inject, it } from "vitest";
import { trackCoverage } from "../coverage.js";
import { rejection } from "../rejection.js";
import { RpcContract } from "../rpc-contract.js";
import { liveLeantime } from "../targets.js";

const contract = new RpcContract(loadContract("leantime"));
trackCoverage("leantime", contract);
const mockUrl = inject("mockUrls").leantime;
const live = liveLeantime();
const baseUrl = mockUrl ?? live!.baseUrl;
const endpoint = `${baseUrl}/api/jsonrpc`;

function client(options: { transport?: "post" | "get"; withoutKey?: boolean; prefer?: string } = {}) {
  const send = (request: Request) => {
    if (options.prefer) request.headers.set("Prefer", `error=${options.prefer}`);
    // The client refuses an empty key, so a request without one loses the header on the wire.
    if (options.withoutKey) request.headers.delete("x-api-key");
    return fetch(request);
  };
  return createLeantimeClient({
    baseUrl,
    auth: { apiKey: live?.apiKey ?? "mock-api-key" },
    transport: options.transport,
    retry: false,
    fetch: contract.fetch(send),
  });
}

type Example = { name: string; value: unknown };
const exampled = contract.methods().map((method) => {
  const example = deref<ExamplePairingObject>(contract.document, method.examples?.[0])!;
  const params = example.params.map((param) => deref<Example>(contract.document, param)!);
  const result = deref<Example>(contract.document, example.result);
  const values = Object.fromEntries(params.map((p) => [p.name, p.value]));
  return [method.name, { method, params: values, result: result?.value }] as const;
});
const call = (c: ReturnType<typeof client>, name: string, params: object) =>
  c.call(name as LeantimeMethodName, params as never);

const rpcError = (call: Promise<unknown>) => rejection(call, LeantimeRpcError);

const errorOf = (name: string) => contract.namedError(name);

describe.runIf(mockUrl !== null)("every Leantime method", () => {
  it.each(exampled)("%s answers its example through the client", async (name, { params, result }) => {
    await expect(call(client(), name, params)).resolves.toEqual(result);
  });

  it.each(exampled)("%s answers the same over GET as over POST", async (name, { params }) => {
    expect(await call(client({ transport: "get" }), name, params)).toEqual(await call(client(), name, params));
  });

  it.each(exampled)("%s answers each error it declares in JSON-RPC form", async (name, { method, params }) => {
    for (const ref of method.errors ?? []) {
      // The mock is asked for an error by its component name, which only a reference gives.
      if (!isReference(ref)) throw new Error(`${name} declares an inline error, which the mock cannot be asked for`);
      const errorName = refSegments(ref.$ref)!.at(-1)!;
      const error = await rpcError(call(client({ prefer: errorName }), name, params));
      expect(error).toMatchObject({
        status: 200,
        code: errorOf(errorName).code,
        body: { message: errorOf(errorName).message, data: null },
      });
    }
  });
});

describe("Leantime JSON-RPC behaviour", () => {
  const [name, sample] = exampled.find(([n]) => n === "leantime.rpc.Tickets.Tickets.getTicket")!;

  it("resolves each alias of a method to the same answer", async () => {
    for (const alias of (sample.method["x-aliases"] as string[] | undefined) ?? []) {
      expect(await call(client(), alias, sample.params)).toEqual(await call(client(), name, sample.params));
    }
  });

  it("answers a batch in order, each call on its own", async () => {
    const outcomes = await client().batch([
      { method: "leantime.rpc.Tickets.Tickets.getTicket", params: { id: 11 } },
      { method: "leantime.rpc.Tickets.Tickets.getTicket", params: {} as never },
      { method: "leantime.rpc.Projects.Projects.getAll" },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(!outcomes[1]!.ok && outcomes[1]!.error.code).toBe(errorOf("InvalidParams").code);
  });

  it("refuses a missing API key with the server's HTTP 401 body", async () => {
    const error = await rpcError(call(client({ withoutKey: true }), name, sample.params));
    expect(error).toMatchObject({ status: 401, body: '{"error":"Unauthorized"}' });
  });

  it("answers an unknown method with -32601 and the method in data", async () => {
    const error = await rpcError(call(client(), "leantime.rpc.Tickets.Tickets.noSuchMethod", {}));
    expect(error).toMatchObject({
      code: errorOf("MethodNotFound").code,
      // As the server words it: the camel-cased method alone.
      data: "Method doesn't exist: noSuchMethod",
    });
  });

  it("answers a missing required param and a wrong type with -32602", async () => {
    const missing = await rpcError(call(client(), name, {}));
    expect(missing).toMatchObject({ code: errorOf("InvalidParams").code, data: "Required Parameter Missing: id" });
    // markTicketDone's $id is an int: an object cannot be cast (getTicket's $id is untyped and takes anything).
    const wrong = await rpcError(
      call(client(), "leantime.rpc.Tickets.Tickets.markTicketDone", { id: { not: "an id" } }),
    );
    expect(wrong).toMatchObject({
      code: errorOf("InvalidParams").code,
      data: "Could not cast parameter: id. See server logs for more details.",
    });
  });

  it("answers malformed JSON with a parse error carrying id 0", async () => {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "x-api-key": live?.apiKey ?? "k", "content-type": "application/json" },
      body: '{"jsonrpc": "2.0",',
    });
    const body = await response.json();
    expect(body).toEqual({
      jsonrpc: "2.0",
      error: {
        code: errorOf("ParseError").code,
        message: errorOf("ParseError").message,
        data: "Could not parse JSON. Error Syntax error",
      },
      id: 0,
    });
  });

  it("answers a request that is not JSON-RPC 2.0 with -32600", async () => {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "x-api-key": live?.apiKey ?? "k", "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "1.0", method: name, params: sample.params, id: 7 }),
    });
    expect(await response.json()).toMatchObject({
      error: { code: errorOf("InvalidRequest").code, data: "Leantime only supports JSON-RPC version 2.0" },
      id: 7,
    });
  });

  it("answers a notification with an empty body", async () => {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "x-api-key": live?.apiKey ?? "k", "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", method: name, params: sample.params }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });
});
