import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface LoopbackServer {
  url: string;
  requests: RecordedRequest[];
  /** Connections clients have opened so far, and how many of them have closed. */
  connections: () => { opened: number; closed: number };
  close: () => Promise<void>;
}

/** A real HTTP server on 127.0.0.1 (random port) that records requests and answers with `handler`. */
export async function startLoopbackServer(
  handler: (request: RecordedRequest, response: ServerResponse) => void,
): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const recorded = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      requests.push(recorded);
      handler(recorded, res);
    });
  });
  const connections = { opened: 0, closed: 0 };
  server.on("connection", (socket) => {
    connections.opened++;
    socket.on("close", () => connections.closed++);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    connections: () => ({ ...connections }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A loopback server (see `startLoopbackServer`) for the running test, closed when it ends. */
export async function loopbackServerForTest(
  handler: (request: RecordedRequest, response: ServerResponse) => void,
): Promise<LoopbackServer> {
  const server = await startLoopbackServer(handler);
  onTestFinished(() => server.close());
  return server;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/**
 * The two ways a client sends on Node: without fetch, while Node's own is the global one, and
 * through a fetch patched in over it (as a mock library or instrumentation patches it).
 */
export const SENDING = ["without fetch", "through a patched fetch"] as const;
export type Sending = (typeof SENDING)[number];

/** Runs `use` with the global fetch as `how` says. */
export async function sending<T>(how: Sending, use: () => Promise<T>): Promise<T> {
  if (how === "without fetch") return use();
  const native = globalThis.fetch;
  globalThis.fetch = (input, init) => native(input, init);
  try {
    return await use();
  } finally {
    globalThis.fetch = native;
  }
}
