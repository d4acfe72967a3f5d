import type { ApiErrorKind } from "./api-error.js";

/** A failure the transport recognised; the client turns it into its family's error. */
export class TransportFailure extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What a failure means for the caller, to build the family's error from. */
export interface Failure {
  kind: ApiErrorKind;
  detail: string;
  cause: unknown;
}

/** What a connection that failed before any answer came says, by the code of what failed underneath. */
export function connectionFailed(underneath: unknown): string {
  const failed = underneath as { code?: unknown; errors?: { code?: unknown }[] } | undefined;
  const code = failed?.code ?? failed?.errors?.[0]?.code;
  return typeof code === "string" ? `the connection failed (${code})` : "the connection failed";
}

/**
 * A response that broke off, by the `code` of what broke it (`cause`): a body that cannot be
 * decoded as its Content-Encoding says (zlib's Z_* codes, Node's brotli ERR__ERROR_*) is an
 * invalid response; one that breaks HTTP/1.1 (llhttp's HPE_* codes), or a connection closed
 * early, a network failure.
 */
export function brokenOff(code: unknown, cause: unknown): Failure {
  const named = typeof code === "string" ? code : "";
  if (named.startsWith("Z_") || named.startsWith("ERR__ERROR"))
    return {
      kind: "invalid-response",
      detail: `the response body is not encoded as its Content-Encoding says (${named})`,
      cause,
    };
  if (named.startsWith("HPE_"))
    return { kind: "network", detail: `the response broke off: it is not valid HTTP/1.1 (${named})`, cause };
  return { kind: "network", detail: "the connection closed before the response was complete", cause };
}

/** The `too-large` failure of a body that `what` more than `limit` bytes. */
export function tooLarge(what: string, limit: number): TransportFailure {
  return new TransportFailure("too-large", `the response body ${what} more than maxResponseBytes (${limit} bytes)`);
}

/**
 * The length a body will have as read, when its head says: the declared Content-Length of a
 * body without a Content-Encoding (the parser stops there). Undefined when only reading tells.
 */
export function declaredLength(headers: Headers): number | undefined {
  const declared = headers.get("content-length");
  return declared !== null && !headers.has("content-encoding") ? Number(declared) : undefined;
}
