// The HTTP side of every mock: Fastify parses and bounds the request (header and body
// timeouts, a body limit, any request-target) and hands it to the engine as plain data.
// Whatever goes wrong on the way (an oversize or aborted body, a handler fault) is answered
// in the API's own error format, and never takes the process down.
import Fastify, { type FastifyError } from "fastify";
import { HOST } from "../ports.js";
import { type MockReply, type MockRequest, splitTarget } from "./exchange.js";

export interface HostLimits {
  /** The largest body accepted, in bytes; beyond it the answer is 413. */
  bodyLimit: number;
  /** How long a client may take to send the whole request (headers and body). */
  requestTimeoutMs: number;
  /** How long a client may take to send the headers. */
  headersTimeoutMs: number;
}

export const DEFAULT_LIMITS: HostLimits = { bodyLimit: 1 << 20, requestTimeoutMs: 10_000, headersTimeoutMs: 5_000 };

export interface Engine {
  handle(request: MockRequest): MockReply;
  /** The answer to a request that failed before the engine saw it, in the API's format. */
  failure(status: number, message: string): MockReply;
}

export interface RunningServer {
  url: string;
  stop: () => Promise<void>;
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"] as const;

/** Serves `engine` on 127.0.0.1:`port` (0: any free port). */
export async function serveEngine(
  engine: Engine,
  port: number,
  limits: HostLimits = DEFAULT_LIMITS,
): Promise<RunningServer> {
  const app = Fastify({
    logger: false,
    bodyLimit: limits.bodyLimit,
    requestTimeout: limits.requestTimeoutMs,
    // Request ids and the like are not ours to add: every header is the mock's.
    disableRequestLogging: true,
    return503OnClosing: false,
  });
  // Every body arrives as bytes; the engine parses it as the operation declares.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  const send = (reply: import("fastify").FastifyReply, answer: MockReply) =>
    reply
      .code(answer.status)
      .headers(answer.headers)
      .send(answer.body ?? "");
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    return send(reply, engine.failure(status, error.message));
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, engine.failure(404, `Not found: ${request.method} ${request.url}`)),
  );
  app.route({
    method: [...METHODS],
    url: "*",
    handler: (request, reply) => {
      const { path, query } = splitTarget(request.url);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      return send(reply, engine.handle({ method: request.method, path, query, headers: request.headers, body }));
    },
  });
  await app.listen({ port, host: HOST });
  app.server.headersTimeout = limits.headersTimeoutMs;
  const address = app.server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://${HOST}:${bound}`,
    stop: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}
