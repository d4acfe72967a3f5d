// The HTTP side of every mock: Fastify parses and bounds the request (header and body
// timeouts, a body limit, any request-target) and hands it to the engine as plain data.
// Whatever goes wrong on the way (a target that is not a path, a malformed or timed-out
// request, an oversize or aborted body, a fault of the engine itself) is answered in the
// API's own error format, or by closing the connection, and never takes the process down.
import {
  type IncomingMessage,
  type ServerResponse,
  STATUS_CODES,
  validateHeaderName,
  validateHeaderValue,
} from "node:http";
import type { Socket } from "node:net";
import Fastify, { type FastifyError, type FastifyReply } from "fastify";
import { HOST } from "../ports.js";
import { type MockReply, type MockRequest, ReceivedRequest } from "./exchange.js";

export interface HostLimits {
  /** The largest body accepted, in bytes; beyond it the answer is 413. */
  bodyLimit: number;
  /** How long a client may take to send the whole request (headers and body); 0: no limit. */
  requestTimeoutMs: number;
  /** How long a client may take to send the headers (at most `requestTimeoutMs`). */
  headersTimeoutMs: number;
}

export const DEFAULT_LIMITS: HostLimits = { bodyLimit: 1 << 20, requestTimeoutMs: 10_000, headersTimeoutMs: 5_000 };

export interface Engine {
  handle(request: MockRequest): MockReply;
  /**
   * The answer to a request refused before the engine saw it, in the API's format; `request`
   * is what was read of it (none when even its request line was unreadable).
   */
  failure(status: number, message: string, request?: MockRequest): MockReply;
}

export interface RunningServer {
  url: string;
  stop: () => Promise<void>;
}

const EMPTY = Buffer.alloc(0);
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"] as const;

/**
 * How often Node's HTTP server looks for requests past their header or request timeout: it
 * only checks on this interval (30 s by default), so it follows the smallest limit.
 */
function checkingInterval(headersTimeoutMs: number, requestTimeoutMs: number): number {
  const limits = [headersTimeoutMs, requestTimeoutMs].filter((ms) => ms > 0);
  if (limits.length === 0) return 30_000;
  return Math.min(30_000, Math.max(10, Math.floor(Math.min(...limits) / 4)));
}

/** Only the headers Node accepts: a header taken from a contract must not make the whole answer fail. */
function validHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name, value]) => {
      try {
        validateHeaderName(name);
        validateHeaderValue(name, value);
        return true;
      } catch {
        return false;
      }
    }),
  );
}

/**
 * The headers as Node's flat name/value list, with the body's length: clients that read by
 * Content-Length (and keep-alive) need it. A list rather than a copied object: no new object
 * shape per answer.
 */
function headerList(headers: Record<string, string>, body: string | Buffer): string[] {
  const list: string[] = [];
  for (const name in headers) {
    if (name.length !== 14 || name.toLowerCase() !== "content-length") list.push(name, headers[name]!);
  }
  list.push("content-length", String(typeof body === "string" ? Buffer.byteLength(body) : body.length));
  return list;
}

/** A request refused before its body was read (or when its body is what was wrong), as the engine sees it. */
const bodiless = (request: IncomingMessage): MockRequest =>
  new ReceivedRequest(request.method ?? "", request.url ?? "", request.headers, EMPTY);

/** The last resort when the engine cannot even word a refusal. */
const plainReply = (status: number, message: string): MockReply => ({
  status,
  headers: { "content-type": "text/plain; charset=utf-8" },
  body: message,
});

