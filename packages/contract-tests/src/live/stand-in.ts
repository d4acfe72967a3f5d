// A stand-in for the live APIs: our stateful mocks on free ports, each behind a small proxy
// that records every request it passes on (and the tokens the answers mint), and may alter
// an answer on the way back, so that a live run can be tested end to end, drift included.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startMocks } from "@leanapis/mocks";
import type { ApiId } from "@leanapis/registry";

export interface Passed {
  api: ApiId;
  method: string;
  /** The path and query. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The JSON-RPC methods a request called (one, or a batch's). */
  rpcMethods: string[];
  status: number;
  /** The answer's JSON body, when it had one. */
  answer: unknown;
}

/** The request an answer is to: its API, HTTP method, path, and the JSON-RPC methods it called. */
export interface Asked {
  api: ApiId;
  method: string;
  path: string;
  rpcMethods: string[];
}

/** Rewrites a JSON answer (in place, or by returning a new one); `undefined` leaves it as it is. */
export type Alteration = (asked: Asked, body: unknown) => unknown;

export interface StandIn {
  /** The proxies' origins, by API: what a live run is given. */
  urls: Partial<Record<ApiId, string>>;
  /** Every request passed on, in order. */
  passed: Passed[];
  /** The mocks behind the proxies, for looking at their records directly. */
  mockUrls: Partial<Record<ApiId, string>>;
  stop: () => Promise<void>;
}

// Per-connection and encoding headers belong to each hop, not to the message.
const HOP = new Set(["host", "connection", "keep-alive", "transfer-encoding", "content-length", "accept-encoding"]);
const HOP_BACK = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"]);

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function rpcMethodsOf(body: Buffer): string[] {
  try {
    const parsed = JSON.parse(body.toString("utf8")) as unknown;
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    return calls.flatMap((call) => (typeof call?.method === "string" ? [call.method as string] : []));
  } catch {
    return [];
  }
}

async function proxy(api: ApiId, target: string, passed: Passed[], alter: Alteration | undefined): Promise<Server> {
  const server = createServer(async (request, reply) => {
    const body = await bodyOf(request);
    const headers = Object.entries(request.headers).flatMap(([name, value]) =>
      HOP.has(name) || value === undefined
        ? []
        : [[name, Array.isArray(value) ? value.join(", ") : value] as [string, string]],
    );
    const method = request.method ?? "GET";
    const url = request.url ?? "/";
    const rpcMethods = rpcMethodsOf(body);
    const answer = await fetch(`${target}${url}`, {
      method,
      headers,
      body: method === "GET" || method === "HEAD" ? undefined : new Uint8Array(body),
    });
    let bytes = Buffer.from(await answer.arrayBuffer());
    let json: unknown;
    if (/[/+]json\b/.test(answer.headers.get("content-type") ?? "") && bytes.length > 0) {
      json = JSON.parse(bytes.toString("utf8")) as unknown;
      const path = new URL(url, "http://stand-in.invalid").pathname;
      const altered = alter?.({ api, method, path, rpcMethods }, json);
      if (altered !== undefined) {
        json = altered;
        bytes = Buffer.from(JSON.stringify(json));
      }
    }
    passed.push({
      api,
      method,
      url,
      headers: request.headers,
      rpcMethods,
      status: answer.status,
      answer: json,
    });
    const back = [...answer.headers].filter(([name]) => !HOP_BACK.has(name));
    reply.writeHead(answer.status, Object.fromEntries(back));
    reply.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** Starts the stand-in: every API's stateful mock, each behind a recording proxy. */
export async function startStandIn(apis: readonly ApiId[], alter?: Alteration): Promise<StandIn> {
  // No burst limit: a live run's crawl sends more than a minute's worth (the real APIs pace it with 429s).
  const mocks = await startMocks({
    apis,
    ports: Object.fromEntries(apis.map((api) => [api, 0])),
    stateful: true,
    burst: false,
  });
  const passed: Passed[] = [];
  const servers: Server[] = [];
  const urls: Partial<Record<ApiId, string>> = {};
  const mockUrls: Partial<Record<ApiId, string>> = {};
  for (const mock of mocks.servers) {
    const server = await proxy(mock.api, mock.url, passed, alter);
    servers.push(server);
    urls[mock.api] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    mockUrls[mock.api] = mock.url;
  }
  const stop = async () => {
    await Promise.all(
      servers.map((server) => {
        const closed = new Promise((resolve) => server.close(resolve));
        server.closeAllConnections();
        return closed;
      }),
    );
    await mocks.stop();
  };
  return { urls, passed, mockUrls, stop };
}
