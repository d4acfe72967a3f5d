import type { Client } from "openapi-fetch";
import { ApiError, type ApiErrorDetails, messageOf } from "../core/api-error.js";
import { authorizationHeader, type HttpAuth } from "../core/auth.js";
import { type CommonClientOptions, createApiClient } from "../core/create-client.js";
import type { components, paths } from "../generated/leankit.js";

/** A schema of the LeanKit contract by name, e.g. `LeanKitSchema<"Board">`. */
export type LeanKitSchema<Name extends keyof components["schemas"]> = components["schemas"][Name];

/** The error body LeanKit sends with a 4xx/5xx (when it sends JSON). */
export type LeanKitErrorBody = LeanKitSchema<"Error">;

/** Thrown for every non-2xx LeanKit response. `body` is the parsed error body (or text). */
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
    /** `{ token }` for Bearer, `{ username, password }` for Basic. */
    auth: HttpAuth;
    /** Send PUT/PATCH/DELETE as POST with `X-HTTP-Method-Override` (for proxies that block those verbs). */
    methodOverride?: boolean;
  };

export type LeanKitClient = Client<paths, "application/json">;

function leanKitBaseUrl(location: LeanKitLocation): string {
  return location.baseUrl ?? `https://${location.host}.leankit.com`;
}

/**
 * A typed client for the LeanKit REST API. Calls take the contract's paths:
 * `client.GET("/io/board/{boardId}", { params: { path: { boardId } } })` resolves to
 * `{ data }`; any non-2xx response rejects with a `LeanKitApiError`.
 */
export function createLeanKitClient(options: LeanKitClientOptions): LeanKitClient {
  return createApiClient<paths>({
    ...options,
    baseUrl: leanKitBaseUrl(options),
    authorization: authorizationHeader(options.auth),
    toError: (details) =>
      new LeanKitApiError("LeanKit", details as ApiErrorDetails<LeanKitErrorBody>, messageOf(details.body)),
  });
}
