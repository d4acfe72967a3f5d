import { ApiError, shown } from "../core/api-error.js";
import { credentialProblem } from "../core/auth.js";
import { type ErrorFamily, failureError, familyError } from "../core/create-client.js";
import { Call, timeoutOf } from "../core/deadline.js";
import { classify, createTransport, type Outgoing, type TransportOptions } from "../core/transport.js";
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

/**
 * Thrown when a call fails: a JSON-RPC error (`kind` "rpc", with `code`, `message`, `data`),
 * an HTTP failure (`kind` "http"), or a timeout, network failure, unreadable answer or
 * credentials refused when the client is made (see `kind` and `cause`). In a batch, each
 * failed call's outcome holds one.
 */
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
  /**
   * An API key from Company Settings, sent as `x-api-key`, or (Leantime 3.9.2 and later) a
   * personal access token, sent as `Authorization: Bearer`; never to another origin (a redirect
   * elsewhere drops it). Checked when the client is made: an empty credential, or one with a
   * control character or a space, throws a `LeantimeRpcError` of kind "credentials" (which
   * never shows it). A 429 (the server's per-minute limit) is retried after the `Retry-After`
   * it sends, as `retry` allows.
   */
  auth: { apiKey: string } | { token: string };
  /** POST (default) or the GET form, with `params` base64-encoded in the query. */
  transport?: "post" | "get";
  /** Sent as `User-Agent`. */
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
  /**
   * Sends several calls in one request; each outcome is in the order of `calls`. A call the
   * answer has no response for (a `null` in its place) gets a failed outcome of kind
   * "invalid-response"; an answer that is not a batch at all rejects.
   */
  batch<const Calls extends readonly BatchCall[]>(
    calls: Calls,
  ): Promise<{ [K in keyof Calls]: BatchOutcome<Calls[K]["method"]> }>;
  /** Every method as a typed function, nested like its name: `methods.Tickets.Tickets.getTicket({ id })`. */
  methods: LeantimeMethodTree;
}

function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const ENDPOINT = "/api/jsonrpc";
const NO_OPERATION = { status: 0, body: null, method: "", path: "", requestId: undefined };

