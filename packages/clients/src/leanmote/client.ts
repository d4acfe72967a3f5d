import type { Client } from "openapi-fetch";
import { ApiError, messageOf } from "../core/api-error.js";
import { credentialProblem } from "../core/auth.js";
import { type CommonClientOptions, createApiClient, type ErrorFamily, familyError } from "../core/create-client.js";
import type { components, paths } from "../generated/leanmote.js";
import { type BurstLimit, burstGate } from "./limiter.js";

/** A schema of the Leanmote contract by name, e.g. `LeanmoteSchema<"Team">`. */
export type LeanmoteSchema<Name extends keyof components["schemas"]> = components["schemas"][Name];
export type LeanmoteErrorBody = LeanmoteSchema<"ErrorEnvelope">;
export type LeanmoteErrorCode = LeanmoteErrorBody["error"]["code"];

/**
 * Thrown for every failed Leanmote call: a non-2xx response (`kind` "http"; `code` is the
 * envelope's error code), a timeout, a network failure, an unreadable answer, a paging
 * fault or credentials refused when the client is made (see `kind` and `cause`).
 */
export class LeanmoteApiError extends ApiError<LeanmoteErrorBody | string | null> {
  override name = "LeanmoteApiError";

  /** UNAUTHORIZED, FORBIDDEN, NOT_FOUND, VALIDATION_ERROR, RATE_LIMITED or SERVER_ERROR (when the body is an envelope). */
  get code(): LeanmoteErrorCode | undefined {
    return typeof this.body === "object" && this.body !== null ? this.body.error?.code : undefined;
  }
}

export interface LeanmoteClientOptions extends CommonClientOptions {
  /**
   * An API token, sent as `Authorization: Bearer`. Checked when the client is made: an
   * empty token, or one with a control character or a space, throws a `LeanmoteApiError`
   * of kind "credentials" (which never shows the token).
   */
  auth: { token: string };
  /** The API's origin; default https://api.leanmote.com (a mock: http://127.0.0.1:4012). */
  baseUrl?: string;
  /**
   * The client-side burst limit; default 100 requests a minute, as the API allows. `false`
   * turns it off. Waiting for a slot does not count against `timeoutMs`.
   */
  burst?: BurstLimit | false;
}

export type LeanmoteClient = Client<paths, "application/json">;

const BURST: BurstLimit = { requests: 100, perMs: 60_000 };

/** How Leanmote failures are reported, keeping `secrets` out of them. */
export function leanmoteFamily(secrets: readonly string[] = []): ErrorFamily {
  return {
    api: "Leanmote",
    ErrorClass: LeanmoteApiError,
    reasonOf: (body) => messageOf((body as LeanmoteErrorBody | null)?.error),
    secrets: () => secrets,
  };
}

/**
 * A typed client for the Leanmote API (REST, Metrics, SCIM, OTEL ingest). Calls take the
 * contract's paths and answer with the envelope; `unwrap` returns its `data` and `meta`,
 * `paginate` walks every page. Requests keep under the burst limit, and a 429 is retried
 * when the rate-limit headers allow. Every failure rejects with a `LeanmoteApiError`.
 */
export function createLeanmoteClient(options: LeanmoteClientOptions): LeanmoteClient {
  const token = options.auth?.token;
  const family = leanmoteFamily(typeof token === "string" ? [token] : []);
  const problem = credentialProblem("auth.token", token, true);
  if (problem) {
    const details = { status: 0, body: null, method: "", path: "", requestId: undefined };
    throw familyError(family, details, `client not created: ${problem}`, { kind: "credentials" });
  }
  const gate = options.burst === false ? undefined : burstGate(options.burst ?? BURST);
  return createApiClient<paths>({
    ...options,
    baseUrl: options.baseUrl ?? "https://api.leanmote.com",
    authorization: `Bearer ${token}`,
    ...(gate
      ? {
          layer: (send) => async (request, call) => {
            await gate(call.signal);
            return send(request, call);
          },
        }
      : {}),
    // `fields=id,name`: Leanmote takes lists comma-separated, not as repeated parameters.
    querySerializer: { array: { style: "form", explode: false } },
    family,
  });
}
