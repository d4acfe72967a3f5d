import type { Client } from "openapi-fetch";
import { ApiError, messageOf } from "../core/api-error.js";
import { authorizationHeader, type HttpAuth, httpAuthProblem, secretsOf } from "../core/auth.js";
import { type CommonClientOptions, createApiClient, type ErrorFamily, familyError } from "../core/create-client.js";
import type { components, paths } from "../generated/leankit.js";

/** A schema of the LeanKit contract by name, e.g. `LeanKitSchema<"Board">`. */
export type LeanKitSchema<Name extends keyof components["schemas"]> = components["schemas"][Name];

/** The error body LeanKit sends with a 4xx/5xx (when it sends JSON). */
export type LeanKitErrorBody = LeanKitSchema<"Error">;

/**
 * Thrown for every failed LeanKit call: a non-2xx response (`kind` "http", `body` the
 * parsed error body or text), a timeout, a network failure, an unreadable answer, a
 * paging fault or credentials refused when the client is made (see `kind` and `cause`).
 */
export class LeanKitApiError extends ApiError<LeanKitErrorBody | string | null> {
  override name = "LeanKitApiError";
}

/** Where the account is: `host` (the subdomain) or a full `baseUrl` (e.g. a mock). */
export type LeanKitLocation =
  | {
      /** The account's subdomain: `myaccount` for https://myaccount.leankit.com. */
      host: string;
      baseUrl?: never;
    }
  | {
      /** The full origin instead of `host`, e.g. a mock at http://127.0.0.1:4010. */
      baseUrl: string;
      host?: never;
    };

export type LeanKitClientOptions = CommonClientOptions &
  LeanKitLocation & {
    /**
     * `{ token }` for Bearer, `{ username, password }` for Basic. Checked when the client is
     * made: an empty value or one with a control character throws a `LeanKitApiError` of
     * kind "credentials" (which never shows the value).
     */
    auth: HttpAuth;
    /** Send PUT/PATCH/DELETE as POST with `X-HTTP-Method-Override` (for proxies that block those verbs). */
    methodOverride?: boolean;
  };

export type LeanKitClient = Client<paths, "application/json">;

function leanKitBaseUrl(location: LeanKitLocation): string {
  return location.baseUrl ?? `https://${location.host}.leankit.com`;
}

/** How LeanKit failures are reported, keeping `auth` out of them. */
export function leanKitFamily(auth: unknown): ErrorFamily {
  const secrets = secretsOf(auth);
  return { api: "LeanKit", ErrorClass: LeanKitApiError, reasonOf: messageOf, secrets: () => secrets };
}

/** Throws the "credentials" error if `auth` cannot be sent. */
export function checkLeanKitAuth(auth: unknown): void {
  const problem = httpAuthProblem(auth);
  if (!problem) return;
  const details = { status: 0, body: null, method: "", path: "", requestId: undefined };
  throw familyError(leanKitFamily(auth), details, `client not created: ${problem}`, { kind: "credentials" });
}

/**
 * A typed client for the LeanKit REST API. Calls take the contract's paths:
 * `client.GET("/io/board/{boardId}", { params: { path: { boardId } } })` resolves to
 * `{ data }`; every failure rejects with a `LeanKitApiError` (see its `kind`).
 */
export function createLeanKitClient(options: LeanKitClientOptions): LeanKitClient {
  checkLeanKitAuth(options.auth);
  return createApiClient<paths>({
    ...options,
    baseUrl: leanKitBaseUrl(options),
    authorization: authorizationHeader(options.auth),
    family: leanKitFamily(options.auth),
  });
}
