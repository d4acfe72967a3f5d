import type { Client } from "openapi-fetch";
import { ApiError, type ApiErrorDetails, messageOf } from "../core/api-error.js";
import { type CommonClientOptions, createApiClient } from "../core/create-client.js";
import type { components, paths } from "../generated/leanmote.js";
import { type BurstLimit, limitBursts } from "./limiter.js";

/** A schema of the Leanmote contract by name, e.g. `LeanmoteSchema<"Team">`. */
export type LeanmoteSchema<Name extends keyof components["schemas"]> = components["schemas"][Name];
export type LeanmoteErrorBody = LeanmoteSchema<"ErrorEnvelope">;
export type LeanmoteErrorCode = LeanmoteErrorBody["error"]["code"];

/** Thrown for every non-2xx Leanmote response; `code` is the envelope's error code. */
export class LeanmoteApiError extends ApiError<LeanmoteErrorBody | string | null> {
  override name = "LeanmoteApiError";

  /** UNAUTHORIZED, FORBIDDEN, NOT_FOUND, VALIDATION_ERROR, RATE_LIMITED or SERVER_ERROR (when the body is an envelope). */
  get code(): LeanmoteErrorCode | undefined {
    return typeof this.body === "object" && this.body !== null ? this.body.error?.code : undefined;
  }
}

export interface LeanmoteClientOptions extends CommonClientOptions {
  /** An API token, sent as `Authorization: Bearer`. */
  auth: { token: string };
  /** The API's origin; default https://api.leanmote.com (a mock: http://127.0.0.1:4012). */
  baseUrl?: string;
  /** The client-side burst limit; default 100 requests a minute, as the API allows. `false` turns it off. */
  burst?: BurstLimit | false;
}

export type LeanmoteClient = Client<paths, "application/json">;

const BURST: BurstLimit = { requests: 100, perMs: 60_000 };

function toError(details: ApiErrorDetails): LeanmoteApiError {
  const body = details.body as LeanmoteErrorBody | null;
  return new LeanmoteApiError("Leanmote", details as ApiErrorDetails<LeanmoteErrorBody>, messageOf(body?.error));
}

/**
 * A typed client for the Leanmote API (REST, Metrics, SCIM, OTEL ingest). Calls take the
 * contract's paths and answer with the envelope; `unwrap` returns its `data` and `meta`,
 * `paginate` walks every page. Requests keep under the burst limit, and a 429 is retried
 * when the rate-limit headers allow.
 */
export function createLeanmoteClient(options: LeanmoteClientOptions): LeanmoteClient {
  const send = options.fetch ?? globalThis.fetch;
  return createApiClient<paths>({
    ...options,
    baseUrl: options.baseUrl ?? "https://api.leanmote.com",
    authorization: `Bearer ${options.auth.token}`,
    fetch: options.burst === false ? send : limitBursts(send, options.burst ?? BURST),
    // `fields=id,name`: Leanmote takes lists comma-separated, not as repeated parameters.
    querySerializer: { array: { style: "form", explode: false } },
    toError,
  });
}
