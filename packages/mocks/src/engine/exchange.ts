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

/** Splits a request-target into path and query without URL parsing, which throws on targets like `//x:y/`. */
export function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const at = target.indexOf("?");
  return at === -1
    ? { path: target, query: new URLSearchParams() }
    : { path: target.slice(0, at), query: new URLSearchParams(target.slice(at + 1)) };
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
