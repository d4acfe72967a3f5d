/** What an API answered when it refused a request. */
export interface ApiErrorDetails<Body = unknown> {
  /** The HTTP status code. */
  status: number;
  /** The response body: parsed JSON when it is JSON, otherwise the text (or null when empty). */
  body: Body;
  /** The HTTP method the API saw (`PATCH`, also when sent as a POST with a method override). */
  method: string;
  /** The contract path of the operation, e.g. `/io/board/{boardId}`. */
  path: string;
  /** The server's request id, when it sent one: quote it to the API's support. */
  requestId: string | undefined;
}

/**
 * The error every client throws for a non-2xx response. It holds what the API said and
 * which operation was called, never the request's headers, so it cannot leak a credential.
 */
export class ApiError<Body = unknown> extends Error implements ApiErrorDetails<Body> {
  override name = "ApiError";
  readonly status: number;
  readonly body: Body;
  readonly method: string;
  readonly path: string;
  readonly requestId: string | undefined;

  constructor(api: string, details: ApiErrorDetails<Body>, detailMessage?: string) {
    const reason = detailMessage ? `: ${detailMessage}` : "";
    const id = details.requestId ? ` (request id ${details.requestId})` : "";
    super(`${api} ${details.method} ${details.path} failed with ${details.status}${reason}${id}`);
    this.status = details.status;
    this.body = details.body;
    this.method = details.method;
    this.path = details.path;
    this.requestId = details.requestId;
  }

  /** The operation as `METHOD /contract/path`, e.g. `GET /io/board/{boardId}`. */
  get operation(): string {
    return `${this.method} ${this.path}`;
  }
}

/** The `message` of a JSON error body, when it has one. */
export function messageOf(body: unknown): string | undefined {
  if (typeof body === "object" && body !== null && "message" in body && typeof body.message === "string")
    return body.message;
  return undefined;
}

const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-correlation-id", "x-amzn-requestid"];
export const METHOD_OVERRIDE_HEADER = "X-HTTP-Method-Override";

/** Reads the parts of a refused response that an ApiError carries. */
export async function readErrorResponse(
  request: Request,
  response: Response,
  schemaPath: string,
): Promise<ApiErrorDetails> {
  const text = await response.clone().text();
  let body: unknown = text === "" ? null : text;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's HTML page, say): keep the text as it came.
    }
  }
  const requestId = REQUEST_ID_HEADERS.map((name) => response.headers.get(name)).find((v) => v) ?? undefined;
  const method = request.headers.get(METHOD_OVERRIDE_HEADER) ?? request.method;
  return { status: response.status, body, method, path: schemaPath, requestId };
}
