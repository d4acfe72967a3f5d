import type { Client } from "openapi-fetch";
import { ApiError, messageOf } from "../core/api-error.js";
import { credentialProblem } from "../core/auth.js";
import { type CommonClientOptions, createApiClient, type ErrorFamily, familyError } from "../core/create-client.js";
import type { Call } from "../core/deadline.js";
import type { Outgoing, Send } from "../core/transport.js";
import type { components, paths } from "../generated/reporting.js";

/** A schema of the Reporting contract by name, e.g. `ReportingSchema<"CardRow">`. */
export type ReportingSchema<Name extends keyof components["schemas"]> = components["schemas"][Name];

/**
 * Thrown for every failed Reporting call, the login's included: a non-2xx response (`kind`
 * "http"), a timeout, a network failure, an unreadable answer, an export whose rows do not
 * fit its columns (`kind` "rows", with `row`, `column`, `missingColumns`, `unknownColumns`
 * as they apply) or credentials refused when the client is made (see `kind` and `cause`).
 */
export class ReportingApiError extends ApiError<ReportingSchema<"Error"> | string | null> {
  override name = "ReportingApiError";
  /** For a `rows` error: the data row it is about (1 is the first row after the header). */
  declare row?: number;
  /** For a `rows` error: the column it is about. */
  declare column?: string;
  /** For a `rows` error about the header: the export's columns it lacks. */
  declare missingColumns?: string[];
  /** For a `rows` error about the header: the columns it has that the export does not. */
  declare unknownColumns?: string[];
}

/** The account credentials that buy a reporting token (not a LeanKit API token). */
export type ReportingCredentials = ReportingSchema<"ReportingCredentials">;

export type ReportingClientOptions = CommonClientOptions &
  ({ host: string; baseUrl?: never } | { baseUrl: string; host?: never }) & {
    /**
     * `{ credentials }` logs in (and again when the token expires); `{ token }` uses a token
     * you hold. Checked when the client is made: an empty value or one with a control
     * character throws a `ReportingApiError` of kind "credentials" (which never shows it).
     * The login is never sent on to another origin by a redirect.
     */
    auth: { credentials: ReportingCredentials } | { token: string };
  };

export type ReportingClient = Client<paths, "application/json">;

const INVALID_TOKEN = "Invalid token";
const LOGIN_PATH = "/io/reporting/auth";

/** How Reporting failures are reported, keeping `secrets()` out of them. */
export function reportingFamily(secrets: () => readonly string[] = () => []): ErrorFamily {
  return { api: "LeanKit Reporting", ErrorClass: ReportingApiError, reasonOf: messageOf, secrets };
}

function authProblem(auth: unknown): string | undefined {
  if (typeof auth !== "object" || auth === null) return "auth must be { credentials } or { token }";
  if ("token" in auth) return credentialProblem("auth.token", auth.token, true);
  if (!("credentials" in auth) || typeof auth.credentials !== "object" || auth.credentials === null)
    return "auth must be { credentials } or { token }";
  const credentials = auth.credentials as Record<string, unknown>;
  return (
    credentialProblem("auth.credentials.email", credentials.email, false) ??
    credentialProblem("auth.credentials.password", credentials.password, false) ??
    (credentials.accountName === undefined
      ? undefined
      : credentialProblem("auth.credentials.accountName", credentials.accountName, false))
  );
}

async function isInvalidToken(response: Response): Promise<boolean> {
  if (response.status !== 401) return false;
  try {
    return ((await response.clone().json()) as { message?: string }).message === INVALID_TOKEN;
  } catch {
    return false;
  }
}

/** `promise`, or the abort of `signal` if that comes first (the promise is shared, so it runs on). */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * Sends every request with a reporting token: logs in on first use, shares the token
 * between requests, and on a 401 "Invalid token" (an expired token) logs in again and
 * repeats the request once.
 */
function withToken(login: () => Promise<string>) {
  return (send: Send): Send => {
    let token: Promise<string> | undefined;
    const current = () => {
      token ??= login().catch((error: unknown) => {
        token = undefined; // a failed login is not cached
        throw error;
      });
      return token;
    };
    const authorized = async (request: Request | Outgoing, used: Promise<string>, call: Call) => {
      const bearer = `Bearer ${await unlessAborted(used, call.signal)}`;
      if (request instanceof Request) request.headers.set("Authorization", bearer);
      else {
        // A copy: the headers given may be the client's own, shared by every call.
        const headers = new Headers(request.headers);
        headers.set("Authorization", bearer);
        request.headers = headers;
      }
      return request;
    };
    return async (request, call) => {
      // A request without a body can be sent again as it is.
      const spare = request instanceof Request && request.body !== null ? request.clone() : request;
      const used = current();
      const response = await send(await authorized(request, used, call), call);
      if (!(await isInvalidToken(response))) return response;
      response.body?.cancel().catch(() => undefined);
      if (token === used) token = undefined; // unless another request already renewed it
      return send(await authorized(spare, current(), call), call);
    };
  };
}

/**
 * A typed client for the LeanKit Advanced Reporting API. Read exports as typed rows with
 * `fetchRows`/`streamRows`; the raw calls are there too (`client.GET("/io/reporting/export/cards.json")`).
 * Every failure rejects with a `ReportingApiError`; credentials and tokens never appear in
 * errors or logs.
 */
export function createReportingClient(options: ReportingClientOptions): ReportingClient {
  const baseUrl = options.baseUrl ?? `https://${options.host}.leankit.com`;
  const { auth } = options;
  const issued: string[] = [];
  const fixed = [
    (auth as { token?: unknown })?.token,
    (auth as { credentials?: { password?: unknown } })?.credentials?.password,
  ].filter((v): v is string => typeof v === "string");
  const family = reportingFamily(() => [...fixed, ...issued]);
  const problem = authProblem(auth);
  if (problem) {
    const details = { status: 0, body: null, method: "", path: "", requestId: undefined };
    throw familyError(family, details, `client not created: ${problem}`, { kind: "credentials" });
  }
  if ("token" in auth) {
    return createApiClient<paths>({ ...options, baseUrl, authorization: `Bearer ${auth.token}`, family });
  }
  const loginClient = createApiClient<paths>({ ...options, baseUrl, family, sensitiveBody: true });
  const login = async () => {
    const { data, response } = await loginClient.POST(LOGIN_PATH, { body: auth.credentials });
    const token: unknown = data?.token;
    // A token that cannot go in a header would make the runtime throw with its value in the message.
    const problem = credentialProblem("the token", token, true);
    if (problem) {
      const details = { status: response.status, body: null, method: "POST", path: LOGIN_PATH, requestId: undefined };
      throw familyError(family, details, `the login answered no usable token (${problem})`, {
        kind: "invalid-response",
      });
    }
    issued.push(token as string);
    if (issued.length > 10) issued.shift();
    return token as string;
  };
  return createApiClient<paths>({ ...options, baseUrl, family, layer: withToken(login) });
}
