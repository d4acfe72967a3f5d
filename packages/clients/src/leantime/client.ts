import { ApiError } from "../core/api-error.js";
import { createTransport, type TransportOptions } from "../core/transport.js";
import {
  LEANTIME_METHOD_PREFIX,
  type LeantimeAliases,
  type LeantimeMethods,
  type LeantimeMethodTree,
} from "../generated/leantime.js";

/** A method's full name, or an alias the server also resolves. */
export type LeantimeMethodName = keyof LeantimeMethods | keyof LeantimeAliases;
type Canonical<M extends LeantimeMethodName> = M extends keyof LeantimeMethods
  ? M
  : M extends keyof LeantimeAliases
    ? LeantimeAliases[M]
    : never;
export type ParamsOf<M extends LeantimeMethodName> = LeantimeMethods[Canonical<M>]["params"];
export type ResultOf<M extends LeantimeMethodName> = LeantimeMethods[Canonical<M>]["result"];

/** A JSON-RPC error object, as the server sends it. */
export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** Thrown when a call fails: a JSON-RPC error (with `code`, `message`, `data`) or an HTTP failure. */
export class LeantimeRpcError extends ApiError<JsonRpcErrorObject | string | null> {
  override name = "LeantimeRpcError";

  /** The JSON-RPC error code (-32601 method not found, …), or undefined for a bare HTTP failure. */
  get code(): number | undefined {
    return typeof this.body === "object" && this.body !== null ? this.body.code : undefined;
  }

  get data(): unknown {
    return typeof this.body === "object" && this.body !== null ? this.body.data : undefined;
  }
}

export interface LeantimeClientOptions extends TransportOptions {
  /** The Leantime site, e.g. https://leantime.example.com; the endpoint is `<baseUrl>/api/jsonrpc`. */
  baseUrl: string;
  /** An API key from Company Settings, sent as `x-api-key`. */
  auth: { apiKey: string };
  /** POST (default) or the GET form, with `params` base64-encoded in the query. */
  transport?: "post" | "get";
  userAgent?: string;
}

/** One call of a batch. */
export interface BatchCall<M extends LeantimeMethodName = LeantimeMethodName> {
  method: M;
  params?: ParamsOf<M>;
}
export type BatchOutcome<M extends LeantimeMethodName = LeantimeMethodName> =
  | { ok: true; result: ResultOf<M> }
  | { ok: false; error: LeantimeRpcError };

export interface LeantimeClient {
  /** Calls a method by its full name (or an alias) with params by name. */
  call<M extends LeantimeMethodName>(
    method: M,
    ...params: Partial<ParamsOf<M>> extends ParamsOf<M> ? [ParamsOf<M>?] : [ParamsOf<M>]
  ): Promise<ResultOf<M>>;
  /** Sends a notification: the server runs the method and answers nothing. */
  notify<M extends LeantimeMethodName>(method: M, params?: ParamsOf<M>): Promise<void>;
  /** Sends several calls in one request; each outcome is in the order of `calls`. */
  batch<const Calls extends readonly BatchCall[]>(
    calls: Calls,
  ): Promise<{ [K in keyof Calls]: BatchOutcome<Calls[K]["method"]> }>;
  /** Every method as a typed function, nested like its name: `methods.Tickets.Tickets.getTicket({ id })`. */
  methods: LeantimeMethodTree;
}

interface JsonRpcResponse {
  id?: string | number | null;
  result?: unknown;
  error?: JsonRpcErrorObject;
}

function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const ENDPOINT = "/api/jsonrpc";

