import type { Client } from "openapi-fetch";
import { ApiError, type ApiErrorDetails, messageOf } from "../core/api-error.js";
import { type CommonClientOptions, createApiClient } from "../core/create-client.js";
import type { components, paths } from "../generated/reporting.js";

/** A schema of the Reporting contract by name, e.g. `ReportingSchema<"CardRow">`. */
export type ReportingSchema<Name extends keyof components["schemas"]> = components["schemas"][Name];

/** Thrown for every non-2xx Reporting response, the login's included. */
export class ReportingApiError extends ApiError<ReportingSchema<"Error"> | string | null> {
  override name = "ReportingApiError";
}

/** The account credentials that buy a reporting token (not a LeanKit API token). */
export type ReportingCredentials = ReportingSchema<"ReportingCredentials">;

export type ReportingClientOptions = CommonClientOptions &
  ({ host: string; baseUrl?: never } | { baseUrl: string; host?: never }) & {
    /** `{ credentials }` logs in (and again when the token expires); `{ token }` uses a token you hold. */
    auth: { credentials: ReportingCredentials } | { token: string };
  };

export type ReportingClient = Client<paths, "application/json">;

const INVALID_TOKEN = "Invalid token";

function toError(details: ApiErrorDetails): ReportingApiError {
  return new ReportingApiError(
    "LeanKit Reporting",
    details as ApiErrorDetails<ReportingSchema<"Error">>,
    messageOf(details.body),
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

function withBearer(request: Request, token: string): Request {
  const authorized = new Request(request);
  authorized.headers.set("Authorization", `Bearer ${token}`);
  return authorized;
}

/**
 * Sends every request with a reporting token: logs in on first use, shares the token
 * between requests, and on a 401 "Invalid token" (an expired token) logs in again and
 * repeats the request once.
 */
function tokenFetch(login: () => Promise<string>, send: (request: Request) => Promise<Response>) {
  let token: Promise<string> | undefined;
  const current = () => {
    token ??= login().catch((error: unknown) => {
      token = undefined; // a failed login is not cached
      throw error;
    });
    return token;
  };
  return async (request: Request): Promise<Response> => {
    const spare = request.clone();
    const used = current();
    const response = await send(withBearer(request, await used));
    if (!(await isInvalidToken(response))) return response;
    if (token === used) token = undefined; // unless another request already renewed it
    return send(withBearer(spare, await current()));
  };
}

/**
 * A typed client for the LeanKit Advanced Reporting API. Read exports as typed rows with
 * `fetchRows`/`streamRows`; the raw calls are there too (`client.GET("/io/reporting/export/cards.json")`).
 * Credentials and tokens never appear in errors or logs.
 */
export function createReportingClient(options: ReportingClientOptions): ReportingClient {
  const baseUrl = options.baseUrl ?? `https://${options.host}.leankit.com`;
  const send = options.fetch ?? globalThis.fetch;
  const { auth } = options;
  if ("token" in auth) {
    return createApiClient<paths>({ ...options, baseUrl, authorization: `Bearer ${auth.token}`, toError });
  }
  const loginClient = createApiClient<paths>({ ...options, baseUrl, toError });
  const login = async () => {
    const { data } = await loginClient.POST("/io/reporting/auth", { body: auth.credentials });
    return data!.token;
  };
  return createApiClient<paths>({ ...options, baseUrl, fetch: tokenFetch(login, send), toError });
}
