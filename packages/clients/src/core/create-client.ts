import createClient, { type Client, type Middleware, type QuerySerializerOptions } from "openapi-fetch";
import { type ApiErrorDetails, METHOD_OVERRIDE_HEADER, readErrorResponse } from "./api-error.js";
import { createTransport, type TransportOptions } from "./transport.js";

/** Options every client takes besides where the API is and how to authenticate. */
export interface CommonClientOptions extends TransportOptions {
  /** Sent as `User-Agent` (server-side runtimes only; browsers set their own). */
  userAgent?: string;
}

interface ClientSetup extends CommonClientOptions {
  baseUrl: string;
  /** The `Authorization` header value, if the API authenticates by header. */
  authorization?: string;
  /** Send PUT, PATCH and DELETE as POST with `X-HTTP-Method-Override`, for APIs that accept it. */
  methodOverride?: boolean;
  /** How the API wants query arrays and objects written, when not openapi-fetch's default. */
  querySerializer?: QuerySerializerOptions;
  /** Turns a refused response into the API family's error. */
  toError: (details: ApiErrorDetails) => Error;
}

const OVERRIDABLE = new Set(["PUT", "PATCH", "DELETE"]);

/** The same request as a POST that names the real method in `X-HTTP-Method-Override`. */
async function asOverriddenPost(request: Request): Promise<Request> {
  const headers = new Headers(request.headers);
  headers.set(METHOD_OVERRIDE_HEADER, request.method);
  return new Request(request.url, {
    method: "POST",
    headers,
    body: await request.arrayBuffer(),
    signal: request.signal,
  });
}

/** An `openapi-fetch` client over the generated `paths`, with auth, retries and typed errors. */
export function createApiClient<Paths extends {}>(setup: ClientSetup): Client<Paths, "application/json"> {
  const client = createClient<Paths, "application/json">({
    baseUrl: setup.baseUrl,
    fetch: createTransport(setup),
    headers: { Accept: "application/json" },
    ...(setup.querySerializer ? { querySerializer: setup.querySerializer } : {}),
  });
  const middleware: Middleware = {
    async onRequest({ request }) {
      if (setup.authorization) request.headers.set("Authorization", setup.authorization);
      if (setup.userAgent) request.headers.set("User-Agent", setup.userAgent);
      return setup.methodOverride && OVERRIDABLE.has(request.method) ? asOverriddenPost(request) : request;
    },
    async onResponse({ request, response, schemaPath }) {
      if (!response.ok) throw setup.toError(await readErrorResponse(request, response, schemaPath));
      return undefined;
    },
  };
  client.use(middleware);
  return client;
}