/** A typed client for Leantime's JSON-RPC API. */
export function createLeantimeClient(options: LeantimeClientOptions): LeantimeClient {
  const send = createTransport(options);
  const endpoint = `${options.baseUrl.replace(/\/+$/, "")}${ENDPOINT}`;
  let lastId = 0;
  const headers = () => {
    const h = new Headers({ Accept: "application/json", "x-api-key": options.auth.apiKey });
    if (options.userAgent) h.set("User-Agent", options.userAgent);
    return h;
  };
  const failure = (method: string, status: number, body: JsonRpcErrorObject | string | null, id?: unknown) =>
    new LeantimeRpcError(
      "Leantime",
      {
        status,
        body,
        method: options.transport === "get" ? "GET" : "POST",
        path: method,
        requestId: id === undefined ? undefined : String(id),
      },
      typeof body === "object" && body !== null ? `${body.message} (${body.code})` : undefined,
    );

  async function exchange(payload: object | object[], methodLabel: string): Promise<unknown> {
    let request: Request;
    if (options.transport === "get" && !Array.isArray(payload)) {
      const { params, ...rest } = payload as { params?: unknown };
      const query = new URLSearchParams(Object.entries(rest).map(([k, v]) => [k, String(v)]));
      // The server fails on a GET without params, so "none" is sent as an empty object.
      query.set("params", base64(JSON.stringify(params ?? {})));
      request = new Request(`${endpoint}?${query}`, { method: "GET", headers: headers() });
    } else {
      const h = headers();
      h.set("Content-Type", "application/json");
      request = new Request(endpoint, { method: "POST", headers: h, body: JSON.stringify(payload) });
    }
    const response = await send(request);
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text === "" ? null : JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page, say): reported below as it came.
    }
    if (!response.ok) {
      // A JSON-RPC error object if the server sent one; otherwise the body as it came
      // (Leantime refuses a bad key with HTTP 401 and {"error":"Unauthorized"}).
      const rpcError = (body as JsonRpcResponse | null)?.error;
      throw failure(
        methodLabel,
        response.status,
        typeof rpcError === "object" && rpcError !== null ? rpcError : text || null,
      );
    }
    return body;
  }

  async function call(method: string, params?: unknown): Promise<unknown> {
    const id = ++lastId;
    const body = (await exchange(
      { jsonrpc: "2.0", method, id, ...(params === undefined ? {} : { params }) },
      method,
    )) as JsonRpcResponse;
    // Servers may add members of their own to the envelope; only these three matter.
    if (body?.error) throw failure(method, 200, body.error, id);
    if (!body || !("result" in body)) throw failure(method, 200, typeof body === "string" ? body : null, id);
    return body.result;
  }

  async function batch(calls: readonly BatchCall[]) {
    const requests = calls.map((c) => ({
      jsonrpc: "2.0",
      method: c.method,
      id: ++lastId,
      ...(c.params === undefined ? {} : { params: c.params }),
    }));
    const answers = (await exchange(requests, "batch")) as JsonRpcResponse[] | JsonRpcResponse;
    // A batch the server could not read at all comes back as one error object.
    if (!Array.isArray(answers)) {
      const error = failure("batch", 200, answers?.error ?? null);
      return requests.map(() => ({ ok: false, error }));
    }
    return requests.map((request) => {
      const answer = answers.find((a) => a.id === request.id);
      if (!answer) return { ok: false, error: failure(request.method, 200, null, request.id) };
      return answer.error
        ? { ok: false, error: failure(request.method, 200, answer.error, request.id) }
        : { ok: true, result: answer.result };
    });
  }

  function tree(path: string[]): unknown {
    return new Proxy(() => undefined, {
      // "then" stays undefined so that the tree is never mistaken for a promise.
      get: (_, key) => (typeof key === "string" && key !== "then" ? tree([...path, key]) : undefined),
      apply: (_, __, [params]) => call(`${LEANTIME_METHOD_PREFIX}${path.join(".")}`, params),
    });
  }

  return {
    call: call as LeantimeClient["call"],
    notify: async (method, params) => {
      await exchange({ jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }) }, method);
    },
    batch: batch as LeantimeClient["batch"],
    methods: tree([]) as LeantimeMethodTree,
  };
}
