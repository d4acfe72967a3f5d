// What the engine sees of a request and what it answers: plain data, so that every
// behaviour is a function from one to the other and the HTTP layer stays thin.
import type { IncomingHttpHeaders } from "node:http";

export interface MockRequest {
  method: string;
  /** The path as sent (percent-encoded), without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body; empty when none was sent. */
  body: Buffer;
}

export interface MockReply {
  status: number;
  headers: Record<string, string>;
  /** Undefined answers with no body at all (204, notifications). */
  body: string | Buffer | undefined;
}

/**
 * A request as the host received it. The target is split without URL parsing, which throws
 * on targets like `//x:y/`; the query is parsed only when asked for (a POST body rarely needs it).
 */
export class ReceivedRequest implements MockRequest {
  readonly path: string;
  private readonly search: string;
  private parsed: URLSearchParams | undefined;

  constructor(
    readonly method: string,
    target: string,
    readonly headers: IncomingHttpHeaders,
    readonly body: Buffer,
  ) {
    const at = target.indexOf("?");
    this.path = at === -1 ? target : target.slice(0, at);
    this.search = at === -1 ? "" : target.slice(at + 1);
  }

  get query(): URLSearchParams {
    this.parsed ??= new URLSearchParams(this.search);
    return this.parsed;
  }
}

/** A header's value as one string (the first, when it was sent more than once). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): MockReply {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
  };
}

/** The `Prefer` header's directives, e.g. `code=404, example=empty` → { code: "404", example: "empty" }. */
export function preferences(headers: IncomingHttpHeaders): Record<string, string> {
  const found: Record<string, string> = {};
  for (const part of (headerValue(headers, "prefer") ?? "").split(/[;,]/)) {
    const [key, value] = part.split("=").map((s) => s.trim());
    if (key && value) found[key] = value.replace(/^"|"$/g, "");
  }
  return found;
}
