// What the checker reads: one HTTP exchange (a request and its response) as a HAR file,
// fetch or a test gives it, and what it reports: violations, each naming the operation,
// the place, the problem and the offending value.

/** Header lists in the shapes fetch, HAR and plain objects give them; names are case-insensitive. */
export type HeaderInput =
  | Headers
  | Readonly<Record<string, string | readonly string[] | number | undefined>>
  | readonly (readonly [string, string])[]
  | readonly { readonly name: string; readonly value: string }[];

/** A body as text, or as the bytes on the wire (which lets the charset be checked). */
export type BodyInput = string | Uint8Array | ArrayBuffer | null | undefined;

export interface ExchangeRequest {
  method: string;
  /** Absolute, or a path with its query. */
  url: string;
  headers?: HeaderInput;
  body?: BodyInput;
}

export interface ExchangeResponse {
  status: number;
  headers?: HeaderInput;
  /** Absent, null or empty: no body. */
  body?: BodyInput;
  /** The body was not recorded (a HAR saved without content): the checks that read it are skipped. */
  bodyOmitted?: boolean;
}

export interface Exchange {
  request: ExchangeRequest;
  response: ExchangeResponse;
}

/** One way a response breaks the contract. Credentials are redacted from every member. */
export interface Violation {
  /** The operationId (or "GET /path" where it has none), or the JSON-RPC method. */
  operation: string;
  /** Where: `status`, `header X-RateLimit-Reset`, `body /boards/0/id`, `row 3 column laneTitle`, `result /id`, … */
  place: string;
  problem: string;
  /** The offending value, where there is one (a missing header has none). */
  value?: unknown;
}

/** What checking one exchange found, with what it was matched to. */
export interface ExchangeInspection {
  /** The operationId or the JSON-RPC method(s) the exchange was matched to; undefined when none. */
  operation: string | undefined;
  /** The operation's method and path template ("GET /io/board/{boardId}"), or the JSON-RPC endpoint. */
  route: string | undefined;
  violations: Violation[];
  /** Which operation answered with which status; a JSON-RPC method's result counts as 200, its errors by code. */
  exercised: { operation: string; status: number }[];
}

/** Headers by lower-case name; repeated ones joined with ", " as HTTP allows. */
export class HeaderMap {
  private readonly map = new Map<string, { name: string; values: string[] }>();

  constructor(input?: HeaderInput) {
    if (!input) return;
    const add = (name: string, value: string) => {
      // HTTP/2 pseudo-headers (":status") in HAR files are not headers of the message.
      if (name.startsWith(":")) return;
      const key = name.toLowerCase();
      const entry = this.map.get(key) ?? { name, values: [] };
      entry.values.push(value);
      this.map.set(key, entry);
    };
    if (typeof Headers !== "undefined" && input instanceof Headers) {
      input.forEach((value, name) => {
        add(name, value);
      });
    } else if (Array.isArray(input)) {
      for (const item of input as readonly (readonly [string, string] | { name: string; value: string })[]) {
        if (Array.isArray(item)) add(item[0], item[1]);
        else add((item as { name: string }).name, (item as { value: string }).value);
      }
    } else {
      for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
        if (value === undefined || value === null) continue;
        for (const one of [value].flat()) add(name, String(one));
      }
    }
  }

  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase())?.values.join(", ");
  }

  /** Every header as [name as sent, value]. */
  entries(): [string, string][] {
    return [...this.map.values()].map(({ name, values }) => [name, values.join(", ")]);
  }
}

/** The body's bytes when it came as bytes; undefined for text or no body. */
export function bodyBytes(body: BodyInput): Uint8Array | undefined {
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return undefined;
}

export function isEmptyBody(body: BodyInput): boolean {
  if (body === null || body === undefined) return true;
  if (typeof body === "string") return body === "";
  return body.byteLength === 0;
}

/** The body as text: decoded strictly in `charset` (an invalid byte is an error, never U+FFFD). */
export function bodyText(body: BodyInput, charset = "utf-8"): { text: string } | { error: string } {
  if (body === null || body === undefined) return { text: "" };
  if (typeof body === "string") return { text: body };
  try {
    return { text: new TextDecoder(charset, { fatal: true, ignoreBOM: true }).decode(body) };
  } catch {
    return { error: `is not valid ${charset}` };
  }
}

export interface MediaType {
  /** The type and subtype, lower case: "text/csv". */
  type: string;
  /** Its parameters by lower-case name, unquoted: { charset: "utf-8" }. */
  params: Record<string, string>;
}

/** "text/csv; charset=UTF-8" → { type: "text/csv", params: { charset: "UTF-8" } }; undefined if it is none. */
export function parseMediaType(header: string | undefined): MediaType | undefined {
  if (header === undefined) return undefined;
  const [essence = "", ...rest] = header.split(";");
  const type = essence.trim().toLowerCase();
  if (!/^[\w.+-]+\/[\w.+*-]+$/.test(type)) return undefined;
  const params: Record<string, string> = {};
  for (const part of rest) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    params[part.slice(0, at).trim().toLowerCase()] = part
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
  }
  return { type, params };
}

export const isJsonMediaType = (type: string) => type === "application/json" || type.endsWith("+json");

/** The request's URL, parsed; a bare path is read against a placeholder origin. */
export function requestUrl(url: string): URL {
  return new URL(url, "http://request.invalid");
}

/** A value for a message: JSON, cut short. */
export function shown(value: unknown, max = 200): string {
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One violation on one line: place, problem and the value. */
export function formatViolation(violation: Violation): string {
  const value = "value" in violation && violation.value !== undefined ? `; value: ${shown(violation.value)}` : "";
  return `${violation.place}: ${violation.problem}${value}`;
}