/** A typed client for Leantime's JSON-RPC API; every failure is a `LeantimeRpcError`. */
export function createLeantimeClient(options: LeantimeClientOptions): LeantimeClient {
  const auth: unknown = options.auth;
  const byToken = isRecord(auth) && "token" in auth && !("apiKey" in auth);
  const credential: unknown = isRecord(auth) ? (byToken ? auth.token : auth.apiKey) : undefined;
  const secrets = typeof credential === "string" ? [credential] : [];
  const family: ErrorFamily = { api: "Leantime", ErrorClass: LeantimeRpcError, secrets: () => secrets };
  const problem = credentialProblem(byToken ? "auth.token" : "auth.apiKey", credential, true);
  if (problem) throw familyError(family, NO_OPERATION, `client not created: ${problem}`, { kind: "credentials" });

  const send = createTransport(options);
  const timeoutMs = timeoutOf(options.timeoutMs);
  const endpoint = `${options.baseUrl.replace(/\/+$/, "")}${ENDPOINT}`;
  const viaGet = options.transport === "get";
  // Built once, in lower case (as fetch keeps them, so it has nothing to change); fetch copies
  // them into each request.
  const getHeaders: Record<string, string> = byToken
    ? { accept: "application/json", authorization: `Bearer ${credential as string}` }
    : { accept: "application/json", "x-api-key": credential as string };
  if (options.userAgent) getHeaders["user-agent"] = options.userAgent;
  const postHeaders = { ...getHeaders, "content-type": "application/json" };
  let lastId = 0;

  const error = (
    kind: "rpc" | "http" | "invalid-response",
    method: string,
    path: string,
    status: number,
    body: JsonRpcErrorObject | string | null,
    detail: string | undefined,
    id?: unknown,
    cause?: unknown,
  ) =>
    familyError(family, { status, body, method, path, requestId: id === undefined ? undefined : String(id) }, detail, {
      kind,
      cause,
    }) as LeantimeRpcError;
  const rpcFailure = (httpMethod: string, path: string, status: number, body: Record<string, unknown>, id?: unknown) =>
    error("rpc", httpMethod, path, status, body as unknown as JsonRpcErrorObject, `${body.message} (${body.code})`, id);

  function outgoing(payload: object): Outgoing {
    if (viaGet && !Array.isArray(payload)) {
      const { params, ...rest } = payload as { params?: unknown };
      const query = new URLSearchParams(Object.entries(rest).map(([k, v]) => [k, String(v)]));
      // The server fails on a GET without params, so "none" is sent as an empty object; and it
      // URL-decodes params once more after the query is decoded, so the base64 is encoded twice
      // (a "+" sent as %2B would arrive as a space and be lost).
      const encoded = encodeURIComponent(encodeURIComponent(base64(JSON.stringify(params ?? {}))));
      return { url: `${endpoint}?${query}&params=${encoded}`, method: "GET", headers: getHeaders, body: null };
    }
    return { url: endpoint, method: "POST", headers: postHeaders, body: JSON.stringify(payload) };
  }

  /** Sends `payload` and returns the parsed answer (undefined for a notification, which has none to read). */
  async function exchange(payload: object, path: string, answered: boolean) {
    const method = viaGet && !Array.isArray(payload) ? "GET" : "POST";
    const call = new Call(timeoutMs);
    try {
      // In here, so that params JSON cannot hold (a BigInt, a cycle) fail as the family's error too.
      const response = await send(outgoing(payload), call);
      const text = await response.text(); // within the deadline, like the headers
      if (!response.ok) {
        // A JSON-RPC error object if the server sent one; otherwise the body as it came
        // (Leantime refuses a bad key with HTTP 401 and {"error":"Unauthorized"}).
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON (a proxy's error page, say): reported as it came.
        }
        const rpcError = isRecord(body) && isRecord(body.error) ? body.error : undefined;
        const detail = rpcError ? `${rpcError.message} (${rpcError.code})` : undefined;
        const reported = (rpcError as JsonRpcErrorObject | undefined) ?? (text || null);
        throw error("http", method, path, response.status, reported, detail);
      }
      if (!answered) return { answer: undefined, status: response.status };
      if (text === "") throw error("invalid-response", method, path, response.status, null, "the answer is empty");
      try {
        return { answer: JSON.parse(text) as unknown, status: response.status };
      } catch (cause) {
        const detail = "the answer is not valid JSON";
        throw error("invalid-response", method, path, response.status, null, detail, undefined, cause);
      }
    } catch (caught) {
      const failure = classify(caught, call);
      throw failure ? failureError(family, failure, call, method, path) : caught;
    } finally {
      call.release();
    }
  }

  /** The result of one JSON-RPC response, or the error it stands for. */
  function resultOf(answer: unknown, httpMethod: string, method: string, id: number, status: number): unknown {
    const invalid = (detail: string) => error("invalid-response", httpMethod, method, status, null, detail, id);
    if (!isRecord(answer)) throw invalid("the answer is not a JSON-RPC response object");
    // Servers may add members of their own to the envelope; only these three matter.
    if (answer.error !== undefined && answer.error !== null) {
      if (isRecord(answer.error)) throw rpcFailure(httpMethod, method, status, answer.error, id);
      throw invalid("the answer's error is not an object");
    }
    if (!("result" in answer)) throw invalid("the answer has neither a result nor an error");
    // Leantime echoes the request's id (an error may carry 0 or null, from before it read one):
    // a result without it is no call's in particular, and one for another id is another call's.
    if (answer.id === undefined || answer.id === null)
      throw invalid(`the answer has a result but no id (this call's is ${id})`);
    if (String(answer.id) !== String(id)) throw invalid(`the answer is for request id ${shown(answer.id)}, not ${id}`);
    return answer.result;
  }

  async function call(method: string, params?: unknown): Promise<unknown> {
    const id = ++lastId;
    const payload = params === undefined ? { jsonrpc: "2.0", method, id } : { jsonrpc: "2.0", method, id, params };
    const { answer, status } = await exchange(payload, method, true);
    return resultOf(answer, viaGet ? "GET" : "POST", method, id, status);
  }

  async function batch(calls: readonly BatchCall[]) {
    // JSON-RPC has no empty batch: the server would answer with an error.
    if (calls.length === 0) return [];
    const requests = calls.map((c) => ({
      jsonrpc: "2.0",
      method: c.method,
      id: ++lastId,
      ...(c.params === undefined ? {} : { params: c.params }),
    }));
    const { answer, status } = await exchange(requests, "batch", true);
    if (!Array.isArray(answer)) {
      // A batch the server could not read at all comes back as one error object.
      if (isRecord(answer) && isRecord(answer.error)) {
        const failed = rpcFailure("POST", "batch", status, answer.error);
        return requests.map(() => ({ ok: false, error: failed }));
      }
      throw error("invalid-response", "POST", "batch", status, null, "the answer to a batch is not an array");
    }
    const byId = new Map<string, unknown>();
    for (const response of answer)
      if (isRecord(response) && response.id !== undefined && response.id !== null)
        byId.set(String(response.id), response);
    return requests.map((request) => {
      const response = byId.get(String(request.id));
      if (response === undefined) {
        const detail = `the batch answer has no response for this call (id ${request.id})`;
        return {
          ok: false,
          error: error("invalid-response", "POST", request.method, status, null, detail, request.id),
        };
      }
      try {
        return { ok: true, result: resultOf(response, "POST", request.method, request.id, status) };
      } catch (failed) {
        return { ok: false, error: failed };
      }
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
      await exchange({ jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }) }, method, false);
    },
    batch: batch as LeantimeClient["batch"],
    methods: tree([]) as LeantimeMethodTree,
  };
}