/** An answer written straight to the socket, for requests Node refuses before Fastify sees them. */
function rawResponse({ status, headers, body }: MockReply): Buffer {
  const payload = typeof body === "string" ? Buffer.from(body) : (body ?? Buffer.alloc(0));
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}`];
  for (const [name, value] of Object.entries(validHeaders(headers))) {
    if (!/^(content-length|connection|transfer-encoding)$/i.test(name)) lines.push(`${name}: ${value}`);
  }
  lines.push(`content-length: ${payload.length}`, "connection: close", "", "");
  return Buffer.concat([Buffer.from(lines.join("\r\n"), "latin1"), payload]);
}

/** The status and wording for a request Node's parser refused or timed out. */
function clientFailure(error: NodeJS.ErrnoException): { status: number; message: string } {
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT")
    return { status: 408, message: "The request was not received in time" };
  if (error.code === "HPE_HEADER_OVERFLOW") return { status: 431, message: "The request headers are too large" };
  const reason = (error as { reason?: string }).reason ?? error.message;
  return { status: 400, message: `Malformed HTTP request: ${reason}` };
}

/** Serves `engine` on 127.0.0.1:`port` (0: any free port). */
export async function serveEngine(
  engine: Engine,
  port: number,
  limits: HostLimits = DEFAULT_LIMITS,
): Promise<RunningServer> {
  const requestTimeout = Math.max(0, limits.requestTimeoutMs);
  // Node refuses a header timeout beyond the request timeout: the request's bounds both.
  const headersTimeout = Math.max(0, limits.headersTimeoutMs);
  const boundedHeadersTimeout = requestTimeout > 0 ? Math.min(headersTimeout, requestTimeout) : headersTimeout;

  /** The engine's refusal, else a plain one: wording a refusal must never fail the answer. */
  const failure = (status: number, message: string, request?: MockRequest): MockReply => {
    try {
      return engine.failure(status, message, request);
    } catch {
      return plainReply(status, message);
    }
  };
  /** Sends `answer` unless the connection is gone; never throws, and returns nothing for Fastify to send again. */
  const send = (reply: FastifyReply, answer: MockReply): void => {
    if (reply.sent || reply.raw.destroyed) return;
    // Written straight to the response: Fastify's reply pipeline (serializers, hooks) has
    // nothing to add to a body the engine made, and costs a good part of the throughput.
    reply.hijack();
    const response = reply.raw;
    const body = answer.body ?? "";
    try {
      try {
        response.writeHead(answer.status, headerList(answer.headers, body));
      } catch {
        // A header Node refuses is dropped rather than losing the answer (checked only then: it is rare).
        response.writeHead(answer.status, headerList(validHeaders(answer.headers), body));
      }
      response.end(body);
    } catch (error) {
      try {
        const fallback = plainReply(500, `The mock could not send its answer: ${(error as Error).message}`);
        if (!response.headersSent) response.writeHead(fallback.status, fallback.headers);
        response.end(fallback.body);
      } catch {
        response.destroy();
      }
    }
  };

  const app = Fastify({
    logger: false,
    bodyLimit: limits.bodyLimit,
    requestTimeout,
    http: {
      requestTimeout,
      headersTimeout: boundedHeadersTimeout,
      connectionsCheckingInterval: checkingInterval(boundedHeadersTimeout, requestTimeout),
    },
    return503OnClosing: false,
    // A path Fastify's router cannot decode (`/%zz`) is refused like any other bad request.
    frameworkErrors: (error, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      const message = error.code === "FST_ERR_BAD_URL" ? "The request-target is not a valid URL path" : error.message;
      send(reply, failure(status, message, bodiless(request.raw)));
    },
    // Requests Node's parser refuses (a malformed request line, oversize headers) or that
    // time out: answered on the socket, which is then closed.
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => {
      try {
        // The response of the request under way, if its headers were read (a body that stalls).
        const response = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
        if (error.code !== "ECONNRESET" && !socket.destroyed && socket.writable && !response?.headersSent) {
          const { status, message } = clientFailure(error);
          socket.write(rawResponse(failure(status, message, response?.req && bodiless(response.req))));
        }
      } catch {
        // Nothing more can be said on this connection.
      }
      socket.destroy();
    },
  });
  // Every body arrives as bytes; the engine parses it as the operation declares.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    const message = status === 500 ? `The mock failed: ${error.message}` : error.message;
    send(reply, failure(status, message, bodiless(request.raw)));
  });
  app.setNotFoundHandler((request, reply) => {
    send(reply, failure(404, `Not found: ${request.method} ${request.url}`, bodiless(request.raw)));
  });
  app.route({
    method: [...METHODS],
    url: "*",
    handler: (request, reply) => {
      // Only a path is a target here: not a proxy's absolute URL, nor OPTIONS's `*`.
      if (!request.url.startsWith("/")) {
        send(
          reply,
          failure(400, `The request-target must be a path starting with /, not ${request.url}`, bodiless(request.raw)),
        );
        return;
      }
      const body = Buffer.isBuffer(request.body) ? request.body : EMPTY;
      send(reply, engine.handle(new ReceivedRequest(request.method, request.url, request.headers, body)));
    },
  });
  await app.listen({ port, host: HOST });
  const address = app.server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  const url = `http://${HOST}:${bound}`;
  // Once listening, a server error (an accept failing when file descriptors run out) must
  // not become an uncaught exception: the server keeps listening, so say it and go on.
  app.server.on("error", (error) => console.error(`${url}: ${error.message}`));
  return {
    url,
    stop: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}
